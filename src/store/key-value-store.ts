/**
 * The storage port the core writes through. In Forge it is @forge/kvs (src/forge/adapters); in unit tests an
 * in-memory map. Secrets go through their own calls so they can only ever land in Forge's secret store.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Several values at once, in batches Forge accepts (KVS_BATCH): one request per batch instead of one per key.
   * Forge meters KVS throughput per request rounded up to 10 KB (4,000 such units a minute per installation), so
   * twenty-five small values in one batch cost a few units where twenty-five requests cost twenty-five.
   */
  setMany(entries: ReadonlyArray<readonly [key: string, value: unknown]>): Promise<void>;
  /** The values of these keys, in their order (undefined where a key holds nothing). */
  getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>>;
  deleteMany(keys: readonly string[]): Promise<void>;
  getSecret(key: string): Promise<string | undefined>;
  setSecret(key: string, value: string): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

/** Forge KVS refuses values over 240 KiB; chunks stay well below so a record growing a little never fails a write. */
export const MAX_CHUNK_BYTES = 200 * 1024;

/**
 * Forge's batch limits (https://developer.atlassian.com/platform/forge/limits-kvs-ce/): at most 25 keys and a 4 MB
 * payload per batchSet/batchGet/batchDelete. Batches here stay under 3.5 MB, leaving room for keys and framing; a
 * batch get asks for at most 16 chunks of MAX_CHUNK_BYTES (3.2 MB).
 */
export const KVS_BATCH = { maxItems: 25, maxBytes: 3.5 * 1024 * 1024, maxChunkGets: 16 } as const;

/** Forge meters KVS reads and writes per request, each rounded up to the next 10 KB (limits-kvs-ce). */
export const KVS_UNIT_BYTES = 10 * 1024;
/** Forge's per-installation quota: this many units a minute of reads, and as many of writes (limits-kvs-ce). */
export const KVS_UNITS_PER_MINUTE = 4000;
export const kvsUnits = (requestBytes: number): number => Math.max(1, Math.ceil(requestBytes / KVS_UNIT_BYTES));

/** Groups items into batches of at most `maxItems` and, by `sizeOf`, at most `maxBytes` (an item larger alone is a batch of one). */
export function batchesOf<T>(items: readonly T[], sizeOf: (item: T) => number, maxItems: number = KVS_BATCH.maxItems, maxBytes: number = KVS_BATCH.maxBytes): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The batch calls made one key at a time: for stores without a batch API (tests, the bench's read-only view). */
export function oneKeyAtATime(store: Pick<KeyValueStore, 'get' | 'set' | 'delete'>): Pick<KeyValueStore, 'setMany' | 'getMany' | 'deleteMany'> {
  return {
    setMany: async (entries) => {
      for (const [key, value] of entries) await store.set(key, value);
    },
    getMany: async <T>(keys: readonly string[]) => {
      const values: Array<T | undefined> = [];
      for (const key of keys) values.push(await store.get<T>(key));
      return values;
    },
    deleteMany: async (keys) => {
      for (const key of keys) await store.delete(key);
    },
  };
}
