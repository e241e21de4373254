/**
 * Groups that own something, with their members: a group owner stays accountable while it has active members.
 * Endpoints: GET /v1.0/groups/{id}?$select=id,displayName,mail and GET /v1.0/groups/{id}/members?$select=...&$top=999,
 * through POST /v1.0/$batch in chunks of 20, members paged to the end. Only groups named as owners are read,
 * never the whole directory's groups.
 * Permission: GroupMember.Read.All (or Group.Read.All, Directory.Read.All).
 * https://learn.microsoft.com/graph/api/group-get, https://learn.microsoft.com/graph/api/group-list-members
 * Quirks: members are directoryObjects (users, groups, devices, service principals) told apart by @odata.type;
 * direct members only (a nested group counts as no person); accountEnabled comes back for user members only when
 * selected, and is completed from the users lookup; a 404 means the group was deleted since it was named.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphNode } from '../../model/schema';
import { ownerIdForEntraGroup, ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { GRAPH_MAX_PAGE_SIZE, batchGetCollections, batchGetObjects, type BatchOptions } from './graph-client';
import { DIRECTORY_OBJECT_FIELDS, directoryObjectSchema, directoryObjectType, type EntraOwner } from './owners';
import { entraUserDeparture, type EntraUser } from './users';

export const GROUPS_PERMISSION = 'GroupMember.Read.All';

export const ownerGroupSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  members: z.array(directoryObjectSchema),
});
export type OwnerGroup = z.infer<typeof ownerGroupSchema>;

/** Ids of the groups named as owners in the owners dataset. */
export function ownerGroupIds(owners: readonly EntraOwner[]): string[] {
  return [...new Set(owners.filter((o) => directoryObjectType(o.owner) === 'group').map((o) => o.owner.id))].sort();
}

export async function fetchOwnerGroups(client: Client, tenantId: string, groupIds: readonly string[], options: BatchOptions = {}): Promise<ParsedRecords<OwnerGroup>> {
  const ids = [...new Set(groupIds)];
  const groups = await batchGetObjects(client, ids.map((id) => ({ key: id, url: `/groups/${encodeURIComponent(id)}?$select=id,displayName,mail` })), {
    endpoint: '/v1.0/groups/{id}',
    tenantId,
    permission: GROUPS_PERMISSION,
  }, options);
  const members = await batchGetCollections(
    client,
    [...groups.keys()].map((id) => ({ key: id, url: `/groups/${encodeURIComponent(id)}/members?$select=${DIRECTORY_OBJECT_FIELDS.join(',')}&$top=${GRAPH_MAX_PAGE_SIZE}` })),
    { endpoint: '/v1.0/groups/{id}/members', tenantId, permission: GROUPS_PERMISSION },
    options,
  );
  const items = [...groups].filter(([id]) => members.has(id)).map(([id, group]) => ({ ...(typeof group === 'object' && group !== null ? group : {}), id, members: members.get(id) ?? [] }));
  return parseRecords(items, ownerGroupSchema, { system: 'entra', endpoint: '/v1.0/groups/{id}/members' });
}

/**
 * Enabled user members still here (not disabled, leave date not passed). undefined when no user member's state is
 * known (neither the member record nor the users lookup says), so "no active members" is never guessed.
 */
export function activeMemberCount(group: OwnerGroup, usersById: ReadonlyMap<string, EntraUser>, observedAt: string): number | undefined {
  let active = 0;
  let unknown = 0;
  for (const member of group.members) {
    if (directoryObjectType(member) !== 'user') continue;
    const user = usersById.get(member.id);
    const departure = entraUserDeparture({ accountEnabled: member.accountEnabled ?? user?.accountEnabled, employeeLeaveDateTime: user?.employeeLeaveDateTime }, observedAt);
    if (departure.departed === false) active++;
    else if (departure.departed === undefined) unknown++;
  }
  return active === 0 && unknown > 0 ? undefined : active;
}

/** Group owner nodes `people:owner:group/T/<groupId>` with activeMembers (edges to them come from the owner transforms). */
export function groupsToGraph(groups: readonly OwnerGroup[], users: readonly EntraUser[], context: GraphContext, tenantId: string): GraphFragment {
  const usersById = new Map(users.map((u) => [u.id, u]));
  const nodes: GraphNode[] = groups.map((group) => {
    const node = ownerNode(ownerIdForEntraGroup(tenantId, group.id), group.displayName ?? group.id, { subtype: 'group' });
    const activeMembers = activeMemberCount(group, usersById, context.observedAt);
    return { ...node, props: { ...node.props, ...(activeMembers === undefined ? {} : { activeMembers }) } };
  });
  return { nodes, edges: [] };
}
