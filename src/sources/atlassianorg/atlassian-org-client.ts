/**
 * The Atlassian organization admin APIs at api.atlassian.com over Forge egress, authenticated with an organization
 * API key as a Bearer token. Forge and OAuth 2.0 apps cannot call these APIs natively (each operation says "Forge and
 * OAuth2 apps cannot access this REST resource"), so the key is an admin's, kept in Forge secret storage, read at the
 * moment of use and sent only to this host. https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/
 * Paths: /admin/api-access/v1/orgs/{orgId}/... (API Access: service accounts, API tokens, OAuth clients, API keys,
 * https://developer.atlassian.com/cloud/admin/api-access/rest/) and /admin/v1/orgs/{orgId}/events (Organizations REST
 * API, https://developer.atlassian.com/cloud/admin/organization/rest/api-group-events/).
 * Paging: collections answer `{data | items, links: {self, next, prev}}` (events add `meta.next`, the next cursor).
 * `links.next` is documented only as a string: an absolute URL is followed when it stays on api.atlassian.com (the key
 * goes nowhere else), a relative one is resolved against the host, and a bare value is sent back as `cursor`.
 * Errors: 401 = the key is wrong, expired (keys last at most a year) or revoked; 403 = the key lacks the operation's
 * scope (or, for events, the organization has no Atlassian Guard); 429 with Retry-After (X-RateLimit-* headers).
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { EgressFetch, HttpResponse, Sleep } from '../../shared/http';
import { PageWalk } from '../../shared/paging';
import { DEFAULT_RETRY, sendWithRetry, type RetryPolicy } from '../../shared/retry';

export const ATLASSIAN_API_HOST = 'api.atlassian.com';

/** Organization ids: the id in admin.atlassian.com/o/{orgId} (a UUID in practice; letters, digits and dashes). */
export const ORG_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;

/** One documented operation: its path under the org, the scope the docs name for it, and what it reads, for messages. */
export interface OrgEndpoint {
  /** Under /admin/..., with `{orgId}` filled in by the client. */
  path: (orgId: string) => string;
  scope: string;
  what: string;
}

export interface AtlassianOrgCredentials {
  orgId: string;
  /** Read at the moment of use (Forge secret storage); never logged, stored elsewhere or put in an error. */
  readApiKey: () => Promise<string | undefined>;
}

const pageSchema = z.looseObject({
  data: z.array(z.unknown()).nullish(),
  items: z.array(z.unknown()).nullish(),
  links: z.looseObject({ next: z.string().nullish() }).nullish(),
  meta: z.looseObject({ next: z.string().nullish() }).nullish(),
});

export class AtlassianOrgClient {
  readonly orgId: string;

  constructor(
    private readonly credentials: AtlassianOrgCredentials,
    private readonly fetch: EgressFetch,
    private readonly sleep: Sleep,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    if (!ORG_ID.test(credentials.orgId)) {
      throw new AppError('INVALID_INPUT', `Atlassian organization id "${credentials.orgId}" is not valid: copy it from admin.atlassian.com/o/<organization id>`, { system: 'atlassianorg' });
    }
    this.orgId = credentials.orgId;
  }

  /** One page: the answer and its status, for Test connection, which reports 403 per scope instead of throwing. */
  async probe(endpoint: OrgEndpoint, query: Record<string, string>): Promise<{ status: number }> {
    const response = await this.send(this.urlOf(endpoint, query), endpoint);
    await response.text();
    return { status: response.status };
  }

  /** Every item of a collection, following `links.next` (or `meta.next`) until there is none. */
  async getAll(endpoint: OrgEndpoint, query: Record<string, string>): Promise<unknown[]> {
    const items: unknown[] = [];
    const name = endpoint.path('{orgId}');
    const walk = new PageWalk({ system: 'atlassianorg', endpoint: `Atlassian ${name}` });
    let url = this.urlOf(endpoint, query);
    for (;;) {
      walk.page();
      const body = await this.read(await this.send(url, endpoint), endpoint);
      const page = pageSchema.safeParse(body);
      const list = page.success ? (page.data.data ?? page.data.items) : undefined;
      if (!page.success || !list) {
        throw new AppError('SOURCE_BAD_RESPONSE', `Atlassian ${name} did not return a page of {data, links}`, { system: 'atlassianorg', orgId: this.orgId, endpoint: name });
      }
      items.push(...list);
      const next = page.data.links?.next || page.data.meta?.next || undefined;
      if (!next) return items;
      url = this.nextUrl(walk.follow(next), endpoint, query);
    }
  }

  private urlOf(endpoint: OrgEndpoint, query: Record<string, string>): string {
    const search = new URLSearchParams(query).toString();
    return `https://${ATLASSIAN_API_HOST}${endpoint.path(encodeURIComponent(this.orgId))}${search ? `?${search}` : ''}`;
  }

  private nextUrl(next: string, endpoint: OrgEndpoint, query: Record<string, string>): string {
    if (/^https?:\/\//i.test(next) || next.startsWith('/') || next.startsWith('?')) {
      const url = new URL(next, `https://${ATLASSIAN_API_HOST}${endpoint.path(encodeURIComponent(this.orgId))}`);
      // The key is for api.atlassian.com only: a next link elsewhere is refused, never followed with it.
      if (url.protocol !== 'https:' || url.host !== ATLASSIAN_API_HOST) {
        throw new AppError('SOURCE_BAD_RESPONSE', `Atlassian ${endpoint.path('{orgId}')} gave a next link to another host (${url.host}); it was not followed`, { system: 'atlassianorg', orgId: this.orgId, endpoint: endpoint.path('{orgId}') });
      }
      return url.toString();
    }
    return this.urlOf(endpoint, { ...query, cursor: next });
  }

  private async send(url: string, endpoint: OrgEndpoint): Promise<HttpResponse> {
    const key = await this.credentials.readApiKey();
    if (!key) {
      throw new AppError('NOT_CONFIGURED', `No Atlassian organization API key is stored for organization ${this.orgId}; enter one in Settings > Atlassian organization`, {
        system: 'atlassianorg',
        orgId: this.orgId,
        endpoint: endpoint.path('{orgId}'),
      });
    }
    return sendWithRetry(() => this.fetch(url, { headers: { Accept: 'application/json', Authorization: `Bearer ${key}` } }), this.sleep, this.retry);
  }

  private async read(response: HttpResponse, endpoint: OrgEndpoint): Promise<unknown> {
    const name = endpoint.path('{orgId}');
    const context = { system: 'atlassianorg', orgId: this.orgId, endpoint: name, scope: endpoint.scope, status: response.status };
    const text = await response.text();
    if (response.status === 401) {
      throw new AppError(
        'SOURCE_UNAUTHORIZED',
        `Atlassian did not accept the organization API key for organization ${this.orgId} (HTTP 401): it is wrong, expired (a key lasts at most a year) or revoked. Create one in admin.atlassian.com > Settings > API keys and enter it in Settings > Atlassian organization`,
        context,
      );
    }
    if (response.status === 403) throw new AppError('SOURCE_UNAUTHORIZED', forbiddenMessage(this.orgId, endpoint), context);
    if (response.status === 404 || response.status === 410) throw new AppError('NOT_FOUND', `Atlassian has no ${name} for organization ${this.orgId}`, context);
    if (response.status === 429) throw new AppError('SOURCE_THROTTLED', `Atlassian kept throttling ${name} for organization ${this.orgId}; the sync will resume later`, context);
    if (response.status >= 400) throw new AppError('SOURCE_UNAVAILABLE', `Atlassian answered HTTP ${response.status} for ${name} of organization ${this.orgId}`, context);
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Atlassian returned a body that is not JSON for ${name} of organization ${this.orgId}`, context, { cause });
    }
  }
}

/** What a 403 means for an operation, with the scope to add: the message an admin acts on. */
export function forbiddenMessage(orgId: string, endpoint: OrgEndpoint): string {
  const guard = endpoint.scope === 'read:events:admin' ? ', or the organization has no Atlassian Guard subscription (the audit log API needs Guard Standard or Premium, or Enterprise)' : '';
  return `Atlassian refused to list ${endpoint.what} of organization ${orgId} (HTTP 403): the organization API key lacks the scope ${endpoint.scope}${guard}. Create a key with that scope (or one without scopes) and enter it in Settings > Atlassian organization`;
}
