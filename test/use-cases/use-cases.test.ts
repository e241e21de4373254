/**
 * The use-cases behind the resolvers, over in-memory ports (a map for KVS, a map for findings, a fixed clock and a
 * fake caller): the overview counts, the list and detail, acknowledge / accept risk / rebaseline, and an export.
 */
import type { Finding } from '../../src/findings/finding';
import { toFindingRow } from '../../src/findings/query';
import { memoryFindingStore } from '../../src/store/finding-store';
import { readDataset, writeDataset } from '../../src/store/dataset-store';

import { exportFindings } from '../../src/use-cases/exports';
import { findingDetail, listFindings } from '../../src/use-cases/finding-reads';
import { acknowledgeTicketFinding } from '../../src/use-cases/issue-panel';
import { readOverview } from '../../src/use-cases/overview';
import { acceptRisk, acknowledge, acknowledgeMany } from '../../src/use-cases/triage';
import { memoryStore } from '../support/memory-store';
import { BASELINE_DATASET, LATEST_FINISHED_KEY, REACH_DATASET, ROWS_DATASET, STATE_SCOPE } from '../../src/store/layout';

const NOW = new Date('2026-11-20T10:00:00.000Z');

function finding(id: string, check: string, severity: Finding['severity'], subjectName: string, extra: Partial<Finding> = {}): Finding {
  return {
    id,
    check,
    title: `${check} title`,
    severity,
    status: 'open',
    subject: { id: `sp-${subjectName}`, kind: 'service_principal' as Finding['subject']['kind'], name: subjectName },
    summary: `${subjectName} has a ${check}`,
    chain: [`sp-${subjectName}`],
    chainNodes: [{ id: `sp-${subjectName}`, kind: 'service_principal' as Finding['subject']['kind'], name: subjectName, system: 'entra' }],
    evidence: [],
    projectKeys: [],
    identityFields: [],
    firstSeenAt: '2026-11-01T00:00:00.000Z',
    lastSeenAt: '2026-11-19T00:00:00.000Z',
    intervals: [{ openedAt: '2026-11-01T00:00:00.000Z' }],
    fingerprint: `fp-${id}`,
    ...extra,
  };
}

/** Deal Sync (critical drift), Backup Bot (high dormant), Old Key (low, already acknowledged), Ticketed (medium, on SV-7). */
const DRIFT = finding('F-drift', 'scope_drift', 'CRITICAL', 'Deal Sync');
const DORMANT = finding('F-dormant', 'dormant_authority', 'HIGH', 'Backup Bot');
const OLD_KEY = finding('F-oldkey', 'credential_never_expires', 'LOW', 'Old Key', { status: 'acknowledged', acknowledgedBy: 'acc-1' });
const TICKETED = finding('F-ticketed', 'external_egress', 'MEDIUM', 'Ticketed', { ticketKey: 'SV-7' });
const ALL = [DRIFT, DORMANT, OLD_KEY, TICKETED];

async function tenant() {
  const store = memoryStore();
  const findings = memoryFindingStore(ALL);
  await writeDataset(store, STATE_SCOPE, ROWS_DATASET, ALL.map((f) => toFindingRow(f, f === DORMANT ? ['Ana Ruiz'] : [])));
  await store.set(LATEST_FINISHED_KEY, 'sync-1');
  // The last sync saw Deal Sync reach two projects; its baseline said one. Another principal's baseline stays.
  await writeDataset(store, 'sync-1', REACH_DATASET, [{ principalId: 'sp-Deal Sync', keys: ['project:FIN', 'project:HR'] }]);
  await writeDataset(store, STATE_SCOPE, BASELINE_DATASET, [{ principalId: 'sp-Deal Sync', keys: ['project:FIN'] }, { principalId: 'sp-Other', keys: ['project:OPS'] }]);
  const ports = {
    store,
    findings,
    now: () => NOW,
    findingsByStatus: async (status: Finding['status']) => (await findings.listAll()).filter((f) => f.status === status),
    egress: async () => {
      throw new Error('no egress in this test');
    },
    sleep: async () => undefined,
  };
  return { store, findings, ports };
}

describe('overview', () => {
  it('counts open findings by severity and check, and triaged ones apart, from the same rows as the list', async () => {
    const { ports } = await tenant();
    const overview = await readOverview(ports);
    expect(overview.bySeverity).toEqual({ CRITICAL: 1, HIGH: 1, MEDIUM: 1 });
    expect(overview.severityCounts.map((c) => [c.severity, c.count])).toEqual([['CRITICAL', 1], ['HIGH', 1], ['MEDIUM', 1], ['LOW', 0]]);
    expect(overview.byCheck.map((c) => c.check).sort()).toEqual(['dormant_authority', 'external_egress', 'scope_drift']);
    expect(overview.triaged).toEqual([
      { status: 'acknowledged', count: 1, filters: { status: ['acknowledged'] } },
      { status: 'risk_accepted', count: 0, filters: { status: ['risk_accepted'] } },
    ]);
    // The LOW count's filters open the list that shows exactly that many.
    const low = overview.severityCounts.find((c) => c.severity === 'LOW');
    expect((await listFindings(ports, { filters: low?.filters })).total).toBe(0);
    // No job record for sync-1: the verdict says no scan has finished.
    expect(overview.lastSync).toBeNull();
    expect(overview.verdict).toMatch(/^No scan has finished yet/);
  });

  it('moves an acknowledged finding out of the open counts', async () => {
    const { ports } = await tenant();
    await acknowledge(ports, 'F-dormant', 'acc-2', undefined);
    const overview = await readOverview(ports);
    expect(overview.bySeverity).toEqual({ CRITICAL: 1, MEDIUM: 1 });
    expect(overview.triaged[0]?.count).toBe(2);
  });
});

describe('finding list and detail', () => {
  it('lists open findings most severe first, filters by owner, and hides resolved ones by default', async () => {
    const { ports } = await tenant();
    const all = await listFindings(ports, {});
    expect(all.rows.map((r) => r.id)).toEqual(['F-drift', 'F-dormant', 'F-ticketed', 'F-oldkey']);
    expect((await listFindings(ports, { filters: { owner: 'ana' } })).rows.map((r) => r.id)).toEqual(['F-dormant']);
    expect((await listFindings(ports, { filters: { status: ['open'] } }, new Set(['F-drift', 'F-oldkey']))).rows.map((r) => r.id)).toEqual(['F-drift']);
  });

  it('refuses a group the last scan does not have', async () => {
    const { ports } = await tenant();
    await expect(listFindings(ports, { filters: { group: 'G-missing' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('details a finding with its check, its recorded owners and what to do', async () => {
    const { ports } = await tenant();
    const detail = await findingDetail(ports, 'F-dormant');
    expect(detail.finding.id).toBe('F-dormant');
    expect(detail.check.id).toBe('dormant_authority');
    expect(detail.owners).toEqual([{ name: 'Ana Ruiz', kind: 'person' }]);
    expect(detail.sections.whoOwnsIt).toBe('Ana Ruiz');
    expect(detail.sections.amIExposed).toContain('Access chain: Backup Bot.');
    await expect(findingDetail(ports, 'F-nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('triage', () => {
  it('acknowledges a finding in the store and its row, stamped with the clock and the caller', async () => {
    const { ports, findings, store } = await tenant();
    const updated = await acknowledge(ports, 'F-dormant', 'acc-2', 'known batch job');
    expect(updated).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'acc-2', acknowledgedAt: NOW.toISOString(), justification: 'known batch job' });
    expect(findings.data.get('F-dormant')?.status).toBe('acknowledged');
    const rows = await readDataset<{ id: string; status: string; owners: string[] }>(store, STATE_SCOPE, ROWS_DATASET);
    expect(rows?.find((r) => r.id === 'F-dormant')).toMatchObject({ status: 'acknowledged', owners: ['Ana Ruiz'] });
    expect(rows?.find((r) => r.id === 'F-drift')?.status).toBe('open');
  });

  it('rebaselines the principal of an acknowledged scope drift to its current reach, and only that one', async () => {
    const { ports, store } = await tenant();
    await acknowledge(ports, 'F-drift', 'acc-2', undefined);
    expect(await readDataset(store, STATE_SCOPE, BASELINE_DATASET)).toEqual([
      { principalId: 'sp-Deal Sync', keys: ['project:FIN', 'project:HR'] },
      { principalId: 'sp-Other', keys: ['project:OPS'] },
    ]);
  });

  it('leaves baselines alone when what is acknowledged is not a scope drift', async () => {
    const { ports, store } = await tenant();
    await acknowledge(ports, 'F-dormant', 'acc-2', undefined);
    expect(await readDataset(store, STATE_SCOPE, BASELINE_DATASET)).toEqual([
      { principalId: 'sp-Deal Sync', keys: ['project:FIN'] },
      { principalId: 'sp-Other', keys: ['project:OPS'] },
    ]);
  });

  it('acknowledges the open ones of many and skips the rest', async () => {
    const { ports } = await tenant();
    const { acknowledged, skipped } = await acknowledgeMany(ports, ['F-dormant', 'F-oldkey', 'F-nope'], 'acc-2', undefined);
    expect(acknowledged.map((f) => f.id)).toEqual(['F-dormant']);
    expect(skipped).toEqual(['F-oldkey', 'F-nope']);
  });

  it('accepts a risk until the end of a day, with a justification, and refuses a date in the past', async () => {
    const { ports, findings } = await tenant();
    const updated = await acceptRisk(ports, 'F-ticketed', '2027-03-31', 'Vendor contract ends in March', 'acc-3');
    expect(updated).toMatchObject({ status: 'risk_accepted', riskAcceptedUntil: '2027-03-31T23:59:59.000Z', acknowledgedBy: 'acc-3', acknowledgedAt: NOW.toISOString() });
    expect(findings.data.get('F-ticketed')?.status).toBe('risk_accepted');
    await expect(acceptRisk(ports, 'F-dormant', '2026-11-01', 'Vendor contract ends in March', 'acc-3')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(findings.data.get('F-dormant')?.status).toBe('open');
  });

  it('from an issue, acts only on the finding recorded on that ticket', async () => {
    const { ports, findings } = await tenant();
    await expect(acknowledgeTicketFinding(ports, 'SV-7', 'F-dormant', 'acc-2', undefined)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(findings.data.get('F-dormant')?.status).toBe('open');
    expect((await acknowledgeTicketFinding(ports, 'SV-7', 'F-ticketed', 'acc-2', undefined)).finding.status).toBe('acknowledged');
  });
});

describe('findings export', () => {
  it('writes the list request as CSV, in list order, dated by the clock', async () => {
    const { ports } = await tenant();
    const file = await exportFindings(ports, 'csv', { filters: { status: ['open'] } });
    expect(file.fileName).toBe('securityv0-findings-2026-11-20.csv');
    expect(file.records).toBe(3);
    const lines = file.content.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('"id","severity","check","title","status","subject","subjectKind","systems","owners","summary","lastSeenAt","ticket"');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['"F-drift"', '"F-dormant"', '"F-ticketed"']);
    expect(lines[3]).toContain('"SV-7"');
  });

  it('writes the same findings as the JSON report, from the finding store', async () => {
    const { ports } = await tenant();
    const file = await exportFindings(ports, 'json', { filters: { severity: ['HIGH', 'LOW'], status: ['open', 'acknowledged'] } });
    const report = JSON.parse(file.content) as { tenant: string; findings: Array<{ id: string }> };
    expect(report.tenant).toBe('jira');
    expect(report.findings.map((f) => f.id)).toEqual(['F-dormant', 'F-oldkey']);
    expect(file.records).toBe(2);
  });
});
