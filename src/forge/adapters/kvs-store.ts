import { kvs } from '@forge/kvs';
import { KVS_BATCH, batchesOf, type KeyValueStore } from '../../store/key-value-store';

/**
 * Forge KVS answers 429 RATE_LIMIT_EXCEEDED past an installation's quota (1,000 requests a second; 4,000 10-KB
 * units a minute of reads and of writes: https://developer.atlassian.com/platform/forge/limits-kvs-ce/). The quota
 * is a minute's, so the wait grows to most of one before the call is given up and the step's retry takes over.
 */
const RATE_LIMIT_WAITS_MS = [1_000, 4_000, 15_000, 30_000];

function isRateLimited(error: unknown): boolean {
  const e = error as { code?: unknown; responseDetails?: { status?: unknown } } | undefined;
  return e?.code === 'RATE_LIMIT_EXCEEDED' || e?.responseDetails?.status === 429;
}

export async function withKvsBackoff<T>(call: () => Promise<T>, sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const wait = RATE_LIMIT_WAITS_MS[attempt];
      if (!isRateLimited(error) || wait === undefined) throw error;
      await sleep(wait);
    }
  }
}

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/** A batch item Forge refused: the key and Forge's code, never the value. */
function refused(what: string, failed: ReadonlyArray<{ key: string; error?: { code?: string; message?: string } }>): Error {
  const first = failed[0];
  return new Error(`${what} refused ${failed.length} key(s); the first, "${first?.key ?? ''}": ${first?.error?.code ?? ''} ${first?.error?.message ?? ''}`.trim());
}

interface Item {
  key: string;
  entityName?: string;
}
const itemId = (item: Item) => `${item.entityName ?? ''}/${item.key}`;

/**
 * Sets plain values or entities in batches Forge accepts. A batch can succeed in part: what Forge throttled is
 * retried after a wait, anything else it refused is named in the error. Forge refuses a whole batch that names a
 * key twice, so a key written twice keeps its last value.
 */
export async function batchSetItems(items: ReadonlyArray<Item & { value: unknown }>): Promise<void> {
  const latest = [...new Map(items.map((item) => [itemId(item), item] as const)).values()];
  for (const batch of batchesOf(latest, (item) => item.key.length + jsonBytes(item.value))) {
    let pending = batch;
    for (let round = 0; pending.length > 0; round++) {
      const result = await withKvsBackoff(() => kvs.batchSet(pending));
      if (result.failedKeys.length === 0) break;
      const wait = RATE_LIMIT_WAITS_MS[round];
      if (wait === undefined || !result.failedKeys.every((f) => f.error?.code === 'RATE_LIMIT_EXCEEDED')) throw refused('Storing a batch', result.failedKeys);
      const retry = new Set(result.failedKeys.map(itemId));
      pending = pending.filter((item) => retry.has(itemId(item)));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** Values by item id (`entityName/key`); a missing key is simply absent. */
export async function batchGetItems<T>(items: readonly Item[]): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const unique = [...new Map(items.map((item) => [itemId(item), item] as const)).values()];
  for (const batch of batchesOf(unique, () => 0, KVS_BATCH.maxChunkGets)) {
    const result = await withKvsBackoff(() => kvs.batchGet<T>(batch));
    const failed = result.failedKeys.filter((f) => f.error?.code !== 'KEY_NOT_FOUND');
    if (failed.length > 0) throw refused('Reading a batch', failed);
    for (const item of result.successfulKeys) found.set(itemId(item), item.value);
  }
  return found;
}

export async function batchDeleteItems(items: readonly Item[]): Promise<void> {
  const unique = [...new Map(items.map((item) => [itemId(item), item] as const)).values()];
  for (const batch of batchesOf(unique, () => 0)) {
    const result = await withKvsBackoff(() => kvs.batchDelete(batch));
    // Deleting what is already gone (a repeat after a crash) is done, not an error.
    const failed = result.failedKeys.filter((f) => f.error?.code !== 'KEY_NOT_FOUND');
    if (failed.length > 0) throw refused('Deleting a batch', failed);
  }
}

export const entityItemId = itemId;

/** The core's storage port on Forge KVS (https://developer.atlassian.com/platform/forge/storage-reference/). */
export const kvsStore: KeyValueStore = {
  get: <T>(key: string) => withKvsBackoff(() => kvs.get<T>(key)),
  // Forge's error says how large the value was but not which: the key goes with it, so a failed step says what grew.
  set: async (key, value) => {
    try {
      await withKvsBackoff(() => kvs.set(key, value));
    } catch (error) {
      throw new Error(`Storing "${key}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  },
  delete: (key) => withKvsBackoff(() => kvs.delete(key)),
  setMany: (entries) => batchSetItems(entries.map(([key, value]) => ({ key, value }))),
  getMany: async <T>(keys: readonly string[]) => {
    const found = await batchGetItems<T>(keys.map((key) => ({ key })));
    return keys.map((key) => found.get(itemId({ key })));
  },
  deleteMany: (keys) => batchDeleteItems(keys.map((key) => ({ key }))),
  getSecret: (key) => withKvsBackoff(() => kvs.getSecret<string>(key)),
  setSecret: (key, value) => withKvsBackoff(() => kvs.setSecret(key, value)),
  deleteSecret: (key) => withKvsBackoff(() => kvs.deleteSecret(key)),
};
