/**
 * Counts the bytes a sync reads from and writes to Forge storage, so the job record carries what its storage cost
 * (the admin page's schedule estimate reads it: src/sync/cost-model.ts estimateScheduleCosts). A value's size is
 * its JSON text in UTF-8, as the benchmark counts it (docs/benchmarks.md "Cost"); Forge bills KVS and the Custom
 * Entity Store together, so finding entities are counted too (as the finding's JSON: their project rows are small
 * and not counted). Values are at most a 240 KiB chunk each, so sizing one at a time stays cheap.
 */
import type { FindingStore } from './finding-store';
import type { KeyValueStore } from './key-value-store';

export interface StorageMeter {
  bytesRead: number;
  bytesWritten: number;
}

export function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
}

export function meteredStore(store: KeyValueStore, meter: StorageMeter): KeyValueStore {
  return {
    get: async <T>(key: string) => {
      const value = await store.get<T>(key);
      meter.bytesRead += jsonBytes(value);
      return value;
    },
    set: async (key, value) => {
      await store.set(key, value);
      meter.bytesWritten += jsonBytes(value);
    },
    delete: (key) => store.delete(key),
    getSecret: async (key) => {
      const value = await store.getSecret(key);
      meter.bytesRead += jsonBytes(value);
      return value;
    },
    setSecret: async (key, value) => {
      await store.setSecret(key, value);
      meter.bytesWritten += jsonBytes(value);
    },
    deleteSecret: (key) => store.deleteSecret(key),
  };
}

export function meteredFindingStore(findings: FindingStore, meter: StorageMeter): FindingStore {
  return {
    listAll: async () => {
      const all = await findings.listAll();
      for (const finding of all) meter.bytesRead += jsonBytes(finding);
      return all;
    },
    get: async (id) => {
      const finding = await findings.get(id);
      meter.bytesRead += jsonBytes(finding);
      return finding;
    },
    saveMany: async (many) => {
      await findings.saveMany(many);
      for (const finding of many) meter.bytesWritten += jsonBytes(finding);
    },
    deleteMany: (ids) => findings.deleteMany(ids),
  };
}
