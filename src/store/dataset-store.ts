/**
 * What a sync read and derived, stored per dataset so that a resync writes what changed, not everything again.
 *
 *   dataset:<scope>:<name>        -> index { count, parts: [{ id, kind, chunks }] }
 *   dspart:<lineage>:<id>:<i>     -> one size-bounded chunk of a part, compressed (packChunks)
 *   dshead:<lineage>              -> the index last written in this lineage (what the next write diffs against)
 *   datasets:retained             -> the sync scopes whose datasets are kept, with how many pages of names each has
 *   datasets:retained:<scope>:<p> -> page p of the names that scope wrote, RETAINED_PAGE_SIZE at most, appended to:
 *                                    a sync writes a hundred datasets or more, and one list rewritten on each would
 *                                    cost the square of that in bytes written (a resync that changed nothing wrote
 *                                    more than a full sync)
 *
 * A part is immutable once written. A `base` part holds the records; a `delta` part holds segments against the
 * version before it: `[start, length]` copies a run of the previous version's records, `{ r: record }` is a new
 * one. A dataset is its base followed by its deltas, applied in order; order is kept exactly. A write diffs the
 * records against the lineage's head and stores a delta when it is small, else a new base (the first write, a
 * large change, or a chain long enough that reads would slow down). A base of more than one chunk carries a
 * `hashes` part (one short hash per record): the next write diffs against those and the deltas since, so a resync
 * reads a few percent of a changed dataset to write it, not all of it.
 *
 * A lineage is the dataset name for sync scopes (so sync N+1 diffs against sync N) and scope#name for the others
 * (uploads, state), which are rewritten in place. A reader sees a dataset only once its index exists, and the
 * index is written last, so a crash mid-write never exposes half a dataset.
 * Decision: docs/decisions/0005-delta-datasets.md.
 */
import { createHash, hash as sha } from 'node:crypto';
import { AppError } from '../shared/errors';
import { MAX_CHUNK_BYTES, type KeyValueStore } from './key-value-store';
import { packJson, packedJsonBytes, unpackBytes, unpackJson, type PackedJson } from './packed-json';

interface PartRef {
  id: string;
  /** `hashes`: the base's record hashes (recordHashes), what the next write diffs against without reading the records. */
  kind: 'base' | 'delta' | 'hashes';
  chunks: number;
  bytes: number;
}

interface DatasetIndex {
  count: number;
  /** Legacy indexes (before parts) keep their chunks under dataset:<scope>:<name>:<i>. */
  chunks?: number;
  parts?: PartRef[];
  /** sha-256 of the records' JSON texts: an identical rewrite points at the same parts instead of diffing. */
  digest?: string;
}

interface Head {
  scope: string;
  seq: number;
}

/** datasets:retained as stored: a scope's names inline (as written before the pages), or in `pages` pages. */
interface RetainedEntry {
  scope: string;
  names?: string[];
  pages?: number;
}

type Segment = [number, number] | { r: unknown };

/** A new base once the deltas since the last one reach this share of its size, or this many parts. */
const REBASE_DELTA_SHARE = 0.5;
const MAX_CHAIN = 30;
const RETAINED_KEY = 'datasets:retained';
const RETAINED_PAGE_SIZE = 25;
const retainedPageKey = (scope: string, page: number) => `${RETAINED_KEY}:${scope}:${page}`;

const indexKey = (scope: string, name: string) => `dataset:${scope}:${name}`;
const legacyChunkKey = (scope: string, name: string, index: number) => `dataset:${scope}:${name}:${index}`;
const isSyncScope = (scope: string) => scope.startsWith('sync-');
const lineageOf = (scope: string, name: string) => (isSyncScope(scope) ? name : `${scope}#${name}`);
const headKey = (lineage: string) => `dshead:${lineage}`;
const partChunkKey = (lineage: string, partId: string, index: number) => `dspart:${lineage}:${partId}:${index}`;

/**
 * The segments that turn `before` into `after` (records as their texts or hashes): runs of records found in `before`
 * become copies, the rest literals. Linear: a record is looked up by its text, and a run continues while the next
 * record of `after` is the next one of `before`.
 */
export function deltaSegments(before: readonly string[], after: readonly string[]): Array<[number, number] | { literal: number }> {
  // Each record's earliest occurrence not yet started from, and the later ones (stacked last-first) only for the
  // few records that repeat: a list per record was 400,000 small arrays for an L snapshot, about 20 MB.
  const first = new Map<string, number>();
  const later = new Map<string, number[]>();
  for (let i = before.length - 1; i >= 0; i--) {
    const text = before[i] as string;
    const next = first.get(text);
    if (next !== undefined) {
      const list = later.get(text);
      if (list) list.push(next);
      else later.set(text, [next]);
    }
    first.set(text, i);
  }
  const take = (text: string): number | undefined => {
    const at = first.get(text);
    if (at === undefined) return undefined;
    const next = later.get(text)?.pop();
    if (next === undefined) first.delete(text);
    else first.set(text, next);
    return at;
  };
  const segments: Array<[number, number] | { literal: number }> = [];
  let run: [number, number] | undefined;
  for (const [j, text] of after.entries()) {
    if (run && before[run[0] + run[1]] === text) {
      run[1]++;
      continue;
    }
    const at = take(text);
    if (at !== undefined) {
      run = [at, 1];
      segments.push(run);
    } else {
      run = undefined;
      segments.push({ literal: j });
    }
  }
  return segments;
}

/**
 * A chunk as stored: base and delta chunks are their records' JSON array compressed, in base64 (`{ br }`, or
 * `{ gzip }` as written before: packed-json.ts); hashes chunks, and chunks written before compression, are the plain
 * array. Forge bills KVS by the bytes read and
 * written and meters its throughput in 10 KB units, and JSON records shrink five to twelve times: a sync's datasets
 * cost that much less to write and to read back (docs/decisions/0014-compressed-dataset-chunks.md).
 */
type StoredChunk<T> = T[] | PackedJson;

/** Records per chunk before compression: enough that the compressed chunk is usually near, but under, MAX_CHUNK_BYTES. */
export const RAW_CHUNK_BYTES = 768 * 1024;

function unpackChunk<T>(chunk: StoredChunk<T>): T[] {
  if (Array.isArray(chunk)) return chunk;
  return unpackJson<T[]>(chunk);
}

/**
 * Packs records' JSON texts into compressed chunks as they arrive: runs of up to `rawChunkBytes` of records, each run
 * halved until its compressed form fits one stored value (records that compress badly end in smaller chunks). Only
 * the current run is held as text; the rest is held compressed, five to twelve times smaller, so a writer streaming
 * a large read model never holds it whole as text (at 140,000 people the access review alone is over 100 MB of it).
 * The position of each chunk's first record is kept, so a record's text can be read back from its chunk (textsAt).
 */
class ChunkPacker {
  readonly chunks: Array<StoredChunk<unknown>> = [];
  /** The position of each chunk's first record. */
  private readonly firsts: number[] = [];
  private run: string[] = [];
  private runBytes = 0;
  private count = 0;

  constructor(
    private readonly rawChunkBytes: number = RAW_CHUNK_BYTES,
    private readonly maxStoredBytes: number = MAX_CHUNK_BYTES,
  ) {}

  /** Adds one record (its text and UTF-8 size); true when that closed a run, so a caller may yield. */
  add(text: string, size: number): boolean {
    if (size + 2 > this.maxStoredBytes) {
      throw new AppError('INVALID_INPUT', `A single record of ${size} bytes exceeds the ${this.maxStoredBytes}-byte storage chunk`, { bytes: size });
    }
    let closed = false;
    if (this.run.length > 0 && this.runBytes + size + 1 > this.rawChunkBytes - 2) {
      this.flush();
      closed = true;
    }
    this.run.push(text);
    this.runBytes += size + 1;
    this.count++;
    return closed;
  }

  /** Compresses the run held as text; call once the last record is added. */
  flush(): void {
    if (this.run.length > 0) this.pack(this.run, this.count - this.run.length);
    this.run = [];
    this.runBytes = 0;
  }

  private pack(run: readonly string[], first: number): void {
    const json = `[${run.join(',')}]`;
    const packed = packJson(json);
    // A lone record that does not compress (base64 adds a third) is stored as it is: it fits, being under the limit
    // checked in add.
    const fits = packedJsonBytes(packed) <= this.maxStoredBytes;
    if (fits || run.length === 1) {
      this.chunks.push(fits ? packed : (JSON.parse(json) as unknown[]));
      this.firsts.push(first);
      return;
    }
    const half = Math.ceil(run.length / 2);
    this.pack(run.slice(0, half), first);
    this.pack(run.slice(half), first + half);
  }

  /**
   * The texts of the records at `positions` (ascending), read back from their chunks one chunk at a time: a
   * compressed chunk is `[` and its records' texts joined by commas, so with each record's size a text is a slice.
   */
  textsAt(positions: readonly number[], sizes: ArrayLike<number>): Map<number, string> {
    const texts = new Map<number, string>();
    let c = 0;
    let at = 0;
    while (at < positions.length) {
      const position = positions[at] as number;
      while (c + 1 < this.firsts.length && (this.firsts[c + 1] as number) <= position) c++;
      const chunk = this.chunks[c] as StoredChunk<unknown>;
      const next = c + 1 < this.firsts.length ? (this.firsts[c + 1] as number) : this.count;
      if (Array.isArray(chunk)) {
        texts.set(position, JSON.stringify(chunk[0]) ?? 'null');
        at++;
        continue;
      }
      const raw = unpackBytes(chunk);
      let offset = 1;
      let record = this.firsts[c] as number;
      for (; at < positions.length && (positions[at] as number) < next; at++) {
        const wanted = positions[at] as number;
        for (; record < wanted; record++) offset += (sizes[record] as number) + 1;
        texts.set(wanted, raw.toString('utf8', offset, offset + (sizes[wanted] as number)));
      }
    }
    return texts;
  }
}

/** The chunks of `texts` (each record's JSON), compressed as ChunkPacker packs them. */
export function packChunks(texts: readonly string[], sizes: readonly number[], rawChunkBytes: number = RAW_CHUNK_BYTES, maxStoredBytes: number = MAX_CHUNK_BYTES): Array<StoredChunk<unknown>> {
  const packer = new ChunkPacker(rawChunkBytes, maxStoredBytes);
  texts.forEach((text, i) => packer.add(text, sizes[i] ?? 0));
  packer.flush();
  return packer.chunks;
}

/**
 * Lets callbacks that are due run before more synchronous work. A sync's extraction lanes share one thread: a step
 * paging a cursor one request at a time waited behind every long stretch of another step's compressing, parsing
 * or serialising (at L a 1% resync's automation-rules step took 88 s of its 150, most of it waiting).
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records serialised between two turns when a dataset is written. */
const RECORDS_PER_TURN = 2000;

async function readPart<T>(store: KeyValueStore, lineage: string, part: PartRef, context: { scope: string; name: string }): Promise<T[]> {
  const items: T[] = [];
  const chunks = await store.getMany<StoredChunk<T>>(Array.from({ length: part.chunks }, (_, i) => partChunkKey(lineage, part.id, i)));
  for (const [i, chunk] of chunks.entries()) {
    if (i > 0) await turn();
    if (!chunk) throw new AppError('NOT_FOUND', `Dataset ${context.name} of ${context.scope} is missing chunk ${i} of part ${part.id}`, { ...context, part: part.id, chunk: i });
    for (const item of unpackChunk(chunk)) items.push(item);
  }
  return items;
}

async function materialize<T>(store: KeyValueStore, scope: string, name: string, index: DatasetIndex): Promise<T[]> {
  if (!index.parts) {
    const records: T[] = [];
    for (let i = 0; i < (index.chunks ?? 0); i++) {
      const chunk = await store.get<T[]>(legacyChunkKey(scope, name, i));
      if (!chunk) throw new AppError('NOT_FOUND', `Dataset ${name} of ${scope} is missing chunk ${i}`, { scope, name, chunk: i });
      for (const record of chunk) records.push(record);
    }
    return records;
  }
  const lineage = lineageOf(scope, name);
  let records: T[] = [];
  for (const part of index.parts) {
    if (part.kind === 'hashes') continue;
    const items = await readPart<unknown>(store, lineage, part, { scope, name });
    if (part.kind === 'base') {
      records = items as T[];
      continue;
    }
    const next: T[] = [];
    for (const segment of items as Segment[]) {
      if (Array.isArray(segment)) for (let i = segment[0]; i < segment[0] + segment[1]; i++) next.push(records[i] as T);
      else next.push(segment.r as T);
    }
    records = next;
  }
  return records;
}

export async function readDataset<T>(store: KeyValueStore, scope: string, name: string): Promise<T[] | undefined> {
  const index = await store.get<DatasetIndex>(indexKey(scope, name));
  if (!index) return undefined;
  return materialize<T>(store, scope, name, index);
}

/** Stores a packed part's chunks: a part is invisible until the index naming it is written, so their order does not matter. */
async function storePart(store: KeyValueStore, lineage: string, id: string, kind: PartRef['kind'], chunks: ReadonlyArray<StoredChunk<unknown>>, bytes: number): Promise<PartRef> {
  await store.setMany(chunks.map((chunk, i) => [partChunkKey(lineage, id, i), chunk] as const));
  return { id, kind, chunks: chunks.length, bytes };
}

async function writePart(store: KeyValueStore, lineage: string, id: string, kind: PartRef['kind'], texts: readonly string[], sizes: readonly number[]): Promise<PartRef> {
  const packer = new ChunkPacker();
  for (const [i, text] of texts.entries()) if (packer.add(text, sizes[i] ?? 0)) await turn();
  packer.flush();
  return storePart(store, lineage, id, kind, packer.chunks, sizes.reduce((a, b) => a + b + 1, 2));
}

/**
 * A record's identity for diffing: 96 bits of the SHA-256 of its JSON text, 16 base64url characters. A write diffs
 * the new records against the last version by these, so it reads the last version's hashes (a few percent of its
 * records' bytes) instead of its records. Two different records sharing a hash would be copied as equal; among a
 * million records the chance is about one in 10^16.
 */
const HASH_CHARS = 16;
const HASHES_PER_CHUNK = Math.floor((MAX_CHUNK_BYTES - 16) / HASH_CHARS);
// One-shot crypto.hash: a third of createHash's time for short inputs, and a write hashes every record.
const recordHash = (text: string) => sha('sha256', text, 'base64url').slice(0, HASH_CHARS);

async function writeHashes(store: KeyValueStore, lineage: string, id: string, hashes: readonly string[]): Promise<PartRef> {
  const chunks: string[][] = [];
  for (let i = 0; i < hashes.length; i += HASHES_PER_CHUNK) chunks.push([hashes.slice(i, i + HASHES_PER_CHUNK).join('')]);
  await store.setMany(chunks.map((chunk, i) => [partChunkKey(lineage, id, i), chunk] as const));
  return { id, kind: 'hashes', chunks: chunks.length, bytes: hashes.length * HASH_CHARS };
}

/**
 * The record hashes of the version an index describes: its base's hashes, then each delta applied to them (a copy
 * copies hashes, a new record is hashed from its text). Undefined when the base has none (written before hashes, or
 * too small to need them): the caller reads the records instead.
 */
async function versionHashes(store: KeyValueStore, scope: string, name: string, index: DatasetIndex): Promise<string[] | undefined> {
  const hashPart = index.parts?.find((p) => p.kind === 'hashes');
  if (!index.parts || !hashPart) return undefined;
  const lineage = lineageOf(scope, name);
  const joined = (await readPart<string>(store, lineage, hashPart, { scope, name })).join('');
  let hashes: string[] = [];
  for (let i = 0; i < joined.length; i += HASH_CHARS) hashes.push(joined.slice(i, i + HASH_CHARS));
  for (const part of index.parts) {
    if (part.kind !== 'delta') continue;
    const next: string[] = [];
    for (const segment of await readPart<Segment>(store, lineage, part, { scope, name })) {
      if (Array.isArray(segment)) for (let i = segment[0]; i < segment[0] + segment[1]; i++) next.push(hashes[i] as string);
      else next.push(recordHash(JSON.stringify(segment.r) ?? 'null'));
    }
    hashes = next;
  }
  return hashes;
}

export interface WriteStats {
  kind: 'base' | 'delta';
  bytes: number;
  /** With `oversized: 'skip'`: the positions of records too large for one stored value, left out, and their sizes. */
  skipped: number[];
  skippedBytes: Record<number, number>;
}

export interface WriteOptions {
  /** A record larger than one storage chunk: fail the write (default), or leave it out and report it. */
  oversized?: 'throw' | 'skip';
  /**
   * The record hashes (recordHashes) of this dataset as `scope` holds it, from a caller that has just read those
   * records: when that is the version this write diffs against, its stored hashes are not read again (the build
   * step reads the last snapshot to diff it, and the snapshot's hashes were 640 of Forge's quota units at L).
   */
  knownHashes?: { scope: string; hashes: () => string[] };
}

/** The hashes a write diffs by, of records as read back (their JSON text is the text that was written). */
export function recordHashes(records: readonly unknown[]): string[] {
  return records.map((record) => recordHash(JSON.stringify(record) ?? 'null'));
}

/**
 * recordHashes kept as joined blocks (16 bytes a record, not a string object each) until `hashes()` is called: for
 * a caller that lets go of the records long before the write (WriteOptions.knownHashes).
 */
export function compactRecordHashes(records: readonly unknown[]): () => string[] {
  const blocks: string[] = [];
  for (let i = 0; i < records.length; i += HASH_BLOCK) blocks.push(recordHashes(records.slice(i, i + HASH_BLOCK)).join(''));
  return () => hashesOfBlocks(blocks, records.length);
}

/** The `count` hashes held as blocks of HASH_BLOCK joined hashes, one string each. */
function hashesOfBlocks(blocks: readonly string[], count: number): string[] {
  const hashes = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const from = (i % HASH_BLOCK) * HASH_CHARS;
    hashes[i] = (blocks[Math.floor(i / HASH_BLOCK)] as string).slice(from, from + HASH_CHARS);
  }
  return hashes;
}

/** Room a record needs in a chunk besides its own text (the array's brackets and a comma). */
const CHUNK_OVERHEAD = 3;

/** Record hashes held as blocks of HASH_BLOCK joined hashes: 16 bytes a record instead of a string object each. */
const HASH_BLOCK = 4096;

/**
 * Writes `input` as the dataset `name` of `scope`. The input may be a generator: each record is serialised, hashed
 * and packed into a compressed chunk as it comes, so a large read model built row by row is never held as objects,
 * nor as text, at once; what stays is its compressed chunks, one hash and one size per record. A delta takes its
 * new records' texts back from those chunks.
 */
export async function writeDataset<T>(store: KeyValueStore, scope: string, name: string, input: Iterable<T>, options: WriteOptions = {}): Promise<WriteStats> {
  const lineage = lineageOf(scope, name);
  const packer = new ChunkPacker();
  const sizes: number[] = [];
  const hashBlocks: string[] = [];
  let hashRun: string[] = [];
  const digestHash = createHash('sha256');
  const skipped: number[] = [];
  const skippedBytes: Record<number, number> = {};
  let position = 0;
  for (const record of input) {
    const text = JSON.stringify(record) ?? 'null';
    const size = Buffer.byteLength(text, 'utf8');
    const at = position++;
    if (options.oversized === 'skip' && size + CHUNK_OVERHEAD > MAX_CHUNK_BYTES) {
      skipped.push(at);
      skippedBytes[at] = size;
      continue;
    }
    const closed = packer.add(text, size);
    sizes.push(size);
    digestHash.update(text).update('\n');
    hashRun.push(recordHash(text));
    if (hashRun.length === HASH_BLOCK) {
      hashBlocks.push(hashRun.join(''));
      hashRun = [];
    }
    if (closed || position % RECORDS_PER_TURN === 0) await turn();
  }
  packer.flush();
  if (hashRun.length > 0) hashBlocks.push(hashRun.join(''));
  const count = sizes.length;
  const hashesNow = () => hashesOfBlocks(hashBlocks, count);
  const fullBytes = sizes.reduce((a, b) => a + b + 1, 2);
  const digest = digestHash.digest('hex');
  const head = await store.get<Head>(headKey(lineage));
  const previousIndex = head ? await store.get<DatasetIndex>(indexKey(head.scope, name)) : undefined;
  const seq = (head?.seq ?? 0) + 1;
  const partId = `${isSyncScope(scope) ? scope.slice('sync-'.length) : 'v'}.${seq}`;

  let parts: PartRef[] | undefined;
  let stats: Pick<WriteStats, 'kind' | 'bytes'> = { kind: 'base', bytes: fullBytes };
  if (previousIndex?.parts && previousIndex.digest === digest && previousIndex.count === count) {
    // Nothing changed since the last write (most datasets of a daily resync): no part, and no need to read the
    // previous records back to diff them.
    parts = previousIndex.parts;
    stats = { kind: 'delta', bytes: 0 };
  } else if (previousIndex?.parts && previousIndex.parts.filter((p) => p.kind !== 'hashes').length < MAX_CHAIN) {
    const previousScope = head?.scope ?? scope;
    const offered = options.knownHashes?.scope === previousScope ? options.knownHashes.hashes() : undefined;
    // Positions in a delta point into the previous version: hashes of any other version must not be used.
    const known = offered?.length === previousIndex.count ? offered : undefined;
    const before = known ?? (await versionHashes(store, previousScope, name, previousIndex)) ?? recordHashes(await materialize<unknown>(store, previousScope, name, previousIndex));
    const segments = deltaSegments(before, hashesNow());
    const literals = packer.textsAt(segments.flatMap((s) => (Array.isArray(s) ? [] : [s.literal])), sizes);
    const items = segments.map((s) => (Array.isArray(s) ? `[${s[0]},${s[1]}]` : `{"r":${literals.get(s.literal) ?? 'null'}}`));
    const itemSizes = segments.map((s) => (Array.isArray(s) ? String(s[0]).length + String(s[1]).length + 3 : (sizes[s.literal] ?? 0) + 6));
    const deltaBytes = itemSizes.reduce((a, b) => a + b + 1, 2);
    const base = previousIndex.parts.find((p) => p.kind === 'base');
    const sinceBase = previousIndex.parts.filter((p) => p.kind === 'delta').reduce((a, p) => a + p.bytes, 0) + deltaBytes;
    if (base && sinceBase <= base.bytes * REBASE_DELTA_SHARE && deltaBytes < fullBytes) {
      parts = [...previousIndex.parts, await writePart(store, lineage, partId, 'delta', items, itemSizes)];
      stats = { kind: 'delta', bytes: deltaBytes };
    }
  }
  if (!parts) {
    const base = await storePart(store, lineage, partId, 'base', packer.chunks, fullBytes);
    // A base of one chunk is read back as cheaply as its hashes would be: only larger ones carry them.
    parts = base.chunks > 1 ? [base, await writeHashes(store, lineage, `${partId}.h`, hashesNow())] : [base];
  }

  const replaced = await store.get<DatasetIndex>(indexKey(scope, name));
  if (!replaced && isSyncScope(scope)) await noteWritten(store, scope, name);
  await store.set(indexKey(scope, name), { count, parts, digest } satisfies DatasetIndex);
  await store.set(headKey(lineage), { scope, seq } satisfies Head);
  // Rewritten in place: the parts only the replaced index used are garbage now.
  if (replaced) await deleteUnreferenced(store, scope, name, replaced, [parts]);
  return { ...stats, skipped, skippedBytes };
}

async function retainedEntries(store: KeyValueStore): Promise<RetainedEntry[]> {
  return (await store.get<RetainedEntry[]>(RETAINED_KEY)) ?? [];
}

async function namesOf(store: KeyValueStore, entry: RetainedEntry): Promise<string[]> {
  if (entry.pages === undefined) return entry.names ?? [];
  const names: string[] = [];
  for (let p = 0; p < entry.pages; p++) names.push(...((await store.get<string[]>(retainedPageKey(entry.scope, p))) ?? []));
  return [...new Set(names)];
}

/** Updates of the retained list per store, one at a time (see noteWritten). */
const retainedUpdates = new WeakMap<KeyValueStore, Promise<void>>();

/**
 * Adds `name` to the names `scope` wrote, before its index is written (so a write cut short leaves nothing that
 * retention cannot find). The caller skips a name whose index this scope already has: it was noted then.
 *
 * Source lanes write their datasets side by side in one invocation and every KVS call takes time, so two
 * read-modify-writes of a page would interleave and one name be lost (and retention then delete parts a later
 * sync still builds on): the updates are chained, one after another, per store.
 */
function noteWritten(store: KeyValueStore, scope: string, name: string): Promise<void> {
  const update = async () => {
    const retained = await retainedEntries(store);
    const entry = retained.find((r) => r.scope === scope);
    if (entry && entry.pages === undefined) {
      // A scope listed inline (before the pages) stays inline until it is dropped.
      if (entry.names?.includes(name)) return;
      entry.names = [...(entry.names ?? []), name];
      await store.set(RETAINED_KEY, retained);
      return;
    }
    const pages = entry?.pages ?? 0;
    const last = pages > 0 ? ((await store.get<string[]>(retainedPageKey(scope, pages - 1))) ?? []) : [];
    if (last.includes(name)) return;
    if (pages > 0 && last.length < RETAINED_PAGE_SIZE) {
      await store.set(retainedPageKey(scope, pages - 1), [...last, name]);
      return;
    }
    // A new page: written before the entry counts it, so the count never names a page that is not there.
    await store.set(retainedPageKey(scope, pages), [name]);
    if (entry) entry.pages = pages + 1;
    await store.set(RETAINED_KEY, entry ? retained : [...retained, { scope, pages: 1 } satisfies RetainedEntry]);
  };
  const next = (retainedUpdates.get(store) ?? Promise.resolve()).then(update, update);
  retainedUpdates.set(store, next.catch(() => undefined));
  return next;
}

/** Deletes the parts of `index` that none of `keep` (nor any retained sync's index of this name) refers to. */
async function deleteUnreferenced(store: KeyValueStore, scope: string, name: string, index: DatasetIndex, keep: ReadonlyArray<readonly PartRef[]>): Promise<void> {
  if (!index.parts) {
    await store.deleteMany(Array.from({ length: index.chunks ?? 0 }, (_, i) => legacyChunkKey(scope, name, i)));
    return;
  }
  const lineage = lineageOf(scope, name);
  const referenced = new Set(keep.flatMap((parts) => parts.map((p) => p.id)));
  if (isSyncScope(scope)) {
    // Reading each retained scope's index of this name (absent when it wrote none) costs a read per scope, not
    // one per name every scope wrote.
    for (const other of await retainedEntries(store)) {
      if (other.scope === scope) continue;
      const otherIndex = await store.get<DatasetIndex>(indexKey(other.scope, name));
      for (const part of otherIndex?.parts ?? []) referenced.add(part.id);
    }
  }
  await store.deleteMany(index.parts.filter((part) => !referenced.has(part.id)).flatMap((part) => Array.from({ length: part.chunks }, (_, i) => partChunkKey(lineage, part.id, i))));
}

/**
 * Keeps the datasets of `keep` (sync ids) and deletes every other sync's: their indexes, and the parts no kept
 * dataset still builds on. Called when a sync finishes, so storage holds about two syncs' worth, not all of them.
 */
export async function retainSyncDatasets(store: KeyValueStore, keep: readonly string[]): Promise<{ droppedScopes: number }> {
  const entries = await retainedEntries(store);
  const kept = entries.filter((e) => keep.includes(e.scope));
  const dropped = entries.filter((e) => !keep.includes(e.scope));
  // Drop from the retained list first, so deleteUnreferenced only protects what stays.
  await store.set(RETAINED_KEY, kept);
  for (const entry of dropped) {
    for (const name of await namesOf(store, entry)) {
      const index = await store.get<DatasetIndex>(indexKey(entry.scope, name));
      if (!index) continue;
      const keptParts: PartRef[][] = [];
      for (const other of kept) {
        const otherIndex = await store.get<DatasetIndex>(indexKey(other.scope, name));
        if (otherIndex) keptParts.push(otherIndex.parts ?? []);
      }
      await store.delete(indexKey(entry.scope, name));
      await deleteUnreferenced(store, entry.scope, name, index, keptParts);
    }
    for (let p = 0; p < (entry.pages ?? 0); p++) await store.delete(retainedPageKey(entry.scope, p));
  }
  return { droppedScopes: dropped.length };
}

/** Removes a dataset: its index and every part it refers to (for scopes rewritten in place, not sync scopes). */
export async function deleteDataset(store: KeyValueStore, scope: string, name: string): Promise<void> {
  const index = await store.get<DatasetIndex>(indexKey(scope, name));
  if (!index) return;
  await store.delete(indexKey(scope, name));
  await deleteUnreferenced(store, scope, name, index, []);
  await store.delete(headKey(lineageOf(scope, name)));
}
