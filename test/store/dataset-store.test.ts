import { chunkBySize, readDataset, writeDataset } from '../../src/store/dataset-store';
import type { KeyValueStore } from '../../src/store/key-value-store';

function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(key: string) => data.get(key) as T | undefined,
    set: async (key, value) => void data.set(key, structuredClone(value)),
    delete: async (key) => void data.delete(key),
    getSecret: async () => undefined,
    setSecret: async () => undefined,
    deleteSecret: async () => undefined,
  };
}

describe('chunkBySize', () => {
  it('keeps every chunk under the byte limit and every record', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({ i, pad: 'x'.repeat(90) }));
    const chunks = chunkBySize(records, 1000);
    expect(chunks.flat()).toEqual(records);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThanOrEqual(1000);
  });

  it('refuses a single record larger than a chunk', () => {
    expect(() => chunkBySize([{ pad: 'x'.repeat(2000) }], 1000)).toThrow(/exceeds the 1000-byte storage chunk/);
  });
});

describe('writeDataset / readDataset', () => {
  it('round-trips a dataset larger than one KVS value', async () => {
    const store = memoryStore();
    const records = Array.from({ length: 3000 }, (_, i) => ({ id: `sp-${i}`, displayName: `App ${i}`, pad: 'y'.repeat(100) }));
    await writeDataset(store, 'sync-1', 'entra.sps', records);
    expect([...store.data.keys()].filter((k) => k.startsWith('dataset:sync-1:entra.sps:')).length).toBeGreaterThan(1);
    expect(await readDataset(store, 'sync-1', 'entra.sps')).toEqual(records);
  });

  it('reads nothing for a dataset whose index was never written', async () => {
    expect(await readDataset(memoryStore(), 'sync-x', 'jira.projects')).toBeUndefined();
  });
});
