/**
 * Maps a stored path key (docs/tenant-format.md: ids filled in, optional "#param=value" suffix) to the schema its
 * value must match. Graph routes are listed here; Jira routes come from the operations in the Jira subset, so a
 * template added to dev/tools/schema-extract/jira-openapi.ts is routed without touching this file.
 */
import type { JiraSchemaFile, JsonSchema } from './schema-files';
import { flattenSchema } from './validate-jira';

export interface GraphRoute {
  template: string;
  version: 'v1.0' | 'beta';
  /** The type of each item of the stored array. */
  elementType: string;
}

const GRAPH_ROUTES: ReadonlyArray<[template: string, elementType: string]> = [
  ['/v1.0/organization', 'organization'],
  ['/v1.0/domains', 'domain'],
  ['/v1.0/users', 'user'],
  ['/v1.0/users/{id}/sponsors', 'directoryObject'],
  ['/v1.0/groups', 'group'],
  ['/v1.0/groups/{id}/members', 'directoryObject'],
  ['/v1.0/servicePrincipals', 'servicePrincipal'],
  ['/v1.0/servicePrincipals/{id}/appRoleAssignments', 'appRoleAssignment'],
  ['/v1.0/servicePrincipals/{id}/appRoleAssignedTo', 'appRoleAssignment'],
  ['/v1.0/servicePrincipals/{id}/owners', 'directoryObject'],
  ['/v1.0/servicePrincipals/microsoft.graph.agentIdentity', 'agentIdentity'],
  ['/v1.0/servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors', 'directoryObject'],
  ['/v1.0/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal', 'agentIdentityBlueprintPrincipal'],
  ['/v1.0/servicePrincipals/{id}/microsoft.graph.agentIdentityBlueprintPrincipal/sponsors', 'directoryObject'],
  ['/v1.0/applications/microsoft.graph.agentIdentityBlueprint', 'agentIdentityBlueprint'],
  ['/v1.0/applications/{id}/microsoft.graph.agentIdentityBlueprint/sponsors', 'directoryObject'],
  ['/v1.0/users/microsoft.graph.agentUser', 'agentUser'],
  ['/v1.0/servicePrincipals/{id}/synchronization/jobs', 'synchronizationJob'],
  ['/v1.0/applications', 'application'],
  ['/v1.0/applications/{id}/owners', 'directoryObject'],
  ['/v1.0/applications/{id}/federatedIdentityCredentials', 'federatedIdentityCredential'],
  ['/v1.0/roleManagement/directory/roleDefinitions', 'unifiedRoleDefinition'],
  ['/v1.0/roleManagement/directory/roleAssignments', 'unifiedRoleAssignment'],
  ['/v1.0/roleManagement/directory/roleEligibilityScheduleInstances', 'unifiedRoleEligibilityScheduleInstance'],
  ['/v1.0/oauth2PermissionGrants', 'oAuth2PermissionGrant'],
  ['/v1.0/auditLogs/directoryAudits', 'directoryAudit'],
  ['/v1.0/auditLogs/signIns', 'signIn'],
  ['/beta/reports/servicePrincipalSignInActivities', 'servicePrincipalSignInActivity'],
  ['/beta/reports/appCredentialSignInActivities', 'appCredentialSignInActivity'],
];

/**
 * Jira paths with no spec to check against: JSM (/rest/servicedeskapi) has no obtainable OpenAPI document
 * (research/apis.md §B7). automation.json, powerautomate.json and azuredevops.json have none either, so the
 * contract test only parses them.
 */
export const UNSPECIFIED_JIRA_PREFIXES = ['/rest/servicedeskapi/'];

export function splitPathKey(key: string): { path: string; selector: string | undefined } {
  const hash = key.indexOf('#');
  return hash === -1 ? { path: key, selector: undefined } : { path: key.slice(0, hash), selector: key.slice(hash + 1) };
}

/** Matches a concrete path against a template whose {name} segments stand for one non-empty segment. */
export function matchesTemplate(path: string, template: string): boolean {
  const segments = path.split('/');
  const templateSegments = template.split('/');
  return (
    segments.length === templateSegments.length &&
    templateSegments.every((segment, index) => /^\{[^}]+\}$/.test(segment) ? (segments[index] ?? '') !== '' : segment === segments[index])
  );
}

export function listGraphRoutes(): GraphRoute[] {
  return GRAPH_ROUTES.map(([template, elementType]) => ({
    template,
    version: template.startsWith('/beta/') ? 'beta' : 'v1.0',
    elementType: `microsoft.graph.${elementType}`,
  }));
}

export function findGraphRoute(key: string): GraphRoute | undefined {
  const { path } = splitPathKey(key);
  return listGraphRoutes().find((route) => matchesTemplate(path, route.template));
}

export interface JiraRoute {
  template: string;
  response: JsonSchema;
  /** The item schema when the operation pages (bare array or paging envelope); undefined for a non-paged body. */
  element: JsonSchema | undefined;
}

/** A literal segment beats a {param} one, so /project/search never routes as /project/{projectIdOrKey}. */
export function findJiraRoute(key: string, jira: JiraSchemaFile): JiraRoute | undefined {
  const { path } = splitPathKey(key);
  const templates = Object.keys(jira.operations).filter((template) => matchesTemplate(path, template));
  const countParameters = (template: string): number => (template.match(/\{/g) ?? []).length;
  const template = templates.sort((a, b) => countParameters(a) - countParameters(b))[0];
  const operation = template === undefined ? undefined : jira.operations[template];
  if (template === undefined || operation === undefined) return undefined;
  return { template, response: operation.response, element: selectElementSchema(operation.response, jira) };
}

const PAGING_FIELDS = ['isLast', 'total', 'nextPageToken', 'offset', 'startAt'];

/** Bare array: its items. Paging envelope (PageBean*.values, AuditRecords.records, ...): its one array's items. */
export function selectElementSchema(response: JsonSchema, jira: JiraSchemaFile): JsonSchema | undefined {
  const flat = flattenSchema(response, jira).schema;
  if (flat.type === 'array') return flat.items ?? {};
  const properties = flat.properties ?? {};
  if (!PAGING_FIELDS.some((field) => field in properties)) return undefined;
  const arrays = Object.values(properties)
    .map((property) => flattenSchema(property, jira).schema)
    .filter((property) => property.type === 'array');
  return arrays.length === 1 ? arrays[0]?.items ?? {} : undefined;
}
