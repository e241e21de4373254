/**
 * Owners of service principals and of applications: who answers for each app.
 * Endpoints: GET /v1.0/servicePrincipals/{id}/owners, GET /v1.0/applications/{id}/owners (?$select=...), through
 * POST /v1.0/$batch in chunks of 20, each answer paged to the end.
 * Permission: Application.Read.All (or Directory.Read.All).
 * https://learn.microsoft.com/graph/api/serviceprincipal-list-owners, https://learn.microsoft.com/graph/api/application-list-owners
 * Quirks: owners are directoryObjects told apart by @odata.type (#microsoft.graph.user, #microsoft.graph.servicePrincipal,
 * #microsoft.graph.group); an owner of the application owns the service principal with the same appId; Microsoft's
 * own service principals are skipped (platform plumbing, no owners, hundreds per tenant); a 404 means the object
 * was deleted since it was listed.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { ownerIdForEmail, ownerIdForEntraGroup, ownerIdForEntraServicePrincipal, ownerIdForEntraUser, ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import type { Application } from './applications';
import { batchGetCollections, type BatchOptions } from './graph-client';
import { entraIdentityId } from './node-ids';
import { originOf, type ServicePrincipal } from './service-principals';
import { isAgentUser } from './agent-users';
import { entraUserDeparture, userAddresses, type EntraUser } from './users';

export const OWNERS_PERMISSION = 'Application.Read.All';

export const DIRECTORY_OBJECT_FIELDS = ['id', 'displayName', 'mail', 'userPrincipalName', 'accountEnabled'] as const;

export const directoryObjectSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  id: z.string().min(1),
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
});
export type DirectoryObject = z.infer<typeof directoryObjectSchema>;

export const entraOwnerSchema = z.looseObject({
  ownedType: z.enum(['servicePrincipal', 'application']),
  /** Object id of the service principal or application owned. */
  ownedId: z.string().min(1),
  owner: directoryObjectSchema,
});
export type EntraOwner = z.infer<typeof entraOwnerSchema>;

export type DirectoryObjectType = 'user' | 'group' | 'servicePrincipal' | 'other';

export function directoryObjectType(object: DirectoryObject): DirectoryObjectType {
  const type = object['@odata.type']?.replace(/^#?microsoft\.graph\./i, '').toLowerCase();
  if (type === 'user') return 'user';
  if (type === 'group') return 'group';
  // Agent identities and blueprint principals are service principals (v1.0 CSDL base type): owners that never depart.
  if (type === 'serviceprincipal' || type === 'agentidentity' || type === 'agentidentityblueprintprincipal') return 'servicePrincipal';
  // agentUser derives from user but is no person: 'other', so it never counts as a human owner or sponsor.
  return 'other';
}

/** Service principals whose owners are worth reading: everything but Microsoft's own. */
export function servicePrincipalsWithPossibleOwners(servicePrincipals: readonly ServicePrincipal[], tenantId: string): ServicePrincipal[] {
  return servicePrincipals.filter((sp) => originOf(sp, tenantId) !== 'microsoft');
}

export async function fetchOwners(
  client: Client,
  tenantId: string,
  subjects: { servicePrincipalIds: readonly string[]; applicationIds: readonly string[] },
  options: BatchOptions = {},
  /** A resync: the last sync's owners, kept for every object not in `reread` (new objects, audited owner changes). */
  unchanged?: { previous: readonly EntraOwner[]; reread: ReadonlySet<string> },
): Promise<ParsedRecords<EntraOwner>> {
  const select = `$select=${DIRECTORY_OBJECT_FIELDS.join(',')}`;
  const result: ParsedRecords<EntraOwner> = { records: [], quarantined: [] };
  for (const [ownedType, ids, collection] of [
    ['servicePrincipal', subjects.servicePrincipalIds, 'servicePrincipals'],
    ['application', subjects.applicationIds, 'applications'],
  ] as const) {
    const endpoint = `/v1.0/${collection}/{id}/owners`;
    const toRead = unchanged ? ids.filter((id) => unchanged.reread.has(id)) : ids;
    if (unchanged) {
      const kept = new Set(ids.filter((id) => !unchanged.reread.has(id)));
      result.records.push(...unchanged.previous.filter((o) => o.ownedType === ownedType && kept.has(o.ownedId)));
    }
    const pages = await batchGetCollections(client, toRead.map((id) => ({ key: id, url: `/${collection}/${encodeURIComponent(id)}/owners?${select}` })), { endpoint, tenantId, permission: OWNERS_PERMISSION }, options);
    for (const [ownedId, owners] of pages) {
      const parsed = parseRecords(owners.map((owner) => ({ ownedType, ownedId, owner })), entraOwnerSchema, { system: 'entra', endpoint });
      result.records.push(...parsed.records);
      result.quarantined.push(...parsed.quarantined);
    }
  }
  return result;
}

/**
 * The owner node of a user or group directory object: a user by lower-case e-mail (mail, else UPN), with its Entra id
 * and, when the users lookup has it, whether the person has left; a group by its id; a service principal owning an
 * app as an owner that never departs. Other directory objects: none.
 */
export function entraOwnerNode(object: DirectoryObject, tenantId: string, usersById: ReadonlyMap<string, EntraUser>, observedAt: string): GraphNode<'owner'> | undefined {
  const type = directoryObjectType(object);
  if (type === 'group') return ownerNode(ownerIdForEntraGroup(tenantId, object.id), object.displayName ?? object.id, { subtype: 'group' });
  if (type === 'servicePrincipal') {
    // An app co-owned by another app: that owner never leaves, so the owned app is not orphaned while it stays.
    const node = ownerNode(ownerIdForEntraServicePrincipal(tenantId, object.id), object.displayName ?? object.id, { subtype: 'service_principal' });
    return { ...node, props: { ...node.props, departed: false } };
  }
  if (type !== 'user') return undefined;
  const user = usersById.get(object.id);
  if (user && isAgentUser(user)) return undefined;
  const email = userAddresses(object)[0] ?? (user ? userAddresses(user)[0] : undefined);
  const id = email ? ownerIdForEmail(email) : ownerIdForEntraUser(tenantId, object.id);
  const node = ownerNode(id, object.displayName ?? user?.displayName ?? email ?? object.id, { ...(email ? { email } : {}), entraUserIds: [object.id] });
  if (!user) return node;
  const departure = entraUserDeparture(user, observedAt);
  return {
    ...node,
    props: {
      ...node.props,
      ...(user.department ? { department: user.department } : {}),
      ...(departure.departed === undefined ? {} : { departed: departure.departed }),
      ...(departure.departed ? { departedReason: departure.reason } : {}),
    },
  };
}

export interface OwnerLookups {
  servicePrincipals: readonly ServicePrincipal[];
  applications: readonly Application[];
  users?: readonly EntraUser[];
}

/** identity OWNED_BY owner, for owners of the service principal and of its application. */
export function ownersToGraph(owners: readonly EntraOwner[], lookups: OwnerLookups, context: GraphContext, tenantId: string): GraphFragment {
  const spIdByAppId = new Map(lookups.servicePrincipals.map((sp) => [sp.appId, sp.id]));
  const appById = new Map(lookups.applications.map((app) => [app.id, app]));
  const usersById = new Map((lookups.users ?? []).map((u) => [u.id, u]));
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const record of owners) {
    const app = record.ownedType === 'application' ? appById.get(record.ownedId) : undefined;
    const spId = record.ownedType === 'servicePrincipal' ? record.ownedId : app ? spIdByAppId.get(app.appId) : undefined;
    if (!spId) continue; // an application with no service principal here: nothing in this tenant runs as it
    const owner = entraOwnerNode(record.owner, tenantId, usersById, context.observedAt);
    if (!owner) continue;
    nodes.set(owner.id, owner);
    edges.push({
      kind: 'OWNED_BY',
      from: entraIdentityId(tenantId, spId),
      to: owner.id,
      basis: 'observed',
      reason: record.ownedType === 'servicePrincipal' ? 'owner of the service principal' : `owner of application ${app?.displayName ?? record.ownedId}`,
    });
  }
  return { nodes: [...nodes.values()], edges };
}
