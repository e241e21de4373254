/**
 * Who may edit or run each flow.
 * Endpoint: GET https://api.flow.microsoft.com/providers/Microsoft.ProcessSimple/scopes/admin/environments/{env}/flows/{flow}/owners
 * ?api-version=2016-11-01, {value, nextLink} (Get-AdminFlowOwnerRole in Microsoft.PowerApps.Administration.PowerShell).
 * Quirks: each item is a permission: properties.roleName is Owner (the creator), CanEdit (a co-owner, as the maker
 * portal calls them) or CanView (run-only); properties.principal is {id (Entra object id), type User | Group |
 * ServicePrincipal | Tenant, tenantId, displayName, email?}. A group owner stands for all its members.
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { ownerIdForEmail, ownerIdForEntraGroup, ownerIdForEntraUser, ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import { flowWorkloadId } from './node-ids';
import { POWER_PLATFORM_HOSTS, segment, tagItems, type PowerPlatformClient } from './power-platform-client';

export const flowOwnersPath = (environmentName: string, flowName: string) =>
  `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${segment(environmentName)}/flows/${segment(flowName)}/owners`;

const principalSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  tenantId: z.string().nullish(),
  displayName: z.string().nullish(),
  email: z.string().nullish(),
});
export type FlowPrincipal = z.infer<typeof principalSchema>;

export const flowOwnerSchema = z.looseObject({
  environmentName: z.string(),
  flowName: z.string(),
  name: z.string().nullish(),
  properties: z.looseObject({ roleName: z.string(), permissionType: z.string().nullish(), principal: principalSchema }),
});
export type FlowOwner = z.infer<typeof flowOwnerSchema>;

export interface FlowRef {
  environmentName: string;
  name: string;
}

export async function fetchFlowOwners(client: PowerPlatformClient, flows: readonly FlowRef[], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<FlowOwner>> {
  const records: FlowOwner[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const answers = await map(flows, (flow) => unlessNotFound(() => client.getAllPages(POWER_PLATFORM_HOSTS.flow, flowOwnersPath(flow.environmentName, flow.name))));
  for (const [i, flow] of flows.entries()) {
    const items = answers[i];
    if (items === undefined) continue; // deleted since it was listed
    const parsed = parseRecords(tagItems(items, { environmentName: flow.environmentName, flowName: flow.name }), flowOwnerSchema, {
      system: 'powerautomate',
      endpoint: '/scopes/admin/environments/{env}/flows/{flow}/owners',
    });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

/** Roles that let a principal change the flow: its owners in the graph's sense. */
const OWNING_ROLES = new Set(['owner', 'canedit']);

/**
 * The owner node of a flow principal: a user by e-mail (else by Entra object id), a group by its Entra id.
 * Service principals and "everyone" (Tenant) are not people; they get no owner node.
 */
export function ownerForPrincipal(principal: FlowPrincipal, defaultTenantId?: string): GraphNode<'owner'> | undefined {
  const tenantId = principal.tenantId ?? defaultTenantId;
  const type = principal.type.toLowerCase();
  if (type === 'user') {
    if (principal.email) {
      return ownerNode(ownerIdForEmail(principal.email), principal.displayName ?? principal.email, { email: principal.email, entraUserIds: [principal.id] });
    }
    if (!tenantId) return undefined;
    return ownerNode(ownerIdForEntraUser(tenantId, principal.id), principal.displayName ?? principal.id, { entraUserIds: [principal.id] });
  }
  if (type === 'group' && tenantId) {
    return ownerNode(ownerIdForEntraGroup(tenantId, principal.id), principal.displayName ?? principal.id, { subtype: 'group' });
  }
  return undefined;
}

export function flowOwnersToGraph(owners: readonly FlowOwner[], _context: GraphContext, defaultTenantId?: string): GraphFragment {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const permission of owners) {
    const { roleName, principal } = permission.properties;
    if (!OWNING_ROLES.has(roleName.toLowerCase())) continue; // run-only users share the flow but do not own it
    const owner = ownerForPrincipal(principal, defaultTenantId);
    if (!owner) continue;
    nodes.set(owner.id, owner);
    edges.push({
      kind: 'OWNED_BY',
      from: flowWorkloadId(permission.environmentName, permission.flowName),
      to: owner.id,
      basis: 'observed',
      reason: `${principal.type} ${roleName === 'CanEdit' ? 'co-owner (CanEdit)' : roleName}`,
    });
  }
  return { nodes: [...nodes.values()], edges };
}
