/**
 * What the bench divides evaluation by: JSON.parse of the snapshot a sync's build step evaluated, every dataset of
 * the sync materialised (base and deltas applied) and serialised as one JSON text each, as a plain store would hold
 * it. Timed in the store's process (kvs-process.ts), not the app's: materialising an L snapshot (430 MB of JSON) in
 * the app's process grew its heap between two syncs, and the next sync's invocations began with those pages.
 */
import { readDataset } from '../../src/store/dataset-store';
import { MAX_CHUNK_BYTES, batchesOf, oneKeyAtATime, type KeyValueStore } from '../../src/store/key-value-store';

export interface SnapshotParse {
  parseMs: number;
  datasetBytes: number;
  datasetKeys: number;
}

/** A store as the core's port, read-only: the bench reads what the app stored and never writes. */
export function readOnlyStore(read: (key: string) => Promise<unknown>): KeyValueStore {
  const get = async <T>(key: string): Promise<T | undefined> => (await read(key)) as T | undefined;
  const refuse = async () => {
    throw new Error('the bench reads the store only');
  };
  return { get, set: refuse, delete: refuse, ...oneKeyAtATime({ get, set: refuse, delete: refuse }), getSecret: async () => undefined, setSecret: refuse, deleteSecret: refuse };
}

export async function parseSnapshot(store: KeyValueStore, keys: readonly string[], syncId: string): Promise<SnapshotParse> {
  const prefix = `dataset:${syncId}:`;
  let parseMs = 0;
  let datasetBytes = 0;
  let datasetKeys = 0;
  for (const key of keys.filter((k) => k.startsWith(prefix))) {
    const records = (await readDataset(store, syncId, key.slice(prefix.length))) ?? [];
    datasetKeys++;
    // In texts of at most a KVS value each: one text of an L-size dataset would pass V8's string limit.
    const texts = records.map((record) => JSON.stringify(record) ?? 'null');
    for (const chunk of batchesOf(texts, (text) => Buffer.byteLength(text) + 1, Number.POSITIVE_INFINITY, MAX_CHUNK_BYTES - 2)) {
      const text = `[${chunk.join(',')}]`;
      datasetBytes += Buffer.byteLength(text);
      const t0 = performance.now();
      JSON.parse(text);
      parseMs += performance.now() - t0;
    }
  }
  return { parseMs: Math.round(parseMs * 10) / 10, datasetBytes, datasetKeys };
}
