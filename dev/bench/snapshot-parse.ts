/**
 * What the bench divides evaluation by: JSON.parse of the snapshot a sync's build step evaluated, every dataset of
 * the sync materialised (base and deltas applied) and serialised as one JSON text each, as a plain store would hold
 * it; the fastest of three passes over each dataset counts.
 *
 * Timed in a process of its own, forked per sync with the app's heap flags, reading the store over loopback as the
 * app does. In the app's process, materialising an L snapshot (430 MB of JSON) between two syncs grew its heap, and
 * the next sync's invocations began with those pages; the store's process has other heap flags, under which
 * JSON.parse's allocations are collected differently.
 *
 *   tsx dev/bench/snapshot-parse.ts   (forked by run.ts; one IPC request { op: 'parse', kvsUrl, syncId })
 */
import { readDataset } from '../../src/store/dataset-store';
import { MAX_CHUNK_BYTES, batchesOf, oneKeyAtATime, type KeyValueStore } from '../../src/store/key-value-store';
import { RemoteKvs } from './kvs-process';

/** Passes over each dataset's texts; the fastest counts. */
const PASSES = 3;

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
    const texts = batchesOf(records.map((record) => JSON.stringify(record) ?? 'null'), (text) => Buffer.byteLength(text) + 1, Number.POSITIVE_INFINITY, MAX_CHUNK_BYTES - 2).map((chunk) => `[${chunk.join(',')}]`);
    for (const text of texts) datasetBytes += Buffer.byteLength(text);
    // The fastest of a few passes: a pass is JSON.parse alone (no JIT to warm), and what moves it from pass to pass
    // is when the heap is collected; the fastest is the strictest yardstick for evaluation.
    let fastest = Number.POSITIVE_INFINITY;
    for (let pass = 0; pass < PASSES; pass++) {
      const t0 = performance.now();
      for (const text of texts) JSON.parse(text);
      fastest = Math.min(fastest, performance.now() - t0);
    }
    parseMs += fastest;
  }
  return { parseMs: Math.round(parseMs * 10) / 10, datasetBytes, datasetKeys };
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('usage: snapshot-parse.ts (forked with IPC)');
  process.on('message', (message: { id: number; op: string; kvsUrl?: string; syncId?: string }) => {
    if (message.op === 'close') {
      // Exit once the reply is sent, or the parent waits for a reply that was never flushed.
      process.send?.({ type: 'reply', id: message.id, result: null }, () => process.exit(0));
      return;
    }
    if (message.op !== 'parse' || !message.kvsUrl || !message.syncId) return;
    const kvs = new RemoteKvs(message.kvsUrl);
    const store = readOnlyStore(async (key) => {
      const result = await kvs.handle('/api/v1/get', { key });
      return result.status === 200 ? (result.body as { value: unknown }).value : undefined;
    });
    const syncId = message.syncId;
    kvs
      .keys()
      .then((keys) => parseSnapshot(store, keys, syncId))
      .then(
        (result) => process.send?.({ type: 'reply', id: message.id, result }),
        (error: unknown) => process.send?.({ type: 'reply', id: message.id, error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => kvs.close());
  });
  process.send({ type: 'ready' });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`snapshot-parse process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
