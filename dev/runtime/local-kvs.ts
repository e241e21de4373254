/**
 * A local Forge KVS + Custom Entity Store answering the requests @forge/kvs sends through __forge_fetch__
 * (POST /api/v1/{get,set,delete,query}, /secret/*, /entity/*, /batch/*, /transaction). It enforces Forge's
 * limits and error codes (kvs-limits.ts) and persists to a data folder so state survives a restart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EntityDeclaration } from './app-manifest';
import {
  DEFAULT_QUERY_LIMIT,
  KvsError,
  MAX_BATCH_BYTES,
  MAX_BATCH_ITEMS,
  MAX_ENTITY_QUERY_LIMIT,
  MAX_QUERY_LIMIT,
  MAX_TRANSACTION_OPS,
  checkKey,
  checkValue,
  valueBytes,
} from './kvs-limits';

interface StoredItem {
  value: unknown;
  createdAt: number;
  updatedAt: number;
}

interface Clause {
  property?: string;
  condition: string;
  values: unknown[];
}

type ConditionGroup = Partial<Record<'and' | 'or', Clause[]>>;

interface SetRequest {
  key: string;
  value: unknown;
  entityName?: string;
  conditions?: ConditionGroup;
  options?: { keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS'; returnValue?: 'PREVIOUS' | 'LATEST' };
}

interface KeyRequest {
  key: string;
  entityName?: string;
  conditions?: ConditionGroup;
}

interface Snapshot {
  plain: Record<string, StoredItem>;
  entities: Record<string, Record<string, StoredItem>>;
}

export interface KvsStats {
  writes: number;
  bytesWritten: number;
  reads: number;
  /** Bytes of the values read (JSON size; gets, query pages, batch gets): what Forge bills as KVS reads. */
  bytesRead: number;
  /** Custom Entity Store operations (billed as KVS, counted apart): gets and query rows read, sets, deletes, queries. */
  entityOps: { reads: number; writes: number; deletes: number; queries: number };
  /** Sets per custom entity (the `finding` entity, ...), for tests of what a sync rewrites. */
  entityWrites: Record<string, number>;
  /** Bytes written per kind of key (sync ids and numbers folded), for the bench's account of what a sync writes. */
  bytesByKeyKind: Record<string, number>;
  /** Bytes read, by the same kinds of key. */
  bytesReadByKeyKind: Record<string, number>;
  /**
   * Forge's quota units: each request's bytes rounded up to 10 KB, a batch being one request; an installation may
   * spend 4,000 a minute on reads and as many on writes (https://developer.atlassian.com/platform/forge/limits-kvs-ce/).
   */
  readUnits: number;
  writeUnits: number;
  /** Requests answered (a batch is one): on Forge each is a round trip. */
  requests: number;
}

const QUOTA_UNIT_BYTES = 10 * 1024;
const quotaUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / QUOTA_UNIT_BYTES));
const READ_PATHS = /\/(get|query)$/;

/** `ds:sync-20261123T101010Z:jira.users:chunk:12` -> `ds:<sync>:jira.users:chunk`. */
export function keyKind(key: string): string {
  return key
    .replace(/sync-\d{8}T\d+Z/g, '<sync>')
    .split(':')
    .slice(0, 4)
    .map((part) => (/^[\d#.-]+$/.test(part) ? '#' : part.length > 40 ? '<id>' : part))
    .join(':');
}

export class LocalKvs {
  private plain = new Map<string, StoredItem>();
  private secrets = new Map<string, StoredItem>();
  private entities = new Map<string, Map<string, StoredItem>>();
  private flushTimer: NodeJS.Timeout | undefined;
  readonly stats: KvsStats = { writes: 0, bytesWritten: 0, reads: 0, bytesRead: 0, entityOps: { reads: 0, writes: 0, deletes: 0, queries: 0 }, entityWrites: {}, bytesByKeyKind: {}, bytesReadByKeyKind: {}, readUnits: 0, writeUnits: 0, requests: 0 };

  constructor(
    private readonly declarations: readonly EntityDeclaration[],
    private readonly dataDir?: string,
  ) {
    if (dataDir) this.load(dataDir);
  }

  /** Answers one @forge/kvs request. Returns the HTTP status and JSON body (undefined = empty body). */
  handle(apiPath: string, body: unknown): { status: number; body?: unknown } {
    const before = { read: this.stats.bytesRead, written: this.stats.bytesWritten };
    this.stats.requests++;
    try {
      const answer = this.dispatch(apiPath, body);
      if (READ_PATHS.test(apiPath)) this.stats.readUnits += quotaUnits(this.stats.bytesRead - before.read);
      else this.stats.writeUnits += quotaUnits(this.stats.bytesWritten - before.written);
      return { status: 200, body: answer };
    } catch (error) {
      if (error instanceof KvsError) return { status: error.status, body: { code: error.code, message: error.message } };
      throw error;
    }
  }

  private dispatch(apiPath: string, body: unknown): unknown {
    const request = (body ?? {}) as Record<string, unknown>;
    switch (apiPath) {
      case '/api/v1/get':
        return this.read(this.plain, checkKey(request.key));
      case '/api/v1/set':
        return this.write(this.plain, request as unknown as SetRequest);
      case '/api/v1/delete':
        return this.remove(this.plain, checkKey(request.key));
      case '/api/v1/query':
        return this.queryKeys(request);
      case '/api/v1/secret/get':
        return this.read(this.secrets, checkKey(request.key));
      case '/api/v1/secret/set':
        return this.write(this.secrets, request as unknown as SetRequest);
      case '/api/v1/secret/delete':
        return this.remove(this.secrets, checkKey(request.key));
      case '/api/v1/entity/get':
        this.stats.entityOps.reads++;
        return this.read(this.entityTable(request.entityName), checkKey(request.key));
      case '/api/v1/entity/set':
        return this.writeEntity(request as unknown as SetRequest);
      case '/api/v1/entity/delete':
        this.stats.entityOps.deletes++;
        return this.remove(this.entityTable(request.entityName), checkKey(request.key));
      case '/api/v1/entity/query':
        return this.queryEntity(request);
      case '/api/v1/batch/set':
        return this.batchSet(body);
      case '/api/v1/batch/get':
        return this.batchGet(body);
      case '/api/v1/batch/delete':
        return this.batchDelete(body);
      case '/api/v1/transaction':
        return this.transact(request);
      default:
        throw new KvsError(404, 'NOT_FOUND', `The local KVS has no operation ${apiPath}`);
    }
  }

  private countRead(kind: string, value: unknown): void {
    const bytes = valueBytes(value);
    this.stats.bytesRead += bytes;
    this.stats.bytesReadByKeyKind[kind] = (this.stats.bytesReadByKeyKind[kind] ?? 0) + bytes;
  }

  private read(table: Map<string, StoredItem>, key: string) {
    this.stats.reads++;
    const item = table.get(key);
    if (!item) throw new KvsError(404, 'KEY_NOT_FOUND', `The specified key does not exist: ${key}`);
    this.countRead(table === this.plain ? keyKind(key) : 'entity', item.value);
    return { key, value: item.value, createdAt: item.createdAt, updatedAt: item.updatedAt };
  }

  private write(table: Map<string, StoredItem>, request: SetRequest): unknown {
    const key = checkKey(request.key);
    checkValue(request.value);
    const previous = table.get(key);
    if (previous && request.options?.keyPolicy === 'FAIL_IF_EXISTS') {
      throw new KvsError(409, 'KEY_ALREADY_EXISTS', `The key already exists: ${key}`);
    }
    const now = Date.now();
    const item = { value: structuredClone(request.value), createdAt: previous?.createdAt ?? now, updatedAt: now };
    table.set(key, item);
    this.recordWrite(request.value);
    const kind = request.entityName ? `entity:${request.entityName}` : keyKind(key);
    this.stats.bytesByKeyKind[kind] = (this.stats.bytesByKeyKind[kind] ?? 0) + valueBytes(request.value);
    if (request.entityName) {
      this.stats.entityWrites[request.entityName] = (this.stats.entityWrites[request.entityName] ?? 0) + 1;
      this.stats.entityOps.writes++;
    }
    if (request.options?.returnValue === 'PREVIOUS') return previous ? { key, value: previous.value } : undefined;
    if (request.options?.returnValue === 'LATEST') return { key, value: item.value, createdAt: item.createdAt, updatedAt: item.updatedAt };
    return undefined;
  }

  private writeEntity(request: SetRequest): unknown {
    const table = this.entityTable(request.entityName);
    this.checkEntityValue(String(request.entityName), request.value);
    if (request.conditions && !this.matches(table.get(request.key)?.value, request.conditions)) {
      throw new KvsError(409, 'CONDITION_FAILED', `The condition on ${request.entityName}/${request.key} was not met`);
    }
    return this.write(table, request);
  }

  private remove(table: Map<string, StoredItem>, key: string): undefined {
    if (!table.delete(key)) throw new KvsError(404, 'KEY_NOT_FOUND', `The specified key does not exist: ${key}`);
    this.recordWrite(null);
    return undefined;
  }

  private queryKeys(request: Record<string, unknown>) {
    const where = (request.where as Clause[] | undefined)?.[0];
    const prefix = where?.condition === 'BEGINS_WITH' ? String(where.values[0]) : '';
    if (where && (where.property !== 'key' || where.condition !== 'BEGINS_WITH')) {
      throw new KvsError(400, 'INVALID_QUERY', 'KVS queries support only where key BEGINS_WITH');
    }
    const limit = this.queryLimit(request.limit, MAX_QUERY_LIMIT);
    const after = typeof request.after === 'string' ? decodeCursor(request.after) : undefined;
    const keys = [...this.plain.keys()].filter((k) => k.startsWith(prefix) && (after === undefined || k > after)).sort();
    const page = keys.slice(0, limit);
    this.stats.reads += page.length;
    const data = page.map((key) => ({ key, value: this.plain.get(key)?.value }));
    for (const row of data) this.countRead(keyKind(row.key), row.value);
    return {
      data,
      cursor: keys.length > limit ? encodeCursor(page[page.length - 1] ?? '') : undefined,
    };
  }

  private queryEntity(request: Record<string, unknown>) {
    const entityName = String(request.entityName);
    const table = this.entityTable(entityName);
    const index = this.indexOf(entityName, String(request.indexName));
    const partition = (request.partition as unknown[] | undefined) ?? [];
    if (partition.length !== index.partition.length) {
      throw new KvsError(400, 'INVALID_PARTITION', `Index ${index.name} needs ${index.partition.length} partition value(s), got ${partition.length}`);
    }
    const rangeAttr = index.range;
    const range = request.range as Clause | undefined;
    const filters = request.filters as ConditionGroup | undefined;
    const limit = this.queryLimit(request.limit, MAX_ENTITY_QUERY_LIMIT);
    const descending = request.sort === 'DESC';
    const rows = [...table.entries()]
      .map(([key, item]) => ({ key, value: item.value as Record<string, unknown> }))
      .filter(({ value }) => value[rangeAttr] !== undefined)
      .filter(({ value }) => index.partition.every((attr, i) => value[attr] === partition[i]))
      .filter(({ value }) => !range || evaluate(value[rangeAttr], range))
      .filter(({ value }) => !filters || this.matches(value, filters))
      .sort((a, b) => compare(a.value[rangeAttr], b.value[rangeAttr]) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (descending) rows.reverse();
    const start = typeof request.cursor === 'string' ? Number(decodeCursor(request.cursor)) : 0;
    const page = rows.slice(start, start + limit);
    this.stats.reads += page.length;
    this.stats.entityOps.queries++;
    this.stats.entityOps.reads += page.length;
    for (const row of page) this.countRead('entity', row.value);
    return { data: page, cursor: rows.length > start + limit ? encodeCursor(String(start + limit)) : undefined };
  }

  private batchSet(body: unknown) {
    const items = this.checkBatch(body) as SetRequest[];
    const successfulKeys: Array<{ key: string; entityName?: string }> = [];
    const failedKeys: Array<{ key: string; entityName?: string; error: { code: string; message: string } }> = [];
    for (const item of items) {
      try {
        if (item.entityName) this.writeEntity(item);
        else this.write(this.plain, item);
        successfulKeys.push({ key: item.key, entityName: item.entityName });
      } catch (error) {
        if (!(error instanceof KvsError)) throw error;
        failedKeys.push({ key: item.key, entityName: item.entityName, error: { code: error.code, message: error.message } });
      }
    }
    return { successfulKeys, failedKeys };
  }

  private batchGet(body: unknown) {
    const items = this.checkBatch(body) as KeyRequest[];
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of items) {
      const table = item.entityName ? this.entityTable(item.entityName) : this.plain;
      const found = table.get(item.key);
      this.stats.reads++;
      if (item.entityName) this.stats.entityOps.reads++;
      if (found) this.countRead(item.entityName ? `entity:${item.entityName}` : keyKind(item.key), found.value);
      if (found) successfulKeys.push({ key: item.key, entityName: item.entityName, value: found.value });
      else failedKeys.push({ key: item.key, entityName: item.entityName, error: { code: 'KEY_NOT_FOUND', message: 'The specified key does not exist.' } });
    }
    return { successfulKeys, failedKeys };
  }

  private batchDelete(body: unknown) {
    const items = this.checkBatch(body) as KeyRequest[];
    const successfulKeys: unknown[] = [];
    for (const item of items) {
      const table = item.entityName ? this.entityTable(item.entityName) : this.plain;
      if (item.entityName) this.stats.entityOps.deletes++;
      if (table.delete(item.key)) this.recordWrite(null);
      successfulKeys.push({ key: item.key, entityName: item.entityName });
    }
    return { successfulKeys, failedKeys: [] };
  }

  private checkBatch(body: unknown): Array<KeyRequest & { value?: unknown }> {
    if (!Array.isArray(body) || body.length === 0) throw new KvsError(400, 'INVALID_BATCH', 'A batch needs at least one item.');
    if (body.length > MAX_BATCH_ITEMS) {
      throw new KvsError(400, 'BATCH_TOO_LARGE', `A batch holds at most ${MAX_BATCH_ITEMS} items; got ${body.length}.`);
    }
    if (valueBytes(body) > MAX_BATCH_BYTES) throw new KvsError(400, 'BATCH_TOO_LARGE', 'A batch payload holds at most 4 MB.');
    const seen = new Set<string>();
    for (const item of body as KeyRequest[]) {
      checkKey(item.key);
      const id = `${item.entityName ?? ''}/${item.key}`;
      if (seen.has(id)) throw new KvsError(400, 'DUPLICATE_KEY', `The batch names ${item.key} more than once.`);
      seen.add(id);
    }
    return body as Array<KeyRequest & { value?: unknown }>;
  }

  private transact(request: Record<string, unknown>) {
    const sets = (request.set as SetRequest[] | undefined) ?? [];
    const deletes = (request.delete as KeyRequest[] | undefined) ?? [];
    const checks = (request.check as KeyRequest[] | undefined) ?? [];
    const all = [...sets, ...deletes, ...checks];
    if (all.length === 0) throw new KvsError(400, 'INVALID_TRANSACTION', 'A transaction needs at least one operation.');
    if (all.length > MAX_TRANSACTION_OPS) {
      throw new KvsError(400, 'TRANSACTION_TOO_LARGE', `A transaction holds at most ${MAX_TRANSACTION_OPS} operations; got ${all.length}.`);
    }
    const seen = new Set<string>();
    for (const op of all) {
      checkKey(op.key);
      const id = `${op.entityName ?? ''}/${op.key}`;
      if (seen.has(id)) throw new KvsError(400, 'DUPLICATE_KEY', `The transaction names ${op.key} more than once.`);
      seen.add(id);
    }
    // All-or-nothing: validate every value and condition before the first write.
    for (const op of sets) {
      checkValue(op.value);
      if (op.entityName) this.checkEntityValue(op.entityName, op.value);
    }
    for (const op of [...sets, ...deletes, ...checks]) {
      if (!op.conditions) continue;
      const table = op.entityName ? this.entityTable(op.entityName) : this.plain;
      if (!this.matches(table.get(op.key)?.value, op.conditions)) {
        throw new KvsError(409, 'CONDITION_FAILED', `The transaction condition on ${op.key} was not met; nothing was written.`);
      }
    }
    for (const op of sets) this.write(op.entityName ? this.entityTable(op.entityName) : this.plain, op);
    for (const op of deletes) {
      if (op.entityName) this.stats.entityOps.deletes++;
      const table = op.entityName ? this.entityTable(op.entityName) : this.plain;
      if (table.delete(op.key)) this.recordWrite(null);
    }
    return undefined;
  }

  private entityTable(entityName: unknown): Map<string, StoredItem> {
    const name = String(entityName);
    if (!this.declarations.some((d) => d.name === name)) {
      throw new KvsError(400, 'ENTITY_NOT_FOUND', `Entity ${name} is not declared in manifest.yml app.storage.entities`);
    }
    let table = this.entities.get(name);
    if (!table) {
      table = new Map();
      this.entities.set(name, table);
    }
    return table;
  }

  private checkEntityValue(entityName: string, value: unknown): void {
    const declaration = this.declarations.find((d) => d.name === entityName);
    if (!declaration) throw new KvsError(400, 'ENTITY_NOT_FOUND', `Entity ${entityName} is not declared`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new KvsError(400, 'INVALID_ENTITY', `A ${entityName} entity value must be an object`);
    }
    for (const [attr, spec] of Object.entries(declaration.attributes)) {
      const v = (value as Record<string, unknown>)[attr];
      if (v === undefined || v === null) continue;
      const ok =
        spec.type === 'any' ||
        (spec.type === 'string' && typeof v === 'string') ||
        (spec.type === 'integer' && Number.isInteger(v)) ||
        (spec.type === 'float' && typeof v === 'number') ||
        (spec.type === 'boolean' && typeof v === 'boolean');
      if (!ok) throw new KvsError(400, 'INVALID_ATTRIBUTE', `Attribute ${attr} of ${entityName} must be ${spec.type}`);
    }
  }

  private indexOf(entityName: string, indexName: string): { name: string; partition: string[]; range: string } {
    const declaration = this.declarations.find((d) => d.name === entityName);
    for (const index of declaration?.indexes ?? []) {
      if (typeof index === 'string' && index === indexName) return { name: index, partition: [], range: index };
      if (typeof index === 'object' && index.name === indexName) {
        return { name: index.name, partition: index.partition ?? [], range: index.range[0] ?? '' };
      }
    }
    throw new KvsError(400, 'INDEX_NOT_FOUND', `Entity ${entityName} has no index ${indexName}`);
  }

  private matches(value: unknown, group: ConditionGroup): boolean {
    const record = (value ?? {}) as Record<string, unknown>;
    if (group.and) return group.and.every((clause) => evaluate(record[clause.property ?? ''], clause));
    if (group.or) return group.or.some((clause) => evaluate(record[clause.property ?? ''], clause));
    return true;
  }

  private queryLimit(raw: unknown, max: number): number {
    if (raw === undefined || raw === null) return DEFAULT_QUERY_LIMIT;
    const limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > max) {
      throw new KvsError(400, 'INVALID_LIMIT', `Query limit must be between 1 and ${max}; got ${String(raw)}`);
    }
    return limit;
  }

  private recordWrite(value: unknown): void {
    this.stats.writes++;
    this.stats.bytesWritten += value === null ? 0 : valueBytes(value);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.dataDir || this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), 25);
    this.flushTimer.unref();
  }

  /** Writes the store to the data folder (atomically, by rename). Called on close and shortly after writes. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.dataDir) return;
    fs.mkdirSync(this.dataDir, { recursive: true });
    const snapshot: Snapshot = {
      plain: Object.fromEntries(this.plain),
      entities: Object.fromEntries([...this.entities].map(([name, table]) => [name, Object.fromEntries(table)])),
    };
    writeAtomically(path.join(this.dataDir, 'kvs.json'), JSON.stringify(snapshot));
    // Secrets are kept apart and readable by the owner only, as the nearest local stand-in for Forge's encrypted store.
    writeAtomically(path.join(this.dataDir, 'secrets.json'), JSON.stringify(Object.fromEntries(this.secrets)), 0o600);
  }

  private load(dataDir: string): void {
    const main = path.join(dataDir, 'kvs.json');
    if (fs.existsSync(main)) {
      const snapshot = JSON.parse(fs.readFileSync(main, 'utf8')) as Snapshot;
      this.plain = new Map(Object.entries(snapshot.plain));
      this.entities = new Map(Object.entries(snapshot.entities).map(([name, table]) => [name, new Map(Object.entries(table))]));
    }
    const secrets = path.join(dataDir, 'secrets.json');
    if (fs.existsSync(secrets)) this.secrets = new Map(Object.entries(JSON.parse(fs.readFileSync(secrets, 'utf8')) as Record<string, StoredItem>));
  }

  /** JSON bytes of every plain value stored (the benchmark's account of what the store holds). */
  storedBytes(): number {
    let bytes = 0;
    for (const item of this.plain.values()) bytes += valueBytes(item.value);
    return bytes;
  }

  /** How many entities of a name are stored (for tests). */
  entityCount(entityName: string): number {
    return this.entities.get(entityName)?.size ?? 0;
  }

  /** Plain keys currently stored (for tests and the benchmark). */
  keys(): string[] {
    return [...this.plain.keys()].sort();
  }
}

function writeAtomically(file: string, content: string, mode?: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content, mode === undefined ? undefined : { mode });
  fs.renameSync(temp, file);
}

function encodeCursor(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function evaluate(actual: unknown, clause: Clause): boolean {
  const [first, second] = clause.values;
  switch (clause.condition) {
    case 'EXISTS':
      return actual !== undefined && actual !== null;
    case 'NOT_EXISTS':
      return actual === undefined || actual === null;
    case 'EQUAL_TO':
      return actual === first;
    case 'NOT_EQUAL_TO':
      return actual !== first;
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(first));
    case 'CONTAINS':
      return typeof actual === 'string' && actual.includes(String(first));
    case 'NOT_CONTAINS':
      return typeof actual === 'string' && !actual.includes(String(first));
    case 'BETWEEN':
      return actual !== undefined && compare(actual, first) >= 0 && compare(actual, second) <= 0;
    case 'GREATER_THAN':
      return actual !== undefined && compare(actual, first) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return actual !== undefined && compare(actual, first) >= 0;
    case 'LESS_THAN':
      return actual !== undefined && compare(actual, first) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return actual !== undefined && compare(actual, first) <= 0;
    default:
      throw new KvsError(400, 'INVALID_CONDITION', `Unknown condition ${clause.condition}`);
  }
}
