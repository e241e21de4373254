/**
 * The Dataverse Web API of one Power Platform environment, over Forge egress, with an Entra client-credentials token
 * whose audience is that environment's organization URL (scope `https://{org}.crm{N}.dynamics.com/.default`).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/overview
 * - Base: `{instanceUrl}/api/data/v9.2/{entitySet}`; the instance URL comes from the environment's
 *   linkedEnvironmentMetadata (environments.ts). Only a commercial Dataverse host (`*.crm*.dynamics.com`, which
 *   manifest.yml allows as `*.dynamics.com`) is ever called: a bearer token is never sent to a host the API names.
 * - Paging: `Prefer: odata.maxpagesize=N` and `@odata.nextLink`, an absolute URL followed only on the same host.
 *   https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results
 * - Access: app-only calls need the app registration to be an *application user* of the environment with a security
 *   role that reads the tables asked for; without it Dataverse answers 403 (missing prvRead<table>) or 401.
 *   https://learn.microsoft.com/power-platform/admin/manage-application-users
 * - 429 with Retry-After under service protection limits; handled by sendWithRetry.
 *   https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { EgressFetch, HttpResponse, Sleep } from '../../shared/http';
import { PageWalk } from '../../shared/paging';
import { DEFAULT_RETRY, sendWithRetry, type RetryPolicy } from '../../shared/retry';
import { createTokenProvider, type EntraAppCredentials, type RefreshableTokenProvider } from '../entra/acquire-token';

export const DATAVERSE_API_PATH = '/api/data/v9.2';
/** Rows per page asked with Prefer: odata.maxpagesize (Dataverse's own maximum is 5000). */
const PAGE_SIZE = 500;

/** A commercial Dataverse organization host: {org}.crm.dynamics.com, {org}.crm4.dynamics.com, ... */
const DATAVERSE_HOST = /^[a-z0-9][a-z0-9-]*\.crm\d*\.dynamics\.com$/i;

/** The organization URL (https://{host}) of an instance URL, or undefined when it is not a Dataverse host this app may call. */
export function dataverseOrigin(instanceUrl: string | null | undefined): string | undefined {
  if (!instanceUrl) return undefined;
  try {
    const url = new URL(instanceUrl);
    return url.protocol === 'https:' && DATAVERSE_HOST.test(url.hostname) && url.port === '' ? `https://${url.hostname.toLowerCase()}` : undefined;
  } catch {
    return undefined;
  }
}

const pageSchema = z.looseObject({ value: z.array(z.unknown()), '@odata.nextLink': z.string().nullish() });

export class DataverseClient {
  private readonly tokens = new Map<string, RefreshableTokenProvider>();

  constructor(
    readonly credentials: EntraAppCredentials,
    private readonly fetch: EgressFetch,
    private readonly sleep: Sleep,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  /** Every row of `{origin}/api/data/v9.2/{entitySet}?{query}`, following @odata.nextLink. */
  async getAll(origin: string, entitySet: string, query: Record<string, string>): Promise<unknown[]> {
    const rows: unknown[] = [];
    const walk = new PageWalk({ system: 'powerautomate', endpoint: `Dataverse ${entitySet}`, tenantId: this.credentials.tenantId });
    let url = this.urlOf(origin, entitySet, query);
    for (;;) {
      walk.page();
      const page = this.parsePage(await this.get(origin, entitySet, url), origin, entitySet);
      rows.push(...page.value);
      const next = page['@odata.nextLink'];
      if (!next) return rows;
      url = walk.follow(this.checkNextLink(origin, entitySet, next));
    }
  }

  /** The first page only (a `$top` query: the latest row of an ordered set). */
  async getFirstPage(origin: string, entitySet: string, query: Record<string, string>): Promise<unknown[]> {
    return this.parsePage(await this.get(origin, entitySet, this.urlOf(origin, entitySet, query)), origin, entitySet).value;
  }

  private urlOf(origin: string, entitySet: string, query: Record<string, string>): string {
    const checked = dataverseOrigin(origin);
    if (!checked) throw new AppError('SOURCE_BAD_RESPONSE', `${origin} is not a Dataverse organization URL; refusing to send it a token`, { system: 'powerautomate', endpoint: entitySet });
    // OData system query options keep their `$` unencoded, as the Web API documents them.
    const search = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    return `${checked}${DATAVERSE_API_PATH}/${entitySet}${search ? `?${search}` : ''}`;
  }

  private parsePage(body: unknown, origin: string, entitySet: string): z.infer<typeof pageSchema> {
    const page = pageSchema.safeParse(body);
    if (!page.success) throw new AppError('SOURCE_BAD_RESPONSE', `Dataverse ${entitySet} at ${origin} did not return {value}`, { system: 'powerautomate', host: new URL(origin).host, endpoint: entitySet });
    return page.data;
  }

  /** @odata.nextLink must stay on the organization's own host: the token is never sent anywhere else. */
  private checkNextLink(origin: string, entitySet: string, next: string): string {
    let url: URL;
    try {
      url = new URL(next, origin);
    } catch {
      throw new AppError('SOURCE_BAD_RESPONSE', `Dataverse ${entitySet} returned an @odata.nextLink that is not a URL`, { system: 'powerautomate', endpoint: entitySet });
    }
    if (url.origin !== origin) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Dataverse ${entitySet} returned an @odata.nextLink to another host (${url.host}); refusing to follow it`, { system: 'powerautomate', endpoint: entitySet });
    }
    return url.href;
  }

  private tokenFor(origin: string): RefreshableTokenProvider {
    let provider = this.tokens.get(origin);
    if (!provider) {
      provider = createTokenProvider(this.credentials, this.fetch, this.sleep, `${origin}/.default`);
      this.tokens.set(origin, provider);
    }
    return provider;
  }

  private async get(origin: string, entitySet: string, url: string): Promise<unknown> {
    const tokens = this.tokenFor(origin);
    const send = async () => {
      const token = await tokens();
      const headers = { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', Prefer: `odata.maxpagesize=${PAGE_SIZE}`, Authorization: `Bearer ${token}` };
      return sendWithRetry(() => this.fetch(url, { headers }), this.sleep, this.retry);
    };
    let response = await send();
    if (response.status === 401) {
      // A revoked or early-rotated token: one new token, one more try.
      tokens.invalidate();
      response = await send();
    }
    return this.readBody(response, origin, entitySet);
  }

  private async readBody(response: HttpResponse, origin: string, entitySet: string): Promise<unknown> {
    const host = new URL(origin).host;
    const context = { system: 'powerautomate', host, endpoint: entitySet, status: response.status, tenantId: this.credentials.tenantId };
    const body = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new AppError(
        'SOURCE_UNAUTHORIZED',
        `Dataverse at ${host} refused ${entitySet} (HTTP ${response.status}) for client ${this.credentials.clientId}; add the app as an application user of that environment with a security role that reads the ${entitySet} table`,
        context,
      );
    }
    if (response.status === 404 || response.status === 410) throw new AppError('NOT_FOUND', `Dataverse at ${host} has no ${entitySet}`, context);
    if (response.status === 429) throw new AppError('SOURCE_THROTTLED', `Dataverse at ${host} kept throttling ${entitySet}; the sync will resume later`, context);
    if (response.status >= 400) throw new AppError('SOURCE_UNAVAILABLE', `Dataverse at ${host} answered HTTP ${response.status} for ${entitySet}`, context);
    try {
      return JSON.parse(body) as unknown;
    } catch (cause) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Dataverse at ${host} returned a body that is not JSON for ${entitySet}`, context, { cause });
    }
  }
}
