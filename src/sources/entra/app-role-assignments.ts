/**
 * Application permissions: which service principal holds which app role of which resource (Microsoft Graph,
 * Exchange Online, SharePoint Online, any API).
 * Endpoint: GET /v1.0/servicePrincipals/{resourceId}/appRoleAssignedTo?$top=999, one sweep per resource service
 * principal that defines app roles assignable to applications, through POST /v1.0/$batch in chunks of 20, each
 * answer paged to the end (fewer calls than GET /servicePrincipals/{id}/appRoleAssignments for every client).
 * Permission: Application.Read.All (or Directory.Read.All).
 * https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto
 * Quirks: resourceId is the resource SP's object id in this tenant (it differs per tenant; the appId does not);
 * appRoleId resolves to the permission name only through the resource SP's appRoles (app role ids circulating in
 * public code are sometimes wrong); 00000000-0000-0000-0000-000000000000 is "default access" (no permission);
 * principalType User and Group assignments grant app access to people, not reach to an app, so only
 * ServicePrincipal assignments are kept.
 * Node ids: role `entra:role:T/<resourceSpId>/<appRoleId>`, permission `entra:permission:T/<resourceAppId>/<value>`;
 * a holder whose mailbox permission has a recorded Exchange scope (settings.mailboxAccessScopes) gets its own
 * `…/<appId>-scoped` role and permission, so the scope narrows that app only.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { GRAPH_MAX_PAGE_SIZE, batchGetCollections, type BatchOptions } from './graph-client';
import { classifyGraphPermission, classifyUnknownPermission, mailboxAccessScopeFor, scopeKindOf, scopeResourceFor } from './graph-permissions';
import { appRoleNodeId, applicationPermissionId, entraIdentityId } from './node-ids';
import { originOf, servicePrincipalName, type ServicePrincipal } from './service-principals';

export const APP_ROLE_ASSIGNMENTS_PERMISSION = 'Application.Read.All';
const ENDPOINT = '/v1.0/servicePrincipals/{id}/appRoleAssignedTo';

export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

export const appRoleAssignmentSchema = z.looseObject({
  id: z.string().min(1),
  appRoleId: z.string().min(1),
  principalId: z.string().min(1),
  principalType: z.string().nullish(),
  principalDisplayName: z.string().nullish(),
  resourceId: z.string().min(1),
  resourceDisplayName: z.string().nullish(),
  createdDateTime: z.string().nullish(),
});
export type AppRoleAssignment = z.infer<typeof appRoleAssignmentSchema>;

/** Resource service principals worth sweeping: those defining an enabled app role that applications can hold. */
export function resourcesWithApplicationRoles(servicePrincipals: readonly ServicePrincipal[]): ServicePrincipal[] {
  return servicePrincipals.filter((sp) => (sp.appRoles ?? []).some((role) => role.isEnabled !== false && (role.allowedMemberTypes ?? []).includes('Application')));
}

export async function fetchAppRoleAssignments(client: Client, tenantId: string, resourceServicePrincipalIds: readonly string[], options: BatchOptions = {}): Promise<ParsedRecords<AppRoleAssignment>> {
  const pages = await batchGetCollections(
    client,
    resourceServicePrincipalIds.map((id) => ({ key: id, url: `/servicePrincipals/${encodeURIComponent(id)}/appRoleAssignedTo?$top=${GRAPH_MAX_PAGE_SIZE}` })),
    { endpoint: ENDPOINT, tenantId, permission: APP_ROLE_ASSIGNMENTS_PERMISSION },
    options,
  );
  const parsed = parseRecords([...pages.values()].flat(), appRoleAssignmentSchema, { system: 'entra', endpoint: ENDPOINT });
  return { records: parsed.records.filter((a) => a.principalType === 'ServicePrincipal'), quarantined: parsed.quarantined };
}

/**
 * identity HAS_ROLE role (`<resource>: <value>`), role GRANTS permission (graph_application, classified by name
 * for Microsoft's APIs), permission APPLIES_TO the tenant-wide scope resource. An app role that cannot be resolved
 * (resource not listed, role id not among its appRoles, a role without a value) keeps the role but grants nothing
 * known: its meaning is unknown, not harmless.
 */
export function appRoleAssignmentsToGraph(assignments: readonly AppRoleAssignment[], servicePrincipals: readonly ServicePrincipal[], context: GraphContext, tenantId: string, tenantDomains?: readonly string[]): GraphFragment {
  const spById = new Map(servicePrincipals.map((sp) => [sp.id, sp]));
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const assignment of assignments) {
    if (assignment.principalType !== 'ServicePrincipal' || assignment.appRoleId === DEFAULT_ACCESS_ROLE_ID) continue;
    const resource = spById.get(assignment.resourceId);
    const resourceName = resource ? servicePrincipalName(resource) : (assignment.resourceDisplayName ?? assignment.resourceId);
    const appRole = resource?.appRoles?.find((r) => r.id === assignment.appRoleId);
    const value = appRole?.value ?? undefined;
    const microsoftApi = resource !== undefined && originOf(resource, tenantId) === 'microsoft';
    const holderAppId = spById.get(assignment.principalId)?.appId;
    // An Exchange scope recorded for this app and permission narrows its reach only: it gets its own role and
    // permission nodes (same key), so other holders of the shared permission keep "every mailbox".
    const scoped = microsoftApi && value && holderAppId && scopeKindOf(value) === 'mailboxes' && mailboxAccessScopeFor(context.settings, tenantId, holderAppId, value) ? `${holderAppId}-scoped` : undefined;
    const roleId = scoped ? `${appRoleNodeId(tenantId, assignment.resourceId, assignment.appRoleId)}/${scoped}` : appRoleNodeId(tenantId, assignment.resourceId, assignment.appRoleId);
    nodes.set(roleId, {
      id: roleId,
      kind: 'role',
      system: 'entra',
      name: `${resourceName}: ${value ?? appRole?.displayName ?? assignment.appRoleId}${scoped ? ' (Exchange-scoped)' : ''}`,
      props: { subtype: 'entra_app_role', nativeId: `${assignment.resourceId}/${assignment.appRoleId}`, tenantId },
    });
    edges.push({
      kind: 'HAS_ROLE',
      from: entraIdentityId(tenantId, assignment.principalId),
      to: roleId,
      basis: 'observed',
      reason: `app role assignment ${assignment.id}${assignment.createdDateTime ? ` (${assignment.createdDateTime.slice(0, 10)})` : ''}`,
    });
    if (!resource || !value) continue;
    const shared = applicationPermissionId(tenantId, resource.appId, value);
    const permissionId = scoped ? `${shared}/${scoped}` : shared;
    nodes.set(permissionId, {
      id: permissionId,
      kind: 'permission',
      system: 'entra',
      name: resource.appId === MICROSOFT_GRAPH_APP_ID ? value : `${value} (${resourceName})`,
      // A grant narrowed to named mailboxes is not tenant-wide for any check (reach, sensitive reach, justification,
      // dormancy): design.md, "Scope of a grant".
      props: { subtype: 'graph_application', key: value, ...(microsoftApi ? classifyGraphPermission(value) : classifyUnknownPermission(value)), ...(scoped ? { tenantWide: false, highPrivilege: false } : {}) },
    });
    edges.push({ kind: 'GRANTS', from: roleId, to: permissionId, basis: 'observed', reason: `app role ${assignment.appRoleId} of ${resourceName}` });
    if (!microsoftApi) continue;
    const scope = scopeResourceFor(value, tenantId, context.settings, holderAppId, tenantDomains);
    if (!scope) continue;
    nodes.set(scope.id, scope);
    edges.push({
      kind: 'APPLIES_TO',
      from: permissionId,
      to: scope.id,
      basis: scoped ? 'declared' : 'observed',
      reason: scoped ? `Exchange scope recorded in settings for ${value}` : `${value} is an application permission: it covers ${scope.name.charAt(0).toLowerCase()}${scope.name.slice(1)}`,
    });
  }
  return { nodes: [...nodes.values()], edges };
}
