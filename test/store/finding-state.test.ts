/**
 * The state of every finding the build step keeps (src/store/finding-state.ts): read back with the edits made
 * since laid over it, and never trusted when it may be behind the entities (no pointer, a state cut short, a week
 * old): then every finding is listed.
 */
import type { Finding } from '../../src/findings/finding';
import { CLOCK_SKEW_MS, FULL_LISTING_EVERY_MS, dropFindingState, readStoredFindings, writeFindingState } from '../../src/store/finding-state';
import { memoryFindingStore, type FindingStore } from '../../src/store/finding-store';
import { memoryStore } from '../support/memory-store';

const T0 = Date.parse('2026-12-01T06:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

const finding = (id: string, status: Finding['status'] = 'open'): Finding => ({
  id,
  check: 'dormant_authority',
  title: 'Dormant authority',
  severity: 'HIGH',
  status,
  subject: { id: `entra:identity:t/${id}`, kind: 'identity', name: `App ${id}` },
  summary: `App ${id} has not signed in for 200 days.`,
  chain: [`entra:identity:t/${id}`],
  chainNodes: [],
  evidence: [],
  projectKeys: [],
  identityFields: [],
  firstSeenAt: at(0),
  lastSeenAt: at(0),
  intervals: [{ openedAt: at(0) }],
  fingerprint: `fp-${id}`,
});

/** A finding store whose listings are counted, with a settable clock for its writes. */
function countedStore() {
  let clock = T0;
  const inner = memoryFindingStore([], () => new Date(clock).toISOString());
  const calls = { listAll: 0, listEditedSince: [] as string[] };
  const store: FindingStore = {
    ...inner,
    listAll: async () => {
      calls.listAll++;
      return inner.listAll();
    },
    listEditedSince: async (since) => {
      calls.listEditedSince.push(since);
      return inner.listEditedSince(since);
    },
  };
  return { store, inner, calls, setClock: (ms: number) => (clock = T0 + ms) };
}

/** A build step's write: what it changed as the sync's writer, then the state of all it left, as of `takenAt`. */
async function buildStepWrites(kvs: ReturnType<typeof memoryStore>, findings: FindingStore, takenAt: string, all: Finding[]) {
  await dropFindingState(kvs);
  await findings.saveMany(all, undefined, 'sync');
  await writeFindingState(kvs, takenAt, all);
}

describe('the finding state', () => {
  it('lists every finding when there is no state', async () => {
    const kvs = memoryStore();
    const { store, inner, calls } = countedStore();
    await inner.saveMany([finding('a'), finding('b')], undefined, 'sync');
    const read = await readStoredFindings(kvs, store, () => at(60_000));
    expect(read.from).toBe('listing');
    expect(read.findings.map((f) => f.id).sort()).toEqual(['a', 'b']);
    expect(read.takenAt).toBe(at(60_000));
    expect(calls.listAll).toBe(1);
  });

  it('reads the state and lays over it what was edited since, not what the build step wrote', async () => {
    const kvs = memoryStore();
    const { store, inner, calls, setClock } = countedStore();
    setClock(1_000);
    await buildStepWrites(kvs, inner, at(0), [finding('a'), finding('b'), finding('c')]);
    // An admin acknowledges b an hour later; the build step's writes of a and c are not read back.
    setClock(3_600_000);
    await inner.saveMany([{ ...finding('b'), status: 'acknowledged', acknowledgedBy: 'admin-1' }]);
    const read = await readStoredFindings(kvs, store, () => at(86_400_000));
    expect(read.from).toBe('state');
    expect(calls.listAll).toBe(0);
    expect(calls.listEditedSince).toEqual([at(-CLOCK_SKEW_MS)]);
    expect(Object.fromEntries(read.findings.map((f) => [f.id, f.status]))).toEqual({ a: 'open', b: 'acknowledged', c: 'open' });
    expect(read.findings).toEqual(expect.arrayContaining(await inner.listAll()));
  });

  it('reads back an edit made while the build step ran, before its state was written', async () => {
    const kvs = memoryStore();
    const { store, inner, setClock } = countedStore();
    // The build step took its state at 0 and read b as open; the ticket step linked b at +30 s, before the state
    // was written at +60 s, and the build step did not write b itself.
    await inner.saveMany([finding('a'), finding('b')], undefined, 'sync');
    await dropFindingState(kvs);
    setClock(30_000);
    await inner.saveMany([{ ...finding('b'), ticketKey: 'SEC-7' }]);
    setClock(60_000);
    await writeFindingState(kvs, at(0), [finding('a'), finding('b')]);
    const read = await readStoredFindings(kvs, store, () => at(86_400_000));
    expect(read.from).toBe('state');
    expect(read.findings.find((f) => f.id === 'b')?.ticketKey).toBe('SEC-7');
  });

  it('lists every finding when the build step was cut short between dropping the state and writing it again', async () => {
    const kvs = memoryStore();
    const { store, inner, calls } = countedStore();
    await buildStepWrites(kvs, inner, at(0), [finding('a'), finding('b')]);
    // The next build step drops the state, renames b and dies before writing the state again.
    await dropFindingState(kvs);
    await inner.saveMany([finding('b2')], undefined, 'sync');
    await inner.deleteMany(['b']);
    const read = await readStoredFindings(kvs, store, () => at(3_600_000));
    expect(read.from).toBe('listing');
    expect(read.findings.map((f) => f.id).sort()).toEqual(['a', 'b2']);
    expect(calls.listAll).toBe(1);
  });

  it('lists every finding at least once a week, and when the state does not hold what its pointer says', async () => {
    const kvs = memoryStore();
    const { store, inner } = countedStore();
    await buildStepWrites(kvs, inner, at(0), [finding('a'), finding('b')]);
    expect((await readStoredFindings(kvs, store, () => at(FULL_LISTING_EVERY_MS - 1))).from).toBe('state');
    expect((await readStoredFindings(kvs, store, () => at(FULL_LISTING_EVERY_MS))).from).toBe('listing');
    const pointer = [...kvs.data.entries()].find(([, value]) => (value as { count?: unknown })?.count === 2);
    expect(pointer).toBeDefined();
    kvs.data.set(pointer?.[0] ?? '', { takenAt: at(0), count: 3 });
    expect((await readStoredFindings(kvs, store, () => at(60_000))).from).toBe('listing');
  });
});
