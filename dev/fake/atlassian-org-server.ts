/**
 * The Atlassian organization admin APIs at api.atlassian.com (/admin/api-access/v1/orgs/{orgId}/... and
 * /admin/v1/orgs/{orgId}/events), served from each sync's atlassianorg.json (docs/tenant-format.md). An organization
 * API key as a Bearer token (tenant.json sources.atlassianorg.secrets.apiKey): 401 without it, 403 for an operation whose scope
 * the key lacks (tenant.json sources.atlassianorg.scopes; absent = a key without scopes, which opens every operation). Pages
 * are `{data, links: {self, next, prev}}` (service accounts `{items, links, total}`; events add `meta.next`), the next
 * link an absolute URL with a `cursor`. Events are cut to `from`..`to` (epoch milliseconds), newest first.
 */
import { header, json, type FakeRequest, type FakeResponse } from './http-types';
import { lookup } from './jira-server';
import { pageCap, type Tenant, type TenantSync } from './tenant';

/** The scope each documented operation needs (developer.atlassian.com/cloud/admin/api-access and /organization). */
const SCOPES: ReadonlyArray<{ path: RegExp; scope: string; envelope: 'items' | 'data' | 'events' }> = [
  { path: /^\/admin\/api-access\/v1\/orgs\/[^/]+\/service-accounts$/, scope: 'read:service-accounts:admin', envelope: 'items' },
  { path: /^\/admin\/api-access\/v1\/orgs\/[^/]+\/oauth-clients$/, scope: 'read:service-accounts-tokens:admin', envelope: 'data' },
  { path: /^\/admin\/api-access\/v1\/orgs\/[^/]+\/api-tokens$/, scope: 'read:tokens:admin', envelope: 'data' },
  { path: /^\/admin\/api-access\/v1\/orgs\/[^/]+\/api-keys$/, scope: 'read:tokens:admin', envelope: 'data' },
  { path: /^\/admin\/v1\/orgs\/[^/]+\/events$/, scope: 'read:events:admin', envelope: 'events' },
];

const DEFAULT_PAGE = 50;

export class FakeAtlassianOrg {
  constructor(
    private readonly tenant: Tenant,
    private readonly sync: () => TenantSync,
  ) {}

  serves(request: FakeRequest): boolean {
    return request.host === 'api.atlassian.com' && request.pathname.startsWith('/admin/');
  }

  handle(request: FakeRequest): FakeResponse {
    const org = this.tenant.json.sources['atlassianorg'];
    const key = org?.secrets['apiKey'];
    if (!key || header(request, 'authorization') !== `Bearer ${key}`) return json(401, { code: 401, message: 'Unauthorized' });
    const operation = SCOPES.find((o) => o.path.test(request.pathname));
    const orgId = org?.settings['orgId'];
    if (!operation || !orgId || !request.pathname.includes(`/orgs/${orgId}/`) && !request.pathname.endsWith(`/orgs/${orgId}`)) {
      return json(404, { code: 404, message: `No resource at ${request.pathname}` });
    }
    const scopes = (org as { scopes?: string[] } | undefined)?.scopes;
    if (scopes !== undefined && !scopes.includes(operation.scope)) {
      return json(403, { code: 403, message: `The API key does not have the required scope: ${operation.scope}` });
    }
    const stored = lookup(this.sync().sources['atlassianorg'] ?? {}, request.pathname, request.query);
    let items = Array.isArray(stored) ? stored.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null) : [];
    if (operation.envelope === 'events') {
      const from = Number(request.query.get('from') ?? '') || -Infinity;
      const to = Number(request.query.get('to') ?? '') || Infinity;
      const timeOf = (e: Record<string, unknown>) => Date.parse(String((e.attributes as Record<string, unknown> | undefined)?.time));
      items = items.filter((e) => timeOf(e) >= from && timeOf(e) <= to).sort((a, b) => timeOf(b) - timeOf(a));
    }
    const size = pageCap(this.tenant, Math.min(Number(request.query.get('limit') ?? request.query.get('pageSize') ?? DEFAULT_PAGE) || DEFAULT_PAGE, 100));
    const start = request.query.get('cursor') ? Number(Buffer.from(request.query.get('cursor') ?? '', 'base64url').toString()) || 0 : 0;
    const page = items.slice(start, start + size);
    let next: string | null = null;
    if (start + size < items.length) {
      const query = new URLSearchParams(request.query);
      query.set('cursor', Buffer.from(String(start + size)).toString('base64url'));
      next = `https://api.atlassian.com${request.pathname}?${query.toString()}`;
    }
    const links = { self: `https://api.atlassian.com${request.pathname}`, next, prev: null };
    if (operation.envelope === 'items') return json(200, { links, items: page, total: items.length });
    if (operation.envelope === 'events') return json(200, { data: page, meta: { next: next ? new URL(next).searchParams.get('cursor') : null, page_size: page.length }, links });
    return json(200, { data: page, links });
  }
}
