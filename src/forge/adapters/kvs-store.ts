import { kvs } from '@forge/kvs';
import type { KeyValueStore } from '../../store/key-value-store';

/** The core's storage port on Forge KVS (https://developer.atlassian.com/platform/forge/storage-reference/). */
export const kvsStore: KeyValueStore = {
  get: <T>(key: string) => kvs.get<T>(key),
  set: (key, value) => kvs.set(key, value),
  delete: (key) => kvs.delete(key),
  getSecret: (key) => kvs.getSecret<string>(key),
  setSecret: (key, value) => kvs.setSecret(key, value),
  deleteSecret: (key) => kvs.deleteSecret(key),
};
