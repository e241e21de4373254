import { kvs } from '@forge/kvs';
import type { KeyValueStore } from '../../store/key-value-store';

/** The core's storage port on Forge KVS (https://developer.atlassian.com/platform/forge/storage-reference/). */
export const kvsStore: KeyValueStore = {
  get: <T>(key: string) => kvs.get<T>(key),
  // Forge's error says how large the value was but not which: the key goes with it, so a failed step says what grew.
  set: async (key, value) => {
    try {
      await kvs.set(key, value);
    } catch (error) {
      throw new Error(`Storing "${key}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  },
  delete: (key) => kvs.delete(key),
  getSecret: (key) => kvs.getSecret<string>(key),
  setSecret: (key, value) => kvs.setSecret(key, value),
  deleteSecret: (key) => kvs.deleteSecret(key),
};
