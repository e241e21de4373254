/**
 * Entra directory roles held by service principals: privilege beyond app roles (an app that is Global Administrator
 * or Application Administrator can grant itself anything).
 * Endpoints (Permission RoleManagement.Read.Directory):
 * - GET /v1.0/roleManagement/directory/roleDefinitions?$select=id,displayName,templateId,isBuiltIn
 *   https://learn.microsoft.com/graph/api/rbacapplication-list-roledefinitions
 * - GET /v1.0/roleManagement/directory/roleAssignments: active assignments (permanent, and PIM assignments while
 *   active). https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments
 * - GET /v1.0/roleManagement/directory/roleEligibilityScheduleInstances: PIM eligibility, which is latent privilege
 *   (the principal may activate it, but does not hold it now). https://learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityscheduleinstances
 * Quirks: assignments name the role by roleDefinitionId, which for built-in roles equals the templateId (stable
 * across tenants); directoryScopeId "/" is the whole tenant, "/administrativeUnits/{id}" or "/{objectId}" a part.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import { isPrivilegedDirectoryRole } from '../../model/definitions';
import type { Settings } from '../../model/settings';
import { parseRecords, type ParsedRecords } from '../parse-records';
import { GRAPH_MAX_PAGE_SIZE, getCollection } from './graph-client';
import { scopeResourceFor } from './graph-permissions';
import { entraIdentityId } from './node-ids';
import type { ServicePrincipal } from './service-principals';

export const DIRECTORY_ROLES_PERMISSION = 'RoleManagement.Read.Directory';

const definitionSchema = z.looseObject({
  kind: z.literal('definition'),
  id: z.string().min(1),
  displayName: z.string().nullish(),
  templateId: z.string().nullish(),
  isBuiltIn: z.boolean().nullish(),
});
const assignmentSchema = z.looseObject({
  kind: z.enum(['assignment', 'eligibility']),
  id: z.string().min(1),
  principalId: z.string().min(1),
  roleDefinitionId: z.string().min(1),
  directoryScopeId: z.string().nullish(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
});
export const directoryRoleRecordSchema = z.union([definitionSchema, assignmentSchema]);
export type DirectoryRoleRecord = z.infer<typeof directoryRoleRecordSchema>;
type Definition = z.infer<typeof definitionSchema>;
type Assignment = z.infer<typeof assignmentSchema>;

const PATHS = {
  definition: { path: '/roleManagement/directory/roleDefinitions', select: ['id', 'displayName', 'templateId', 'isBuiltIn'] },
  assignment: { path: '/roleManagement/directory/roleAssignments', select: ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId'] },
  eligibility: { path: '/roleManagement/directory/roleEligibilityScheduleInstances', select: ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'startDateTime', 'endDateTime'] },
} as const;

/** Role definitions, active assignments and eligibility, as one dataset of records told apart by `kind`. */
export async function fetchDirectoryRoles(client: Client, tenantId: string): Promise<ParsedRecords<DirectoryRoleRecord>> {
  const result: ParsedRecords<DirectoryRoleRecord> = { records: [], quarantined: [] };
  for (const [kind, { path, select }] of Object.entries(PATHS) as Array<[keyof typeof PATHS, (typeof PATHS)[keyof typeof PATHS]]>) {
    const items = await getCollection(client, tenantId, { path, select, top: GRAPH_MAX_PAGE_SIZE }, DIRECTORY_ROLES_PERMISSION);
    const parsed = parseRecords(
      items.map((item) => (typeof item === 'object' && item !== null ? { ...item, kind } : item)),
      directoryRoleRecordSchema,
      { system: 'entra', endpoint: `/v1.0${path}` },
    );
    result.records.push(...parsed.records);
    result.quarantined.push(...parsed.quarantined);
  }
  return result;
}

/** One role node per role and scope: an assignment over one administrative unit grants nothing over another. */
/** "/" (the whole tenant) reads "tenant" in ids; "/administrativeUnits/{id}" keeps its path. */
const scopeKey = (scope: string) => (scope === '/' ? 'tenant' : scope.replace(/^\//, ''));
export const directoryRoleId = (tenantId: string, roleDefinitionId: string, scope: string) => nodeId('entra', 'role', tenantId, 'directory-role', roleDefinitionId, scopeKey(scope));
export const directoryRolePermissionId = (tenantId: string, roleDefinitionId: string, scope: string) => nodeId('entra', 'permission', tenantId, 'directory-role', roleDefinitionId, scopeKey(scope));
const scopedDirectoryId = (tenantId: string, scope: string) => nodeId('entra', 'resource', tenantId, 'directory-scope', scopeKey(scope));

export interface DirectoryRoleGraph extends GraphFragment {
  /** Service principal object id -> names of the roles it is only eligible for (latent: shown, never held). */
  eligible: Map<string, string[]>;
}

/**
 * A service principal's active directory role: identity HAS_ROLE role GRANTS permission APPLIES_TO the directory (or
 * the administrative unit or object the assignment is scoped to). Privileged built-in roles are high privilege.
 * Users' and groups' roles are people's business, not an NHI's: left out.
 */
export function directoryRolesToGraph(records: readonly DirectoryRoleRecord[], servicePrincipals: readonly ServicePrincipal[], settings: Settings, tenantId: string, tenantDomains?: readonly string[]): DirectoryRoleGraph {
  const spIds = new Set(servicePrincipals.map((sp) => sp.id));
  const definitions = new Map<string, Definition>();
  for (const record of records) if (record.kind === 'definition') definitions.set(record.id, record);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const eligible = new Map<string, string[]>();
  const roleName = (id: string) => definitions.get(id)?.displayName ?? `directory role ${id}`;
  for (const record of records) {
    if (record.kind === 'definition' || !spIds.has(record.principalId)) continue;
    const assignment = record as Assignment;
    const definition = definitions.get(assignment.roleDefinitionId);
    const name = roleName(assignment.roleDefinitionId);
    if (assignment.kind === 'eligibility') {
      eligible.set(assignment.principalId, [...new Set([...(eligible.get(assignment.principalId) ?? []), name])].sort());
      continue;
    }
    const scope = assignment.directoryScopeId && assignment.directoryScopeId !== '' ? assignment.directoryScopeId : '/';
    const roleId = directoryRoleId(tenantId, assignment.roleDefinitionId, scope);
    const permissionId = directoryRolePermissionId(tenantId, assignment.roleDefinitionId, scope);
    const tenantWide = scope === '/';
    nodes.set(roleId, { id: roleId, kind: 'role', system: 'entra', name, props: { subtype: 'entra_directory_role', nativeId: assignment.roleDefinitionId, tenantId } });
    nodes.set(permissionId, {
      id: permissionId,
      kind: 'permission',
      system: 'entra',
      name: tenantWide ? name : `${name} (scoped to ${scope})`,
      props: {
        subtype: 'entra_directory_role',
        key: name,
        highPrivilege: isPrivilegedDirectoryRole(definition?.templateId ?? assignment.roleDefinitionId),
        tenantWide,
        // Directory roles administer what they cover; read-only built-ins (Global Reader, Directory Readers) do not.
        write: !/reader$/i.test(name),
        impersonation: false,
      },
    });
    const resource = tenantWide
      ? scopeResourceFor('Directory.Read.All', tenantId, settings, undefined, tenantDomains)
      : ({ id: scopedDirectoryId(tenantId, scope), kind: 'resource', system: 'entra', name: `Directory scope ${scope}`, props: { subtype: 'entra_directory', nativeId: scope, tenantId, sensitivity: settings.defaultSensitivity } } satisfies GraphNode<'resource'>);
    if (resource) {
      nodes.set(resource.id, resource);
      edges.push({ kind: 'APPLIES_TO', from: permissionId, to: resource.id, basis: 'observed', reason: `directory role scope ${scope}` });
    }
    edges.push({ kind: 'HAS_ROLE', from: entraIdentityId(tenantId, assignment.principalId), to: roleId, basis: 'observed', reason: `active directory role assignment (scope ${scope})` });
    edges.push({ kind: 'GRANTS', from: roleId, to: permissionId, basis: 'observed' });
  }
  return { nodes: [...nodes.values()], edges, eligible };
}
