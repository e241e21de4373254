/**
 * Atlassian Automation rule-management REST API, over Forge egress with an admin's e-mail and API token (Basic).
 * Base: https://api.atlassian.com/automation/public/jira/{cloudId}/rest/v1
 * https://developer.atlassian.com/cloud/automation/api/base-paths/ ,
 * https://developer.atlassian.com/cloud/automation/security/authentication/
 * Quirks:
 * - "Forge and OAuth2 apps cannot access this REST resource": an app identity cannot read rules, hence the token.
 *   Atlassian does not allow Marketplace apps to collect API tokens; this path is for an in-house deployment only
 *   (../../../../shared/research/forge.md §5). The upload of the rule export (export-file.ts) needs no token.
 * - Collections are `{links: {self, next, prev}, data}` paged by cursor. `links.next` used to be an absolute URL
 *   and is now a query string only ("?cursor=…&limit=100"); both are accepted, and a next link that leaves this API
 *   is refused, so the Basic credential is never sent anywhere else.
 * Rate limits: 429 with Retry-After, handled by sendWithRetry.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { EgressFetch, HttpResponse, Sleep } from '../../shared/http';
import { DEFAULT_RETRY, sendWithRetry, type RetryPolicy } from '../../shared/retry';
import { PageWalk } from '../../shared/paging';

export const AUTOMATION_API_ORIGIN = 'https://api.atlassian.com';
export const AUTOMATION_PAGE_LIMIT = 100;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AutomationApiCredentials {
  /** The Jira site's cloud id (https://<site>/_edge/tenant_info). */
  cloudId: string;
  /** E-mail of the Jira administrator who owns the API token. */
  email: string;
  /** Read at the moment of use (Forge secret storage); never logged, stored elsewhere or put in an error. */
  readApiToken: () => Promise<string | undefined>;
}

const cursorPageSchema = z.looseObject({
  links: z.looseObject({ next: z.string().nullish() }).nullish(),
  data: z.array(z.unknown()),
});

export class AutomationClient {
  readonly baseUrl: string;

  constructor(
    private readonly credentials: AutomationApiCredentials,
    private readonly fetch: EgressFetch,
    private readonly sleep: Sleep,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    if (!GUID.test(credentials.cloudId)) {
      throw new AppError('INVALID_INPUT', `Automation API: cloud id "${credentials.cloudId}" is not a GUID (see https://<site>/_edge/tenant_info)`, { system: 'automation' });
    }
    if (!credentials.email.includes('@')) {
      throw new AppError('INVALID_INPUT', 'Automation API: the admin e-mail is not an e-mail address', { system: 'automation' });
    }
    this.baseUrl = `${AUTOMATION_API_ORIGIN}/automation/public/jira/${credentials.cloudId}/rest/v1`;
  }

  /** GET a path under the base (`/rule/summary?limit=100`) or an absolute URL already checked by resolveNext. */
  async getJson(pathOrUrl: string): Promise<unknown> {
    const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    const endpoint = new URL(url).pathname.replace(`/automation/public/jira/${this.credentials.cloudId}`, '');
    const token = await this.credentials.readApiToken();
    if (!token) {
      throw new AppError('NOT_CONFIGURED', 'No Automation API token is stored; enter an admin e-mail and API token in Settings > Automation, or upload the rule export instead', {
        system: 'automation',
        endpoint,
      });
    }
    const authorization = `Basic ${Buffer.from(`${this.credentials.email}:${token}`).toString('base64')}`;
    const response = await sendWithRetry(() => this.fetch(url, { headers: { Accept: 'application/json', Authorization: authorization } }), this.sleep, this.retry);
    return this.readBody(response, endpoint);
  }

  /** Every item of a cursor collection: follows links.next until it is absent. */
  async getAllCursorPages(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    const endpoint = path.split('?')[0] ?? path;
    const walk = new PageWalk({ system: 'automation', endpoint: `Automation API ${endpoint}` });
    let url = walk.follow(`${this.baseUrl}${path}`);
    for (;;) {
      walk.page();
      const page = cursorPageSchema.safeParse(await this.getJson(url));
      if (!page.success) {
        throw new AppError('SOURCE_BAD_RESPONSE', `Automation API ${endpoint} did not return {links, data}`, { system: 'automation', endpoint });
      }
      items.push(...page.data.data);
      const next = page.data.links?.next;
      if (!next) return items;
      url = walk.follow(this.resolveNext(next, url));
    }
  }

  /**
   * links.next as an absolute URL: absolute URLs, root-relative paths and query-only strings ("?cursor=…") are
   * resolved against the current page; anything outside this API's base path is refused.
   */
  resolveNext(next: string, current: string): string {
    const resolved = new URL(next, current);
    if (resolved.origin !== AUTOMATION_API_ORIGIN || !`${resolved.origin}${resolved.pathname}`.startsWith(this.baseUrl)) {
      throw new AppError('SOURCE_BAD_RESPONSE', 'Automation API returned a next link outside its own API; refusing to follow it', {
        system: 'automation',
        host: resolved.host,
      });
    }
    return resolved.href;
  }

  private async readBody(response: HttpResponse, endpoint: string): Promise<unknown> {
    const context = { system: 'automation', endpoint, status: response.status };
    const body = await response.text();
    if (response.status === 401) {
      throw new AppError(
        'SOURCE_UNAUTHORIZED',
        `The Automation API refused the admin e-mail and API token (HTTP 401) for ${endpoint}; check both in Settings > Automation (tokens expire) or upload the rule export instead`,
        context,
      );
    }
    if (response.status === 403) {
      throw new AppError('SOURCE_UNAUTHORIZED', `The Automation API refused ${endpoint} (HTTP 403); the token's account must be a Jira administrator`, context);
    }
    if (response.status === 404 || response.status === 410) throw new AppError('NOT_FOUND', `The Automation API has no ${endpoint}`, context);
    if (response.status === 429) throw new AppError('SOURCE_THROTTLED', `The Automation API kept rate-limiting ${endpoint}; the sync will resume later`, context);
    if (response.status >= 400) throw new AppError('SOURCE_UNAVAILABLE', `The Automation API answered HTTP ${response.status} for ${endpoint}`, context);
    try {
      return JSON.parse(body) as unknown;
    } catch (cause) {
      throw new AppError('SOURCE_BAD_RESPONSE', `The Automation API returned a body that is not JSON for ${endpoint}`, context, { cause });
    }
  }
}
