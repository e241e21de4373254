/**
 * Azure DevOps Services REST over Forge egress, authenticated with a personal access token (Basic, empty user name
 * and the PAT as password). https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/authentication-guidance
 * Hosts: dev.azure.com (/{org}/_apis/..., /{org}/{project}/_apis/...), vssps.dev.azure.com (graph, tokenadmin) and
 * auditservice.dev.azure.com (the audit log).
 * Paging: collections are `{count, value}`; more pages are announced by the `x-ms-continuationtoken` header (or a
 * `continuationToken` body field, as tokenadmin does) and fetched with `continuationToken=<token>`.
 * https://learn.microsoft.com/rest/api/azure/devops/core/projects/list
 * Quirks:
 * - A bad, expired or revoked PAT is not always a 401: Azure DevOps may answer 203 (or 200) with its HTML sign-in
 *   page. Any HTML answer is treated as "unauthorized".
 * - Every call needs an api-version (7.1, or 7.1-preview.1 for graph and tokenadmin).
 * - Throttling: 429 with Retry-After (https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits).
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { EgressFetch, HttpResponse, Sleep } from '../../shared/http';
import { DEFAULT_RETRY, sendWithRetry, type RetryPolicy } from '../../shared/retry';
import { PageWalk } from '../../shared/paging';

export const ADO_HOSTS = { core: 'dev.azure.com', vssps: 'vssps.dev.azure.com', audit: 'auditservice.dev.azure.com' } as const;
export type AdoHost = (typeof ADO_HOSTS)[keyof typeof ADO_HOSTS];

/** Organization names: letters, digits and hyphens, not starting or ending with a hyphen. */
const ORGANIZATION = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;

export interface AzureDevOpsCredentials {
  organization: string;
  /** Read at the moment of use (Forge secret storage); never logged, stored elsewhere or put in an error. */
  readPat: () => Promise<string | undefined>;
}

const collectionSchema = z.looseObject({ value: z.array(z.unknown()), continuationToken: z.string().nullish() });

export class AzureDevOpsClient {
  readonly organization: string;

  constructor(
    private readonly credentials: AzureDevOpsCredentials,
    private readonly fetch: EgressFetch,
    private readonly sleep: Sleep,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    if (!ORGANIZATION.test(credentials.organization)) {
      throw new AppError('INVALID_INPUT', `Azure DevOps organization "${credentials.organization}" is not a valid organization name (the part after dev.azure.com/)`, {
        system: 'azuredevops',
      });
    }
    this.organization = credentials.organization;
  }

  /** `/{org}` followed by the given path segments, each encoded. */
  orgPath(...segments: string[]): string {
    return ['', this.organization, ...segments].map((s, i) => (i === 0 ? s : s.split('/').map(encodeURIComponent).join('/'))).join('/');
  }

  /** One GET; returns the body and the continuation token, if any. `path` is already encoded. */
  async getPage(host: AdoHost, path: string, query: Record<string, string>): Promise<{ body: unknown; continuationToken?: string }> {
    const pat = await this.credentials.readPat();
    const endpoint = endpointName(path);
    if (!pat) {
      throw new AppError('NOT_CONFIGURED', `No Azure DevOps personal access token is stored for organization ${this.organization}; enter one in Settings > Azure DevOps`, {
        system: 'azuredevops',
        endpoint,
      });
    }
    const url = `https://${host}${path}?${new URLSearchParams(query).toString()}`;
    const authorization = `Basic ${Buffer.from(`:${pat}`).toString('base64')}`;
    const response = await sendWithRetry(() => this.fetch(url, { headers: { Accept: 'application/json', Authorization: authorization } }), this.sleep, this.retry);
    const body = await this.readBody(response, host, endpoint);
    const header = response.headers.get('x-ms-continuationtoken');
    const inBody = collectionSchema.safeParse(body).data?.continuationToken;
    const continuationToken = header || inBody || undefined;
    return continuationToken ? { body, continuationToken } : { body };
  }

  /** Every item of a `{count, value}` collection, following continuation tokens. */
  async getAll(host: AdoHost, path: string, query: Record<string, string>): Promise<unknown[]> {
    const items: unknown[] = [];
    const walk = new PageWalk({ system: 'azuredevops', endpoint: `Azure DevOps ${host}${endpointName(path)}` });
    let token: string | undefined;
    for (;;) {
      walk.page();
      const { body, continuationToken } = await this.getPage(host, path, token ? { ...query, continuationToken: token } : query);
      const page = collectionSchema.safeParse(body);
      if (!page.success) {
        throw new AppError('SOURCE_BAD_RESPONSE', `Azure DevOps ${host}${endpointName(path)} did not return {count, value}`, { system: 'azuredevops', endpoint: endpointName(path) });
      }
      items.push(...page.data.value);
      if (!continuationToken) return items;
      token = walk.follow(continuationToken);
    }
  }

  private async readBody(response: HttpResponse, host: string, endpoint: string): Promise<unknown> {
    const context = { system: 'azuredevops', organization: this.organization, host, endpoint, status: response.status };
    const text = await response.text();
    const isHtml = (response.headers.get('content-type') ?? '').includes('text/html') || /^\s*</.test(text);
    if (response.status === 401 || response.status === 203 || (response.status < 300 && isHtml)) {
      throw new AppError(
        'SOURCE_UNAUTHORIZED',
        `Azure DevOps did not accept the personal access token for ${this.organization} (HTTP ${response.status}${isHtml ? ', sign-in page' : ''}); it is wrong, expired or revoked. Create a read-only PAT and enter it in Settings > Azure DevOps`,
        context,
      );
    }
    if (response.status === 403) {
      throw new AppError('SOURCE_UNAUTHORIZED', `Azure DevOps refused ${host}${endpoint} (HTTP 403); the PAT lacks the scope for it or its user is not an organization administrator`, context);
    }
    if (response.status === 404 || response.status === 410) throw new AppError('NOT_FOUND', `Azure DevOps has no ${host}${endpoint}`, context);
    if (response.status === 429) throw new AppError('SOURCE_THROTTLED', `Azure DevOps kept throttling ${host}${endpoint}; the sync will resume later`, context);
    if (response.status >= 400) throw new AppError('SOURCE_UNAVAILABLE', `Azure DevOps answered HTTP ${response.status} for ${host}${endpoint}`, context);
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Azure DevOps returned a body that is not JSON for ${host}${endpoint}`, context, { cause });
    }
  }
}

/** An endpoint name for messages: ids and descriptors replaced, so one endpoint reads the same for every object. */
function endpointName(path: string): string {
  return path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
    .replace(/\/(aad|msa|svc|vssgp|aadgp)\.[A-Za-z0-9_-]+/g, '/{descriptor}');
}
