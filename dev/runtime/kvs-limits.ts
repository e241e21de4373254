/**
 * Forge KVS / Custom Entity Store limits, as documented:
 * https://developer.atlassian.com/platform/forge/limits-kvs-ce/ and
 * https://developer.atlassian.com/platform/forge/storage-reference/handling-errors-kvs/ (400 + {code, message}).
 */
export const MAX_KEY_LENGTH = 500;
export const MAX_VALUE_BYTES = 240 * 1024;
export const MAX_DEPTH = 32;
export const MAX_BATCH_ITEMS = 25;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
export const MAX_TRANSACTION_OPS = 25;
export const DEFAULT_QUERY_LIMIT = 10;
export const MAX_QUERY_LIMIT = 20;
export const MAX_ENTITY_QUERY_LIMIT = 100;

const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw new KvsError(400, 'EMPTY_KEY', 'Key cannot be empty.');
  if (key.length > MAX_KEY_LENGTH) {
    throw new KvsError(400, 'KEY_TOO_LONG', `The provided key has exceeded the maximum ${MAX_KEY_LENGTH} characters.`);
  }
  if (!KEY_PATTERN.test(key)) {
    throw new KvsError(400, 'INVALID_KEY', `The provided key does not match the regex: ${KEY_PATTERN.source}`);
  }
  return key;
}

export function valueBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

export function checkValue(value: unknown): void {
  if (value === undefined) throw new KvsError(400, 'INVALID_VALUE', 'A value is required.');
  const bytes = valueBytes(value);
  if (bytes > MAX_VALUE_BYTES) {
    throw new KvsError(
      400,
      'MAX_SIZE',
      `The provided value has exceeded the maximum size limit (${bytes} bytes > ${MAX_VALUE_BYTES} bytes).`,
    );
  }
  if (depthOf(value) > MAX_DEPTH) {
    throw new KvsError(400, 'MAX_DEPTH', `The provided value has exceeded the maximum object depth (${MAX_DEPTH}) limit.`);
  }
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}
