/**
 * Microsoft Graph client over Forge egress.
 * @microsoft/microsoft-graph-client's terminal handler calls the global fetch; Forge requires its own `fetch`
 * from @forge/api, so the chain ends in ForgeFetchHandler instead: auth -> retry (honours Retry-After on
 * 429/503/504) -> egress fetch. Forge's fetch returns a minimal response (no blob/clone), which is wrapped in a
 * WHATWG Response for the SDK's response handler. See docs/decisions/0002-graph-client-over-forge-fetch.md.
 * Helpers: getCollection (one collection, paged), batchGet / batchGetCollections / batchGetObjects (per-object
 * lookups through POST /$batch in chunks of 20, through the same middleware), toSourceError (classification).
 */
import { HOST_CONCURRENCY, mapConcurrent } from '../../shared/concurrency';
import {
  AuthenticationHandler,
  BatchRequestContent,
  BatchResponseContent,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { PageWalk } from '../../shared/paging';
import { z } from 'zod';
import { AppError, isAppError } from '../../shared/errors';
import { realSleep, type EgressFetch, type HttpRequestInit, type Sleep } from '../../shared/http';
import type { AccessTokenProvider } from './acquire-token';

const collectionPageSchema = z.looseObject({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });

class ForgeFetchHandler implements Middleware {
  constructor(
    private readonly fetch: EgressFetch,
    private readonly getToken: AccessTokenProvider & { invalidate?: () => void },
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const init: HttpRequestInit = {
      method: context.options?.method ?? 'GET',
      headers: toHeaderRecord(context.options?.headers),
    };
    if (typeof context.options?.body === 'string') init.body = context.options.body;
    let response = await this.fetch(url, init);
    if (response.status === 401 && this.getToken.invalidate) {
      // A token Entra revoked or rotated early: ask for a new one, once, and send the request again with it.
      this.getToken.invalidate();
      const headers = Object.fromEntries(Object.entries(init.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'authorization'));
      response = await this.fetch(url, { ...init, headers: { ...headers, Authorization: `Bearer ${await this.getToken()}` } });
    }
    const headers = new Headers();
    for (const name of ['content-type', 'retry-after', 'request-id', 'client-request-id']) {
      const value = response.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    const hasBody = response.status !== 204 && response.status !== 304;
    context.response = new Response(hasBody ? await response.text() : null, { status: response.status, headers });
  }
}

function toHeaderRecord(headers: HeadersInit | undefined): Record<string, string> {
  if (!headers) return {};
  return Object.fromEntries(new Headers(headers).entries());
}

export interface GraphClientOptions {
  /** Retries of throttled or unavailable calls before a page fails. */
  maxRetries?: number;
}

export function createGraphClient(getToken: AccessTokenProvider & { invalidate?: () => void }, fetch: EgressFetch, options: GraphClientOptions = {}): Client {
  const auth = new AuthenticationHandler({ getAccessToken: getToken });
  const retry = new RetryHandler(new RetryHandlerOptions(1, options.maxRetries ?? 6));
  auth.setNext(retry);
  retry.setNext(new ForgeFetchHandler(fetch, getToken));
  return Client.initWithMiddleware({ middleware: auth, defaultVersion: 'v1.0' });
}

/**
 * Every item of a Graph collection, following @odata.nextLink to the end (https://learn.microsoft.com/graph/paging).
 * A link is followed only back to Graph (the bearer token goes nowhere else), never twice, and for at most
 * MAX_PAGES pages: an API that never says "last" leaves the collection partial instead of running for ever.
 */
export async function getAllPages(client: Client, firstPage: unknown, endpoint: string, headers?: Record<string, string>): Promise<unknown[]> {
  const walk = new PageWalk({ system: 'entra', endpoint: `Microsoft Graph ${endpoint}` });
  const items: unknown[] = [];
  for (let raw = firstPage; ; ) {
    walk.page();
    const page = collectionPageSchema.safeParse(raw);
    if (!page.success) throw new AppError('SOURCE_BAD_RESPONSE', `Microsoft Graph ${endpoint} did not return a collection`, { system: 'entra', endpoint });
    for (const item of page.data.value) items.push(item);
    const next = page.data['@odata.nextLink'];
    if (!next) return items;
    const api = client.api(walk.follow(graphUrl(next, endpoint)));
    raw = await (headers ? api.headers(headers) : api).get();
  }
}

/** Largest $top Graph accepts on directory collections (users, groups, servicePrincipals, applications, ...). */
export const GRAPH_MAX_PAGE_SIZE = 999;

export type GraphVersion = 'v1.0' | 'beta';

export interface GraphCollectionRequest {
  /** Path relative to the version, e.g. "/servicePrincipals". */
  path: string;
  version?: GraphVersion;
  select?: readonly string[];
  top?: number;
}

/**
 * Every item of one Graph collection ($select / $top applied, @odata.nextLink followed). Errors are classified for
 * the sync: 401/403 become SOURCE_UNAUTHORIZED naming the endpoint, the tenant and `permission`.
 */
export async function getCollection(client: Client, tenantId: string, request: GraphCollectionRequest, permission?: string): Promise<unknown[]> {
  const version = request.version ?? 'v1.0';
  const endpoint = `/${version}${request.path}`;
  try {
    let api = client.api(request.path).version(version);
    if (request.select) api = api.select([...request.select]);
    if (request.top !== undefined) api = api.top(request.top);
    const firstPage: unknown = await api.get();
    return await getAllPages(client, firstPage, endpoint);
  } catch (error) {
    throw toSourceError(error, tenantId, endpoint, permission);
  }
}

/** Graph's JSON batch takes at most 20 requests (https://learn.microsoft.com/graph/json-batching). */
export const GRAPH_BATCH_LIMIT = 20;

export interface BatchGetRequest {
  /** The caller's key for this request; answers come back under it. */
  key: string;
  /** Path and query relative to the version, e.g. "/servicePrincipals/{id}/owners?$select=id,mail". */
  url: string;
}

export interface BatchGetAnswer {
  key: string;
  status: number;
  body: unknown;
}

export interface BatchOptions {
  version?: GraphVersion;
  sleep?: Sleep;
  /** Rounds of re-sending the requests that came back 429/503/504 inside an otherwise successful batch. */
  maxRetries?: number;
}

const batchBodySchema = z.looseObject({
  responses: z.array(z.looseObject({ id: z.string(), status: z.number(), headers: z.record(z.string(), z.string()).optional(), body: z.unknown().optional() })),
});

const RETRYABLE_IN_BATCH = new Set([429, 503, 504]);
const GRAPH_ORIGIN = 'https://graph.microsoft.com';

/**
 * GETs through POST /$batch in chunks of 20, built and read with the SDK's BatchRequestContent /
 * BatchResponseContent, so the batch itself goes through the client's middleware (auth, retry, Forge egress).
 * Inner answers are per request: each has its own status, and a throttled inner request (429 with its own
 * Retry-After) is re-sent in a later batch. Returns one answer per request key, in request order.
 */
export async function batchGet(client: Client, requests: readonly BatchGetRequest[], options: BatchOptions = {}): Promise<BatchGetAnswer[]> {
  const sleep = options.sleep ?? realSleep;
  const maxRetries = options.maxRetries ?? 3;
  const answers = new Map<string, BatchGetAnswer>();
  const chunks: BatchGetRequest[][] = [];
  for (let start = 0; start < requests.length; start += GRAPH_BATCH_LIMIT) chunks.push(requests.slice(start, start + GRAPH_BATCH_LIMIT));
  // Batches go out concurrently (the egress gate bounds how many are in flight and pauses on Retry-After).
  await mapConcurrent(chunks, HOST_CONCURRENCY, async (chunk) => {
    let pending = chunk;
    for (let round = 0; pending.length > 0; round++) {
      const chunkAnswers = await sendBatch(client, pending, options.version ?? 'v1.0');
      for (const answer of chunkAnswers) answers.set(answer.key, answer);
      const throttled = chunkAnswers.filter((a) => RETRYABLE_IN_BATCH.has(a.status));
      if (throttled.length === 0 || round >= maxRetries) break;
      const waits = throttled.map((a) => a.retryAfterMs ?? Math.min(60_000, 1000 * 2 ** round));
      await sleep(Math.max(...waits));
      const again = new Set(throttled.map((a) => a.key));
      pending = pending.filter((r) => again.has(r.key));
    }
  });
  return requests.map((r) => answers.get(r.key) ?? { key: r.key, status: 0, body: undefined });
}

async function sendBatch(client: Client, requests: readonly BatchGetRequest[], version: GraphVersion): Promise<Array<BatchGetAnswer & { retryAfterMs?: number }>> {
  // Batch ids are positions in this chunk; the SDK strips scheme and host, leaving the version-relative URL.
  const content = new BatchRequestContent(requests.map((r, i) => ({ id: String(i), request: new Request(`${GRAPH_ORIGIN}${r.url}`, { method: 'GET' }) })));
  const raw: unknown = await client.api('/$batch').version(version).post(await content.getContent());
  const parsed = batchBodySchema.safeParse(raw);
  if (!parsed.success) throw new AppError('SOURCE_BAD_RESPONSE', 'Microsoft Graph answered a $batch with something that is not a batch response', { system: 'entra' });
  const responses = new BatchResponseContent({ responses: parsed.data.responses.map(withJsonContentType) }).getResponses();
  const answers: Array<BatchGetAnswer & { retryAfterMs?: number }> = [];
  for (const [index, request] of requests.entries()) {
    const response = responses.get(String(index));
    if (!response) {
      answers.push({ key: request.key, status: 0, body: undefined });
      continue;
    }
    const text = await response.text();
    const retryAfter = Number(response.headers.get('retry-after'));
    answers.push({ key: request.key, status: response.status, body: text ? safeJson(text) : undefined, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) });
  }
  return answers;
}

/**
 * BatchResponseContent serialises an inner body as JSON only when the inner headers say "Content-Type:
 * application/json" in exactly that spelling; an object body with no (or a lower-case) content type would become
 * "[object Object]". Graph sends JSON bodies for every inner answer, so the header is normalised first.
 */
function withJsonContentType(response: z.infer<typeof batchBodySchema>['responses'][number]): Record<string, unknown> {
  const entries = Object.entries(response.headers ?? {});
  const contentType = entries.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const headers: Record<string, string> = Object.fromEntries(entries.filter(([name]) => name.toLowerCase() !== 'content-type'));
  if (typeof response.body === 'object' && response.body !== null) headers['Content-Type'] = contentType?.split(';')[0]?.trim() === 'application/json' ? contentType : 'application/json';
  else if (contentType !== undefined) headers['Content-Type'] = contentType;
  return { ...response, headers };
}

export interface BatchWhere {
  /** For messages: "/v1.0/servicePrincipals/{id}/owners". */
  endpoint: string;
  tenantId: string;
  /** The application permission that opens the endpoint, named in a 403. */
  permission: string;
  version?: GraphVersion;
}

/**
 * One collection per request key, each paged to the end. A 404 means the object is gone (or, for provisioning jobs,
 * has none): its key is left out. Any other failure stops the step with a classified AppError.
 */
export async function batchGetCollections(client: Client, requests: readonly BatchGetRequest[], where: BatchWhere, options: BatchOptions = {}): Promise<Map<string, unknown[]>> {
  const result = new Map<string, unknown[]>();
  for (const answer of await batchGet(client, requests, { ...options, version: where.version ?? options.version })) {
    if (answer.status === 404) continue;
    if (answer.status !== 200) throw toSourceError(innerError(answer), where.tenantId, where.endpoint, where.permission);
    try {
      result.set(answer.key, await getAllPages(client, answer.body, where.endpoint));
    } catch (error) {
      throw toSourceError(error, where.tenantId, where.endpoint, where.permission);
    }
  }
  return result;
}

/** One object per request key; 404 leaves the key out (deleted since it was listed). */
export async function batchGetObjects(client: Client, requests: readonly BatchGetRequest[], where: BatchWhere, options: BatchOptions = {}): Promise<Map<string, unknown>> {
  const result = new Map<string, unknown>();
  for (const answer of await batchGet(client, requests, { ...options, version: where.version ?? options.version })) {
    if (answer.status === 404) continue;
    if (answer.status !== 200) throw toSourceError(innerError(answer), where.tenantId, where.endpoint, where.permission);
    result.set(answer.key, answer.body);
  }
  return result;
}

const innerErrorSchema = z.looseObject({ error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }) });

/** An inner batch answer shaped like the SDK's GraphError (statusCode, code), for toSourceError. */
function innerError(answer: BatchGetAnswer): { statusCode: number; code?: string } {
  const parsed = innerErrorSchema.safeParse(answer.body);
  return { statusCode: answer.status, ...(parsed.success && parsed.data.error.code ? { code: parsed.data.error.code } : {}) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Classifies a Graph SDK error (or an inner $batch answer): 401/403 stop this source (partial sync) and name the
 * endpoint, the tenant and, when given, the application permission that opens it; 429 is throttling; anything
 * else is unavailable.
 */
export function toSourceError(error: unknown, tenantId: string, endpoint: string, permission?: string): AppError {
  if (error instanceof AppError) return error;
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : undefined;
  const code = typeof error === 'object' && error !== null && 'code' in error && error.code !== undefined ? String(error.code) : undefined;
  const context = { system: 'entra', tenantId, endpoint, status, graphCode: code, permission };
  if (status === 401 || status === 403) {
    const fix = permission
      ? `grant the scanner's app registration the Microsoft Graph application permission ${permission} and admin-consent it`
      : 'grant the app permission listed in the README and admin-consent it';
    return new AppError(
      'SOURCE_UNAUTHORIZED',
      `Microsoft Graph refused ${endpoint} in Entra tenant ${tenantId} (HTTP ${status}${code ? `, ${code}` : ''}); ${fix}`,
      context,
      { cause: error },
    );
  }
  if (status === 429) {
    return new AppError('SOURCE_THROTTLED', `Microsoft Graph kept throttling ${endpoint} in Entra tenant ${tenantId}`, context, { cause: error });
  }
  return new AppError(
    'SOURCE_UNAVAILABLE',
    `Microsoft Graph call ${endpoint} failed in Entra tenant ${tenantId}${status ? ` (HTTP ${status})` : ''}`,
    context,
    { cause: error },
  );
}

/** What a tracked collection read returns: every item, and the deltaLink that asks for what changes next. */
export interface TrackedRead {
  items: unknown[];
  /** The @odata.deltaLink to call next time; undefined when Graph gave none. */
  cursor: string | undefined;
  mode: 'full' | 'delta';
}

const deltaPageSchema = z.looseObject({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

/** Pages of one delta round, from its first page to the page carrying the deltaLink. */
async function followDelta(client: Client, firstPage: unknown, endpoint: string): Promise<{ items: unknown[]; deltaLink: string | undefined }> {
  const walk = new PageWalk({ system: 'entra', endpoint: `Microsoft Graph ${endpoint}` });
  const items: unknown[] = [];
  for (let raw = firstPage; ; ) {
    walk.page();
    const page = deltaPageSchema.safeParse(raw);
    if (!page.success) throw new AppError('SOURCE_BAD_RESPONSE', `Microsoft Graph ${endpoint} did not return a delta page`, { system: 'entra', endpoint });
    for (const item of page.data.value) items.push(item);
    const next = page.data['@odata.nextLink'];
    if (!next) return { items, deltaLink: page.data['@odata.deltaLink'] };
    raw = await client.api(walk.follow(graphUrl(next, endpoint))).get();
  }
}

/** Only links back to Graph are followed: a stored or returned link is never a way to send the token elsewhere. */
function graphUrl(link: string, endpoint: string): string {
  if (!link.startsWith(`${GRAPH_ORIGIN}/`)) throw new AppError('SOURCE_BAD_RESPONSE', `Microsoft Graph ${endpoint} returned a link to another host`, { system: 'entra', endpoint });
  return link;
}

/** Graph says the delta token can no longer be used: a full read is needed (410 Gone, or syncStateNotFound). */
function isExpiredDelta(error: unknown): boolean {
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : undefined;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return status === 410 || /syncStateNotFound|resyncRequired/i.test(code);
}

/**
 * The previous items with a delta round applied: `@removed` items go, changed ones are merged field by field (a
 * delta item may carry only the properties that changed), new ones are added. Replays merge to the same result.
 */
export function applyDelta(previous: readonly unknown[], changes: readonly unknown[], select?: readonly string[]): unknown[] {
  const idOf = (item: unknown) => (typeof item === 'object' && item !== null ? String((item as { id?: unknown }).id ?? '') : '');
  const byId = new Map(previous.map((item) => [idOf(item), item]));
  const keep = select ? new Set(['id', ...select]) : undefined;
  for (const change of changes) {
    const id = idOf(change);
    if (!id) continue;
    const fields = change as Record<string, unknown>;
    if (fields['@removed'] !== undefined) {
      byId.delete(id);
      continue;
    }
    const selected = Object.fromEntries(Object.entries(fields).filter(([name]) => !name.startsWith('@') && !name.includes('@odata') && (!keep || keep.has(name))));
    byId.set(id, { ...((byId.get(id) as Record<string, unknown> | undefined) ?? {}), ...selected });
  }
  return [...byId.values()];
}

/**
 * A directory collection read so that the next sync can ask only for what changed (delta query,
 * https://learn.microsoft.com/graph/delta-query-overview). With the previous sync's items and deltaLink, one delta
 * round is applied to them. Without, or when Graph says the token expired (410), the collection is read in full
 * with $top=999, after taking a `$deltatoken=latest` link first so that nothing changed during the read is missed
 * (a change seen twice merges to the same item).
 */
export async function readTrackedCollection(
  client: Client,
  tenantId: string,
  request: GraphCollectionRequest,
  permission: string | undefined,
  previous: { items: readonly unknown[] | undefined; cursor: string | undefined },
): Promise<TrackedRead> {
  const version = request.version ?? 'v1.0';
  const endpoint = `/${version}${request.path}`;
  if (previous.items && previous.cursor?.startsWith(`${GRAPH_ORIGIN}/${version}${request.path}/delta`)) {
    try {
      const round = await followDelta(client, await client.api(previous.cursor).get(), `${endpoint}/delta`);
      return { items: applyDelta(previous.items, round.items, request.select), cursor: round.deltaLink, mode: 'delta' };
    } catch (error) {
      if (!isExpiredDelta(error)) throw toSourceError(error, tenantId, `${endpoint}/delta`, permission);
    }
  }
  let cursor: string | undefined;
  try {
    let latest = client.api(`${request.path}/delta`).version(version).query({ $deltatoken: 'latest' });
    if (request.select) latest = latest.select([...request.select]);
    cursor = (await followDelta(client, await latest.get(), `${endpoint}/delta`)).deltaLink;
  } catch (error) {
    // No change tracking (a cloud or collection without delta): read in full every time.
    if (isAppError(error)) throw error;
    const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : undefined;
    // Delta needs the permission the collection needs: name the collection, as the admin knows it.
    if (status === 401 || status === 403) throw toSourceError(error, tenantId, endpoint, permission);
  }
  return { items: await getCollection(client, tenantId, request, permission), cursor, mode: 'full' };
}
