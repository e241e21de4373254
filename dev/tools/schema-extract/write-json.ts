import * as fs from 'node:fs';
import { isRecord } from './untyped-tree';

/** Object keys sorted at every level, so a regenerated file differs only where the spec changed. Arrays keep their order. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeysDeep(value[key])]));
}

export function writeSortedJson(file: string, value: unknown): number {
  const text = `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
  fs.writeFileSync(file, text);
  return Buffer.byteLength(text);
}
