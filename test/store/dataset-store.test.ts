import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { compactRecordHashes, deltaSegments, packChunks, readDataset, retainSyncDatasets, writeDataset } from '../../src/store/dataset-store';
import { memoryStore } from '../support/memory-store';
import { unpackJson, type PackedJson } from '../../src/store/packed-json';
import { oneKeyAtATime } from '../../src/store/key-value-store';

/** `length` characters of base64 that do not compress (SHA-256 digests), the same for the same seed. */
const noise = (seed: number, length: number) => {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}:${i}`).digest('base64');
  return out.slice(0, length);
};

describe('packChunks', () => {
  const texts = (records: unknown[]) => records.map((r) => JSON.stringify(r));
  const sizes = (t: string[]) => t.map((x) => Buffer.byteLength(x));
  const unpack = (chunk: unknown) => (Array.isArray(chunk) ? chunk : unpackJson<unknown[]>(chunk as PackedJson));

  it('keeps every stored chunk under the byte limit and every record, in order', () => {
    const records = Array.from({ length: 500 }, (_, i) => ({ i, pad: 'x'.repeat(90) }));
    const t = texts(records);
    const chunks = packChunks(t, sizes(t), 8000, 1000);
    expect(chunks.flatMap(unpack)).toEqual(records);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThanOrEqual(1000);
    // 50 KB of repetitive records in far fewer stored bytes
    expect(chunks.reduce((a, c) => a + JSON.stringify(c).length, 0)).toBeLessThan(Buffer.byteLength(JSON.stringify(records)) / 5);
  });

  it('halves a run whose compressed form would not fit, and stores a lone incompressible record as it is', () => {
    const records = Array.from({ length: 12 }, (_, i) => ({ i, noise: noise(i, 150) }));
    const t = texts(records);
    const chunks = packChunks(t, sizes(t), 100_000, 700);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flatMap(unpack)).toEqual(records);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThanOrEqual(700);
    const lone = [{ n: noise(99, 680) }];
    expect(packChunks(texts(lone), sizes(texts(lone)), 100_000, 700)).toEqual([lone]);
  });

  it('refuses a single record larger than a chunk', () => {
    const t = texts([{ pad: 'x'.repeat(2000) }]);
    expect(() => packChunks(t, sizes(t), 8000, 1000)).toThrow(/exceeds the 1000-byte storage chunk/);
  });
});

describe('writeDataset / readDataset', () => {
  it('round-trips a dataset larger than one KVS value', async () => {
    const store = memoryStore();
    const records = Array.from({ length: 8000 }, (_, i) => ({ id: `sp-${i}`, displayName: `App ${i}`, pad: noise(i, 100) }));
    await writeDataset(store, 'sync-1', 'entra.sps', records);
    expect([...store.data.keys()].filter((k) => k.startsWith('dspart:entra.sps:')).length).toBeGreaterThan(1);
    expect(await readDataset(store, 'sync-1', 'entra.sps')).toEqual(records);
  });

  it('stores chunks Brotli-compressed, and still reads a chunk stored gzip-compressed or as a plain array (written before)', async () => {
    const store = memoryStore();
    const records = Array.from({ length: 8000 }, (_, i) => ({ id: `sp-${i}`, displayName: `App ${i}`, pad: noise(i, 100) }));
    await writeDataset(store, 'sync-1', 'entra.sps', records);
    const chunkKeys = [...store.data.keys()].filter((k) => k.startsWith('dspart:entra.sps:') && !k.includes('.h:'));
    expect(chunkKeys.length).toBeGreaterThan(2);
    for (const key of chunkKeys) expect(Object.keys(store.data.get(key) as object)).toEqual(['br']);
    const [first = '', second = ''] = chunkKeys;
    const plain = (key: string) => unpackJson<unknown[]>(store.data.get(key) as PackedJson);
    store.data.set(first, plain(first));
    store.data.set(second, { gzip: gzipSync(Buffer.from(JSON.stringify(plain(second)))).toString('base64') });
    expect(await readDataset(store, 'sync-1', 'entra.sps')).toEqual(records);
  });

  it('takes its records from a generator, as the build step streams its larger read models', async () => {
    const store = memoryStore();
    const records = Array.from({ length: 3000 }, (_, i) => ({ id: `row-${i}`, pad: noise(i, 100) }));
    await writeDataset(
      store,
      'sync-1',
      'access-review',
      (function* () {
        yield* records;
      })(),
    );
    expect(await readDataset(store, 'sync-1', 'access-review')).toEqual(records);
    // The same records again, from an array: nothing changed, so no new part.
    const before = store.data.size;
    await writeDataset(store, 'sync-2', 'access-review', records);
    expect([...store.data.keys()].filter((k) => k.startsWith('dspart:access-review:2.'))).toEqual([]);
    expect(store.data.size).toBeGreaterThan(before);
  });

  it('reads nothing for a dataset whose index was never written', async () => {
    expect(await readDataset(memoryStore(), 'sync-x', 'jira.projects')).toBeUndefined();
  });
});

/** A store that counts the bytes written, as the benchmark's KVS does. */
function countingStore() {
  const store = memoryStore();
  const set = async (key: string, value: unknown) => {
    counted.bytes += Buffer.byteLength(JSON.stringify(value));
    await store.set(key, value);
  };
  const counted = { ...store, bytes: 0, set, ...oneKeyAtATime({ ...store, set }) };
  return counted;
}

// Ids and keys as real tenants have them: random, so they compress about as badly as real records do.
const users = (n: number, edit: (i: number) => string = () => 'a') => Array.from({ length: n }, (_, i) => ({ id: `u-${i}`, department: edit(i), pad: noise(i, 150) }));

describe('deltaSegments', () => {
  it('copies unchanged runs and keeps changed, inserted and moved records as literals or copies', () => {
    expect(deltaSegments(['a', 'b', 'c', 'd'], ['a', 'b', 'X', 'd', 'e'])).toEqual([[0, 2], { literal: 2 }, [3, 1], { literal: 4 }]);
    expect(deltaSegments(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual([[2, 1], [0, 2]]);
    // A copy may reuse a record of the previous version: the result only has to rebuild the new one.
    expect(deltaSegments(['a', 'a'], ['a', 'a', 'a'])).toEqual([[0, 2], [1, 1]]);
  });

  it('starts copies of a repeated record from its occurrences in order, earliest first, each once', () => {
    // 'x' at 0, 2 and 4: three copies start at 0, 2 and 4 in turn; a fourth has none left and is a literal.
    expect(deltaSegments(['x', 'p', 'x', 'q', 'x'], ['x', 'r', 'x', 's', 'x', 't', 'x'])).toEqual([[0, 1], { literal: 1 }, [2, 1], { literal: 3 }, [4, 1], { literal: 5 }, { literal: 6 }]);
    // A run that continues past a repeat does not use that repeat's own start.
    expect(deltaSegments(['x', 'x', 'y'], ['x', 'x', 'y', 'x'])).toEqual([[0, 3], [1, 1]]);
  });
});

describe('delta datasets', () => {
  it('writes a small delta when 1% of the records changed, and reads back exactly the new records in order', async () => {
    const store = countingStore();
    const first = users(2000);
    await writeDataset(store, 'sync-1', 'entra.users', first);
    const full = store.bytes;
    store.bytes = 0;
    const second = users(2000, (i) => (i % 100 === 7 ? 'b' : 'a')).filter((_, i) => i !== 500);
    second.splice(10, 0, { id: 'u-new', department: 'c', pad: '' });
    const stats = await writeDataset(store, 'sync-2', 'entra.users', second);
    expect(stats.kind).toBe('delta');
    expect(store.bytes / full).toBeLessThan(0.05);
    expect(await readDataset(store, 'sync-2', 'entra.users')).toEqual(second);
    expect(await readDataset(store, 'sync-1', 'entra.users')).toEqual(first);
  });

  it('diffs against the last version’s record hashes, not its records, through a chain of deltas', async () => {
    const store = countingStore();
    const versions = [users(3000), users(3000, (i) => (i % 100 === 1 ? 'b' : 'a')), users(3000, (i) => (i % 100 === 1 ? 'b' : i % 100 === 2 ? 'c' : 'a'))];
    await writeDataset(store, 'sync-1', 'jira.users', versions[0] ?? []);
    const datasetBytes = Buffer.byteLength(JSON.stringify(versions[0]));
    let bytesRead = 0;
    const get = store.get.bind(store);
    store.get = async <T,>(key: string) => {
      const value = await get<T>(key);
      if (key.startsWith('dspart:')) bytesRead += Buffer.byteLength(JSON.stringify(value) ?? '');
      return value;
    };
    Object.assign(store, oneKeyAtATime(store));
    for (const [i, records] of versions.slice(1).entries()) {
      bytesRead = 0;
      expect((await writeDataset(store, `sync-${i + 2}`, 'jira.users', records)).kind).toBe('delta');
      // The base's hashes (16 bytes a record) and the deltas so far, never the 3,000 records themselves.
      expect(bytesRead / datasetBytes).toBeLessThan(0.15);
    }
    for (const [i, records] of versions.entries()) expect(await readDataset(store, `sync-${i + 1}`, 'jira.users')).toEqual(records);
    await retainSyncDatasets(store, ['sync-3']);
    expect(await readDataset(store, 'sync-3', 'jira.users')).toEqual(versions[2]);
  });

  it('diffs against hashes its caller worked out from the records it read, and only when they are of the version it diffs against', async () => {
    const store = countingStore();
    const versions = [users(3000), users(3000, (i) => (i % 100 === 1 ? 'b' : 'a')), users(3000, (i) => (i % 100 === 2 ? 'c' : 'a'))];
    await writeDataset(store, 'sync-1', 'snapshot.nodes', versions[0] ?? []);
    const partsRead: string[] = [];
    const get = store.get.bind(store);
    store.get = async <T,>(key: string) => {
      if (key.startsWith('dspart:')) partsRead.push(key);
      return get<T>(key);
    };
    Object.assign(store, oneKeyAtATime(store));
    // The caller read sync-1's records to diff them: the write reads no part of sync-1 again.
    const readBack = (await readDataset(store, 'sync-1', 'snapshot.nodes')) ?? [];
    partsRead.length = 0;
    const written = await writeDataset(store, 'sync-2', 'snapshot.nodes', versions[1] ?? [], { knownHashes: { scope: 'sync-1', hashes: compactRecordHashes(readBack) } });
    expect(written.kind).toBe('delta');
    expect(partsRead).toEqual([]);
    // Hashes of another version (sync-1's, while the head is sync-2), or of the wrong length, are not used.
    partsRead.length = 0;
    await writeDataset(store, 'sync-3', 'snapshot.nodes', versions[2] ?? [], { knownHashes: { scope: 'sync-1', hashes: compactRecordHashes(readBack) } });
    expect(partsRead.length).toBeGreaterThan(0);
    partsRead.length = 0;
    await writeDataset(store, 'sync-4', 'snapshot.nodes', versions[0] ?? [], { knownHashes: { scope: 'sync-3', hashes: compactRecordHashes(readBack.slice(1)) } });
    expect(partsRead.length).toBeGreaterThan(0);
    for (const [i, records] of [...versions, versions[0]].entries()) expect(await readDataset(store, `sync-${i + 1}`, 'snapshot.nodes')).toEqual(records);
  });

  it('writes no part for a dataset identical to the last one, and reads nothing back to find that out', async () => {
    const store = countingStore();
    const records = users(2000);
    await writeDataset(store, 'sync-1', 'ado.users', records);
    const partReads: string[] = [];
    const get = store.get.bind(store);
    store.get = async <T,>(key: string) => {
      if (key.startsWith('dspart:')) partReads.push(key);
      return get<T>(key);
    };
    store.bytes = 0;
    const stats = await writeDataset(store, 'sync-2', 'ado.users', users(2000));
    expect(stats).toEqual({ kind: 'delta', bytes: 0, skipped: [], skippedBytes: {} });
    expect(partReads).toEqual([]);
    expect(store.bytes).toBeLessThan(1000); // the index and the head only
    expect(await readDataset(store, 'sync-2', 'ado.users')).toEqual(records);
    await retainSyncDatasets(store, ['sync-2']);
    expect(await readDataset(store, 'sync-2', 'ado.users')).toEqual(records);
  });

  it('takes a delta’s new records back from the compressed chunks it streamed, multi-byte text and a record stored uncompressed included', async () => {
    const store = memoryStore();
    // Multi-byte names (a record's place in a chunk is counted in UTF-8 bytes), and one record of incompressible
    // noise near the value limit, which the packer stores alone and as it is.
    const named = (edit: (i: number) => string) => users(3000, edit).map((u, i) => ({ ...u, displayName: `Zoë Ørsted 李${i} 🚀` }));
    const first = named(() => 'a');
    first.splice(1500, 0, { id: 'u-big', department: 'a', pad: noise(7, 199 * 1024), displayName: 'ß' });
    await writeDataset(store, 'sync-1', 'jira.users', first);
    const second = named((i) => (i % 97 === 3 ? 'ü' : 'a'));
    second.splice(1500, 0, { id: 'u-big', department: 'é', pad: noise(8, 199 * 1024), displayName: 'ß' });
    second.push({ id: 'u-last', department: '∑', pad: '', displayName: '末' });
    expect((await writeDataset(store, 'sync-2', 'jira.users', second)).kind).toBe('delta');
    expect(await readDataset(store, 'sync-2', 'jira.users')).toEqual(second);
  });

  it('writes a new base when most records changed', async () => {
    const store = memoryStore();
    await writeDataset(store, 'sync-1', 'jira.users', users(300));
    const changed = users(300, () => 'moved');
    expect((await writeDataset(store, 'sync-2', 'jira.users', changed)).kind).toBe('base');
    expect(await readDataset(store, 'sync-2', 'jira.users')).toEqual(changed);
  });

  it('keeps the datasets of retained syncs readable and deletes the rest, parts the kept ones build on included', async () => {
    const store = memoryStore();
    const versions = [users(500), users(500, (i) => (i === 3 ? 'b' : 'a')), users(500, (i) => (i === 4 ? 'c' : 'a'))];
    for (const [i, records] of versions.entries()) await writeDataset(store, `sync-${i + 1}`, 'entra.users', records);
    await retainSyncDatasets(store, ['sync-3', 'sync-2']);
    expect(await readDataset(store, 'sync-1', 'entra.users')).toBeUndefined();
    expect(await readDataset(store, 'sync-2', 'entra.users')).toEqual(versions[1]);
    expect(await readDataset(store, 'sync-3', 'entra.users')).toEqual(versions[2]);
    await retainSyncDatasets(store, ['sync-3']);
    expect(await readDataset(store, 'sync-3', 'entra.users')).toEqual(versions[2]);
    // sync-3's chain still needs sync-1's base and sync-2's delta: nothing of the lineage but sync-2's index went.
    expect([...store.data.keys()].filter((k) => k.startsWith('dataset:'))).toEqual(['dataset:sync-3:entra.users']);
  });

  it('rewrites a dataset in place outside syncs and leaves no unreferenced part behind', async () => {
    const store = memoryStore();
    await writeDataset(store, 'state', 'finding-rows', users(400));
    for (let round = 0; round < 40; round++) await writeDataset(store, 'state', 'finding-rows', users(400, (i) => (i === round ? 'x' : 'a')));
    expect(await readDataset(store, 'state', 'finding-rows')).toEqual(users(400, (i) => (i === 39 ? 'x' : 'a')));
    const index = store.data.get('dataset:state:finding-rows') as { parts: Array<{ id: string; chunks: number }> };
    const live = new Set(index.parts.flatMap((p) => Array.from({ length: p.chunks }, (_, i) => `dspart:state#finding-rows:${p.id}:${i}`)));
    expect([...store.data.keys()].filter((k) => k.startsWith('dspart:')).sort()).toEqual([...live].sort());
  });
});

describe('the list of retained datasets', () => {
  it('costs about the same bytes per dataset however many a sync writes (no list rewritten whole on each)', async () => {
    const bookkeeping = async (datasets: number) => {
      const store = memoryStore();
      let bytes = 0;
      const set = store.set.bind(store);
      store.set = async (key, value) => {
        if (key.startsWith('datasets:retained')) bytes += JSON.stringify(value).length;
        await set(key, value);
      };
      for (let i = 0; i < datasets; i++) await writeDataset(store, 'sync-20261120T060000000Z', `entra.tenant-${i}.servicePrincipals`, [{ id: i }]);
      return bytes / datasets;
    };
    // One list rewritten per dataset grows with the count: about 20 times as much per dataset at 400 as at 20.
    expect(await bookkeeping(400)).toBeLessThan((await bookkeeping(20)) * 2);
  });

  it('still reads and drops a sync listed the way earlier versions stored it (names inline)', async () => {
    const store = memoryStore();
    await writeDataset(store, 'sync-1', 'jira.projects', [{ id: 1 }]);
    // As written before the buckets: one entry per scope with its names.
    await store.set('datasets:retained', [{ scope: 'sync-1', names: ['jira.projects'] }]);
    await store.delete('datasets:retained:sync-1:0');
    await writeDataset(store, 'sync-1', 'jira.users', [{ id: 2 }]);
    await writeDataset(store, 'sync-2', 'jira.projects', [{ id: 3 }]);

    await retainSyncDatasets(store, ['sync-2']);

    expect(await readDataset(store, 'sync-1', 'jira.projects')).toBeUndefined();
    expect(await readDataset(store, 'sync-1', 'jira.users')).toBeUndefined();
    expect(await readDataset(store, 'sync-2', 'jira.projects')).toEqual([{ id: 3 }]);
    expect([...store.data.keys()].filter((k) => k.startsWith('datasets:retained'))).toEqual(['datasets:retained', ...[...store.data.keys()].filter((k) => k.startsWith('datasets:retained:sync-2:'))]);
  });
});

describe('writeDataset in parallel lanes', () => {
  it('keeps every dataset name in the retained list when lanes write at once over a store with latency', async () => {
    // Source lanes run side by side in one invocation; each KVS call takes time on Forge. A read-modify-write of the
    // retained list that interleaves loses a name, and retention then deletes parts a later sync still builds on.
    const inner = memoryStore();
    const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1 + Math.floor(Math.random() * 3)));
    const slow = { ...inner, get: async <T>(key: string) => later(await inner.get<T>(key)), set: async (key: string, value: unknown) => later(await inner.set(key, value)) };
    const names = ['a.users', 'b.users', 'c.users', 'd.users', 'e.users', 'f.users'];
    await Promise.all(names.map((name) => writeDataset(slow, 'sync-20261201T000000Z', name, [{ id: name }])));
    const noted = [...inner.data.entries()].filter(([key]) => key.startsWith('datasets:retained:sync-20261201T000000Z:')).flatMap(([, value]) => value as string[]);
    expect(noted.sort()).toEqual(names);
    // And retention, which reads that list, drops all of them once the sync is no longer kept.
    await retainSyncDatasets(inner, []);
    expect([...inner.data.keys()].filter((key) => key.startsWith('dataset:') || key.startsWith('dspart:') || key.startsWith('datasets:retained:'))).toEqual([]);
  });
});

describe('writeDataset and readDataset beside other lanes', () => {
  it('let due callbacks run while a large dataset is serialised, compressed and read back', async () => {
    // Lanes share one thread: a step paging a cursor waits for its responses' callbacks, which cannot run while
    // another step serialises or compresses synchronously from start to end. The store here answers at once
    // (microtasks only), so a timer fires during the write or read only if they yield.
    const store = memoryStore();
    const records = Array.from({ length: 12000 }, (_, i) => ({ id: `user-${i}`, displayName: `Person ${i}`, note: createHash('sha256').update(String(i)).digest('hex').repeat(8) }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await writeDataset(store, 'sync-20261201T000000Z', 'big.users', records);
      const written = ticks;
      expect(written).toBeGreaterThan(0);
      expect(await readDataset(store, 'sync-20261201T000000Z', 'big.users')).toEqual(records);
      expect(ticks).toBeGreaterThan(written);
    } finally {
      clearInterval(timer);
    }
  });
});
