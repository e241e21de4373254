import { gzipSync } from 'node:zlib';
import { jsonBytes } from '../../src/store/metered-store';

const stringified = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('jsonBytes', () => {
  it('measures a compressed chunk without stringifying it, to the byte', () => {
    const chunk = { gzip: gzipSync(Buffer.from(JSON.stringify([{ id: 'jira:identity:1', name: 'Zoë → Ops' }]))).toString('base64') };
    expect(jsonBytes(chunk)).toBe(stringified(chunk));
  });

  it('falls back to the JSON text for anything else, escapes and non-ASCII included', () => {
    for (const value of [{ gzip: 'not "base64" \u00e9\n' }, { gzip: 'QUJD', extra: 1 }, ['a', { b: 'é' }], 'text', 42, null]) {
      expect(jsonBytes(value)).toBe(stringified(value));
    }
    expect(jsonBytes(undefined)).toBe(0);
  });
});
