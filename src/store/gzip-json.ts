/**
 * JSON text stored gzip-compressed, in base64 (`{ gzip }`): dataset chunks (docs/decisions/0014-compressed-dataset-
 * chunks.md) and finding details (docs/decisions/0015-compressed-finding-details.md). Forge bills and meters storage
 * by the bytes of each request, and JSON records that repeat their field names and ids shrink five to twelve times.
 */
import { gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';

export interface GzipJson {
  gzip: string;
}

/** Level 1: a fifth of level 6's time for 5-10% more bytes; a sync compresses hundreds of MB at size L. */
const GZIP_LEVEL = zlibConstants.Z_BEST_SPEED;

export function gzipJson(json: string): GzipJson {
  return { gzip: gzipSync(Buffer.from(json, 'utf8'), { level: GZIP_LEVEL }).toString('base64') };
}

/** The JSON text's bytes, for a reader that slices records out of it. */
export function gunzipBytes(value: GzipJson): Buffer {
  return gunzipSync(Buffer.from(value.gzip, 'base64'));
}

export function gunzipJson<T>(value: GzipJson): T {
  return JSON.parse(gunzipBytes(value).toString('utf8')) as T;
}

/** Its size as stored: the base64 text and the 11 bytes of `{"gzip":""}` (base64 needs no escaping). */
export function gzipJsonBytes(value: GzipJson): number {
  return value.gzip.length + 11;
}
