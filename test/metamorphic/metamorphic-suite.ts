/**
 * The metamorphic suite run over one tenant (issue 11, item 9): the findings of the tenant's syncs compared, by
 * signature (test/support/tenant-transforms.ts), with those of a copy changed in a way that must not matter (ids,
 * order, e-mail case, page sizes, unrelated objects), and with copies that each lose the one fact a finding rests
 * on. One baseline scan per tenant is shared by every case.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReportFinding } from '../../src/findings/report';
import type { RequestLogEntry } from '../../dev/fake/fake-cloud';
import { scanTenant } from '../../dev/scan';
import { TenantCopy } from '../support/tenant-copy';
import { addRoleOnlyPeople, addUnrelatedObjects, capPages, type AddedObjects, mixEmailCase, renameIds, reverseCollections, signature, signatureDiff, signatures } from '../support/tenant-transforms';

export interface RemovalCase {
  /** What is changed, in words. */
  name: string;
  /** The one baseline finding this change must remove. */
  removes: (finding: ReportFinding) => boolean;
  change: (copy: TenantCopy) => void;
}

const SCAN_TIMEOUT = 120_000;

interface Scan {
  findings: ReportFinding[];
  /** Every request the fake cloud answered during the scan. */
  requests: RequestLogEntry[];
}

async function scan(tenantDir: string): Promise<Scan> {
  let requests: RequestLogEntry[] = [];
  const report = await scanTenant(tenantDir, { beforeSync: (stack) => void (requests = stack.cloud.requests) });
  return { findings: report.findings, requests };
}

async function scanCopy(source: string, change: (copy: TenantCopy) => ((text: string) => string) | undefined): Promise<Scan & { back: (text: string) => string }> {
  const copy = new TenantCopy(source);
  try {
    const back = change(copy) ?? ((text: string) => text);
    return { ...(await scan(copy.dir)), back };
  } finally {
    copy.remove();
  }
}

/** Reads of a page after the first one of a collection (each API's own way of saying where the next page starts). */
const FOLLOW_UP = /[?&](%24skiptoken|\$skiptoken|cursor|continuationToken)=|[?&](startAt|offset|start)=[1-9]/;
const followUpPages = (requests: readonly RequestLogEntry[]) => requests.filter((r) => r.status === 200 && FOLLOW_UP.test(r.query)).length;

export function metamorphicSuite(tenantDir: string, removals: readonly RemovalCase[]): void {
  let baseline: ReportFinding[];
  let baselineRequests: RequestLogEntry[];
  let before: string[];

  beforeAll(async () => {
    ({ findings: baseline, requests: baselineRequests } = await scan(tenantDir));
    before = signatures(baseline);
  }, SCAN_TIMEOUT);

  it('has a baseline with findings whose signatures are all distinct', () => {
    expect(baseline.length).toBeGreaterThan(10);
    expect(new Set(before).size).toBe(before.length);
  });

  describe('changes that must change no finding', () => {
    it('renaming every id (GUIDs, dashless GUIDs, Atlassian accountIds) consistently across files', async () => {
      let forward = new Map<string, string>();
      const { findings, back } = await scanCopy(tenantDir, (copy) => {
        const renaming = renameIds(copy);
        forward = renaming.forward;
        return renaming.back;
      });
      // The Entra tenant ids and the Jira cloudId move too.
      const tenant = JSON.parse(fs.readFileSync(path.join(tenantDir, 'tenant.json'), 'utf8')) as { jira: { cloudId: string }; entra: Array<{ tenantId: string }> };
      for (const id of [tenant.jira.cloudId, ...tenant.entra.map((e) => e.tenantId)]) expect(forward.has(id)).toBe(true);
      expect(forward.size).toBeGreaterThan(50);
      expect(signatureDiff(before, signatures(findings, back))).toEqual({ added: [], removed: [] });
      // The scan really saw the new ids: most subjects carry renamed ids, and map back to the baseline's.
      const subjectIds = (list: readonly ReportFinding[], map = (id: string) => id) => list.map((f) => map(f.subject.id)).sort();
      expect(subjectIds(findings, back)).toEqual(subjectIds(baseline));
      const unchanged = findings.filter((f) => baseline.some((b) => b.subject.id === f.subject.id));
      expect(unchanged.length).toBeLessThan(findings.length / 4);
    }, SCAN_TIMEOUT);

    it('reversing every served collection and the sets inside records', async () => {
      const { findings } = await scanCopy(tenantDir, (copy) => void reverseCollections(copy));
      expect(signatureDiff(before, signatures(findings))).toEqual({ added: [], removed: [] });
    }, SCAN_TIMEOUT);

    it('writing every e-mail address in mixed case', async () => {
      const { findings } = await scanCopy(tenantDir, (copy) => void mixEmailCase(copy));
      expect(signatureDiff(before, signatures(findings))).toEqual({ added: [], removed: [] });
    }, SCAN_TIMEOUT);

    it('splitting every paged collection into pages of at most 2 items', async () => {
      const { findings, requests } = await scanCopy(tenantDir, (copy) => void capPages(copy, 2));
      expect(signatureDiff(before, signatures(findings))).toEqual({ added: [], removed: [] });
      // Many more pages were read than with each API's own page sizes.
      expect(followUpPages(requests)).toBeGreaterThan(Math.max(40, followUpPages(baselineRequests) * 2));
    }, SCAN_TIMEOUT);

    it('adding people, an owned service principal with no grants and a project only its lead reaches', async () => {
      let added: AddedObjects | undefined;
      const { findings, requests } = await scanCopy(tenantDir, (copy) => void (added = addUnrelatedObjects(copy)));
      expect(signatureDiff(before, signatures(findings))).toEqual({ added: [], removed: [] });
      // The app read the new project's scheme or roles (the service principal's owners are read inside $batch).
      expect(added?.jiraProjectKey).toBe('QUIET');
      expect(requests.some((r) => r.status === 200 && r.path.startsWith('/rest/api/3/project/19990/'))).toBe(true);
    }, SCAN_TIMEOUT);

    it('adding people who only hold access: members of every Jira group, holders of every project role', async () => {
      let extended = { groups: 0, roles: 0 };
      const { findings } = await scanCopy(tenantDir, (copy) => void (extended = addRoleOnlyPeople(copy, 25)));
      // What evaluation leaves out of the graph it needs (decision 0013): findings rest on what principals reach,
      // own and run as, never on how many people hold a role beside them.
      expect(signatureDiff(before, signatures(findings))).toEqual({ added: [], removed: [] });
      expect(extended.groups).toBeGreaterThan(2);
      expect(extended.roles).toBeGreaterThan(2);
    }, SCAN_TIMEOUT);
  });

  describe('removing the one fact a finding rests on removes exactly that finding', () => {
    it.each(removals.map((r) => [r.name, r] as const))('%s', async (_name, removal) => {
      const targets = baseline.filter(removal.removes);
      expect(targets).toHaveLength(1);
      const { findings } = await scanCopy(tenantDir, (copy) => void removal.change(copy));
      expect(signatureDiff(before, signatures(findings))).toEqual({ added: [], removed: targets.map((f) => signature(f)) });
    }, SCAN_TIMEOUT);
  });
}
