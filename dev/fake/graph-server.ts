/**
 * Fake Microsoft Graph (graph.microsoft.com, v1.0 and beta) and Entra token endpoint (login.microsoftonline.com).
 * Real behaviours: client-credentials tokens checked against tenant.json secrets (AADSTS errors as Entra sends
 * them), bearer checks on every call, application permissions from the token's roles (403
 * Authorization_RequestDenied when missing), $top (1..999, default 100), $select, simple $filter,
 * @odata.nextLink paging with $skiptoken, JSON $batch (max 20), and delta queries with @odata.deltaLink.
 * A token for tenant X sees only graph.json block X.
 */
import { randomBytes } from 'node:crypto';
import { pageCap, type Tenant, type TenantSync, type PathMap } from './tenant';
import { header, json, type FakeRequest, type FakeResponse } from './http-types';

interface IssuedToken {
  tenantId: string;
  /** The resource the token was issued for (from the .default scope). */
  audience: string;
  appId: string;
  roles: string[] | undefined;
  expiresAt: number;
}

/** Application permissions that open each path family (any one suffices), per the Graph API reference pages. */
const REQUIRED_ROLES: Array<[RegExp, string[]]> = [
  [/^\/servicePrincipals\/[^/]+\/synchronization/, ['Synchronization.Read.All', 'Synchronization.ReadWrite.All']],
  // Agent identities: the sponsors list opens app-only to AgentIdentity.ReadWrite.All alone
  // (learn.microsoft.com/graph/api/agentidentity-list-sponsors); the list and the object to AgentIdentity.Read.All
  // (least privileged), AgentIdentity.CreateAsManager, or Application.Read.All (higher) (agentidentity-list, -get).
  [/^\/servicePrincipals\/[^/]+\/microsoft\.graph\.agentIdentity\/sponsors/, ['AgentIdentity.ReadWrite.All']],
  [/^\/servicePrincipals(\/[^/]+)?\/microsoft\.graph\.agentIdentity(\/|$)/, ['AgentIdentity.Read.All', 'AgentIdentity.ReadWrite.All', 'AgentIdentity.CreateAsManager', 'Application.Read.All', 'Application.ReadWrite.All']],
  // Blueprints and blueprint principals: both sponsors lists open to Application.Read.All
  // (agentidentityblueprint-list-sponsors, agentidentityblueprintprincipal-list-sponsors); the lists and objects to
  // AgentIdentityBlueprint(Principal).Read.All (least privileged), their ReadWrite.All, or Application.Read.All
  // (the get pages' higher privilege).
  [/^\/applications\/[^/]+\/microsoft\.graph\.agentIdentityBlueprint\/sponsors/, ['Application.Read.All', 'Application.ReadWrite.All']],
  [/^\/applications(\/[^/]+)?\/microsoft\.graph\.agentIdentityBlueprint(\/|$)/, ['AgentIdentityBlueprint.Read.All', 'AgentIdentityBlueprint.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.All']],
  [/^\/servicePrincipals\/[^/]+\/microsoft\.graph\.agentIdentityBlueprintPrincipal\/sponsors/, ['Application.Read.All', 'Application.ReadWrite.All']],
  [/^\/servicePrincipals(\/[^/]+)?\/microsoft\.graph\.agentIdentityBlueprintPrincipal(\/|$)/, ['AgentIdentityBlueprintPrincipal.Read.All', 'AgentIdentityBlueprintPrincipal.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.All']],
  [/^\/(servicePrincipals|applications)/, ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All']],
  // Agent users: User.ReadBasic.All (least privileged) and the user permissions above it (agentuser-list).
  [/^\/users\/microsoft\.graph\.agentUser(\/|$)/, ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'AgentIdUser.ReadWrite.All', 'Directory.Read.All']],
  [/^\/users/, ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All']],
  [/^\/groups/, ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All']],
  [/^\/oauth2PermissionGrants/, ['Directory.Read.All', 'DelegatedPermissionGrant.ReadWrite.All']],
  [/^\/(auditLogs|reports)/, ['AuditLog.Read.All']],
  [/^\/domains/, ['Domain.Read.All', 'Directory.Read.All']],
  [/^\/organization/, ['Organization.Read.All', 'Directory.Read.All']],
  [/^\/roleManagement/, ['RoleManagement.Read.Directory', 'Directory.Read.All']],
];

/** Resources a client-credentials token can be requested for (scope = `${resource}/.default`). */
export const TOKEN_AUDIENCES = [
  'https://graph.microsoft.com',
  'https://service.flow.microsoft.com',
  'https://api.bap.microsoft.com',
  'https://service.powerapps.com',
  '499b84ac-1321-427f-aa17-267ca6975798', // Azure DevOps
];

/** The roles a token carries when tenant.json does not restrict them. */
const ALL_APPLICATION_ROLES = [
  'Application.Read.All',
  'Directory.Read.All',
  'User.Read.All',
  'User-LifeCycleInfo.Read.All',
  'AuditLog.Read.All',
  'GroupMember.Read.All',
  'Synchronization.Read.All',
  'Organization.Read.All',
  'Domain.Read.All',
  'RoleManagement.Read.Directory',
  'AgentIdentity.Read.All',
  'AgentIdentityBlueprint.Read.All',
  'AgentIdentityBlueprintPrincipal.Read.All',
  // Optional in README: the one application permission Graph offers for reading an agent's sponsors.
  'AgentIdentity.ReadWrite.All',
];

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;
const MAX_BATCH = 20;

/**
 * Every tenant has role management: a tenant directory that stores none (written before the app read directory
 * roles) answers as a tenant whose service principals hold no directory role and where only Global Administrator is
 * defined, and a tenant that stores no credential sign-in report as one where no credential signed in, instead of a
 * 404 the real Graph never gives (docs/tenant-format.md, extensions).
 */
function directoryRoleDefault(version: string, relative: string): unknown[] | undefined {
  // The credential report answers like a tenant where no credential signed in (see the comment above).
  if (version === '/beta' && relative === '/reports/appCredentialSignInActivities') return [];
  if (version !== '/v1.0') return undefined;
  if (relative === '/roleManagement/directory/roleDefinitions') {
    return [{ id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.', isBuiltIn: true, isEnabled: true, resourceScopes: ['/'], templateId: '62e90394-69f5-4237-9190-012177145e10', version: '1', rolePermissions: [] }];
  }
  if (relative === '/roleManagement/directory/roleAssignments' || relative === '/roleManagement/directory/roleEligibilityScheduleInstances') return [];
  return undefined;
}

/**
 * Where Entra Agent ID objects are stored (docs/tenant-format.md): typed subsets of their base entity sets, each
 * with its sponsors navigation when the type has one (v1.0 CSDL).
 */
const AGENT_COLLECTIONS: ReadonlyArray<{ base: string; cast: string; sponsors: boolean }> = [
  { base: '/servicePrincipals', cast: 'microsoft.graph.agentIdentity', sponsors: true },
  { base: '/servicePrincipals', cast: 'microsoft.graph.agentIdentityBlueprintPrincipal', sponsors: true },
  { base: '/applications', cast: 'microsoft.graph.agentIdentityBlueprint', sponsors: true },
  { base: '/users', cast: 'microsoft.graph.agentUser', sponsors: false },
];

/**
 * A tenant directory that stores no agent object of a type (written before the app read them) answers as a tenant
 * with none, as the real Graph does; a stored agent object with no stored sponsors has none.
 */
function agentIdentityDefault(data: PathMap, version: string, relative: string): unknown[] | undefined {
  if (version !== '/v1.0') return undefined;
  for (const { base, cast, sponsors } of AGENT_COLLECTIONS) {
    if (relative === `${base}/${cast}`) return [];
    const match = sponsors ? new RegExp(`^${base}/([^/]+)/${cast.replace(/\./g, '\\.')}/sponsors$`).exec(relative) : null;
    if (match && asArray(data[`${version}${base}/${cast}`])?.some((item) => idOf(item) === match[1])) return [];
  }
  return undefined;
}

function graphError(status: number, code: string, message: string): FakeResponse {
  return json(status, {
    error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomBytes(16).toString('hex') } },
  });
}

function tokenError(status: number, error: string, code: number, description: string): FakeResponse {
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${randomBytes(8).toString('hex')}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

export class FakeGraph {
  private readonly tokens = new Map<string, IssuedToken>();
  readonly issuedTokens: string[] = [];
  /** The GETs served inside $batch requests (version and path), which the cloud's request log counts as one POST each. */
  readonly batchedRequests: string[] = [];

  constructor(
    private readonly tenant: Tenant,
    private readonly syncIndex: () => number,
  ) {}

  private get sync(): TenantSync {
    return this.tenant.syncs[this.syncIndex()] as TenantSync;
  }

  handleToken(request: FakeRequest): FakeResponse {
    const match = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(request.pathname);
    if (!match || request.method !== 'POST') return json(404, { error: 'not_found' });
    const tenantId = match[1] ?? '';
    const form = new URLSearchParams(request.body);
    const secrets = this.tenant.json.secrets.entra[tenantId];
    if (!this.tenant.json.entra.some((e) => e.tenantId === tenantId) || !secrets) {
      return tokenError(400, 'invalid_request', 90002, `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return tokenError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    const scope = form.get('scope') ?? '';
    // Every Dataverse organization is its own token audience (https://{org}.crm{N}.dynamics.com): Entra issues the
    // token for any of them (the resource is Dynamics CRM's); whether the app may read there is Dataverse's answer.
    const dataverseAudience = /^(https:\/\/[a-z0-9-]+\.crm\d*\.dynamics\.com)\/\.default$/.exec(scope)?.[1];
    const audience = dataverseAudience ?? TOKEN_AUDIENCES.find((a) => scope === `${a}/.default`);
    if (!audience) {
      return tokenError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    const clientId = form.get('client_id') ?? '';
    if (clientId !== secrets.clientId) {
      return tokenError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`);
    }
    if (form.get('client_secret') !== secrets.clientSecret) {
      return tokenError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
    // Shaped like Entra's app-only tokens: a JWT whose payload carries tid, appid and the granted roles.
    const claims = {
      aud: audience,
      iss: `https://sts.windows.net/${tenantId}/`,
      tid: tenantId,
      appid: clientId,
      idtyp: 'app',
      roles: secrets.roles ?? ALL_APPLICATION_ROLES,
      exp: Math.floor(Date.now() / 1000) + 3599,
    };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const accessToken = `${encode({ typ: 'JWT', alg: 'RS256' })}.${encode(claims)}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(accessToken, { tenantId, audience, appId: clientId, roles: secrets.roles, expiresAt: Date.now() + 3599_000 });
    this.issuedTokens.push(accessToken);
    return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  }

  /** The token behind an Authorization header, if it is live and was issued for that resource. */
  tokenFor(request: FakeRequest, audience: string): IssuedToken | undefined {
    const auth = header(request, 'authorization') ?? '';
    const token = this.tokens.get(auth.replace(/^Bearer\s+/i, ''));
    return token && token.expiresAt >= Date.now() && token.audience === audience ? token : undefined;
  }

  handleGraph(request: FakeRequest): FakeResponse {
    const auth = header(request, 'authorization') ?? '';
    const token = this.tokenFor(request, 'https://graph.microsoft.com');
    if (!token) {
      return graphError(401, 'InvalidAuthenticationToken', auth ? 'Access token validation failure. Invalid audience.' : 'Access token is empty.');
    }
    if (request.method === 'POST' && /^\/(v1\.0|beta)\/\$batch$/.test(request.pathname)) return this.batch(request, token);
    if (request.method !== 'GET') return graphError(405, 'Request_BadRequest', `The fake Graph serves GET and $batch only, not ${request.method}`);
    return this.get(request.pathname, request.query, token, request.host, header(request, 'consistencylevel'));
  }

  private batch(request: FakeRequest, token: IssuedToken): FakeResponse {
    const version = request.pathname.startsWith('/beta') ? '/beta' : '/v1.0';
    let parsed: { requests?: Array<{ id: string; method: string; url: string; headers?: Record<string, string> }> };
    try {
      parsed = JSON.parse(request.body) as typeof parsed;
    } catch {
      return graphError(400, 'BadRequest', 'Invalid batch payload format.');
    }
    const requests = parsed.requests ?? [];
    if (requests.length > MAX_BATCH) return graphError(400, 'BadRequest', `Number of batch requests exceeds the limit of ${MAX_BATCH}.`);
    const responses = requests.map((item) => {
      const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'https://graph.microsoft.com');
      this.batchedRequests.push(`${version}${decodeURIComponent(url.pathname)}`);
      const result = item.method === 'GET'
        ? this.get(`${version}${decodeURIComponent(url.pathname)}`, url.searchParams, token, request.host, Object.entries(item.headers ?? {}).find(([name]) => name.toLowerCase() === 'consistencylevel')?.[1])
        : graphError(405, 'Request_BadRequest', 'Only GET is served inside the fake $batch');
      return { id: item.id, status: result.status, headers: { 'Content-Type': 'application/json' }, body: result.body };
    });
    return json(200, { responses });
  }

  private get(pathname: string, query: URLSearchParams, token: IssuedToken, host: string, consistencyLevel?: string): FakeResponse {
    const version = pathname.startsWith('/beta/') ? '/beta' : pathname.startsWith('/v1.0/') ? '/v1.0' : undefined;
    if (!version) return graphError(400, 'BadRequest', `Invalid version in ${pathname}; use /v1.0 or /beta`);
    const relative = pathname.slice(version.length);
    const required = REQUIRED_ROLES.find(([pattern]) => pattern.test(relative))?.[1];
    if (token.roles && required && !required.some((role) => token.roles?.includes(role))) {
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    const selectsSignIn = (query.get('$select') ?? '').split(',').includes('signInActivity');
    if (token.roles && relative.startsWith('/users') && selectsSignIn && !token.roles.includes('AuditLog.Read.All')) {
      return graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'Neither tenant is B2C or tenant doesn\'t have premium license');
    }
    const data = this.sync.graph[token.tenantId] ?? {};
    if (relative.endsWith('/delta')) return this.delta(version, relative, query, token, host);
    // The scanner's own app registration is kept out of graph.json (it would become a finding of itself); it is
    // read by its appId only, from tenant.json.
    const own = /^\/applications\(appId='([^']+)'\)$/.exec(relative);
    if (own) {
      const secrets = this.tenant.json.secrets.entra[token.tenantId];
      if (!secrets?.application || secrets.clientId !== own[1]) return graphError(404, 'Request_ResourceNotFound', `Resource '${own[1] ?? ''}' does not exist or one of its queried reference-property objects are not present.`);
      return json(200, { '@odata.context': context(version, '/applications/$entity'), ...(selectFields({ appId: secrets.clientId, ...secrets.application }, query) as Record<string, unknown>) });
    }
    const resolved = resolveGraphPath(data, `${version}${relative}`) ?? directoryRoleDefault(version, relative) ?? agentIdentityDefault(data, version, relative);
    if (resolved === undefined) {
      return graphError(404, 'Request_ResourceNotFound', `Resource '${relative.split('/').pop() ?? ''}' does not exist or one of its queried reference-property objects are not present.`);
    }
    if (!Array.isArray(resolved)) return json(200, { '@odata.context': context(version, relative), ...(selectFields(resolved, query) as Record<string, unknown>) });
    // Without User-LifeCycleInfo.Read.All, Graph returns users without their leave date.
    const items = token.roles && relative.startsWith('/users') && !token.roles.includes('User-LifeCycleInfo.Read.All') ? withoutLeaveDates(resolved) : resolved;
    const counted = countFilter(query.get('$filter'));
    if (counted) {
      // Advanced query: Graph refuses it without ConsistencyLevel: eventual and $count=true
      // (https://learn.microsoft.com/graph/aad-advanced-queries).
      if (consistencyLevel?.toLowerCase() !== 'eventual' || query.get('$count') !== 'true') return graphError(400, 'Request_UnsupportedQuery', 'Unsupported Query.');
      const sub = (item: unknown) => asArray(data[`${version}${relative}/${idOf(item)}/${counted.navigation}`])?.length ?? 0;
      const matching = items.filter((item) => (sub(item) === 0) === (counted.op === 'eq'));
      const rest = new URLSearchParams(query);
      rest.delete('$filter');
      return this.page(version, relative, matching, rest, host, matching.length, query);
    }
    return this.page(version, relative, items, query, host);
  }

  private page(version: string, relative: string, items: unknown[], query: URLSearchParams, host: string, count?: number, linkQuery: URLSearchParams = query): FakeResponse {
    const asked = query.has('$top') ? Number(query.get('$top')) : DEFAULT_PAGE;
    if (!Number.isInteger(asked) || asked < 1 || asked > MAX_PAGE) {
      return graphError(400, 'Request_BadRequest', `Invalid page size specified: '${query.get('$top') ?? ''}'. Must be between 1 and ${MAX_PAGE} inclusive.`);
    }
    const top = pageCap(this.tenant, asked);
    let filtered: unknown[];
    try {
      filtered = applyFilter(items, query.get('$filter'));
    } catch (error) {
      return graphError(400, 'Request_UnsupportedQuery', (error as Error).message);
    }
    const offset = query.has('$skiptoken') ? Number(Buffer.from(query.get('$skiptoken') ?? '', 'base64url').toString()) : 0;
    const pageItems = filtered.slice(offset, offset + top).map((item) => selectFields(item, query));
    const body: Record<string, unknown> = { '@odata.context': context(version, relative), ...(count !== undefined ? { '@odata.count': count } : {}), value: pageItems };
    if (offset + top < filtered.length) {
      const next = new URLSearchParams(linkQuery);
      next.set('$skiptoken', Buffer.from(String(offset + top)).toString('base64url'));
      body['@odata.nextLink'] = `https://${host}${version}${relative}?${decodeURIComponent(next.toString())}`;
    }
    return json(200, body);
  }

  /**
   * Delta: the first round pages through the whole collection and ends with a deltaLink whose token names this
   * sync; a later round returns what changed between that sync and the current one (deleted ids as @removed).
   * https://learn.microsoft.com/graph/delta-query-overview
   */
  private delta(version: string, relative: string, query: URLSearchParams, token: IssuedToken, host: string): FakeResponse {
    const collectionPath = `${version}${relative.slice(0, -'/delta'.length)}`;
    // Without User-LifeCycleInfo.Read.All, users come without their leave date here too.
    const hide = (list: unknown[] | undefined) => (list && token.roles && relative.startsWith('/users') && !token.roles.includes('User-LifeCycleInfo.Read.All') ? withoutLeaveDates(list) : list);
    const current = hide(asArray(this.sync.graph[token.tenantId]?.[collectionPath]));
    if (!current) return graphError(400, 'Request_BadRequest', `Delta is not supported on ${collectionPath}`);
    const deltaToken = query.get('$deltatoken');
    let items: unknown[] = current;
    // "latest": a deltaLink for changes from now on, and no data (https://learn.microsoft.com/graph/delta-query-overview).
    if (deltaToken === 'latest') items = [];
    else if (deltaToken !== null) {
      const base = this.tenant.syncs.findIndex((s) => s.name === Buffer.from(deltaToken, 'base64url').toString());
      if (base < 0) return graphError(410, 'syncStateNotFound', 'The delta token is no longer valid; start a full sync.');
      const previous = hide(asArray(this.tenant.syncs[base]?.graph[token.tenantId]?.[collectionPath])) ?? [];
      items = changesBetween(previous, current);
    }
    const top = pageCap(this.tenant, query.has('$top') ? Number(query.get('$top')) : DEFAULT_PAGE);
    const offset = query.has('$skiptoken') ? Number(Buffer.from(query.get('$skiptoken') ?? '', 'base64url').toString()) : 0;
    const pageItems = items.slice(offset, offset + top).map((item) => selectFields(item, query));
    const body: Record<string, unknown> = { '@odata.context': context(version, relative), value: pageItems };
    const next = new URLSearchParams(query);
    if (offset + top < items.length) {
      next.set('$skiptoken', Buffer.from(String(offset + top)).toString('base64url'));
      body['@odata.nextLink'] = `https://${host}${version}${relative}?${decodeURIComponent(next.toString())}`;
    } else {
      // The token keeps the first round's $select, as Graph's does.
      next.delete('$skiptoken');
      next.set('$deltatoken', Buffer.from(this.sync.name).toString('base64url'));
      body['@odata.deltaLink'] = `https://${host}${version}${relative}?${decodeURIComponent(next.toString())}`;
    }
    return json(200, body);
  }

  /** Graph tenants served, for diagnostics. */
  tenantsIn(sync: TenantSync): string[] {
    return Object.keys(sync.graph);
  }
}

/**
 * Tenant data is read-only once loaded, so what the fake derives from a stored collection per request (users without
 * their leave date, the changes between two syncs) is derived once. Graph answers a page in bounded time whatever the
 * tenant's size; redoing it per page (140,000 users stringified twice per delta page at L) made the fake, one process
 * for every host, the bottleneck of a resync the bench times.
 */
const leaveDatesHidden = new WeakMap<unknown[], unknown[]>();
const changesCache = new WeakMap<unknown[], WeakMap<unknown[], unknown[]>>();

function withoutLeaveDates(users: unknown[]): unknown[] {
  let hidden = leaveDatesHidden.get(users);
  if (!hidden) {
    hidden = users.map(withoutLeaveDate);
    leaveDatesHidden.set(users, hidden);
  }
  return hidden;
}

function changesBetween(previous: unknown[], current: unknown[]): unknown[] {
  let byCurrent = changesCache.get(previous);
  if (!byCurrent) {
    byCurrent = new WeakMap<unknown[], unknown[]>();
    changesCache.set(previous, byCurrent);
  }
  let changes = byCurrent.get(current);
  if (!changes) {
    changes = diffCollections(previous, current);
    byCurrent.set(current, changes);
  }
  return changes;
}

function withoutLeaveDate(user: unknown): unknown {
  if (typeof user !== 'object' || user === null) return user;
  const { employeeLeaveDateTime: _hidden, ...rest } = user as Record<string, unknown>;
  return rest;
}

function context(version: string, relative: string): string {
  return `https://graph.microsoft.com${version}/$metadata#${relative.replace(/^\//, '')}`;
}

function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

function idOf(item: unknown): string | undefined {
  return typeof item === 'object' && item !== null && 'id' in item ? String((item as { id: unknown }).id) : undefined;
}

/**
 * Resolves a request path against stored paths: exact key; an object inside a stored collection
 * (/servicePrincipals/{id}, /servicePrincipals(appId='...')); an empty collection for a navigation of an
 * existing object that the tenant does not list (no owners, no assignments).
 */
export function resolveGraphPath(data: PathMap, fullPath: string): unknown {
  if (fullPath in data) return data[fullPath];
  const byAppId = /^(.*\/servicePrincipals)\(appId='([^']+)'\)$/.exec(fullPath);
  if (byAppId) {
    return asArray(data[byAppId[1] ?? ''])?.find((sp) => (sp as { appId?: string }).appId === byAppId[2]);
  }
  const segments = fullPath.split('/');
  const itemMatch = (collection: string, id: string) => {
    const items = asArray(data[collection]);
    const found = items ? byId(items).get(id) : undefined;
    if (found) return found;
    // An agent object is a service principal, an application or a user: /servicePrincipals/{id}/... (and the
    // others) find it whichever list stores it.
    for (const { base, cast } of AGENT_COLLECTIONS) {
      const typed = collection.endsWith(base) ? asArray(data[`${collection}/${cast}`]) : undefined;
      const item = typed ? byId(typed).get(id) : undefined;
      if (item) return item;
    }
    return undefined;
  };
  if (segments.length >= 4) {
    const collection = segments.slice(0, -1).join('/');
    const found = itemMatch(collection, segments[segments.length - 1] ?? '');
    if (found) return found;
  }
  if (segments.length >= 5) {
    const parent = itemMatch(segments.slice(0, -2).join('/'), segments[segments.length - 2] ?? '');
    if (parent) return [];
  }
  return undefined;
}

/** Items of a stored collection by id, built once per collection (tenant data is read-only once loaded). */
const idIndex = new WeakMap<unknown[], Map<string, unknown>>();

function byId(items: unknown[]): Map<string, unknown> {
  let index = idIndex.get(items);
  if (!index) {
    index = new Map();
    for (const item of items) {
      const id = idOf(item);
      if (id !== undefined && !index.has(id)) index.set(id, item);
    }
    idIndex.set(items, index);
  }
  return index;
}

function selectFields(item: unknown, query: URLSearchParams): unknown {
  const select = query.get('$select');
  if (!select || typeof item !== 'object' || item === null) return item;
  const fields = new Set(select.split(',').map((f) => f.trim()));
  // Instance annotations (@odata.*, and @removed on a delta item) are not properties: $select never drops them.
  return Object.fromEntries(Object.entries(item).filter(([key]) => fields.has(key) || key === 'id' || key.startsWith('@')));
}

/** `<navigation>/$count eq 0` or `ne 0`: whether an object's collection (its own path in the tenant) is empty. */
function countFilter(filter: string | null): { navigation: string; op: 'eq' | 'ne' } | undefined {
  const match = /^(\w+)\/\$count\s+(eq|ne)\s+0$/.exec((filter ?? '').trim());
  return match ? { navigation: match[1] ?? '', op: match[2] as 'eq' | 'ne' } : undefined;
}

/** Supports `<prop> eq '<value>'` joined by `and`, which is what the extractors use; anything else is refused. */
function applyFilter(items: unknown[], filter: string | null): unknown[] {
  if (!filter) return items;
  const clauses = filter.split(/\s+and\s+/i).map((clause) => {
    const match = /^(\w+)\s+eq\s+'([^']*)'$/.exec(clause.trim());
    if (!match) throw new Error(`The fake Graph supports only "<property> eq '<value>'" filters; got: ${clause}`);
    return { property: match[1] ?? '', value: match[2] ?? '' };
  });
  return items.filter((item) => clauses.every(({ property, value }) => String((item as Record<string, unknown>)[property]) === value));
}

function diffCollections(previous: unknown[], current: unknown[]): unknown[] {
  const before = new Map(previous.map((item) => [idOf(item), JSON.stringify(item)]));
  const changed = current.filter((item) => before.get(idOf(item)) !== JSON.stringify(item));
  const currentIds = new Set(current.map(idOf));
  const removed = previous.filter((item) => !currentIds.has(idOf(item))).map((item) => ({ id: idOf(item), '@removed': { reason: 'deleted' } }));
  return [...changed, ...removed];
}
