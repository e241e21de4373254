/**
 * The storage port the core writes through. In Forge it is @forge/kvs (src/forge/adapters); in unit tests an
 * in-memory map. Secrets go through their own calls so they can only ever land in Forge's secret store.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  getSecret(key: string): Promise<string | undefined>;
  setSecret(key: string, value: string): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

/** Forge KVS refuses values over 240 KiB; chunks stay well below so a record growing a little never fails a write. */
export const MAX_CHUNK_BYTES = 200 * 1024;
