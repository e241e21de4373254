/**
 * Named, minimal graph fixtures for the engine's pure core (chains/, checks/, correlate/, classify/, diff/).
 *
 * Each builder returns one GraphNode or GraphEdge with the defaults an extractor would give it, named in the
 * domain's words (a service principal, a Jira app user, a person who owns something, a flow shared with people...).
 * Ids follow docs/graph-mapping.md and are derived from the names, so the same fixture always has the same id.
 * Data is neutral: example.test / example.com domains, invented names. No clock, no randomness, no I/O.
 */
import { createHash } from 'node:crypto';
import { AccessGraph, type GraphFragment } from '../../src/model/graph';
import {
  SENSITIVITY_RANK,
  nodeId,
  type ConnectionProps,
  type CredentialProps,
  type EdgeBasis,
  type EdgeKind,
  type EvidenceProps,
  type GraphEdge,
  type GraphNode,
  type IdentityProps,
  type PermissionProps,
  type ResourceMember,
  type ResourceProps,
  type RoleProps,
  type Sensitivity,
  type SystemName,
} from '../../src/model/schema';
import { computeAllReach } from '../../src/chains/reach';
import type { Baselines, CheckContext, CheckResult, EvidenceCoverage, FailResult, UnknownResult } from '../../src/checks/check';
import { defaultSettings, type Justification, type Settings } from '../../src/settings/settings';

/** The Entra tenant every fixture lives in unless told otherwise. */
export const TENANT = '0c0ffee0-0000-4000-8000-00000000000a';
/** A second, unrelated Entra tenant. */
export const OTHER_TENANT = '0c0ffee0-0000-4000-8000-00000000000b';
/** The sync clock of every check context. */
export const OBSERVED_AT = '2026-11-20T06:00:00.000Z';

const DAY_MS = 86_400_000;

/** ISO time `days` before the sync clock (fractions allowed). */
export function daysBefore(days: number, from: string = OBSERVED_AT): string {
  return new Date(Date.parse(from) - days * DAY_MS).toISOString();
}

/** ISO time `days` after the sync clock (fractions allowed). */
export function daysAfter(days: number, from: string = OBSERVED_AT): string {
  return new Date(Date.parse(from) + days * DAY_MS).toISOString();
}

/** A GUID-shaped id derived from a seed: the same seed always gives the same GUID. */
export function guidFor(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

type NodeRef = GraphNode | string;
const idOf = (ref: NodeRef) => (typeof ref === 'string' ? ref : ref.id);

// ---------------------------------------------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------------------------------------------

export interface ServicePrincipalOptions {
  origin?: IdentityProps['origin'];
  appId?: string;
  tenantId?: string;
  enabled?: boolean;
  publisherDomain?: string;
  replyUrlHosts?: string[];
  derivedFrom?: string;
  subtype?: 'service_principal' | 'managed_identity' | 'entra_agent_identity';
  ownersUnread?: string;
}

/** An Entra service principal `entra:identity:<tenant>/sp-<name>`; first-party unless told otherwise. */
export function servicePrincipal(name: string, options: ServicePrincipalOptions = {}): GraphNode<'identity'> {
  const tenantId = options.tenantId ?? TENANT;
  const spId = `sp-${slug(name)}`;
  return {
    id: nodeId('entra', 'identity', tenantId, spId),
    kind: 'identity',
    system: 'entra',
    name,
    props: {
      subtype: options.subtype ?? 'service_principal',
      tenantId,
      nativeId: spId,
      appId: options.appId ?? guidFor(`app:${tenantId}:${name}`),
      human: false,
      enabled: options.enabled ?? true,
      origin: options.origin ?? 'first_party',
      publisherDomain: options.publisherDomain,
      replyUrlHosts: options.replyUrlHosts,
      derivedFrom: options.derivedFrom,
      ...(options.ownersUnread ? { ownersUnread: options.ownersUnread } : {}),
    },
  };
}

export interface JiraAppUserOptions {
  accountId?: string;
  appKey?: string;
  origin?: IdentityProps['origin'];
  email?: string;
  enabled?: boolean;
  subtype?: 'jira_app_user' | 'jira_service_account';
}

/** A Jira app user `jira:identity:<accountId>` (non-human; origin unknown, as the Jira extractor leaves it). */
export function jiraAppUser(name: string, options: JiraAppUserOptions = {}): GraphNode<'identity'> {
  const accountId = options.accountId ?? `app-${slug(name)}`;
  return {
    id: nodeId('jira', 'identity', accountId),
    kind: 'identity',
    system: 'jira',
    name,
    props: {
      subtype: options.subtype ?? 'jira_app_user',
      nativeId: accountId,
      human: false,
      enabled: options.enabled ?? true,
      origin: options.origin ?? 'unknown',
      email: options.email,
      appKey: options.appKey,
    },
  };
}

/** A person's own Atlassian account `jira:identity:<accountId>` (human). */
export function jiraPersonAccount(email: string, options: { accountId?: string; name?: string; enabled?: boolean } = {}): GraphNode<'identity'> {
  const accountId = options.accountId ?? `acc-${slug(email.split('@')[0] ?? email)}`;
  return {
    id: nodeId('jira', 'identity', accountId),
    kind: 'identity',
    system: 'jira',
    name: options.name ?? email,
    props: { subtype: 'jira_user', nativeId: accountId, human: true, enabled: options.enabled ?? true, origin: 'first_party', email: email.toLowerCase() },
  };
}

/** A person's own Entra account `entra:identity:<tenant>/<userId>` (human). */
export function entraPersonAccount(email: string, options: { userId?: string; tenantId?: string; name?: string } = {}): GraphNode<'identity'> {
  const tenantId = options.tenantId ?? TENANT;
  const userId = options.userId ?? `user-${slug(email.split('@')[0] ?? email)}`;
  return {
    id: nodeId('entra', 'identity', tenantId, userId),
    kind: 'identity',
    system: 'entra',
    name: options.name ?? email,
    props: { subtype: 'entra_user', tenantId, nativeId: userId, human: true, enabled: true, origin: 'first_party', email: email.toLowerCase() },
  };
}

/** The Atlassian SCIM directory a provisioning service principal writes to: a hop derived from that principal. */
export function scimDirectory(parent: GraphNode<'identity'>, jobId = 'scim-job'): GraphNode<'identity'> {
  return {
    id: nodeId('jira', 'identity', 'scim', jobId),
    kind: 'identity',
    system: 'jira',
    name: `SCIM directory of ${parent.name}`,
    props: { subtype: 'atlassian_scim_directory', nativeId: jobId, human: false, enabled: true, origin: 'atlassian', derivedFrom: parent.id },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Owners
// ---------------------------------------------------------------------------------------------------------------

/** A person who owns something, `people:owner:<email>`; departure undecided unless `departed` is given. */
export function person(email: string, options: { departed?: boolean; reason?: string; name?: string; department?: string } = {}): GraphNode<'owner'> {
  const address = email.toLowerCase();
  return {
    id: nodeId('people', 'owner', address),
    kind: 'owner',
    system: 'people',
    name: options.name ?? address,
    props: {
      subtype: 'person',
      email: address,
      department: options.department,
      entraUserIds: [],
      atlassianAccountIds: [],
      adoUserIds: [],
      departed: options.departed,
      departedReason: options.reason,
    },
  };
}

/** An Entra group that owns something, `people:owner:group/<tenant>/<groupId>`; activeMembers undefined = unknown. */
export function groupOwner(name: string, options: { activeMembers?: number; groupId?: string; tenantId?: string } = {}): GraphNode<'owner'> {
  const groupId = options.groupId ?? `group-${slug(name)}`;
  return {
    id: nodeId('people', 'owner', 'group', options.tenantId ?? TENANT, groupId),
    kind: 'owner',
    system: 'people',
    name,
    props: { subtype: 'group', entraUserIds: [], atlassianAccountIds: [], adoUserIds: [], activeMembers: options.activeMembers },
  };
}

/** An owner known only by an Atlassian account id (a rule author, a project lead): `people:owner:atlassian/<id>`. */
export function atlassianOwnerPlaceholder(accountId: string): GraphNode<'owner'> {
  return {
    id: nodeId('people', 'owner', 'atlassian', accountId),
    kind: 'owner',
    system: 'people',
    name: accountId,
    props: { subtype: 'person', entraUserIds: [], atlassianAccountIds: [accountId], adoUserIds: [] },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------------------------------

/** A Jira automation rule `jira:workload:rule/<uuid>`. */
export function automationRule(name: string, options: { uuid?: string; enabled?: boolean; scopeProjectIds?: string[] } = {}): GraphNode<'workload'> {
  const uuid = options.uuid ?? `rule-${slug(name)}`;
  return {
    id: nodeId('jira', 'workload', 'rule', uuid),
    kind: 'workload',
    system: 'jira',
    name,
    props: { subtype: 'jira_automation_rule', nativeId: uuid, enabled: options.enabled ?? true, executionMode: 'autonomous', scopeProjectIds: options.scopeProjectIds ?? [] },
  };
}

/** A Power Automate flow `powerautomate:workload:<env>/<name>`; sharedWith = people beyond its owners. */
export function flow(name: string, options: { sharedWith?: number; environment?: string; enabled?: boolean } = {}): GraphNode<'workload'> {
  const flowName = `flow-${slug(name)}`;
  return {
    id: nodeId('powerautomate', 'workload', options.environment ?? 'env-default', flowName),
    kind: 'workload',
    system: 'powerautomate',
    name,
    props: { subtype: 'power_automate_flow', nativeId: flowName, enabled: options.enabled ?? true, executionMode: 'autonomous', sharedWith: options.sharedWith },
  };
}

/** A Copilot Studio agent `powerautomate:workload:<env>/bot/<botId>`; `connectionsUnread` when its tools were not read. */
export function copilotAgent(name: string, options: { environment?: string; connectionsUnread?: string } = {}): GraphNode<'workload'> {
  const botId = `bot-${slug(name)}`;
  const environment = options.environment ?? 'env-default';
  return {
    id: nodeId('powerautomate', 'workload', environment, 'bot', botId),
    kind: 'workload',
    system: 'powerautomate',
    name,
    props: { subtype: 'copilot_studio_agent', nativeId: `${environment}/${botId}`, enabled: true, executionMode: 'manual', ...(options.connectionsUnread ? { connectionsUnread: options.connectionsUnread } : {}) },
  };
}

/** An Azure DevOps service hook `azuredevops:workload:<org>/<subscription>`. */
export function serviceHook(name: string, options: { organization?: string } = {}): GraphNode<'workload'> {
  const subscription = `hook-${slug(name)}`;
  return {
    id: nodeId('azuredevops', 'workload', options.organization ?? 'example-org', subscription),
    kind: 'workload',
    system: 'azuredevops',
    name,
    props: { subtype: 'ado_service_hook', nativeId: subscription, enabled: true, executionMode: 'autonomous' },
  };
}

/** A provisioning job of a service principal: a workload derived from that principal. */
export function provisioningJob(parent: GraphNode<'identity'>, jobId = 'scim-job'): GraphNode<'workload'> {
  return {
    id: nodeId('entra', 'workload', parent.props.tenantId ?? TENANT, parent.props.nativeId, jobId),
    kind: 'workload',
    system: 'entra',
    name: `Provisioning of ${parent.name}`,
    props: { subtype: 'entra_provisioning_job', nativeId: jobId, enabled: true, executionMode: 'autonomous', derivedFrom: parent.id },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Connections and credentials
// ---------------------------------------------------------------------------------------------------------------

export interface RequestOptions {
  /** Distinguishes two requests to the same host. */
  key?: string;
  sendsCredential?: boolean;
  egress?: ConnectionProps['egress'];
  url?: string;
  method?: string;
}

/** A "send web request" action of an automation rule, `jira:connection:rule/<key>`. */
export function webRequest(host: string, options: RequestOptions = {}): GraphNode<'connection'> {
  const key = options.key ?? host;
  return {
    id: nodeId('jira', 'connection', 'rule', key),
    kind: 'connection',
    system: 'jira',
    name: `Web request to ${host}`,
    props: { subtype: 'web_request', nativeId: key, host, url: options.url ?? `https://${host}/hook`, method: options.method ?? 'POST', sendsCredential: options.sendsCredential, egress: options.egress },
  };
}

/** An Azure DevOps service hook's webhook target, `azuredevops:connection:<org>/<key>`. */
export function webhook(host: string, options: RequestOptions = {}): GraphNode<'connection'> {
  const key = options.key ?? host;
  return {
    id: nodeId('azuredevops', 'connection', 'example-org', key),
    kind: 'connection',
    system: 'azuredevops',
    name: `Webhook to ${host}`,
    props: { subtype: 'webhook', nativeId: key, host, url: options.url ?? `https://${host}/webhook`, method: 'POST', sendsCredential: options.sendsCredential, egress: options.egress },
  };
}

/** An e-mail action's recipient domain, `jira:connection:rule/mail-<domain>`. */
export function emailRecipients(domain: string, options: { egress?: ConnectionProps['egress'] } = {}): GraphNode<'connection'> {
  return {
    id: nodeId('jira', 'connection', 'rule', `mail-${domain}`),
    kind: 'connection',
    system: 'jira',
    name: `E-mail to ${domain}`,
    props: { subtype: 'email', nativeId: `mail-${domain}`, host: domain, egress: options.egress },
  };
}

/** A Power Automate connection `powerautomate:connection:<env>/<name>`. */
export function connector(name: string, options: { environment?: string; host?: string } = {}): GraphNode<'connection'> {
  const connectionName = `conn-${slug(name)}`;
  return {
    id: nodeId('powerautomate', 'connection', options.environment ?? 'env-default', connectionName),
    kind: 'connection',
    system: 'powerautomate',
    name,
    props: { subtype: 'connector', nativeId: connectionName, host: options.host },
  };
}

export interface CredentialOptions {
  subtype?: CredentialProps['subtype'];
  system?: SystemName;
  tenantId?: string;
  /** null = never expires; omitted = unknown. */
  expiresAt?: string | null;
  onServicePrincipal?: boolean;
  accountEmail?: string;
}

/** A credential `<system>:credential:<name>`; an Entra client secret unless told otherwise. */
export function credential(name: string, options: CredentialOptions = {}): GraphNode<'credential'> {
  const system = options.system ?? 'entra';
  return {
    id: nodeId(system, 'credential', slug(name)),
    kind: 'credential',
    system,
    name,
    props: {
      subtype: options.subtype ?? 'client_secret',
      nativeId: slug(name),
      tenantId: options.tenantId,
      expiresAt: options.expiresAt,
      onServicePrincipal: options.onServicePrincipal,
      accountEmail: options.accountEmail,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Roles, permissions, resources
// ---------------------------------------------------------------------------------------------------------------

/** A role `<system>:role:<name>`. */
export function role(name: string, options: { system?: SystemName; subtype?: RoleProps['subtype']; projectId?: string; id?: string } = {}): GraphNode<'role'> {
  const system = options.system ?? 'jira';
  return {
    id: options.id ?? nodeId(system, 'role', slug(name)),
    kind: 'role',
    system,
    name,
    props: { subtype: options.subtype ?? (system === 'entra' ? 'entra_app_role' : 'jira_project_role'), nativeId: slug(name), projectId: options.projectId },
  };
}

export interface PermissionOptions extends Partial<Omit<PermissionProps, 'key'>> {
  system?: SystemName;
  id?: string;
}

/** A permission `<system>:permission:<key>`: low privilege, project-wide, read-only unless told otherwise. */
export function permission(key: string, options: PermissionOptions = {}): GraphNode<'permission'> {
  const system = options.system ?? 'jira';
  return {
    id: options.id ?? nodeId(system, 'permission', key),
    kind: 'permission',
    system,
    name: key,
    props: {
      subtype: options.subtype ?? 'jira_project',
      key,
      highPrivilege: options.highPrivilege ?? false,
      tenantWide: options.tenantWide ?? false,
      write: options.write ?? false,
      impersonation: options.impersonation ?? false,
    },
  };
}

/** A Microsoft Graph application permission `entra:permission:<tenant>/<graph>/<value>` (tenant-wide). */
export function graphAppPermission(value: string, options: { highPrivilege?: boolean; write?: boolean; impersonation?: boolean; tenantId?: string } = {}): GraphNode<'permission'> {
  return permission(value, {
    system: 'entra',
    id: nodeId('entra', 'permission', options.tenantId ?? TENANT, 'graph', value),
    subtype: 'graph_application',
    highPrivilege: options.highPrivilege ?? false,
    tenantWide: true,
    write: options.write ?? /Write|Send|FullControl/.test(value),
    impersonation: options.impersonation ?? false,
  });
}

/** Jira global administration, `jira:permission:global/ADMINISTER`. */
export function jiraAdminister(): GraphNode<'permission'> {
  return permission('ADMINISTER', { id: nodeId('jira', 'permission', 'global', 'ADMINISTER'), subtype: 'jira_global', highPrivilege: true, tenantWide: true, write: true });
}

/** A scope declared for a Jira app, `jira:permission:app-scope/<SCOPE>`; ACT_AS_USER is impersonation. */
export function jiraAppScope(scope: string): GraphNode<'permission'> {
  const impersonation = scope === 'ACT_AS_USER';
  return permission(scope, { id: nodeId('jira', 'permission', 'app-scope', scope), subtype: 'jira_app_scope', highPrivilege: impersonation, tenantWide: true, write: true, impersonation });
}

/** BROWSE_PROJECTS on one project, `jira:permission:<projectId>/BROWSE_PROJECTS`. */
export function browseProjects(project: GraphNode<'resource'>): GraphNode<'permission'> {
  return permission('BROWSE_PROJECTS', { id: nodeId('jira', 'permission', project.props.nativeId, 'BROWSE_PROJECTS'), subtype: 'jira_project' });
}

/** A Jira project `jira:resource:<projectId>` with its sensitivity (default internal). */
export function jiraProject(key: string, options: { sensitivity?: Sensitivity; projectId?: string; businessDomain?: string } = {}): GraphNode<'resource'> {
  const projectId = options.projectId ?? `p-${slug(key)}`;
  return {
    id: nodeId('jira', 'resource', projectId),
    kind: 'resource',
    system: 'jira',
    name: key,
    props: { subtype: 'jira_project', nativeId: projectId, key, sensitivity: options.sensitivity ?? 'internal', businessDomain: options.businessDomain },
  };
}

/** A sensitive member of a tenant-wide scope resource (a mailbox inside "every mailbox"). */
export function scopeMember(address: string, sensitivity: Sensitivity, businessDomain?: string): ResourceMember {
  return { id: address, name: address, sensitivity, businessDomain };
}

function highest(members: readonly ResourceMember[], fallback: Sensitivity): Sensitivity {
  return members.reduce<Sensitivity>((best, m) => (SENSITIVITY_RANK[m.sensitivity] > SENSITIVITY_RANK[best] ? m.sensitivity : best), fallback);
}

/** "Every mailbox of the tenant", `m365:resource:<tenant>/mailboxes`; sensitivity = highest member (else internal). */
export function mailboxScope(options: { members?: ResourceMember[]; tenantId?: string } = {}): GraphNode<'resource'> {
  const tenantId = options.tenantId ?? TENANT;
  const members = options.members ?? [];
  return {
    id: nodeId('m365', 'resource', tenantId, 'mailboxes'),
    kind: 'resource',
    system: 'm365',
    name: 'Every mailbox',
    props: { subtype: 'mailbox_scope', nativeId: `${tenantId}/mailboxes`, tenantId, sensitivity: highest(members, 'internal'), members },
  };
}

/** "Every SharePoint site of the tenant", `m365:resource:<tenant>/sites`. */
export function siteScope(options: { members?: ResourceMember[]; tenantId?: string } = {}): GraphNode<'resource'> {
  const tenantId = options.tenantId ?? TENANT;
  const members = options.members ?? [];
  return {
    id: nodeId('m365', 'resource', tenantId, 'sites'),
    kind: 'resource',
    system: 'm365',
    name: 'Every site',
    props: { subtype: 'site_scope', nativeId: `${tenantId}/sites`, tenantId, sensitivity: highest(members, 'internal'), members },
  };
}

/** Any other resource (a site, a directory, an ADO project). */
export function resource(name: string, options: { system?: SystemName; subtype?: ResourceProps['subtype']; sensitivity?: Sensitivity } = {}): GraphNode<'resource'> {
  const system = options.system ?? 'm365';
  return {
    id: nodeId(system, 'resource', slug(name)),
    kind: 'resource',
    system,
    name,
    props: { subtype: options.subtype ?? 'sharepoint_site', nativeId: slug(name), sensitivity: options.sensitivity ?? 'internal' },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Edges
// ---------------------------------------------------------------------------------------------------------------

export interface EdgeOptions {
  basis?: EdgeBasis;
  evidenced?: boolean;
  reason?: string;
  confidence?: number;
}

/** An edge, observed unless told otherwise. */
export function edge(kind: EdgeKind, from: NodeRef, to: NodeRef, options: EdgeOptions = {}): GraphEdge {
  return { kind, from: idOf(from), to: idOf(to), basis: options.basis ?? 'observed', reason: options.reason, confidence: options.confidence, evidenced: options.evidenced };
}

export const runsAs = (workload: NodeRef, identity: NodeRef, o?: EdgeOptions) => edge('RUNS_AS', workload, identity, o);
export const hasRole = (identity: NodeRef, r: NodeRef, o?: EdgeOptions) => edge('HAS_ROLE', identity, r, o);
export const memberOf = (member: NodeRef, r: NodeRef, o?: EdgeOptions) => edge('MEMBER_OF', member, r, o);
export const grants = (r: NodeRef, p: NodeRef, o?: EdgeOptions) => edge('GRANTS', r, p, o);
export const appliesTo = (p: NodeRef, res: NodeRef, o?: EdgeOptions) => edge('APPLIES_TO', p, res, o);
export const invokes = (workload: NodeRef, connection: NodeRef, o?: EdgeOptions) => edge('INVOKES', workload, connection, o);
export const uses = (connection: NodeRef, cred: NodeRef, o?: EdgeOptions) => edge('USES', connection, cred, o);
export const authenticatesAs = (cred: NodeRef, identity: NodeRef, o?: EdgeOptions) => edge('AUTHENTICATES_AS', cred, identity, o);
export const authenticatesTo = (from: NodeRef, to: NodeRef, o?: EdgeOptions) => edge('AUTHENTICATES_TO', from, to, o);
export const sendsTo = (workload: NodeRef, connection: NodeRef, o?: EdgeOptions) => edge('SENDS_TO', workload, connection, o);
export const calls = (from: NodeRef, to: NodeRef, o?: EdgeOptions) => edge('CALLS', from, to, o);
export const triggersOn = (workload: NodeRef, res: NodeRef, o?: EdgeOptions) => edge('TRIGGERS_ON', workload, res, o);
export const ownedBy = (subject: NodeRef, owner: NodeRef, o?: EdgeOptions) => edge('OWNED_BY', subject, owner, o);

/** Two identities of one vendor joined by correlation, both ways (what correlate/ emits). */
export function correlatedPair(a: NodeRef, b: NodeRef, options: { evidenced: boolean; reason?: string }): GraphEdge[] {
  const common = { basis: 'correlated' as const, evidenced: options.evidenced, confidence: 0.7, reason: options.reason ?? 'same publisher domain example.com' };
  return [authenticatesTo(a, b, common), authenticatesTo(b, a, common)];
}

// ---------------------------------------------------------------------------------------------------------------
// Composite fragments
// ---------------------------------------------------------------------------------------------------------------

/**
 * A recorded grant: identity HAS_ROLE role GRANTS permission (APPLIES_TO resource, when given). The role is named
 * after the holder and the permission unless one is passed.
 */
export function grant(holder: GraphNode, perm: GraphNode<'permission'>, target?: GraphNode<'resource'>, options: { role?: GraphNode<'role'>; basis?: EdgeBasis } = {}): GraphFragment {
  const r = options.role ?? role(`${holder.name}: ${perm.name}`, { system: perm.system, id: nodeId(perm.system, 'role', slug(`${holder.id} ${perm.id}`)) });
  const o = { basis: options.basis };
  return {
    nodes: [r, perm, ...(target ? [target] : [])],
    edges: [hasRole(holder, r, o), grants(r, perm), ...(target ? [appliesTo(perm, target)] : [])],
  };
}

/** Execution evidence (a sign-in, a run, a delivery) on `target` (a node or a node id), last at `lastAt`. */
export function evidence(target: NodeRef, lastAt: string, options: { subtype?: EvidenceProps['subtype']; source?: string } = {}): GraphFragment {
  const subtype = options.subtype ?? 'sign_in';
  const targetId = idOf(target);
  const system = typeof target === 'string' ? ((target.split(':')[0] ?? 'external') as SystemName) : target.system;
  const node: GraphNode<'execution_evidence'> = {
    id: nodeId(system, 'execution_evidence', slug(targetId), subtype),
    kind: 'execution_evidence',
    system,
    name: `${subtype} of ${typeof target === 'string' ? target : target.name}`,
    props: { subtype, lastAt, source: options.source ?? `${subtype.replace('_', ' ')} log` },
  };
  return { nodes: [node], edges: [edge('EVIDENCES', node, targetId)] };
}

export type GraphPart = GraphNode | GraphEdge | GraphFragment | readonly GraphEdge[];

const isEdgeList = (part: GraphPart): part is readonly GraphEdge[] => Array.isArray(part);

/** An unsealed graph of the given nodes, edges and fragments (correlate/ and classify/ work on unsealed graphs). */
export function graphOf(...parts: GraphPart[]): AccessGraph {
  const graph = new AccessGraph();
  for (const part of parts) {
    if (isEdgeList(part)) graph.addFragment({ nodes: [], edges: [...part] });
    else if ('nodes' in part) graph.addFragment(part);
    else if ('from' in part) graph.addEdge(part);
    else graph.addNode(part);
  }
  return graph;
}

/** A sealed graph: what chains/ and checks/ read. */
export function sealedGraphOf(...parts: GraphPart[]): AccessGraph {
  return graphOf(...parts).seal();
}

// ---------------------------------------------------------------------------------------------------------------
// Check context
// ---------------------------------------------------------------------------------------------------------------

/** Every evidence source read completely. */
export const FULL_COVERAGE: EvidenceCoverage = { gapFor: () => undefined };

/** An evidence source read partially: `reason` for the given nodes (all nodes when none are given). */
export function coverageWithGap(reason: string, nodeIds?: readonly string[]): EvidenceCoverage {
  return { gapFor: (node) => (!nodeIds || nodeIds.includes(node.id) ? reason : undefined) };
}

/** Baselines from a plain map of principal id -> reach keys. */
export function baselinesOf(map: Readonly<Record<string, readonly string[]>>): Baselines {
  return { reachOf: (id) => map[id] };
}

export const NO_BASELINES: Baselines = { reachOf: () => undefined };

export interface ContextOverrides {
  settings?: Partial<Settings>;
  observedAt?: string;
  coverage?: EvidenceCoverage;
  baselines?: Baselines;
}

/**
 * What a check receives: the sealed graph, the reach of every principal (computeAllReach), default settings, the
 * sync clock OBSERVED_AT, full evidence coverage and no baselines, unless overridden.
 */
export function checkContext(graph: AccessGraph, overrides: ContextOverrides = {}): CheckContext {
  graph.seal();
  return {
    graph,
    reach: computeAllReach(graph),
    settings: { ...defaultSettings(), ...overrides.settings },
    observedAt: overrides.observedAt ?? OBSERVED_AT,
    coverage: overrides.coverage ?? FULL_COVERAGE,
    baselines: overrides.baselines ?? NO_BASELINES,
  };
}

/** A justification an admin recorded for an Entra app's grant (matched by tenant and appId). */
export function entraJustification(sp: GraphNode<'identity'>, grantName: string): Justification {
  return {
    subject: { system: 'entra', tenantId: sp.props.tenantId ?? TENANT, appId: sp.props.appId ?? '', displayName: sp.name },
    grant: grantName,
    reason: 'Needed by the integration; reviewed by the security team',
  };
}

/** A justification an admin recorded for a Jira account's grant (matched by accountId). */
export function jiraJustification(account: GraphNode<'identity'>, grantName: string): Justification {
  return { subject: { system: 'jira', accountId: account.props.nativeId, displayName: account.name }, grant: grantName, reason: 'Needed by the integration' };
}

// ---------------------------------------------------------------------------------------------------------------
// Result helpers
// ---------------------------------------------------------------------------------------------------------------

export const failsOf = (results: readonly CheckResult[]): FailResult[] => results.filter((r): r is FailResult => r.outcome === 'fail');
export const unknownsOf = (results: readonly CheckResult[]): UnknownResult[] => results.filter((r): r is UnknownResult => r.outcome === 'unknown');

/** The one item of a list; fails the test when there is not exactly one. */
export function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

/** Subject ids of results, as a set (checks promise no order to the caller). */
export const subjectsOf = (results: readonly CheckResult[]): Set<string> => new Set(results.map((r) => r.subjectId));
