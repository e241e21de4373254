/**
 * Power Platform admin APIs over Forge egress, with Entra client-credentials tokens (one per resource).
 * Hosts and token audiences (scope = `${audience}/.default`):
 * - api.bap.microsoft.com (environments)   -> https://api.bap.microsoft.com
 * - api.flow.microsoft.com (flows)          -> https://service.flow.microsoft.com
 * - api.powerapps.com (connections)         -> https://service.powerapps.com
 * Collections are `{value, nextLink}`; nextLink is an absolute URL on the same host and is followed only there, so a
 * bearer token never leaves the host it was issued for.
 * Quirks:
 * - An app-only token is accepted by the admin (`scopes/admin`) endpoints only after the app registration is
 *   registered as a Power Platform management app (New-PowerAppManagementApp, or the BAP adminApplications API);
 *   before that the APIs answer 401/403 to a valid token.
 *   https://learn.microsoft.com/power-platform/admin/powerplatform-api-create-service-principal
 * - These are the (unversioned, widely used) APIs of the Microsoft.PowerApps.Administration.PowerShell module; every
 *   call carries api-version (2016-11-01; environments 2020-10-01).
 * - 429 with Retry-After under load; handled by sendWithRetry.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { EgressFetch, HttpResponse, Sleep } from '../../shared/http';
import { DEFAULT_RETRY, sendWithRetry, type RetryPolicy } from '../../shared/retry';
import { PageWalk } from '../../shared/paging';
import { createTokenProvider, type EntraAppCredentials, type RefreshableTokenProvider } from '../entra/acquire-token';

export const POWER_PLATFORM_HOSTS = {
  bap: 'api.bap.microsoft.com',
  flow: 'api.flow.microsoft.com',
  powerApps: 'api.powerapps.com',
} as const;
export type PowerPlatformHost = (typeof POWER_PLATFORM_HOSTS)[keyof typeof POWER_PLATFORM_HOSTS];

/** The resource each host's token must be issued for. */
export const POWER_PLATFORM_AUDIENCES: Record<PowerPlatformHost, string> = {
  'api.bap.microsoft.com': 'https://api.bap.microsoft.com',
  'api.flow.microsoft.com': 'https://service.flow.microsoft.com',
  'api.powerapps.com': 'https://service.powerapps.com',
};

export const API_VERSIONS: Record<PowerPlatformHost, string> = {
  'api.bap.microsoft.com': '2020-10-01',
  'api.flow.microsoft.com': '2016-11-01',
  'api.powerapps.com': '2016-11-01',
};

const collectionSchema = z.looseObject({ value: z.array(z.unknown()), nextLink: z.string().nullish(), '@odata.nextLink': z.string().nullish() });

export class PowerPlatformClient {
  private readonly tokens: Record<PowerPlatformHost, RefreshableTokenProvider>;

  constructor(
    readonly credentials: EntraAppCredentials,
    private readonly fetch: EgressFetch,
    private readonly sleep: Sleep,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    const provider = (host: PowerPlatformHost) => createTokenProvider(credentials, fetch, sleep, `${POWER_PLATFORM_AUDIENCES[host]}/.default`);
    this.tokens = {
      'api.bap.microsoft.com': provider('api.bap.microsoft.com'),
      'api.flow.microsoft.com': provider('api.flow.microsoft.com'),
      'api.powerapps.com': provider('api.powerapps.com'),
    };
  }

  /** GET https://{host}{path}?api-version=…&{query}; `path` is already encoded. */
  async getJson(host: PowerPlatformHost, path: string, query: Record<string, string> = {}): Promise<unknown> {
    const params = new URLSearchParams({ ...query, 'api-version': API_VERSIONS[host] });
    return this.getUrl(host, `https://${host}${path}?${params.toString()}`);
  }

  /** Every item of a `{value, nextLink}` collection. */
  async getAllPages(host: PowerPlatformHost, path: string, query: Record<string, string> = {}): Promise<unknown[]> {
    const items: unknown[] = [];
    const walk = new PageWalk({ system: 'powerautomate', endpoint: `Power Platform ${host}${stripIds(path)}`, tenantId: this.credentials.tenantId });
    let body = await this.getJson(host, path, query);
    for (;;) {
      walk.page();
      const page = collectionSchema.safeParse(body);
      if (!page.success) {
        throw new AppError('SOURCE_BAD_RESPONSE', `Power Platform ${host}${stripIds(path)} did not return {value}`, { system: 'powerautomate', host, endpoint: stripIds(path) });
      }
      items.push(...page.data.value);
      const next = page.data.nextLink ?? page.data['@odata.nextLink'];
      if (!next) return items;
      body = await this.getUrl(host, walk.follow(this.checkNextLink(host, next, path)));
    }
  }

  /** The first page of a collection only (run history: newest first, the first page holds the latest). */
  async getFirstPage(host: PowerPlatformHost, path: string, query: Record<string, string> = {}): Promise<unknown[]> {
    const page = collectionSchema.safeParse(await this.getJson(host, path, query));
    if (!page.success) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Power Platform ${host}${stripIds(path)} did not return {value}`, { system: 'powerautomate', host, endpoint: stripIds(path) });
    }
    return page.data.value;
  }

  /** nextLink must stay on https://{host}: a bearer token is never sent to any other host. */
  private checkNextLink(host: PowerPlatformHost, next: string, path: string): string {
    let url: URL;
    try {
      url = new URL(next, `https://${host}${path}`);
    } catch {
      throw new AppError('SOURCE_BAD_RESPONSE', `Power Platform ${host} returned a nextLink that is not a URL`, { system: 'powerautomate', host });
    }
    if (url.protocol !== 'https:' || url.host !== host) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Power Platform ${host} returned a nextLink to another host (${url.host}); refusing to follow it`, { system: 'powerautomate', host });
    }
    if (!url.searchParams.has('api-version')) url.searchParams.set('api-version', API_VERSIONS[host]);
    return url.href;
  }

  private async getUrl(host: PowerPlatformHost, url: string): Promise<unknown> {
    const send = async () => {
      const token = await this.tokens[host]();
      return sendWithRetry(() => this.fetch(url, { headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } }), this.sleep, this.retry);
    };
    let response = await send();
    if (response.status === 401) {
      // A revoked or early-rotated token: one new token, one more try.
      this.tokens[host].invalidate();
      response = await send();
    }
    return this.readBody(response, host, stripIds(new URL(url).pathname));
  }

  private async readBody(response: HttpResponse, host: string, endpoint: string): Promise<unknown> {
    const context = { system: 'powerautomate', host, endpoint, status: response.status, tenantId: this.credentials.tenantId };
    const body = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new AppError(
        'SOURCE_UNAUTHORIZED',
        `Power Platform refused ${host}${endpoint} (HTTP ${response.status}) for client ${this.credentials.clientId}; register the app as a Power Platform management app (New-PowerAppManagementApp) in tenant ${this.credentials.tenantId}`,
        context,
      );
    }
    if (response.status === 404 || response.status === 410) throw new AppError('NOT_FOUND', `Power Platform has no ${host}${endpoint}`, context);
    if (response.status === 429) throw new AppError('SOURCE_THROTTLED', `Power Platform kept throttling ${host}${endpoint}; the sync will resume later`, context);
    if (response.status >= 400) throw new AppError('SOURCE_UNAVAILABLE', `Power Platform answered HTTP ${response.status} for ${host}${endpoint}`, context);
    try {
      return JSON.parse(body) as unknown;
    } catch (cause) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Power Platform returned a body that is not JSON for ${host}${endpoint}`, context, { cause });
    }
  }
}

/** An endpoint name for messages and logs: GUID-like ids replaced, so one endpoint reads the same for every flow. */
function stripIds(path: string): string {
  return path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}');
}

/** Path segment, encoded (environment and flow names come from API data). */
export const segment = (value: string) => encodeURIComponent(value);

/** Adds where an item came from (environment, flow) to each API item, so a record stands on its own in a dataset. */
export function tagItems(items: readonly unknown[], tags: Record<string, string>): unknown[] {
  return items.map((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? { ...item, ...tags } : item));
}
