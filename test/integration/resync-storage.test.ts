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
import { readDataset, writeDataset } from '../../src/store/dataset-store';
import { oneKeyAtATime, type KeyValueStore } from '../../src/store/key-value-store';

import { joinGroupSlices, type JiraGroupWithMembers } from '../../src/sources/jira/groups';
import { FINDING_STATE_DATASET, LAST_COMPLETE_KEY, STATE_SCOPE } from '../../src/store/layout';
import { unpackFindingDetails, type StoredFindingDetails } from '../../src/store/finding-store';

let root: string;
let stack: LocalStack;
const written: Array<{ bytes: number; findingWrites: number; partBytes: number }> = [];
/** Per sync: the `finding` entities stored before it, and the entity rows it read (listings and gets). */
const findingReads: Array<{ storedBefore: number; read: number }> = [];
/** Per sync: whether the finding state it left is every stored finding exactly (no ticket step edits them here). */
const statesMatch: boolean[] = [];
let acknowledgedId = '';
let acknowledgedAtEnd: string | undefined;
let findingsSeenTwice = 0;
let incremental: Record<string, string[]> = {};
let fullRead: Record<string, string[]> = {};
let keysAtEnd: string[] = [];
/** The `finding` entities of the findings the resyncs saw, as stored. */
let storedFindings: Array<{ id: string; value: unknown }> = [];
/** Graph requests of each sync, as "path?query" without host. */
const graphRequests: string[][] = [];
/** Per-object Jira lookups (project roles, group members, schemes) and Graph owner batches of each sync. */
const perObject: Array<{ jira: number; batches: number; userGroups: number }> = [];

/** The app's KVS through the core's store port. */
function storeOf(current: LocalStack): KeyValueStore {
  const kvs = current.runtime.kvs;
  const base = {
    get: async <T>(key: string) => {
      const result = kvs.handle('/api/v1/get', { key });
      return result.status === 200 ? ((result.body as { value: T }).value) : undefined;
    },
    set: async (key: string, value: unknown) => void kvs.handle('/api/v1/set', { key, value }),
    delete: async (key: string) => void kvs.handle('/api/v1/delete', { key }),
  };
  return {
    ...base,
    ...oneKeyAtATime(base),
    getSecret: async () => undefined,
    setSecret: async () => undefined,
    deleteSecret: async () => undefined,
  };
}

/**
 * The access configuration a sync stored, normalised for comparison: group members (active accounts only, as the
 * graph takes them), project roles, permission schemes and app owners, each sorted.
 */
async function accessConfiguration(current: LocalStack): Promise<Record<string, string[]>> {
  const store = storeOf(current);
  const syncId = (await store.get<string>(LAST_COMPLETE_KEY)) ?? '';
  const read = async <T>(name: string) => (await readDataset<T>(store, syncId, name)) ?? [];
  const inactive = new Set((await read<{ accountId: string; active: boolean }>('jira.users')).filter((u) => !u.active).map((u) => u.accountId));
  const groups = joinGroupSlices(await read<JiraGroupWithMembers>('jira.groups')).map((g) => JSON.stringify([g.groupId, g.admin, g.memberAccountIds.filter((id) => !inactive.has(id)).sort()]));
  const ownersName = current.runtime.kvs.keys().find((k) => k.startsWith(`dataset:${syncId}:`) && k.endsWith('.owners'))?.slice(`dataset:${syncId}:`.length) ?? '';
  const sorted = (items: unknown[]) => items.map((i) => JSON.stringify(i)).sort();
  return {
    groups: groups.sort(),
    roles: sorted(await read('jira.projectRoles')),
    schemes: sorted(await read('jira.permissionSchemes')),
    owners: sorted(await read(ownersName)),
  };
}

/** Whether the state of every finding the build step left (store/finding-state.ts) is what the entities hold. */
async function stateMatchesEntities(current: LocalStack): Promise<boolean> {
  const state = (await readDataset<{ id: string }>(storeOf(current), STATE_SCOPE, FINDING_STATE_DATASET)) ?? [];
  const entity = (id: string) => (current.runtime.kvs.handle('/api/v1/entity/get', { entityName: 'finding', key: id }).body as { value: { details: StoredFindingDetails } } | undefined)?.value;
  const stored = state.map((f) => entity(f.id));
  return state.length === current.runtime.kvs.entityCount('finding') && stored.every((e, i) => e !== undefined && JSON.stringify(unpackFindingDetails(e.details)) === JSON.stringify(state[i]));
}

/** Rewrites the users deltaLink of the last complete sync with a token the fake Graph answers 410 to. */
async function expireUsersDeltaLink(): Promise<void> {
  const kvs = stack.runtime.kvs;
  const store = storeOf(stack);
  const syncId = (await store.get<string>(LAST_COMPLETE_KEY)) ?? '';
  const name = kvs.keys().find((k) => k.startsWith(`dataset:${syncId}:`) && k.endsWith('.users.cursor'))?.slice(`dataset:${syncId}:`.length) ?? '';
  const [link] = (await readDataset<string>(store, syncId, name)) ?? [];
  expect(link).toContain('/v1.0/users/delta');
  await writeDataset(store, syncId, name, [(link ?? '').replace(/\$deltatoken=[^&]*/, '$deltatoken=expired')]);
}

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
  // The resync's data is served three times: the third sync finds nothing new, and must leave only two syncs'
  // datasets; before the fourth, the stored users deltaLink is made one Graph no longer knows (410).
  for (const [run, index] of [0, 1, 1, 1].entries()) {
    if (run === 3) await expireUsersDeltaLink();
    // An admin acknowledges a finding between the second and the third sync: the third reads it back.
    if (run === 2) {
      acknowledgedId = [...(detected[1] ?? [])].sort()[0] ?? '';
      const acknowledged = await invokeAdmin(stack, 'findings/acknowledge', { id: acknowledgedId, note: 'Owned by the platform team' }, admin);
      if (!acknowledged.ok) throw new Error(acknowledged.error.message);
    }
    stack.cloud.setSync(index);
    const requestsBefore = stack.cloud.requests.length;
    const before = { bytes: stack.runtime.kvs.stats.bytesWritten, findingWrites: stack.runtime.kvs.stats.entityWrites.finding ?? 0, keys: new Set(stack.runtime.kvs.keys()) };
    const entityReadsBefore = stack.runtime.kvs.stats.entityOps.reads;
    const storedBefore = stack.runtime.kvs.entityCount('finding');
    await runScheduledSync(stack);
    findingReads.push({ storedBefore, read: stack.runtime.kvs.stats.entityOps.reads - entityReadsBefore });
    statesMatch.push(await stateMatchesEntities(stack));
    // Dataset parts this sync added (bases and deltas of what it read and derived).
    const partBytes = stack.runtime.kvs
      .keys()
      .filter((k) => k.startsWith('dspart:') && !before.keys.has(k))
      .reduce((sum, key) => sum + JSON.stringify((stack.runtime.kvs.handle('/api/v1/get', { key }).body as { value: unknown }).value).length, 0);
    const made = stack.cloud.requests.slice(requestsBefore);
    perObject.push({
      jira: made.filter((r) => /\/project\/\d+\/(role\/|permissionscheme)|\/group\/member/.test(r.path)).length,
      batches: made.filter((r) => r.path.endsWith('/$batch')).length,
      userGroups: made.filter((r) => r.path === '/rest/api/3/user/groups').length,
    });
    // A filtered listing (the advanced query naming the applications that hold federated credentials) is not a full read.
    graphRequests.push(stack.cloud.requests.slice(requestsBefore).filter((r) => r.host === 'graph.microsoft.com').map((r) => (decodeURIComponent(r.query).includes('$filter=') ? `${r.path}?$filter` : r.path)));
    written.push({ bytes: stack.runtime.kvs.stats.bytesWritten - before.bytes, findingWrites: (stack.runtime.kvs.stats.entityWrites.finding ?? 0) - before.findingWrites, partBytes });
    const list = await invokeAdmin(stack, 'findings/list', { page: { offset: 0, limit: 200 } }, admin);
    if (!list.ok) throw new Error(list.error.message);
    const rows = (list.data as { rows: Array<{ id: string; status: string; lastSeenAt: string }> }).rows;
    if (run === 1) incremental = await accessConfiguration(stack);
    detected.push(new Set(rows.filter((r) => Date.parse(r.lastSeenAt) === Date.parse(stack.cloud.tenant.syncs[index]?.at ?? '')).map((r) => r.id)));
  }
  findingsSeenTwice = [...(detected[0] ?? [])].filter((id) => detected[1]?.has(id)).length;
  keysAtEnd = stack.runtime.kvs.keys();
  acknowledgedAtEnd = unpackFindingDetails((stack.runtime.kvs.handle('/api/v1/entity/get', { entityName: 'finding', key: acknowledgedId }).body as { value: { details: StoredFindingDetails } }).value.details).status;
  storedFindings = [...(detected[1] ?? [])].map((id) => ({ id, value: (stack.runtime.kvs.handle('/api/v1/entity/get', { entityName: 'finding', key: id }).body as { value: unknown } | undefined)?.value }));
  await stack.close();
  // The same day read from scratch: everything in full.
  const fresh = await startLocalStack({ tenantDir: root });
  try {
    await configureTenant(fresh);
    fresh.cloud.setSync(1);
    await runScheduledSync(fresh);
    fullRead = await accessConfiguration(fresh);
  } finally {
    await fresh.close();
  }
}, 180_000);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

it('stores the resyncs as deltas: a small share of the full sync’s datasets, next to nothing when nothing changed', () => {
  const [full, churned, same] = written;
  expect(full?.partBytes).toBeGreaterThan(50_000); // compressed
  // At 1/100 of S every kind still changes at least once, so the share is larger than the benchmark's.
  expect((churned?.partBytes ?? Infinity) / (full?.partBytes ?? 1)).toBeLessThan(0.2);
  expect((same?.partBytes ?? Infinity) / (full?.partBytes ?? 1)).toBeLessThan(0.02);
  expect(same?.bytes).toBeLessThan(full?.bytes ?? 0);
});

it('rewrites only the findings that changed, yet reads every finding seen again as seen by the second sync', () => {
  expect(findingsSeenTwice).toBeGreaterThan(5);
  expect(written[1]?.findingWrites).toBeLessThan(findingsSeenTwice);
});

it('reads on a resync the state the last build step left and what was edited since, not every finding', () => {
  const [first, second, third, fourth] = findingReads;
  expect(first?.storedBefore).toBe(0);
  for (const resync of [second, third, fourth]) {
    expect(resync?.storedBefore).toBeGreaterThan(5);
    expect(resync?.read).toBeLessThan((resync?.storedBefore ?? 0) / 2);
  }
  // The acknowledgement made before the third sync is read back by it, kept, and in the state it leaves.
  expect(third?.read).toBeGreaterThanOrEqual(1);
  expect(acknowledgedAtEnd).toBe('acknowledged');
  expect(statesMatch).toEqual([true, true, true, true]);
});

it('stores each finding compressed, its indexed attributes plain, and reads it back whole', () => {
  expect(storedFindings.length).toBeGreaterThan(5);
  for (const { id, value } of storedFindings) {
    const entity = value as { status: string; check: string; details: StoredFindingDetails };
    expect(Object.keys(entity.details)).toEqual(['br']);
    const finding = unpackFindingDetails(entity.details);
    expect(finding.id).toBe(id);
    expect([finding.status, finding.check]).toEqual([entity.status, entity.check]);
  }
});

it('keeps the datasets of the last two syncs only', () => {
  const syncsWithData = new Set(keysAtEnd.flatMap((k) => /^dataset:(sync-[^:]+):/.exec(k)?.[1] ?? []));
  expect(syncsWithData.size).toBeLessThanOrEqual(2);
  const history = keysAtEnd.filter((k) => k.startsWith('sync:history:sync-'));
  expect(history.length).toBe(4);
  expect(written[2]?.findingWrites).toBe(0);
});

it('reads users, service principals and app registrations in full once, then only their changes (delta queries)', () => {
  const [full, churned] = graphRequests;
  for (const collection of ['/v1.0/users', '/v1.0/servicePrincipals', '/v1.0/applications']) {
    expect(full).toContain(collection);
    expect(churned).not.toContain(collection);
    expect(churned).toContain(`${collection}/delta`);
  }
});

it('reads users in full again when Graph says the stored deltaLink expired (410)', () => {
  const expired = graphRequests[3] ?? [];
  expect(expired).toContain('/v1.0/users');
  expect(expired).toContain('/v1.0/users/delta');
  expect(written[3]?.findingWrites).toBe(0);
});

it('reads the changed groups, roles and owners only, yet stores what a full read of the same day stores', () => {
  expect(incremental.groups?.length).toBeGreaterThan(10);
  expect(incremental.roles?.length).toBeGreaterThan(10);
  expect(incremental.owners?.length).toBeGreaterThan(10);
  expect(incremental).toEqual(fullRead);
  const [full, churned] = perObject;
  expect(churned?.jira).toBeLessThan((full?.jira ?? 0) / 4);
  // Users who joined or left a group are asked for their groups; the group itself is not read again.
  expect(full?.userGroups).toBe(0);
  expect(churned?.userGroups).toBeGreaterThan(0);
  expect(churned?.batches).toBeLessThan(full?.batches ?? 0);
});
