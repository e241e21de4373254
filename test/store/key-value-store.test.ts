import { KVS_BATCH, batchesOf, kvsUnits } from '../../src/store/key-value-store';
import { meteredFindingStore, meteredStore, type StorageMeter } from '../../src/store/metered-store';
import { memoryFindingStore } from '../../src/store/finding-store';
import { memoryStore } from '../support/memory-store';
import type { Finding } from '../../src/findings/finding';

/** A stored finding of about 1 KB: only its size matters here. */
const finding = (id: string): Finding =>
  ({ id, check: 'dormant_authority', title: 't', severity: 'high', status: 'open', subject: { id: `sp-${id}`, kind: 'identity', name: id }, summary: 'x'.repeat(900), chain: [], chainNodes: [], evidence: [], projectKeys: [], identityFields: [], firstSeenAt: '2026-11-01T00:00:00.000Z', lastSeenAt: '2026-11-19T00:00:00.000Z', intervals: [], fingerprint: `fp-${id}` }) as unknown as Finding;

describe('batchesOf', () => {
  it('keeps to 25 items and to the byte bound, and puts an item larger than the bound in a batch of its own', () => {
    const sizes = [...Array.from({ length: 30 }, () => 10), 5_000, 10];
    const batches = batchesOf(sizes, (size) => size, KVS_BATCH.maxItems, 1_000);
    expect(batches.map((b) => b.length)).toEqual([25, 5, 1, 1]);
    expect(batches.flat()).toEqual(sizes);
    expect(batchesOf([], () => 1)).toEqual([]);
  });
});

describe('Forge quota units', () => {
  it('rounds every request up to the next 10 KB, an empty one counting as one', () => {
    expect([kvsUnits(0), kvsUnits(10 * 1024), kvsUnits(10 * 1024 + 1), kvsUnits(65 * 1024)]).toEqual([1, 1, 2, 7]);
  });

  it('counts a batch of small values as one request, where one write per value costs a unit each', async () => {
    const entries = Array.from({ length: 25 }, (_, i) => [`k${i}`, { i, pad: 'x'.repeat(100) }] as const);
    const batched: StorageMeter = { bytesRead: 0, bytesWritten: 0 };
    await meteredStore(memoryStore(), batched).setMany(entries);
    const single: StorageMeter = { bytesRead: 0, bytesWritten: 0 };
    const store = meteredStore(memoryStore(), single);
    for (const [key, value] of entries) await store.set(key, value);
    expect(batched.bytesWritten).toBe(single.bytesWritten);
    expect(batched.writeUnits).toBe(1);
    expect(single.writeUnits).toBe(25);
    const read: StorageMeter = { bytesRead: 0, bytesWritten: 0 };
    const backing = memoryStore();
    await backing.setMany(entries);
    expect(await meteredStore(backing, read).getMany(['k0', 'missing', 'k24'])).toEqual([entries[0]?.[1], undefined, entries[24]?.[1]]);
    expect(read.readUnits).toBe(1);
  });

  it('counts findings saved together in batches of 25', async () => {
    const meter: StorageMeter = { bytesRead: 0, bytesWritten: 0 };
    const findings = Array.from({ length: 30 }, (_, i) => finding(`f-${i}`));
    await meteredFindingStore(memoryFindingStore(), meter).saveMany(findings);
    expect(meter.writeUnits).toBeGreaterThanOrEqual(2);
    expect(meter.writeUnits).toBeLessThan(30);
  });
});
