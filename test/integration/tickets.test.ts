/**
 * One JSM request per finding, through the real handlers: MediaPro at minimum severity MEDIUM opens exactly 22 (the
 * seed's 19 and the three its README adds); a rescan opens none; a fixture change that removes one finding resolves
 * exactly its ticket; a lost create answer and a 429 storm on the create endpoint still end with 22 and no
 * duplicates; each ticket's issue panel shows it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanTenant } from '../../dev/scan';
import { configureTenant, invokeAdmin, replaySyncs, runScheduledSync, startLocalStack, type LocalStack } from '../../dev/harness';

const MEDIAPRO = path.resolve(__dirname, '../fixtures/tenants/mediapro');
const MEDIUM = { ticketing: { enabled: true, serviceDeskId: '1', requestTypeId: '14', minimumSeverity: 'MEDIUM' } };
/**
 * The seed's 19 findings at MEDIUM or above, and the four its README adds: the agent whose only sponsor left, the
 * flow and the Copilot Studio agent on a person's own Jira connection, the MCP client on a person's own API token.
 */
const MEDIAPRO_TICKETS = 19 + 4;
const SV0_CHECKS = new Set(['human_credential_as_workload', 'orphaned_ownership', 'reachable_sensitive_domain', 'dormant_authority', 'scope_drift', 'external_egress', 'privilege_justification_gap', 'unresolved_cross_system_auth']);

function copyTenant(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-tickets-'));
  fs.cpSync(MEDIAPRO, dir, { recursive: true });
  return dir;
}

it('opens exactly one ticket per finding at or above MEDIUM: 22 for MediaPro', async () => {
  const report = await scanTenant(MEDIAPRO, { settings: MEDIUM });
  const medium = report.findings.filter((f) => f.severity !== 'LOW');
  expect(medium.every((f) => SV0_CHECKS.has(f.check))).toBe(true);
  expect(report.tickets).toHaveLength(MEDIAPRO_TICKETS);
  expect(new Set(report.tickets.map((t) => t.findingId))).toEqual(new Set(medium.map((f) => f.id)));
}, 120_000);

describe('a running stack', () => {
  let stack: LocalStack;
  afterEach(() => stack?.close());

  async function start(tenantDir: string): Promise<void> {
    stack = await startLocalStack({ tenantDir });
    await configureTenant(stack, MEDIUM);
  }

  it('creates none on a second scan and shows each ticket’s finding in its issue panel', async () => {
    await start(MEDIAPRO);
    await replaySyncs(stack);
    expect(stack.cloud.jira.issues.issues).toHaveLength(MEDIAPRO_TICKETS);
    await runScheduledSync(stack);
    expect(stack.cloud.jira.issues.issues).toHaveLength(MEDIAPRO_TICKETS);
    expect(stack.cloud.jira.issues.created).toBe(MEDIAPRO_TICKETS);

    for (const issue of stack.cloud.jira.issues.issues.slice(0, 3)) {
      const answer = (await stack.runtime.invokeResolver('sv0-issue-panel', 'issue/finding', {}, { accountId: stack.adminAccountId, extension: { issue: { key: issue.key, id: issue.id }, project: { key: 'ITSM' } } })) as {
        ok: boolean;
        data: { detail: { finding: { id: string; ticketKey: string } } | null };
      };
      expect(answer.ok).toBe(true);
      expect(answer.data.detail?.finding.ticketKey).toBe(issue.key);
      expect(issue.labels).toContain(`sv0-${answer.data.detail?.finding.id}`);
    }
  }, 120_000);

  it('resolves exactly the ticket of a finding that a later complete sync no longer sees', async () => {
    const dir = copyTenant();
    // Sync 3: the Crew Assignment Update rule now posts to an internal host, so its external_egress goes away.
    const next = path.join(dir, 'syncs', '03-fixed');
    fs.cpSync(path.join(dir, 'syncs', '02-current'), next, { recursive: true });
    fs.writeFileSync(path.join(next, 'sync.json'), JSON.stringify({ at: '2026-11-21T06:00:00Z' }));
    const automationFile = path.join(next, 'automation.json');
    fs.writeFileSync(automationFile, fs.readFileSync(automationFile, 'utf8').replaceAll('api.crewlink.io', 'crew.mediapro.tv'));
    await start(dir);
    await replaySyncs(stack);

    const issues = stack.cloud.jira.issues.issues;
    expect(issues).toHaveLength(MEDIAPRO_TICKETS);
    const resolved = issues.filter((i) => i.status === 'Resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.summary).toMatch(/outside the organisation: Crew Assignment Update/);
    expect(resolved[0]?.comments.some((c) => /no longer finds this/.test(c.body))).toBe(true);
  }, 180_000);

  it('keeps every ticket, once, when create answers are lost after the request took effect', async () => {
    await start(MEDIAPRO);
    stack.cloud.setFaults({ lostAnswerRate: 0.4, match: /^POST .*\/rest\/servicedeskapi\/request$/, seed: 7 });
    await replaySyncs(stack);
    const lost = stack.cloud.faults.injected['lost-answer'];
    stack.cloud.setFaults({});
    await runScheduledSync(stack);
    expect(lost).toBeGreaterThan(2);
    const labels = stack.cloud.jira.issues.issues.map((i) => i.labels.find((l) => l.startsWith('sv0-F-')));
    expect(labels).toHaveLength(MEDIAPRO_TICKETS);
    expect(new Set(labels).size).toBe(MEDIAPRO_TICKETS);
  }, 180_000);

  it('keeps every ticket, with no duplicate, through a 429 storm on the create endpoint', async () => {
    await start(MEDIAPRO);
    stack.cloud.setFaults({ rate429: 0.5, retryAfterSeconds: 0, match: /^POST .*\/rest\/servicedeskapi\/request$/, seed: 11 });
    await replaySyncs(stack);
    expect(stack.cloud.faults.injected['429']).toBeGreaterThan(5);
    const issues = stack.cloud.jira.issues.issues;
    expect(issues).toHaveLength(MEDIAPRO_TICKETS);
    expect(new Set(issues.map((i) => i.labels.find((l) => l.startsWith('sv0-F-')))).size).toBe(MEDIAPRO_TICKETS);
  }, 180_000);

  it('takes risk acceptance and justifications back from the tickets', async () => {
    await start(MEDIAPRO);
    await replaySyncs(stack);
    const issues = stack.cloud.jira.issues.issues;
    const drift = issues.find((i) => i.summary.includes('reaches more than it used to'));
    const actAsUser = issues.find((i) => i.summary.includes('no recorded justification: SharePoint-Jira Addon'));
    if (!drift || !actAsUser) throw new Error('expected tickets are missing');
    stack.cloud.jira.issues.addComment(drift.key, 'CONTENT access is needed until the Teams migration ends in February (CHG-4411).', 'agent');
    stack.cloud.jira.issues.setStatus(drift.key, 'Risk accepted', '2027-02-28');
    stack.cloud.jira.issues.addComment(actAsUser.key, 'ACT_AS_USER is needed to attach documents as the requesting agent; reviewed with Security (SEC-77).', 'agent');
    stack.cloud.jira.issues.setStatus(actAsUser.key, 'Justified');

    await runScheduledSync(stack); // reads the tickets: the drift is accepted, the justification recorded
    const findings = await listAll();
    const accepted = findings.find((f) => f.ticketKey === drift.key);
    expect(accepted).toMatchObject({ status: 'risk_accepted', riskAcceptedUntil: '2027-02-28T23:59:59.000Z' });
    const settings = await invokeAdmin(stack, 'settings/get');
    // Recorded in their own dataset (ticketing never writes the admin's settings), shown beside them.
    const justifications = (settings as { data: { recordedJustifications: Array<{ grant: string; reference?: string; reason: string }> } }).data.recordedJustifications;
    expect(justifications).toContainEqual(expect.objectContaining({ grant: 'ACT_AS_USER', reference: actAsUser.key, reason: expect.stringContaining('SEC-77') }));

    await runScheduledSync(stack); // the gap is justified now: resolved, and so is its ticket
    expect((await listAll()).find((f) => f.ticketKey === actAsUser.key)?.status).toBe('resolved');
    expect(stack.cloud.jira.issues.find(actAsUser.key)?.status).toBe('Justified');
    expect(stack.cloud.jira.issues.issues).toHaveLength(MEDIAPRO_TICKETS);
  }, 180_000);

  it('opens at most maxNewPerScan tickets and says how many wait', async () => {
    stack = await startLocalStack({ tenantDir: MEDIAPRO });
    await configureTenant(stack, { ticketing: { ...MEDIUM.ticketing, maxNewPerScan: 5 } });
    await replaySyncs(stack);
    expect(stack.cloud.jira.issues.issues).toHaveLength(10);
    const overview = await invokeAdmin(stack, 'overview/get');
    expect((overview as { data: { ticketsWaiting: number } }).data.ticketsWaiting).toBe(MEDIAPRO_TICKETS - 10);
  }, 180_000);

  async function listAll(): Promise<Array<{ id: string; status: string; ticketKey?: string; riskAcceptedUntil?: string }>> {
    const rows = await invokeAdmin(stack, 'findings/list', { filters: { status: ['open', 'acknowledged', 'risk_accepted', 'resolved'] }, page: { offset: 0, limit: 200 } });
    if (!rows.ok) throw new Error(rows.error.message);
    const details = [];
    for (const row of (rows.data as { rows: Array<{ id: string }> }).rows) {
      const detail = await invokeAdmin(stack, 'findings/get', { id: row.id });
      if (detail.ok) details.push((detail.data as { finding: { id: string; status: string; ticketKey?: string; riskAcceptedUntil?: string } }).finding);
    }
    return details;
  }
});
