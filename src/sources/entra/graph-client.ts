/**
 * Microsoft Graph client over Forge egress.
 * @microsoft/microsoft-graph-client's terminal handler calls the global fetch; Forge requires its own `fetch`
 * from @forge/api, so the chain ends in ForgeFetchHandler instead: auth -> retry (honours Retry-After on
 * 429/503/504) -> egress fetch. Forge's fetch returns a minimal response (no blob/clone), which is wrapped in a
 * WHATWG Response for the SDK's response handler. See docs/decisions/0002-graph-client-over-forge-fetch.md.
 */
import {
  AuthenticationHandler,
  Client,
  PageIterator,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { EgressFetch, HttpRequestInit } from '../../shared/http';
import type { AccessTokenProvider } from './acquire-token';

const collectionPageSchema = z.looseObject({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });

class ForgeFetchHandler implements Middleware {
  constructor(private readonly fetch: EgressFetch) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const init: HttpRequestInit = {
      method: context.options?.method ?? 'GET',
      headers: toHeaderRecord(context.options?.headers),
    };
    if (typeof context.options?.body === 'string') init.body = context.options.body;
    const response = await this.fetch(url, init);
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

export function createGraphClient(getToken: AccessTokenProvider, fetch: EgressFetch, options: GraphClientOptions = {}): Client {
  const auth = new AuthenticationHandler({ getAccessToken: getToken });
  const retry = new RetryHandler(new RetryHandlerOptions(1, options.maxRetries ?? 6));
  auth.setNext(retry);
  retry.setNext(new ForgeFetchHandler(fetch));
  return Client.initWithMiddleware({ middleware: auth, defaultVersion: 'v1.0' });
}

/** Every item of a Graph collection, following @odata.nextLink to the end (https://learn.microsoft.com/graph/paging). */
export async function getAllPages(client: Client, firstPage: unknown, endpoint: string): Promise<unknown[]> {
  const page = collectionPageSchema.safeParse(firstPage);
  if (!page.success) {
    throw new AppError('SOURCE_BAD_RESPONSE', `Microsoft Graph ${endpoint} did not return a collection`, { system: 'entra', endpoint });
  }
  const items: unknown[] = [];
  const collection: PageCollection = { ...page.data, value: page.data.value };
  const iterator = new PageIterator(client, collection, (item: unknown) => {
    items.push(item);
    return true;
  });
  await iterator.iterate();
  return items;
}

/** Classifies a Graph SDK error: 401/403 stop this source (partial sync), anything else is unavailable. */
export function toSourceError(error: unknown, tenantId: string, endpoint: string): AppError {
  if (error instanceof AppError) return error;
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : undefined;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const context = { system: 'entra', tenantId, endpoint, status, graphCode: code };
  if (status === 401 || status === 403) {
    return new AppError(
      'SOURCE_UNAUTHORIZED',
      `Microsoft Graph refused ${endpoint} in Entra tenant ${tenantId} (HTTP ${status}${code ? `, ${code}` : ''}); grant the app permission listed in the README and admin-consent it`,
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
