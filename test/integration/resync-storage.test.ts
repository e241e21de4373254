/**
 * What a resync writes: a generated tenant (1/100 of size S) synced twice, the second time a day later with about
 * 1% of everything changed, then once more with nothing changed. The second sync stores deltas, rewrites only the findings that changed (lastSeenAt of
 * the others still reads as the second sync's clock), and storage keeps two syncs' datasets, not every sync's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configureTenant, invokeAdmin, runScheduledSync, startLocalStack, type LocalStack } from '../../dev/harness';
import { generateTenant } from '../../dev/tools/generate-tenant';

let root: string;
let stack: LocalStack;
const written: Array<{ bytes: number; findingWrites: number; partBytes: number }> = [];
let findingsSeenTwice = 0;

/** An account that administers Jira in every sync (churn may deactivate the one the harness picked from the first). */
function steadyAdmin(): string {
  const list = (value: unknown) => (Array.isArray(value) ? (value as Array<{ groupId?: string; accountId?: string; active?: boolean; accountType?: string }>) : []);
  const adminsOf = (jira: Record<string, unknown>) =>
    new Set(list(jira['/rest/api/3/group/bulk#accessType=admin']).flatMap((g) => list(jira[`/rest/api/3/group/member#groupId=${g.groupId ?? ''}`]).filter((m) => m.active !== false && m.accountType === 'atlassian').map((m) => m.accountId ?? '')));
  const [first, ...rest] = stack.cloud.tenant.syncs.map((sync) => adminsOf(sync.jira));
  const steady = [...(first ?? [])].find((id) => rest.every((admins) => admins.has(id)));
  if (!steady) throw new Error('the generated tenant has no administrator active in every sync');
  return steady;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-resync-'));
  generateTenant({ scale: 0.01, seed: 11, out: root });
  stack = await startLocalStack({ tenantDir: root });
  await configureTenant(stack);
  const admin = steadyAdmin();
  const detected: Array<Set<string>> = [];
  // The resync's data is served twice: the third sync finds nothing new, and must leave only two syncs' datasets.
  for (const index of [0, 1, 1]) {
    stack.cloud.setSync(index);
    const before = { bytes: stack.runtime.kvs.stats.bytesWritten, findingWrites: stack.runtime.kvs.stats.entityWrites.finding ?? 0, keys: new Set(stack.runtime.kvs.keys()) };
    await runScheduledSync(stack);
    // Dataset parts this sync added (bases and deltas of what it read and derived).
    const partBytes = stack.runtime.kvs
      .keys()
      .filter((k) => k.startsWith('dspart:') && !before.keys.has(k))
      .reduce((sum, key) => sum + JSON.stringify((stack.runtime.kvs.handle('/api/v1/get', { key }).body as { value: unknown }).value).length, 0);
    written.push({ bytes: stack.runtime.kvs.stats.bytesWritten - before.bytes, findingWrites: (stack.runtime.kvs.stats.entityWrites.finding ?? 0) - before.findingWrites, partBytes });
    const list = await invokeAdmin(stack, 'findings/list', { page: { offset: 0, limit: 200 } }, admin);
    if (!list.ok) throw new Error(list.error.message);
    const rows = (list.data as { rows: Array<{ id: string; status: string; lastSeenAt: string }> }).rows;
    detected.push(new Set(rows.filter((r) => Date.parse(r.lastSeenAt) === Date.parse(stack.cloud.tenant.syncs[index]?.at ?? '')).map((r) => r.id)));
  }
  findingsSeenTwice = [...(detected[0] ?? [])].filter((id) => detected[1]?.has(id)).length;
}, 120_000);

afterAll(async () => {
  await stack?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it('stores the resyncs as deltas: a small share of the full sync’s datasets, next to nothing when nothing changed', () => {
  const [full, churned, same] = written;
  expect(full?.partBytes).toBeGreaterThan(100_000);
  // At 1/100 of S every kind still changes at least once, so the share is larger than the benchmark's.
  expect((churned?.partBytes ?? Infinity) / (full?.partBytes ?? 1)).toBeLessThan(0.2);
  expect((same?.partBytes ?? Infinity) / (full?.partBytes ?? 1)).toBeLessThan(0.02);
  expect(same?.bytes).toBeLessThan(full?.bytes ?? 0);
});

it('rewrites only the findings that changed, yet reads every finding seen again as seen by the second sync', () => {
  expect(findingsSeenTwice).toBeGreaterThan(5);
  expect(written[1]?.findingWrites).toBeLessThan(findingsSeenTwice);
});

it('keeps the datasets of the last two syncs only', () => {
  const syncsWithData = new Set(stack.runtime.kvs.keys().flatMap((k) => /^dataset:(sync-[^:]+):/.exec(k)?.[1] ?? []));
  expect(syncsWithData.size).toBeLessThanOrEqual(2);
  const history = stack.runtime.kvs.keys().filter((k) => k.startsWith('sync:history:sync-'));
  expect(history.length).toBe(3);
  expect(written[2]?.findingWrites).toBe(0);
});
