/**
 * Delegated permission grants: which client app may call which API on behalf of signed-in users, with which scopes.
 * Endpoint: GET /v1.0/oauth2PermissionGrants?$top=999, following @odata.nextLink.
 * Permission: Directory.Read.All (or DelegatedPermissionGrant.ReadWrite.All).
 * https://learn.microsoft.com/graph/api/oauth2permissiongrant-list
 * Quirks: clientId and resourceId are service principal object ids (not appIds); scope is space-separated and may
 * carry leading or trailing spaces; consentType AllPrincipals = admin consent for everyone, Principal = one user's
 * consent (principalId). Delegated reach is the signed-in user's own, so these permissions apply to no scope
 * resource.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { GRAPH_MAX_PAGE_SIZE, getCollection } from './graph-client';
import { classifyDelegatedScope } from './graph-permissions';
import { delegatedPermissionId, delegatedRoleId, entraIdentityId } from './node-ids';
import { servicePrincipalName, type ServicePrincipal } from './service-principals';

export const OAUTH2_GRANTS_PERMISSION = 'Directory.Read.All';
const ENDPOINT = '/v1.0/oauth2PermissionGrants';

export const oauth2PermissionGrantSchema = z.looseObject({
  id: z.string().min(1),
  clientId: z.string().min(1),
  consentType: z.string().nullish(),
  principalId: z.string().nullish(),
  resourceId: z.string().min(1),
  scope: z.string().nullish(),
});
export type OAuth2PermissionGrant = z.infer<typeof oauth2PermissionGrantSchema>;

export async function fetchOAuth2PermissionGrants(client: Client, tenantId: string): Promise<ParsedRecords<OAuth2PermissionGrant>> {
  const items = await getCollection(client, tenantId, { path: '/oauth2PermissionGrants', top: GRAPH_MAX_PAGE_SIZE }, OAUTH2_GRANTS_PERMISSION);
  return parseRecords(items, oauth2PermissionGrantSchema, { system: 'entra', endpoint: ENDPOINT });
}

export const grantedScopes = (grant: Pick<OAuth2PermissionGrant, 'scope'>): string[] => [...new Set((grant.scope ?? '').split(/\s+/).filter(Boolean))];

/**
 * client identity HAS_ROLE `entra:role:T/<clientSpId>/delegated/<resourceSpId>`, which GRANTS each delegated scope
 * `entra:permission:T/<resourceAppId>/delegated/<scope>` (graph_delegated). A grant whose resource service principal
 * is not listed cannot be named by appId and is skipped.
 */
export function oauth2PermissionGrantsToGraph(grants: readonly OAuth2PermissionGrant[], servicePrincipals: readonly ServicePrincipal[], _context: GraphContext, tenantId: string): GraphFragment {
  const spById = new Map(servicePrincipals.map((sp) => [sp.id, sp]));
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const grant of grants) {
    const resource = spById.get(grant.resourceId);
    const scopes = grantedScopes(grant);
    if (!resource || scopes.length === 0) continue;
    const resourceName = servicePrincipalName(resource);
    const roleId = delegatedRoleId(tenantId, grant.clientId, grant.resourceId);
    nodes.set(roleId, {
      id: roleId,
      kind: 'role',
      system: 'entra',
      name: `${resourceName}: delegated (on behalf of signed-in users)`,
      props: { subtype: 'entra_app_role', nativeId: `${grant.clientId}/delegated/${grant.resourceId}`, tenantId },
    });
    const consent = grant.consentType === 'AllPrincipals' ? 'admin consent for all users' : `consent of user ${grant.principalId ?? '(unknown)'}`;
    edges.push({ kind: 'HAS_ROLE', from: entraIdentityId(tenantId, grant.clientId), to: roleId, basis: 'observed', reason: `delegated grant ${grant.id} (${consent})` });
    for (const scope of scopes) {
      const permissionId = delegatedPermissionId(tenantId, resource.appId, scope);
      nodes.set(permissionId, {
        id: permissionId,
        kind: 'permission',
        system: 'entra',
        name: `${scope} (delegated, ${resourceName})`,
        props: { subtype: 'graph_delegated', key: scope, ...classifyDelegatedScope(scope) },
      });
      edges.push({ kind: 'GRANTS', from: roleId, to: permissionId, basis: 'observed', reason: consent });
    }
  }
  return { nodes: [...nodes.values()], edges };
}
