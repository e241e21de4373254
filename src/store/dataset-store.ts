/**
 * What a sync read, stored per dataset as size-bounded chunks under one sync id:
 *   dataset:<syncId>:<name>       -> { count, chunks }
 *   dataset:<syncId>:<name>:<i>   -> records[]
 * A reader sees a dataset only once its index exists, and the index is written last, so a crash mid-write
 * never exposes half a dataset.
 */
import { AppError } from '../shared/errors';
import { MAX_CHUNK_BYTES, type KeyValueStore } from './key-value-store';

interface DatasetIndex {
  count: number;
  chunks: number;
}

const indexKey = (syncId: string, name: string) => `dataset:${syncId}:${name}`;
const chunkKey = (syncId: string, name: string, index: number) => `dataset:${syncId}:${name}:${index}`;

export function chunkBySize<T>(records: readonly T[], maxBytes: number = MAX_CHUNK_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const record of records) {
    const recordSize = Buffer.byteLength(JSON.stringify(record), 'utf8') + 1;
    if (recordSize + 2 > maxBytes) {
      throw new AppError('INVALID_INPUT', `A single record of ${recordSize} bytes exceeds the ${maxBytes}-byte storage chunk`, {
        bytes: recordSize,
      });
    }
    if (size + recordSize > maxBytes && current.length > 0) {
      chunks.push(current);
      current = [];
      size = 2;
    }
    current.push(record);
    size += recordSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export async function writeDataset<T>(store: KeyValueStore, syncId: string, name: string, records: readonly T[]): Promise<void> {
  const chunks = chunkBySize(records);
  for (const [i, chunk] of chunks.entries()) await store.set(chunkKey(syncId, name, i), chunk);
  const index: DatasetIndex = { count: records.length, chunks: chunks.length };
  await store.set(indexKey(syncId, name), index);
}

export async function readDataset<T>(store: KeyValueStore, syncId: string, name: string): Promise<T[] | undefined> {
  const index = await store.get<DatasetIndex>(indexKey(syncId, name));
  if (!index) return undefined;
  const records: T[] = [];
  for (let i = 0; i < index.chunks; i++) {
    const chunk = await store.get<T[]>(chunkKey(syncId, name, i));
    if (!chunk) throw new AppError('NOT_FOUND', `Dataset ${name} of sync ${syncId} is missing chunk ${i}`, { syncId, name, chunk: i });
    records.push(...chunk);
  }
  return records;
}
