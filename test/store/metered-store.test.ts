import { gzipSync } from 'node:zlib';
import type { Finding } from '../../src/findings/finding';
import { memoryFindingStore, packFindingDetails, unpackFindingDetails } from '../../src/store/finding-store';
import { jsonBytes, meteredFindingStore, type StorageMeter } from '../../src/store/metered-store';
import { packJson } from '../../src/store/packed-json';

const stringified = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('jsonBytes', () => {
  it('measures a compressed chunk without stringifying it, to the byte, Brotli or gzip as stored before', () => {
    const json = JSON.stringify([{ id: 'jira:identity:1', name: 'Zoë → Ops' }]);
    for (const chunk of [packJson(json), { gzip: gzipSync(Buffer.from(json)).toString('base64') }]) expect(jsonBytes(chunk)).toBe(stringified(chunk));
  });

  it('falls back to the JSON text for anything else, escapes and non-ASCII included', () => {
    for (const value of [{ gzip: 'not "base64" \u00e9\n' }, { br: 'not "base64"' }, { gzip: 'QUJD', extra: 1 }, { br: 'QUJD', gzip: 'QUJD' }, { br: 42 }, ['a', { b: 'é' }], 'text', 42, null]) {
      expect(jsonBytes(value)).toBe(stringified(value));
    }
    expect(jsonBytes(undefined)).toBe(0);
  });
});

describe('findings as stored', () => {
  const finding = (id: string): Finding => ({
    id,
    check: 'reachable_sensitive_domain',
    title: 'A non-human identity reaches sensitive data beyond its audience',
    severity: 'HIGH',
    status: 'open',
    subject: { id: 'entra:identity:t/sp-1', kind: 'identity', name: 'Mail reader' },
    summary: 'Mail reader can reach every mailbox.',
    chain: ['entra:identity:t/sp-1', 'entra:permission:t/graph/Mail.Read'],
    chainNodes: [],
    // The same ids spelt again and again, as a finding's evidence does.
    evidence: Array.from({ length: 40 }, (_, i) => ({ class: 'structural_authority' as const, text: `Mail reader reaches mailbox ${i} via 2 hops`, nodeIds: ['entra:identity:t/sp-1', 'entra:permission:t/graph/Mail.Read', `m365:resource:mailbox/${i}`] })),
    projectKeys: [],
    identityFields: [],
    firstSeenAt: '2026-12-01T00:00:00.000Z',
    lastSeenAt: '2026-12-07T00:00:00.000Z',
    intervals: [{ openedAt: '2026-12-01T00:00:00.000Z' }],
    fingerprint: 'f'.repeat(32),
  });

  it('packs a finding and reads it back equal; a finding stored gzip-packed or before packing reads as it is', () => {
    const original = finding('f-1');
    const packed = packFindingDetails(original);
    expect(Object.keys(packed)).toEqual(['br']);
    expect(unpackFindingDetails(packed)).toEqual(original);
    expect(unpackFindingDetails({ gzip: gzipSync(Buffer.from(JSON.stringify(original))).toString('base64') })).toEqual(original);
    expect(unpackFindingDetails(original)).toBe(original);
  });

  it('counts a finding by its packed size, not its JSON', async () => {
    const meter: StorageMeter = { bytesRead: 0, bytesWritten: 0 };
    const findings = meteredFindingStore(memoryFindingStore(), meter);
    const many = [finding('f-1'), finding('f-2')];
    await findings.saveMany(many);
    const packed = many.map((f) => JSON.stringify(packFindingDetails(f)).length).reduce((a, b) => a + b, 0);
    expect(meter.bytesWritten).toBe(packed);
    expect(meter.bytesWritten).toBeLessThan(JSON.stringify(many).length / 3);
    await findings.listAll();
    expect(meter.bytesRead).toBe(packed);
  });
});
