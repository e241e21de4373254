import { oneKeyAtATime, type KeyValueStore } from '../../src/store/key-value-store';

/** An in-memory KeyValueStore for unit tests; `data` shows what was stored (values are copied, as KVS would). */
export function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const base = {
    get: async <T>(key: string) => data.get(key) as T | undefined,
    set: async (key: string, value: unknown) => void data.set(key, structuredClone(value)),
    delete: async (key: string) => void data.delete(key),
  };
  return {
    data,
    ...base,
    ...oneKeyAtATime(base),
    getSecret: async () => undefined,
    setSecret: async () => undefined,
    deleteSecret: async () => undefined,
  };
}
