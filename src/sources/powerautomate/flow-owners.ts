/**
 * Who may edit or run each flow.
 * Endpoints (api-version=2016-11-01, {value, nextLink}), per flow:
 * - GET https://api.flow.microsoft.com/providers/Microsoft.ProcessSimple/scopes/admin/environments/{env}/flows/{flow}/permissions
 *   The endpoint Microsoft's own admin tooling reads: CLI for Microsoft 365 `flow owner list --asAdmin`
 *   (pnp/cli-microsoft365 src/m365/flow/commands/owner/owner-list.ts and its spec) and the CoE starter kit.
 * - GET …/flows/{flow}/owners (Get-AdminFlowOwnerRole in Microsoft.PowerApps.Administration.PowerShell), read only
 *   where /permissions is not answered (404), so a tenant that answers only the older path keeps its owners.
 * Quirks:
 * - Each item is a permission: properties.roleName is Owner (the creator), CanEdit (a co-owner, as the maker portal
 *   calls them) or CanView (run-only); properties.permissionType is "Principal".
 * - properties.principal is `{id, type}` only on /permissions (CLI spec: `{ id, type: 'User' }`): type User, Group,
 *   ServicePrincipal or Tenant (everyone), id the Entra object id in the Power Platform's tenant. Some answers (the
 *   older /owners) add tenantId, displayName and email; every one of those is optional here.
 * - A group co-owner stands for its members: it counts as an owner while it has an active member, which the
 *   owner-groups step reads (`flowOwnerGroupIds` names the groups to read). A service principal co-owner never departs.
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { ownerIdForEmail, ownerIdForEntraGroup, ownerIdForEntraUser, ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import { flowWorkloadId, ownerIdForEntraServicePrincipal } from './node-ids';
import { POWER_PLATFORM_HOSTS, segment, tagItems, type PowerPlatformClient } from './power-platform-client';

export const flowPermissionsPath = (environmentName: string, flowName: string) =>
  `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${segment(environmentName)}/flows/${segment(flowName)}/permissions`;

export const flowOwnersPath = (environmentName: string, flowName: string) =>
  `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${segment(environmentName)}/flows/${segment(flowName)}/owners`;

const principalSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  tenantId: z.string().nullish(),
  displayName: z.string().nullish(),
  email: z.string().nullish(),
});
export type FlowPrincipal = z.infer<typeof principalSchema>;

export const flowOwnerSchema = z.looseObject({
  environmentName: z.string(),
  flowName: z.string(),
  name: z.string().nullish(),
  properties: z.looseObject({ roleName: z.string().min(1), permissionType: z.string().nullish(), principal: principalSchema }),
});
export type FlowOwner = z.infer<typeof flowOwnerSchema>;

export interface FlowRef {
  environmentName: string;
  name: string;
}

type OwnersEndpoint = 'permissions' | 'owners';
const ENDPOINTS: Record<OwnersEndpoint, { path: (env: string, flow: string) => string; label: string }> = {
  permissions: { path: flowPermissionsPath, label: '/scopes/admin/environments/{env}/flows/{flow}/permissions' },
  owners: { path: flowOwnersPath, label: '/scopes/admin/environments/{env}/flows/{flow}/owners' },
};

/**
 * The permissions of one flow, from `first` and, where that is not answered (404), the other endpoint; undefined
 * when neither answers (the flow is gone).
 */
async function readFlowPermissions(client: PowerPlatformClient, flow: FlowRef, first: OwnersEndpoint): Promise<{ items: unknown[]; endpoint: OwnersEndpoint } | undefined> {
  for (const endpoint of first === 'permissions' ? (['permissions', 'owners'] as const) : (['owners', 'permissions'] as const)) {
    const items = await unlessNotFound(() => client.getAllPages(POWER_PLATFORM_HOSTS.flow, ENDPOINTS[endpoint].path(flow.environmentName, flow.name)));
    if (items !== undefined) return { items, endpoint };
  }
  return undefined;
}

/**
 * Every flow's permissions. An environment answers one of the two endpoints for all its flows, so the first flow
 * of each environment that answers says which to ask first for the rest: a tenant answering only /owners costs
 * one request per flow, not two (a flow it does not answer for still gets the other endpoint).
 */
export async function fetchFlowOwners(client: PowerPlatformClient, flows: readonly FlowRef[], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<FlowOwner>> {
  const answers = new Array<{ items: unknown[]; endpoint: OwnersEndpoint } | undefined>(flows.length);
  const byEnvironment = new Map<string, number[]>();
  flows.forEach((flow, i) => byEnvironment.set(flow.environmentName, [...(byEnvironment.get(flow.environmentName) ?? []), i]));
  const learned = new Map<string, OwnersEndpoint>();
  // Environments side by side; within one, flows one at a time until one answers.
  const rest = await map([...byEnvironment.values()], async (positions) => {
    let probed = 0;
    for (const i of positions) {
      const flow = flows[i] as FlowRef;
      if (learned.has(flow.environmentName)) break;
      const answer = await readFlowPermissions(client, flow, 'permissions');
      answers[i] = answer;
      probed++;
      if (answer) learned.set(flow.environmentName, answer.endpoint);
    }
    return positions.slice(probed);
  });
  const remaining = rest.flat();
  const read = await map(remaining, (i) => {
    const flow = flows[i] as FlowRef;
    return readFlowPermissions(client, flow, learned.get(flow.environmentName) ?? 'permissions');
  });
  remaining.forEach((i, k) => (answers[i] = read[k]));

  const records: FlowOwner[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const [i, flow] of flows.entries()) {
    const answer = answers[i];
    if (answer === undefined) continue; // deleted since it was listed
    const parsed = parseRecords(tagItems(answer.items, { environmentName: flow.environmentName, flowName: flow.name }), flowOwnerSchema, { system: 'powerautomate', endpoint: ENDPOINTS[answer.endpoint].label });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

/** Roles that let a principal change the flow: its owners in the graph's sense. CanView only runs it. */
const OWNING_ROLES = new Set(['owner', 'canedit']);

export function isOwningRole(roleName: string): boolean {
  return OWNING_ROLES.has(roleName.toLowerCase());
}

/**
 * The Entra groups that co-own a flow, for the owner-groups step (extraction-steps.ts) to read with their members: a group
 * owner counts only while it has an active member, which only its members can tell.
 */
export function flowOwnerGroupIds(owners: readonly FlowOwner[]): string[] {
  return [...new Set(owners.filter((o) => isOwningRole(o.properties.roleName) && o.properties.principal.type.toLowerCase() === 'group').map((o) => o.properties.principal.id))].sort();
}

/** Names the directory gives principals the flow API names only by id (Entra groups and service principals). */
export interface PrincipalNames {
  groups?: ReadonlyMap<string, string>;
  servicePrincipals?: ReadonlyMap<string, string>;
}

/**
 * The owner node of a flow principal, with the same id every other source gives that principal, so one person is
 * one node:
 * - User: by e-mail when the API gives one (`people:owner:<email>`), else `people:owner:entra/<tenant>/<objectId>`,
 *   the id src/sources/entra/owners.ts gives an Entra user it knows no e-mail for; correlate/ folds it into the
 *   person with that Entra object id. Departure is never decided here.
 * - Group: `people:owner:group/<tenant>/<groupId>`, the id the Entra groups use; its members (the owner-groups
 *   step) give it activeMembers.
 * - ServicePrincipal: `people:owner:sp/<tenant>/<objectId>`, not a person: it never departs.
 * - Tenant ("everyone") and unknown types: no owner.
 */
export function ownerForPrincipal(principal: FlowPrincipal, defaultTenantId?: string, names: PrincipalNames = {}): GraphNode<'owner'> | undefined {
  const tenantId = principal.tenantId ?? defaultTenantId;
  const type = principal.type.toLowerCase();
  const displayName = principal.displayName ?? undefined;
  if (type === 'user') {
    if (principal.email) return ownerNode(ownerIdForEmail(principal.email), displayName ?? principal.email, { email: principal.email, entraUserIds: [principal.id] });
    if (!tenantId) return undefined;
    return ownerNode(ownerIdForEntraUser(tenantId, principal.id), displayName ?? `Entra user ${principal.id}`, { entraUserIds: [principal.id] });
  }
  if (!tenantId) return undefined;
  if (type === 'group') {
    return ownerNode(ownerIdForEntraGroup(tenantId, principal.id), displayName ?? names.groups?.get(principal.id) ?? `Entra group ${principal.id}`, { subtype: 'group' });
  }
  if (type === 'serviceprincipal') {
    const node = ownerNode(ownerIdForEntraServicePrincipal(tenantId, principal.id), displayName ?? names.servicePrincipals?.get(principal.id) ?? `Service principal ${principal.id}`, { subtype: 'service_principal' });
    // An application does not leave the organisation: while it co-owns the flow, the flow is not orphaned.
    return { ...node, props: { ...node.props, departed: false } };
  }
  return undefined;
}

const ROLE_LABEL: Record<string, string> = { owner: 'owner', canedit: 'co-owner (CanEdit)' };

export function flowOwnersToGraph(owners: readonly FlowOwner[], _context: GraphContext, defaultTenantId?: string, names: PrincipalNames = {}): GraphFragment {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const permission of owners) {
    const { roleName, principal } = permission.properties;
    if (!isOwningRole(roleName)) continue; // run-only users share the flow but do not own it
    const owner = ownerForPrincipal(principal, defaultTenantId, names);
    if (!owner) continue;
    nodes.set(owner.id, owner);
    edges.push({
      kind: 'OWNED_BY',
      from: flowWorkloadId(permission.environmentName, permission.flowName),
      to: owner.id,
      basis: 'observed',
      reason: `${principal.type} ${ROLE_LABEL[roleName.toLowerCase()] ?? roleName}`,
    });
  }
  return { nodes: [...nodes.values()], edges };
}
