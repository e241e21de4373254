/**
 * Counts what a sync reads from and writes to Forge storage, so the job record carries what its storage cost (the
 * admin page's schedule estimate reads it: src/sync/cost-model.ts estimateScheduleCosts) and how much of Forge's
 * per-installation throughput quota it takes. A value's size is its JSON text in UTF-8, as the benchmark counts it
 * (docs/benchmarks.md "Cost"); Forge bills KVS and the Custom Entity Store together, so finding entities are
 * counted too (as the finding is stored, compressed: their project rows are small and not counted). Units are
 * Forge's quota measure: each request's size rounded up to 10 KB, a batch being one request (key-value-store.ts
 * kvsUnits).
 */
import type { Finding } from '../findings/finding';
import { storedFindingBytes, type FindingStore } from './finding-store';
import { KVS_BATCH, batchesOf, kvsUnits, type KeyValueStore } from './key-value-store';
import { isPackedJson, packedJsonBytes } from './packed-json';

export interface StorageMeter {
  bytesRead: number;
  bytesWritten: number;
  /** Forge's 10-KB quota units (4,000 a minute per installation, for reads and for writes alike). */
  readUnits?: number;
  writeUnits?: number;
}

/** Adds what `from` counted to `into` (a step's own count onto its sync's). */
export function addMeter(into: StorageMeter, from: StorageMeter): void {
  into.bytesRead += from.bytesRead;
  into.bytesWritten += from.bytesWritten;
  if (from.readUnits !== undefined) into.readUnits = (into.readUnits ?? 0) + from.readUnits;
  if (from.writeUnits !== undefined) into.writeUnits = (into.writeUnits ?? 0) + from.writeUnits;
}

export function jsonBytes(value: unknown): number {
  // A compressed dataset chunk ({br: base64}, or {gzip} as stored before) is most of what a sync reads and writes: its
  // size is its text's length plus the key's framing (base64 needs no escaping), without copying a megabyte to
  // measure it.
  if (isPackedJson(value)) return packedJsonBytes(value);
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** One request that read `bytes`. */
function countRead(meter: StorageMeter, bytes: number): void {
  meter.bytesRead += bytes;
  meter.readUnits = (meter.readUnits ?? 0) + kvsUnits(bytes);
}

/** One request that wrote `bytes`. */
function countWrite(meter: StorageMeter, bytes: number): void {
  meter.bytesWritten += bytes;
  meter.writeUnits = (meter.writeUnits ?? 0) + kvsUnits(bytes);
}

export function meteredStore(store: KeyValueStore, meter: StorageMeter): KeyValueStore {
  const read = (bytes: number) => countRead(meter, bytes);
  const wrote = (bytes: number) => countWrite(meter, bytes);
  return {
    get: async <T>(key: string) => {
      const value = await store.get<T>(key);
      read(jsonBytes(value));
      return value;
    },
    set: async (key, value) => {
      await store.set(key, value);
      wrote(jsonBytes(value));
    },
    delete: async (key) => {
      await store.delete(key);
      wrote(0);
    },
    // Counted per batch as the adapter sends them (same grouping), each batch one request.
    setMany: async (entries) => {
      await store.setMany(entries);
      const sized = entries.map(([key, value]) => ({ bytes: jsonBytes(value), keyBytes: key.length }));
      for (const batch of batchesOf(sized, (s) => s.bytes + s.keyBytes)) wrote(batch.reduce((a, s) => a + s.bytes, 0));
    },
    getMany: async <T>(keys: readonly string[]) => {
      const values = await store.getMany<T>(keys);
      for (const batch of batchesOf(values, () => 0, KVS_BATCH.maxChunkGets)) read(batch.reduce((a, v) => a + jsonBytes(v), 0));
      return values;
    },
    deleteMany: async (keys) => {
      await store.deleteMany(keys);
      for (const _batch of batchesOf(keys, () => 0)) wrote(0);
    },
    getSecret: async (key) => {
      const value = await store.getSecret(key);
      read(jsonBytes(value));
      return value;
    },
    setSecret: async (key, value) => {
      await store.setSecret(key, value);
      wrote(jsonBytes(value));
    },
    deleteSecret: (key) => store.deleteSecret(key),
  };
}

/** Findings are counted as stored: packed (finding-store.ts storedFindingBytes), not as their JSON. */
export function meteredFindingStore(findings: FindingStore, meter: StorageMeter): FindingStore {
  // A listing reads a page (up to 100 entities) per request.
  const countPages = (listed: Finding[]) => {
    for (let i = 0; i < listed.length; i += 100) countRead(meter, listed.slice(i, i + 100).reduce((a, f) => a + storedFindingBytes(f), 0));
    return listed;
  };
  return {
    listAll: async () => countPages(await findings.listAll()),
    listEditedSince: async (since) => countPages(await findings.listEditedSince(since)),
    get: async (id) => {
      const finding = await findings.get(id);
      countRead(meter, finding ? storedFindingBytes(finding) : 0);
      return finding;
    },
    saveMany: async (many, previous, writer) => {
      await findings.saveMany(many, previous, writer);
      const sizes = many.map(storedFindingBytes);
      for (const batch of batchesOf(sizes, (size) => size)) countWrite(meter, batch.reduce((a, size) => a + size, 0));
    },
    deleteMany: (ids) => findings.deleteMany(ids),
  };
}
