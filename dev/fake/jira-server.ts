/**
 * Fake Jira Cloud site (REST v3 and JSM servicedeskapi) and the Automation rule API on api.atlassian.com.
 * Paging as each API does it: PageBean (startAt/maxResults/total/isLast/nextPage), bare arrays for
 * users/search, offset/limit/records for audit records, start/limit/isLastPage for JSM, cursor links for
 * Automation. Requests from the local runtime carry "Forge as=app" or "Forge as=user,id=<accountId>"; the
 * Automation API takes Basic auth with the admin's e-mail and API token from tenant.json.
 */
import { pageCap, type Tenant, type TenantSync, type PathMap } from './tenant';
import { header, json, type FakeRequest, type FakeResponse } from './http-types';
import { FakeIssueStore } from './jira-issues';

/** Jira clamps maxResults silently to each endpoint's maximum. */
const PAGE_LIMITS: Record<string, { default: number; max: number }> = {
  '/rest/api/3/project/search': { default: 50, max: 100 },
  '/rest/api/3/group/member': { default: 50, max: 50 },
  '/rest/api/3/group/bulk': { default: 50, max: 50 },
  '/rest/api/3/users/search': { default: 50, max: 1000 },
  '/rest/api/3/auditing/record': { default: 1000, max: 1000 },
};
const DEFAULT_PAGE = { default: 50, max: 100 };
const JSM_PAGE = { default: 50, max: 100 };
const AUTOMATION_PAGE = { default: 100, max: 100 };

interface Caller {
  kind: 'app' | 'user' | 'basic';
  accountId?: string;
}

const jiraError = (status: number, message: string): FakeResponse => json(status, { errorMessages: [message], errors: {} });

/** The account the app acts as on the fake site (its app user), unless tenant.json names one. */
export const DEFAULT_APP_ACCOUNT_ID = '712020:5c9d7e4a-1f3b-4c2a-9e6d-0b8a7f1c2d3e';

/**
 * Reads only Jira administrators may make (Administer Jira): permission schemes, project roles' actors, the audit
 * log, group membership lists. Jira answers 403 to anyone else.
 */
const ADMIN_ONLY = [/^\/rest\/api\/3\/permissionscheme/, /^\/rest\/api\/3\/project\/[^/]+\/permissionscheme$/, /^\/rest\/api\/3\/project\/[^/]+\/role(\/|$)/, /^\/rest\/api\/3\/role$/, /^\/rest\/api\/3\/auditing\/record$/, /^\/rest\/api\/3\/group\/(member|bulk)$/];

export class FakeJira {
  /** Issues created through the API live as long as the fake cloud, across syncs, like a real site's. */
  readonly issues: FakeIssueStore;
  /**
   * Whether the app holds the "Browse users and groups" global permission. Without it Jira answers users/search with
   * an empty list (not a 403), which is what an app must not take for "everyone left".
   */
  appCanBrowseUsers = true;

  constructor(
    private readonly tenant: Tenant,
    private readonly syncIndex: () => number,
  ) {
    this.issues = new FakeIssueStore(
      () => this.sync.at,
      (serviceDeskId) => this.serviceDesk(serviceDeskId)?.projectKey,
      tenant.json.jira.appAccountId ?? DEFAULT_APP_ACCOUNT_ID,
      (accountId, projectKey) => this.canBrowseKey(accountId, projectKey),
      (serviceDeskId, requestTypeId) => {
        const form = this.sync.jira[`/rest/servicedeskapi/servicedesk/${serviceDeskId}/requesttype/${requestTypeId}/field`] as { requestTypeFields?: Array<{ fieldId?: string }> } | undefined;
        return form?.requestTypeFields?.map((f) => String(f.fieldId));
      },
    );
  }

  private serviceDesk(serviceDeskId: string): { id?: string; projectKey?: string; projectId?: string } | undefined {
    const desks = this.sync.jira['/rest/servicedeskapi/servicedesk'];
    return Array.isArray(desks) ? (desks as Array<{ id?: string; projectKey?: string }>).find((d) => d.id === serviceDeskId) : undefined;
  }

  private isAdmin(accountId: string): boolean {
    const groups = this.groupsOf(accountId);
    return this.adminGroupIds().some((id) => groups.has(id));
  }

  /** The project keys this person may browse (for tests that need someone with access to one project only). */
  browsableProjectKeys(accountId: string): string[] {
    return this.projects().map((p) => String(p.key)).filter((key) => this.canBrowseKey(accountId, key));
  }

  /** Active Atlassian accounts of the site, as the tenant lists them. */
  activePeople(): string[] {
    return this.users().filter((u) => u.active !== false && u.accountType === 'atlassian').map((u) => String(u.accountId));
  }

  private canBrowseKey(accountId: string, projectKey: string): boolean {
    const project = this.projects().find((p) => p.key === projectKey);
    return project !== undefined && this.canBrowse(project, accountId, this.groupsOf(accountId));
  }

  /**
   * What a person may read, as Jira decides it: admin-only configuration needs Administer Jira; a project (and what
   * is under it) needs Browse projects there; project/search lists only browsable projects. Undefined = allowed.
   */
  private refuseUserRead(path: string, accountId: string): FakeResponse | undefined {
    if (this.isAdmin(accountId)) return undefined;
    if (ADMIN_ONLY.some((pattern) => pattern.test(path))) return jiraError(403, 'You are not authorized to perform this action. Administrator privileges are required.');
    const project = /^\/rest\/api\/3\/project\/(\d+)(\/|$)/.exec(path);
    if (project) {
      const found = this.projects().find((p) => String(p.id) === project[1]);
      if (!found || !this.canBrowse(found, accountId, this.groupsOf(accountId))) return jiraError(404, `No project could be found with id '${project[1] ?? ''}'.`);
    }
    return undefined;
  }

  private get sync(): TenantSync {
    return this.tenant.syncs[this.syncIndex()] as TenantSync;
  }

  get siteHost(): string {
    return new URL(this.tenant.json.jira.site).host;
  }

  handleSite(request: FakeRequest): FakeResponse {
    const caller = this.authenticate(request);
    if (!caller || caller.kind === 'basic') return jiraError(401, 'Client must be authenticated to access this resource.');
    if (caller.kind === 'user' && !this.isActiveUser(caller.accountId)) return jiraError(401, 'The acting user is not active on this site.');
    const written = this.issues.handle(request, caller.kind === 'user' ? (caller.accountId ?? 'user') : 'app');
    if (written) return written;
    if (request.method !== 'GET') return jiraError(405, `The fake Jira site does not serve ${request.method} ${request.pathname}`);
    const path = this.resolveProjectKey(request.pathname);
    if (path === '/rest/api/3/serverInfo' && !('/rest/api/3/serverInfo' in this.sync.jira)) return json(200, this.serverInfo());
    if (path === '/rest/api/3/mypermissions') return this.myPermissions(request.query, caller);
    if (path === '/rest/api/3/myself') return this.myself(caller);
    const desk = /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)$/.exec(path);
    if (desk && !(path in this.sync.jira)) {
      const found = this.serviceDesk(desk[1] ?? '');
      if (!found || (caller.kind === 'user' && !this.canBrowseKey(caller.accountId ?? '', found.projectKey ?? ''))) return json(404, { errorMessage: `Service desk ${desk[1] ?? ''} does not exist` });
      return json(200, found);
    }
    if (caller.kind === 'user') {
      const refused = this.refuseUserRead(path, caller.accountId ?? '');
      if (refused) return refused;
    }
    if (path === '/rest/api/3/users/search' && caller.kind === 'app' && !this.appCanBrowseUsers) return json(200, []);
    if (path === '/rest/api/3/user/groups') return this.userGroups(request.query, caller);
    const stored = lookup(this.sync.jira, path, request.query);
    if (stored === undefined) return jiraError(404, `No resource at ${request.pathname} in this tenant`);
    if (!Array.isArray(stored)) return json(200, stored);
    if (path.startsWith('/rest/servicedeskapi/')) return jsmPage(stored, request, this.tenant.json.jira.site, (n) => pageCap(this.tenant, n));
    if (path === '/rest/api/3/users/search' || path === '/rest/api/3/role') return bareArray(stored, request.query, limitsFor(path));
    if (path === '/rest/api/3/auditing/record') return auditPage(stored, request.query, (n) => pageCap(this.tenant, n));
    let values = stored;
    if (path === '/rest/api/3/group/member' && request.query.get('includeInactiveUsers') !== 'true') {
      values = values.filter((user) => (user as { active?: boolean }).active !== false);
    }
    if (path === '/rest/api/3/project/search') {
      values = filterProjects(values, request.query);
      if (caller.kind === 'user') values = values.filter((p) => this.canBrowse(p as Record<string, unknown>, caller.accountId ?? '', this.groupsOf(caller.accountId ?? '')));
    }
    return pageBean(values, request, this.tenant.json.jira.site, (n) => pageCap(this.tenant, n));
  }

  handleAutomation(request: FakeRequest): FakeResponse {
    const caller = this.authenticate(request);
    if (!caller || caller.kind !== 'basic') {
      // As documented: "Forge and OAuth2 apps cannot access this REST resource."
      return json(401, { message: 'Authentication required: use an API token (Basic auth) or a browser session' });
    }
    const stored = lookup(this.sync.automation, request.pathname, request.query);
    if (stored === undefined) return json(404, { message: `No automation resource at ${request.pathname}` });
    if (!Array.isArray(stored)) return json(200, stored);
    const limit = pageCap(this.tenant, clamp(request.query.get('limit'), AUTOMATION_PAGE));
    const start = Number(request.query.get('cursor') ? Buffer.from(request.query.get('cursor') ?? '', 'base64url').toString() : 0);
    const data = stored.slice(start, start + limit);
    const next = start + limit < stored.length ? `?cursor=${Buffer.from(String(start + limit)).toString('base64url')}&limit=${limit}` : null;
    return json(200, { links: { self: `?limit=${limit}`, next, prev: null }, data });
  }

  private authenticate(request: FakeRequest): Caller | undefined {
    const auth = header(request, 'authorization') ?? '';
    if (auth === 'Forge as=app') return { kind: 'app' };
    const user = /^Forge as=user,id=(.+)$/.exec(auth);
    if (user) return { kind: 'user', accountId: user[1] };
    const basic = /^Basic\s+(.+)$/i.exec(auth);
    if (basic) {
      const [email, token] = Buffer.from(basic[1] ?? '', 'base64').toString().split(':');
      const expected = this.tenant.json.secrets.automationApiToken;
      if (expected && email === expected.email && token === expected.token) return { kind: 'basic' };
    }
    return undefined;
  }

  private users(): Array<Record<string, unknown>> {
    const users = this.sync.jira['/rest/api/3/users/search'];
    return Array.isArray(users) ? (users as Array<Record<string, unknown>>) : [];
  }

  private isActiveUser(accountId: string | undefined): boolean {
    return this.users().some((u) => u.accountId === accountId && u.active !== false);
  }

  /** /rest/api/3/project/{KEY}/... → /rest/api/3/project/{id}/..., as stored (the format keys projects by id). */
  private resolveProjectKey(pathname: string): string {
    const match = /^\/rest\/api\/3\/project\/([^/]+)(\/.*)?$/.exec(pathname);
    if (!match || /^\d+$/.test(match[1] ?? '') || match[1] === 'search') return pathname;
    const project = this.projects().find((p) => p.key === match[1]);
    return project ? `/rest/api/3/project/${String(project.id)}${match[2] ?? ''}` : pathname;
  }

  private projects(): Array<Record<string, unknown>> {
    const projects = this.sync.jira['/rest/api/3/project/search'];
    return Array.isArray(projects) ? (projects as Array<Record<string, unknown>>) : [];
  }

  private serverInfo(): Record<string, unknown> {
    return {
      baseUrl: this.tenant.json.jira.site,
      displayUrl: this.tenant.json.jira.site,
      version: '1001.0.0-SNAPSHOT',
      versionNumbers: [1001, 0, 0],
      deploymentType: 'Cloud',
      buildNumber: 100300,
      buildDate: '2026-11-01T00:00:00.000+0000',
      // Jira's serverTime format; each replayed sync runs at its own clock.
      serverTime: this.sync.at.replace(/Z$/, '+0000').replace(/(\.\d{3})?\+0000$/, (m) => (m.startsWith('.') ? m : `.000${m}`)),
      scmInfo: 'local-fake',
      serverTitle: 'Jira',
      defaultLocale: { locale: 'en_US' },
      serverTimeZone: 'Etc/UTC',
    };
  }

  /** GET /rest/api/3/myself: the app's own user for the app, the person's profile for a user. */
  private myself(caller: Caller): FakeResponse {
    if (caller.kind === 'app') return json(200, { accountId: this.issues.appAccountId, accountType: 'app', displayName: 'SecurityV0 for Jira', active: true });
    const user = this.users().find((u) => u.accountId === caller.accountId);
    return user ? json(200, user) : jiraError(404, 'The user does not exist.');
  }

  /** GET /rest/api/3/mypermissions for ADMINISTER (admin groups) and BROWSE_PROJECTS (the project's scheme grants). */
  private myPermissions(query: URLSearchParams, caller: Caller): FakeResponse {
    const requested = (query.get('permissions') ?? '').split(',').filter(Boolean);
    if (requested.length === 0) return jiraError(400, 'The permissions parameter is required');
    const accountId = caller.kind === 'user' ? caller.accountId : undefined;
    const groups = accountId ? this.groupsOf(accountId) : new Set<string>();
    const permissions: Record<string, unknown> = {};
    for (const key of requested) {
      let have = false;
      if (key === 'ADMINISTER') have = accountId !== undefined && this.adminGroupIds().some((id) => groups.has(id));
      else if (key === 'BROWSE_PROJECTS') {
        const projectKey = query.get('projectKey') ?? query.get('projectId');
        if (!projectKey) return jiraError(400, 'BROWSE_PROJECTS needs projectKey or projectId');
        const project = this.projects().find((p) => p.key === projectKey || p.id === projectKey);
        if (!project) return jiraError(404, `No project could be found with key '${projectKey}'.`);
        have = caller.kind === 'app' || (accountId !== undefined && this.canBrowse(project, accountId, groups));
      }
      permissions[key] = { id: key, key, name: key, type: key === 'ADMINISTER' ? 'GLOBAL' : 'PROJECT', description: '', havePermission: have };
    }
    return json(200, { permissions });
  }

  private adminGroupIds(): string[] {
    const ids: string[] = [];
    for (const access of ['admin', 'site-admin']) {
      const groups = this.sync.jira[`/rest/api/3/group/bulk#accessType=${access}`];
      if (Array.isArray(groups)) ids.push(...groups.map((g) => String((g as { groupId: unknown }).groupId)));
    }
    return ids;
  }

  /** Per sync: each account's groups, from the group member files (every member, active or not). */
  private membershipIndex: { sync: number; groups: Map<string, Array<{ groupId: string; name: string }>>; users: Set<string> } | undefined;

  /**
   * GET /rest/api/3/user/groups?accountId=: the groups a user belongs to, `[{name, groupId, self}]`
   * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-groups-get).
   * Needs the Browse users and groups global permission; 404 for an account the site does not know.
   */
  private userGroups(query: URLSearchParams, caller: Caller): FakeResponse {
    const accountId = query.get('accountId');
    if (!accountId) return jiraError(400, 'The accountId query parameter is required.');
    if (caller.kind === 'app' && !this.appCanBrowseUsers) return jiraError(403, 'You do not have the permission to see the specified user.');
    if (this.membershipIndex?.sync !== this.syncIndex()) {
      const names = new Map(((this.sync.jira['/rest/api/3/group/bulk'] as Array<{ groupId?: string; name?: string }> | undefined) ?? []).map((g) => [String(g.groupId), g.name ?? String(g.groupId)]));
      const groups = new Map<string, Array<{ groupId: string; name: string }>>();
      for (const [key, members] of Object.entries(this.sync.jira)) {
        const match = /^\/rest\/api\/3\/group\/member#groupId=(.+)$/.exec(key);
        if (!match || !Array.isArray(members)) continue;
        const groupId = match[1] ?? '';
        for (const member of members as Array<{ accountId?: string }>) {
          if (!member.accountId) continue;
          const list = groups.get(member.accountId) ?? [];
          list.push({ groupId, name: names.get(groupId) ?? groupId });
          groups.set(member.accountId, list);
        }
      }
      const users = new Set(((this.sync.jira['/rest/api/3/users/search'] as Array<{ accountId?: string }> | undefined) ?? []).flatMap((u) => (u.accountId ? [u.accountId] : [])));
      this.membershipIndex = { sync: this.syncIndex(), groups, users };
    }
    const known = this.membershipIndex.users.has(accountId);
    const groups = this.membershipIndex.groups.get(accountId);
    if (!known && !groups) return jiraError(404, `The user with accountId '${accountId}' does not exist.`);
    const site = this.tenant.json.jira.site.replace(/\/$/, '');
    return json(200, (groups ?? []).map((g) => ({ name: g.name, groupId: g.groupId, self: `${site}/rest/api/3/group?groupId=${encodeURIComponent(g.groupId)}` })));
  }

  private groupsOf(accountId: string): Set<string> {
    const groups = new Set<string>();
    for (const [key, members] of Object.entries(this.sync.jira)) {
      const match = /^\/rest\/api\/3\/group\/member#groupId=(.+)$/.exec(key);
      if (!match || !Array.isArray(members)) continue;
      if (members.some((m) => (m as { accountId?: string; active?: boolean }).accountId === accountId && (m as { active?: boolean }).active !== false)) {
        groups.add(match[1] ?? '');
      }
    }
    return groups;
  }

  private canBrowse(project: Record<string, unknown>, accountId: string, groups: Set<string>): boolean {
    const scheme = this.sync.jira[`/rest/api/3/project/${String(project.id)}/permissionscheme`] as { permissions?: unknown[] } | undefined;
    const grants = (scheme?.permissions ?? []) as Array<{ permission: string; holder: { type: string; parameter?: string; value?: string } }>;
    return grants
      .filter((grant) => grant.permission === 'BROWSE_PROJECTS')
      .some(({ holder }) => {
        switch (holder.type) {
          case 'anyone':
          case 'applicationRole':
            return true;
          case 'group':
            return groups.has(holder.value ?? '');
          case 'user':
            return holder.value === accountId || holder.parameter === accountId;
          case 'projectLead':
            return (project.lead as { accountId?: string } | undefined)?.accountId === accountId;
          case 'projectRole':
            return this.roleHas(String(project.id), holder.value ?? holder.parameter ?? '', accountId, groups);
          default:
            return false;
        }
      });
  }

  private roleHas(projectId: string, roleId: string, accountId: string, groups: Set<string>): boolean {
    const role = this.sync.jira[`/rest/api/3/project/${projectId}/role/${roleId}`] as { actors?: unknown[] } | undefined;
    return ((role?.actors ?? []) as Array<{ actorUser?: { accountId?: string }; actorGroup?: { groupId?: string } }>).some(
      (actor) => actor.actorUser?.accountId === accountId || (actor.actorGroup?.groupId !== undefined && groups.has(actor.actorGroup.groupId)),
    );
  }
}

/**
 * Exact path, or a query-selected key `path#param=value[&param=value]` whose parameters all match (most specific
 * wins). A request that selects on a parameter the tenant stores variants for, with a value it has no variant for,
 * gets an empty selection, not the unselected collection (group/bulk?accessType=site-admin is not every group).
 */
export function lookup(data: PathMap, pathname: string, query: URLSearchParams): unknown {
  let best: { value: unknown; specificity: number } | undefined;
  const selectingParams = new Set<string>();
  for (const { entries, value } of selectedVariants(data).get(pathname) ?? []) {
    entries.forEach(([name]) => selectingParams.add(name));
    if (entries.every(([name, expected]) => query.get(name) === expected) && (!best || entries.length > best.specificity)) {
      best = { value, specificity: entries.length };
    }
  }
  if (best) return best.value;
  const base = data[pathname];
  if ([...selectingParams].some((name) => query.has(name))) return Array.isArray(base) || base === undefined ? (base === undefined ? undefined : []) : undefined;
  return base;
}

/**
 * The `path#param=value` keys of a stored path map, grouped by path. Built once per map (tenant data is read-only
 * once loaded), so a lookup costs the variants of one path instead of a scan of every key: an L-size tenant's
 * jira.json has tens of thousands of keys.
 */
const variantIndex = new WeakMap<PathMap, Map<string, Array<{ entries: Array<[string, string]>; value: unknown }>>>();

function selectedVariants(data: PathMap): Map<string, Array<{ entries: Array<[string, string]>; value: unknown }>> {
  let index = variantIndex.get(data);
  if (!index) {
    index = new Map();
    for (const [key, value] of Object.entries(data)) {
      const hash = key.indexOf('#');
      if (hash < 0) continue;
      const path = key.slice(0, hash);
      const list = index.get(path) ?? [];
      list.push({ entries: [...new URLSearchParams(key.slice(hash + 1)).entries()], value });
      index.set(path, list);
    }
    variantIndex.set(data, index);
  }
  return index;
}

function limitsFor(path: string) {
  return PAGE_LIMITS[path] ?? DEFAULT_PAGE;
}

function clamp(raw: string | null, limits: { default: number; max: number }): number {
  const n = raw === null ? limits.default : Number(raw);
  if (!Number.isFinite(n) || n < 1) return limits.default;
  return Math.min(Math.floor(n), limits.max);
}

type Cap = (asked: number) => number;

function pageBean(values: unknown[], request: FakeRequest, site: string, cap: Cap): FakeResponse {
  const maxResults = cap(clamp(request.query.get('maxResults'), limitsFor(request.pathname)));
  const startAt = Math.max(0, Number(request.query.get('startAt') ?? 0) || 0);
  const page = values.slice(startAt, startAt + maxResults);
  const isLast = startAt + maxResults >= values.length;
  const self = new URL(`${request.pathname}?${request.query.toString()}`, site).href;
  const body: Record<string, unknown> = { self, maxResults, startAt, total: values.length, isLast, values: page };
  if (!isLast) {
    const next = new URLSearchParams(request.query);
    next.set('startAt', String(startAt + maxResults));
    next.set('maxResults', String(maxResults));
    body.nextPage = new URL(`${request.pathname}?${next.toString()}`, site).href;
  }
  return json(200, body);
}

function bareArray(values: unknown[], query: URLSearchParams, limits: { default: number; max: number }): FakeResponse {
  if (!query.has('startAt') && !query.has('maxResults') && limits === DEFAULT_PAGE) return json(200, values);
  const maxResults = clamp(query.get('maxResults'), limits);
  const startAt = Math.max(0, Number(query.get('startAt') ?? 0) || 0);
  return json(200, values.slice(startAt, startAt + maxResults));
}

function auditPage(records: unknown[], query: URLSearchParams, cap: Cap): FakeResponse {
  const limit = cap(clamp(query.get('limit'), PAGE_LIMITS['/rest/api/3/auditing/record'] ?? DEFAULT_PAGE));
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const from = query.get('from') ? Date.parse(query.get('from') ?? '') : -Infinity;
  const to = query.get('to') ? Date.parse(query.get('to') ?? '') : Infinity;
  const inWindow = records.filter((r) => {
    const created = Date.parse(String((r as { created?: string }).created ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return created >= from && created <= to;
  });
  return json(200, { offset, limit, total: inWindow.length, records: inWindow.slice(offset, offset + limit) });
}

function jsmPage(values: unknown[], request: FakeRequest, site: string, cap: Cap): FakeResponse {
  const limit = cap(clamp(request.query.get('limit'), JSM_PAGE));
  const start = Math.max(0, Number(request.query.get('start') ?? 0) || 0);
  const page = values.slice(start, start + limit);
  const isLastPage = start + limit >= values.length;
  const base = `${site}/rest/servicedeskapi`;
  const links: Record<string, unknown> = { base, context: '', self: `${site}${request.pathname}?start=${start}&limit=${limit}` };
  if (!isLastPage) links.next = `${site}${request.pathname}?start=${start + limit}&limit=${limit}`;
  if (start > 0) links.prev = `${site}${request.pathname}?start=${Math.max(0, start - limit)}&limit=${limit}`;
  return json(200, { size: page.length, start, limit, isLastPage, values: page, _links: links });
}

function filterProjects(values: unknown[], query: URLSearchParams): unknown[] {
  const keys = query.getAll('keys').flatMap((k) => k.split(','));
  const typeKey = query.get('typeKey');
  return values.filter((p) => {
    const project = p as { key?: string; projectTypeKey?: string };
    return (keys.length === 0 || keys.includes(project.key ?? '')) && (!typeKey || project.projectTypeKey === typeKey);
  });
}
