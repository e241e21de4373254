/**
 * The fewest HTTP requests that read what a sync needs from a tenant's data, per endpoint, from the data's sizes and
 * each API's maximum page size (as the fake cloud serves them, which follows the real APIs). Two forms:
 *   full        read everything, no earlier state (sync 1);
 *   incremental read what changed since the previous sync, using the change feeds the APIs offer (Graph delta
 *               queries, Graph and Jira audit logs, Automation `updated`, flow `lastModifiedTime`), full reads where an
 *               API has none (sync 2).
 * docs/benchmarks.md lists the formulas; this file is their implementation.
 */
import type { PathMap, TenantJson, TenantSync } from '../fake/tenant';
import { defaultSettings } from '../../src/settings/settings';
import { EVIDENCE_MARGIN_MS } from '../../src/sources/evidence-horizon';

export const GRAPH_MAX_TOP = 999;
export const GRAPH_BATCH = 20;
const JIRA_PROJECT_PAGE = 100;
const JIRA_USERS_PAGE = 1000;
const JIRA_GROUP_PAGE = 50;
const JIRA_AUDIT_PAGE = 1000;
const AUTOMATION_PAGE = 100;
const POWER_PLATFORM_PAGE = 250;
const ADO_PAGE = 1000;
const ADO_PAT_PAGE = 100;
const DAY_MS = 86_400_000;

export interface MinRow {
  host: string;
  endpoint: string;
  formula: string;
  requests: number;
}

export interface MinTable {
  rows: MinRow[];
  byHost: Record<string, number>;
  total: number;
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
const arr = (value: unknown): Array<Record<string, unknown>> => (Array.isArray(value) ? (value as Array<Record<string, unknown>>) : []);
const MICROSOFT_TENANTS = new Set(['f8cdef31-a31e-4b4a-93e4-5f571e91255a', '72f988bf-86f1-41af-91ab-2d7cd011db47']);
const PROVISIONING_TAGS = /^WindowsAzureActiveDirectory(Gallery|OnPrem|CustomSingleSignOn)/i;

/** The extractor's selection rules (src/sources/entra): which service principals it asks about. */
function spKinds(sp: Record<string, unknown>, tenantId: string): { microsoft: boolean; resource: boolean; provisioning: boolean } {
  const type = sp.servicePrincipalType;
  const owner = String(sp.appOwnerOrganizationId ?? '').toLowerCase();
  const microsoft = type !== 'ManagedIdentity' && MICROSOFT_TENANTS.has(owner);
  const home = type !== 'ManagedIdentity' && owner === tenantId.toLowerCase();
  const roles = arr(sp.appRoles);
  const resource = roles.some((r) => r.isEnabled !== false && arr(r.allowedMemberTypes).some((t) => String(t) === 'Application'));
  const tags = (Array.isArray(sp.tags) ? sp.tags : []) as string[];
  const provisioning = type === 'Application' && home && (Boolean(sp.applicationTemplateId) || tags.some((t) => PROVISIONING_TAGS.test(t)));
  return { microsoft, resource, provisioning };
}

function idOf(item: Record<string, unknown>): string {
  return String(item.id ?? item.accountId ?? item.uuid ?? item.name ?? '');
}

/** Items of a collection added, changed or removed between two syncs (by id). */
function changedItems(before: unknown, after: unknown): number {
  const a = new Map(arr(before).map((x) => [idOf(x), JSON.stringify(x)]));
  let n = 0;
  const seen = new Set<string>();
  for (const x of arr(after)) {
    const id = idOf(x);
    seen.add(id);
    if (a.get(id) !== JSON.stringify(x)) n++;
  }
  for (const id of a.keys()) if (!seen.has(id)) n++;
  return n;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

class Table {
  readonly rows: MinRow[] = [];
  add(host: string, endpoint: string, formula: string, requests: number): void {
    this.rows.push({ host, endpoint, formula, requests });
  }
  done(): MinTable {
    const byHost: Record<string, number> = {};
    for (const row of this.rows) byHost[row.host] = (byHost[row.host] ?? 0) + row.requests;
    return { rows: this.rows, byHost, total: this.rows.reduce((a, r) => a + r.requests, 0) };
  }
}

/**
 * Graph GETs are packed into POST /$batch, 20 per call; pages of one collection follow each other (nextLink), so a
 * version needs at least max(longest page chain, ceil(inner GETs / 20)) calls.
 */
function packGraph(table: Table, version: string, inner: Array<{ endpoint: string; gets: number; formula: string }>): void {
  const total = inner.reduce((a, r) => a + r.gets, 0);
  const chain = inner.reduce((a, r) => (r.endpoint.includes('{') ? a : Math.max(a, r.gets)), 0);
  const calls = Math.max(chain, Math.ceil(total / GRAPH_BATCH));
  const detail = inner.map((r) => `${r.endpoint}: ${r.gets} (${r.formula})`).join('; ');
  table.add('graph.microsoft.com', `${version} (${total} GETs packed in $batch of ${GRAPH_BATCH})`, `max(longest chain ${chain}, ceil(${total}/${GRAPH_BATCH})) — ${detail}`, total === 0 ? 0 : calls);
}

export function minimumRequests(tenant: TenantJson, sync: TenantSync, previous?: TenantSync): MinTable {
  const t = new Table();
  const incremental = previous !== undefined;
  const at = Date.parse(sync.at);
  const lastAt = previous ? Date.parse(previous.at) : 0;

  // Tokens: one client-credentials token per audience (Graph, Flow, BAP, PowerApps).
  t.add('login.microsoftonline.com', 'POST /{tenant}/oauth2/v2.0/token', '1 per audience used (Graph' + (tenant.powerPlatform ? ', Flow, BAP, PowerApps' : '') + ')', tenant.entra.length + (tenant.powerPlatform ? 3 : 0));

  // Graph.
  for (const entra of tenant.entra) {
    const g: PathMap = sync.graph[entra.tenantId] ?? {};
    const p: PathMap = previous?.graph[entra.tenantId] ?? {};
    const v1: Array<{ endpoint: string; gets: number; formula: string }> = [];
    const sps = arr(g['/v1.0/servicePrincipals']);
    const apps = arr(g['/v1.0/applications']);
    const kinds = new Map(sps.map((sp) => [String(sp.id), spKinds(sp, entra.tenantId)]));
    const collection = (path: string, label = path) => {
      if (!incremental) v1.push({ endpoint: label, gets: pages(arr(g[path]).length, GRAPH_MAX_TOP), formula: `ceil(${arr(g[path]).length}/${GRAPH_MAX_TOP})` });
      else {
        const n = changedItems(p[path], g[path]);
        v1.push({ endpoint: `${label}/delta`, gets: pages(n, GRAPH_MAX_TOP), formula: `ceil(max(1, ${n} changed)/${GRAPH_MAX_TOP})` });
      }
    };
    v1.push({ endpoint: '/v1.0/organization', gets: 1, formula: '1' }, { endpoint: '/v1.0/domains', gets: 1, formula: '1' });
    collection('/v1.0/users');
    collection('/v1.0/servicePrincipals');
    collection('/v1.0/applications');
    // Per-object navigations: owners of every non-Microsoft SP and of every app registration; assignments of every
    // resource SP; provisioning jobs of every provisioning-capable SP. Incremental: only objects whose answer changed
    // or that are new (the directory audit log names owner and assignment changes).
    const perObject = (label: string, keys: string[], pathOf: (id: string) => string, pageSize: number) => {
      let gets = 0;
      let count = 0;
      for (const id of keys) {
        const path = pathOf(id);
        if (incremental && same(p[path], g[path])) continue;
        count++;
        gets += pages(arr(g[path]).length, pageSize);
      }
      v1.push({ endpoint: label, gets, formula: `${count} ${incremental ? 'changed ' : ''}objects, ceil(n/${pageSize}) each` });
    };
    const ownedSps = sps.filter((sp) => !kinds.get(String(sp.id))?.microsoft).map((sp) => String(sp.id));
    perObject('/v1.0/servicePrincipals/{id}/owners', ownedSps, (id) => `/v1.0/servicePrincipals/${id}/owners`, GRAPH_MAX_TOP);
    perObject('/v1.0/applications/{id}/owners', apps.map((a) => String(a.id)), (id) => `/v1.0/applications/${id}/owners`, GRAPH_MAX_TOP);
    perObject('/v1.0/servicePrincipals/{id}/appRoleAssignedTo', sps.filter((sp) => kinds.get(String(sp.id))?.resource).map((sp) => String(sp.id)), (id) => `/v1.0/servicePrincipals/${id}/appRoleAssignedTo`, GRAPH_MAX_TOP);
    // Owner groups (named as owners of SPs, apps or flows) and their members.
    const ownerGroups = new Set<string>();
    for (const [path, value] of Object.entries(g)) {
      if (!/\/owners$/.test(path)) continue;
      for (const o of arr(value)) if (String(o['@odata.type'] ?? '').toLowerCase().endsWith('group')) ownerGroups.add(String(o.id));
    }
    for (const [path, value] of Object.entries(sync.powerautomate)) {
      if (!/\/owners$/.test(path)) continue;
      for (const o of arr(value)) {
        const principal = (o.properties as { principal?: { type?: string; id?: string } } | undefined)?.principal;
        if (principal?.type === 'Group' && principal.id) ownerGroups.add(principal.id);
      }
    }
    if (!incremental) {
      v1.push({ endpoint: '/v1.0/groups/{id}', gets: ownerGroups.size, formula: `${ownerGroups.size} owner groups` });
      perObject('/v1.0/groups/{id}/members', [...ownerGroups], (id) => `/v1.0/groups/${id}/members`, GRAPH_MAX_TOP);
    } else {
      const changedGroups = [...ownerGroups].filter((id) => !same(p[`/v1.0/groups/${id}/members`], g[`/v1.0/groups/${id}/members`])).length;
      v1.push({ endpoint: '/v1.0/groups/delta (members@delta)', gets: pages(changedGroups, GRAPH_MAX_TOP), formula: `ceil(max(1, ${changedGroups} changed owner groups)/${GRAPH_MAX_TOP})` });
    }
    v1.push({ endpoint: '/v1.0/oauth2PermissionGrants', gets: pages(arr(g['/v1.0/oauth2PermissionGrants']).length, GRAPH_MAX_TOP), formula: 'ceil(n/999) (no delta)' });
    const audits = arr(g['/v1.0/auditLogs/directoryAudits']);
    const newAudits = incremental ? audits.filter((a) => Date.parse(String(a.activityDateTime)) > lastAt).length : audits.length;
    v1.push({ endpoint: '/v1.0/auditLogs/directoryAudits', gets: pages(newAudits, GRAPH_MAX_TOP), formula: incremental ? `ceil(max(1, ${newAudits} since the last sync)/999)` : `ceil(${audits.length}/999)` });
    // Federated credentials: one advanced query names the applications holding any (no change feed: every sync),
    // then theirs are read; an application without one needs no request.
    const holders = apps.filter((a) => arr(g[`/v1.0/applications/${String(a.id)}/federatedIdentityCredentials`]).length > 0).length;
    t.add('graph.microsoft.com', '/v1.0/applications?$filter=federatedIdentityCredentials/$count ne 0', `ceil(max(1, ${holders} holders)/${GRAPH_MAX_TOP}) (an advanced query: paged, not in $batch; no change feed)`, pages(holders, GRAPH_MAX_TOP));
    v1.push({ endpoint: '/v1.0/applications/{id}/federatedIdentityCredentials', gets: holders, formula: `${holders} applications holding one` });
    const provisioning = sps.filter((sp) => kinds.get(String(sp.id))?.provisioning).map((sp) => String(sp.id));
    v1.push({ endpoint: '/v1.0/servicePrincipals/{id}/synchronization/jobs', gets: provisioning.length, formula: `${provisioning.length} provisioning-capable SPs (job status has no change feed)` });
    packGraph(t, '/v1.0', v1);
    const signIns = arr(g['/beta/reports/servicePrincipalSignInActivities']).length;
    packGraph(t, '/beta', [{ endpoint: '/beta/reports/servicePrincipalSignInActivities', gets: pages(signIns, GRAPH_MAX_TOP), formula: `ceil(${signIns}/999) (a report: no delta)` }]);
  }

  // Activity evidence (flow runs, hook deliveries, service connection executions) has no change feed; a resync reads
  // it again only for objects that are new or changed, or whose newest evidence then was not well inside the dormancy
  // window (src/sources/evidence-horizon.ts): a newer read could not change the dormancy answer for the rest.
  const oldestKept = at - defaultSettings().dormancyWindowDays * DAY_MS + EVIDENCE_MARGIN_MS;
  const evidenceDue = (objectBefore: unknown, objectNow: unknown, evidenceBefore: unknown, timeOf: (record: Record<string, unknown>) => unknown): boolean => {
    if (!incremental || objectBefore === undefined || JSON.stringify(objectBefore) !== JSON.stringify(objectNow)) return true;
    const times = arr(evidenceBefore).map((r) => Date.parse(String(timeOf(r)))).filter((t) => !Number.isNaN(t));
    return times.length === 0 || Math.max(...times) < oldestKept;
  };

  // Jira.
  const site = new URL(tenant.jira.site).host;
  const j = sync.jira;
  const pj = previous?.jira ?? {};
  const projects = arr(j['/rest/api/3/project/search']);
  const users = arr(j['/rest/api/3/users/search']);
  const groups = arr(j['/rest/api/3/group/bulk']);
  t.add(site, '/rest/api/3/serverInfo', '1', 1);
  t.add(site, '/rest/api/3/project/search', `ceil(${projects.length}/${JIRA_PROJECT_PAGE})`, pages(projects.length, JIRA_PROJECT_PAGE));
  t.add(site, '/rest/api/3/users/search', `floor(${users.length}/${JIRA_USERS_PAGE})+1 (bare array: a short page ends it)`, Math.floor(users.length / JIRA_USERS_PAGE) + 1);
  t.add(site, '/rest/api/3/group/bulk', `ceil(${groups.length}/${JIRA_GROUP_PAGE})`, pages(groups.length, JIRA_GROUP_PAGE));
  t.add(site, '/rest/api/3/group/bulk?accessType=admin|site-admin', '1 per access type', 2);
  let memberPages = 0;
  let memberGroups = 0;
  // A resync: the audit log names each user who joined or left a group; that user's groups (one request) replace
  // every page of the group.
  const movers = new Set<string>();
  const activeNow = new Set(users.filter((u) => u.active !== false).map((u) => String(u.accountId)));
  for (const group of groups) {
    const path = `/rest/api/3/group/member#groupId=${String(group.groupId)}`;
    if (incremental && same(pj[path], j[path])) continue;
    if (incremental && pj[path] !== undefined) {
      const ids = (value: unknown) => new Set(arr(value).filter((m) => m.active !== false).map((m) => String(m.accountId)));
      const [before, now] = [ids(pj[path]), ids(j[path])];
      for (const id of before) if (!now.has(id)) movers.add(id);
      for (const id of now) if (!before.has(id)) movers.add(id);
      continue;
    }
    memberGroups++;
    memberPages += pages(arr(j[path]).filter((m) => m.active !== false).length, JIRA_GROUP_PAGE);
  }
  t.add(site, '/rest/api/3/group/member', `Σ over ${memberGroups}${incremental ? ' new' : ''} groups of ceil(active members/${JIRA_GROUP_PAGE})`, memberPages);
  if (incremental) {
    const asked = [...movers].filter((id) => activeNow.has(id)).length;
    t.add(site, '/rest/api/3/user/groups', `1 per active user who joined or left a group (audit log: "User added to/removed from group"): ${asked}`, asked);
  }
  t.add(site, '/rest/api/3/role', '1 (company-managed projects share the site roles; no per-project role map)', 1);
  let schemeCalls = 0;
  let roleCalls = 0;
  for (const project of projects) {
    const id = String(project.id);
    const schemePath = `/rest/api/3/project/${id}/permissionscheme`;
    if (!incremental || !same(pj[schemePath], j[schemePath])) schemeCalls++;
    // Only roles the project's permission scheme grants something to matter (holding any other role gives nothing).
    const scheme = (j[schemePath] ?? {}) as { permissions?: Array<{ holder?: { type?: string; value?: string; parameter?: string } }> };
    const granted = new Set((scheme.permissions ?? []).filter((p) => p.holder?.type === 'projectRole').map((p) => String(p.holder?.value ?? p.holder?.parameter ?? '')));
    const roleMap = (j[`/rest/api/3/project/${id}/role`] ?? {}) as Record<string, string>;
    for (const url of Object.values(roleMap)) {
      const roleId = String(url).split('/').pop() ?? '';
      if (!granted.has(roleId)) continue;
      const rolePath = `/rest/api/3/project/${id}/role/${roleId}`;
      if (!incremental || !same(pj[rolePath], j[rolePath])) roleCalls++;
    }
  }
  t.add(site, '/rest/api/3/project/{id}/permissionscheme', incremental ? `${schemeCalls} new or changed projects` : `1 per project (${projects.length})`, schemeCalls);
  t.add(site, '/rest/api/3/project/{id}/role/{roleId}', incremental ? `${roleCalls} changed granted roles (audit log: "Project roles changed")` : `Σ per project of the roles its permission scheme grants to (${roleCalls})`, roleCalls);
  const auditRecords = arr(j['/rest/api/3/auditing/record']).filter((r) => Date.parse(String(r.created).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) >= (incremental ? lastAt : at - 90 * DAY_MS));
  t.add(site, '/rest/api/3/auditing/record', `ceil(max(1, ${auditRecords.length} ${incremental ? 'since the last sync' : 'in the 90-day window'})/${JIRA_AUDIT_PAGE})`, pages(auditRecords.length, JIRA_AUDIT_PAGE));

  // Automation.
  const summaryKey = Object.keys(sync.automation).find((k) => k.endsWith('/rule/summary'));
  if (summaryKey) {
    const summaries = arr(sync.automation[summaryKey]);
    const before = new Map(arr(previous?.automation[summaryKey]).map((s) => [String(s.uuid), s.updated]));
    const bodies = incremental ? summaries.filter((s) => before.get(String(s.uuid)) !== s.updated).length : summaries.length;
    t.add('api.atlassian.com', '/rule/summary', `ceil(${summaries.length}/${AUTOMATION_PAGE})`, pages(summaries.length, AUTOMATION_PAGE));
    t.add('api.atlassian.com', '/rule/{uuid}', incremental ? `${bodies} rules whose summary.updated changed or new` : `1 per rule (${bodies})`, bodies);
  }

  // Power Automate.
  if (tenant.powerPlatform) {
    const pa = sync.powerautomate;
    const ppa = previous?.powerautomate ?? {};
    const envs = arr(pa['/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments']);
    t.add('api.bap.microsoft.com', 'environments', `ceil(${envs.length}/${POWER_PLATFORM_PAGE})`, pages(envs.length, POWER_PLATFORM_PAGE));
    for (const env of envs) {
      const name = String(env.name);
      const prefix = `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${name}`;
      const flows = arr(pa[`${prefix}/v2/flows`]);
      const modified = new Map(arr(ppa[`${prefix}/v2/flows`]).map((f) => [String(f.name), JSON.stringify(f.properties)]));
      const details = incremental ? flows.filter((f) => modified.get(String(f.name)) !== JSON.stringify(f.properties)).length : flows.length;
      t.add('api.flow.microsoft.com', 'v2/flows', `ceil(${flows.length}/${POWER_PLATFORM_PAGE})`, pages(flows.length, POWER_PLATFORM_PAGE));
      t.add('api.flow.microsoft.com', 'flows/{flow}', incremental ? `${details} flows changed (lastModifiedTime) or new` : `1 per flow (${flows.length})`, details);
      const owners = flows.reduce((a, f) => a + pages(arr(pa[`${prefix}/flows/${String(f.name)}/owners`]).length, POWER_PLATFORM_PAGE), 0);
      t.add('api.flow.microsoft.com', 'flows/{flow}/owners', `Σ ceil(owners/${POWER_PLATFORM_PAGE}) per flow (no change feed)`, owners);
      const flowsBefore = new Map(arr(ppa[`${prefix}/v2/flows`]).map((f) => [String(f.name), f.properties]));
      const runs = flows.filter((f) => evidenceDue(flowsBefore.get(String(f.name)), f.properties, ppa[`${prefix}/flows/${String(f.name)}/runs`], (r) => (r.properties as { startTime?: unknown } | undefined)?.startTime)).length;
      t.add('api.flow.microsoft.com', 'flows/{flow}/runs', incremental ? `${runs} flows new, changed, or whose last run was not well inside the dormancy window (no change feed)` : `1 per flow (first page, newest first)`, runs);
      const connections = arr(pa[`/providers/Microsoft.PowerApps/scopes/admin/environments/${name}/connections`]);
      t.add('api.powerapps.com', 'connections', `ceil(${connections.length}/${POWER_PLATFORM_PAGE})`, pages(connections.length, POWER_PLATFORM_PAGE));
    }
  }

  // Azure DevOps: projects, hooks and service connections have no change feed; PATs have the audit log's token events.
  if (tenant.azureDevOps) {
    const org = tenant.azureDevOps.organization;
    const ado = sync.azuredevops;
    const projectsAdo = arr(ado[`/${org}/_apis/projects`]);
    const hooks = arr(ado[`/${org}/_apis/hooks/subscriptions`]);
    const adoUsers = arr(ado[`/${org}/_apis/graph/users`]);
    t.add('dev.azure.com', '_apis/projects', `ceil(${projectsAdo.length}/${ADO_PAGE})`, pages(projectsAdo.length, ADO_PAGE));
    t.add('dev.azure.com', '_apis/hooks/subscriptions', `ceil(${hooks.length}/${ADO_PAGE})`, pages(hooks.length, ADO_PAGE));
    const prevAdoAll = previous?.azuredevops ?? {};
    const hooksBefore = new Map(arr(prevAdoAll[`/${org}/_apis/hooks/subscriptions`]).map((h) => [String(h.id), h]));
    const notificationsPath = (id: unknown) => `/${org}/_apis/hooks/subscriptions/${String(id)}/notifications`;
    const dueHooks = hooks.filter((h) => evidenceDue(hooksBefore.get(String(h.id)), h, prevAdoAll[notificationsPath(h.id)], (n) => n.createdDate));
    t.add('dev.azure.com', 'subscriptions/{id}/notifications', incremental ? `${dueHooks.length} subscriptions new, changed, or not delivered well inside the dormancy window` : `1 per subscription (${hooks.length})`, dueHooks.reduce((a, h) => a + pages(arr(ado[notificationsPath(h.id)]).length, ADO_PAGE), 0));
    t.add('dev.azure.com', '{project}/_apis/serviceendpoint/endpoints', `1 per project (${projectsAdo.length})`, projectsAdo.reduce((a, p) => a + pages(arr(ado[`/${org}/${String(p.name)}/_apis/serviceendpoint/endpoints`]).length, ADO_PAGE), 0));
    let executionReads = 0;
    for (const project of projectsAdo) {
      const endpointsPath = `/${org}/${String(project.name)}/_apis/serviceendpoint/endpoints`;
      const before = new Map(arr(prevAdoAll[endpointsPath]).map((e) => [String(e.id), e]));
      for (const endpoint of arr(ado[endpointsPath])) {
        const historyPath = `/${org}/${String(project.name)}/_apis/serviceendpoint/${String(endpoint.id)}/executionhistory`;
        if (evidenceDue(before.get(String(endpoint.id)), endpoint, prevAdoAll[historyPath], (x) => (x.data as { finishTime?: unknown; startTime?: unknown } | undefined)?.finishTime ?? (x.data as { startTime?: unknown } | undefined)?.startTime)) executionReads++;
      }
    }
    t.add('dev.azure.com', '{project}/_apis/serviceendpoint/{id}/executionhistory', incremental ? `${executionReads} service connections new, changed, or not used well inside the dormancy window` : `1 per service connection (first page)`, executionReads);
    t.add('vssps.dev.azure.com', '_apis/graph/users', `ceil(${adoUsers.length}/${ADO_PAGE})`, pages(adoUsers.length, ADO_PAGE));
    const patPath = (u: Record<string, unknown>) => `/${org}/_apis/tokenadmin/personalaccesstokens/${String(u.descriptor)}`;
    const prevAdo = previous?.azuredevops ?? {};
    // A resync needs the tokens of users whose token list changed, and of new users (the audit log names the former).
    const patUsers = incremental ? adoUsers.filter((u) => prevAdo[patPath(u)] === undefined || !same(prevAdo[patPath(u)], ado[patPath(u)])) : adoUsers;
    if (incremental) {
      const auditEntries = arr(ado[`/${org}/_apis/audit/auditlog`]).filter((e) => Date.parse(String(e.timestamp)) >= lastAt).length;
      t.add('auditservice.dev.azure.com', '_apis/audit/auditlog', `ceil(max(1, ${auditEntries} since the last sync)/1000)`, pages(auditEntries, 1000));
    }
    t.add(
      'vssps.dev.azure.com',
      'tokenadmin/personalaccesstokens/{descriptor}',
      incremental ? `Σ ceil(PATs/${ADO_PAT_PAGE}) over ${patUsers.length} users whose tokens changed (audit log: Token.Pat* events) or who are new` : `Σ ceil(PATs/${ADO_PAT_PAGE}) per user (${adoUsers.length})`,
      patUsers.reduce((a, u) => a + pages(arr(ado[patPath(u)]).length, ADO_PAT_PAGE), 0),
    );
  }
  return t.done();
}

/**
 * The ideal wall time: minimum requests × latency ÷ the concurrency allowed, per host, since the concurrency is
 * allowed per host (src/shared/concurrency.ts) and the app calls different hosts side by side (one lane per source
 * system). The busiest host bounds the sync.
 */
export function idealWallMs(table: MinTable, latencyFor: (host: string) => number, concurrency: number): number {
  return Math.round(Math.max(0, ...Object.entries(table.byHost).map(([host, n]) => (n * latencyFor(host)) / concurrency)));
}
