/**
 * Jira datasets -> graph fragment (docs/graph-mapping.md "Jira"). Missing datasets contribute nothing; the sync
 * status records why they are missing.
 */
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import type { GraphBuilder, GraphContext } from '../source-step';
import { JIRA_DATASETS } from './extraction-steps';
import { jiraProjectsToGraph, type JiraProject } from './fetch-projects';
import { jiraUsersToGraph, jiraIdentityId, type JiraUser } from './users';
import { joinGroupSlices, jiraGroupsToGraph, type JiraGroupWithMembers } from './groups';
import { jiraProjectRolesToGraph, type JiraProjectRole } from './project-roles';
import { browseAudiences, jiraSchemesToGraph, jiraProjectResourceId, type JiraProjectScheme } from './permission-schemes';
import { auditRecordsToGraph, type AuditRecord } from './audit-records';
import { readOrganisationDomains, type OrganisationDomains } from './app-origin';

export interface JiraDatasets {
  projects?: JiraProject[];
  users?: JiraUser[];
  groups?: JiraGroupWithMembers[];
  projectRoles?: JiraProjectRole[];
  permissionSchemes?: JiraProjectScheme[];
  auditRecords?: AuditRecord[];
  /** The organisation's verified domains (Entra), which decide whether a declared app is in-house or a vendor's. */
  organisation?: OrganisationDomains;
}

/** Declared app scopes (settings): what an installed app may do in Jira that no Forge-callable API shows. */
export function jiraAppScopesToGraph(context: GraphContext, projects: readonly JiraProject[]): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const declaration of context.settings.jiraAppScopeDeclarations) {
    const identity = jiraIdentityId(declaration.accountId);
    const roleId = nodeId('jira', 'role', 'app', declaration.accountId);
    nodes.push({ id: roleId, kind: 'role', system: 'jira', name: `Scopes of ${declaration.displayName ?? declaration.accountId}`, props: { subtype: 'jira_project_role', nativeId: declaration.accountId } });
    edges.push({ kind: 'HAS_ROLE', from: identity, to: roleId, basis: 'declared', reason: `declared by ${declaration.declaredBy ?? 'an admin'}` });
    for (const scope of declaration.scopes) {
      const permissionId = nodeId('jira', 'permission', 'app-scope', scope);
      const impersonation = scope === 'ACT_AS_USER';
      const write = scope !== 'READ';
      nodes.push({
        id: permissionId,
        kind: 'permission',
        system: 'jira',
        name: `App scope ${scope}`,
        props: { subtype: 'jira_app_scope', key: scope, highPrivilege: impersonation || scope === 'PROJECT_ADMIN' || scope === 'ADMIN', tenantWide: true, write, impersonation },
      });
      edges.push({ kind: 'GRANTS', from: roleId, to: permissionId, basis: 'declared' });
      // Acting as any user reaches every project a user could browse: all of them.
      if (impersonation) for (const project of projects) edges.push({ kind: 'APPLIES_TO', from: permissionId, to: jiraProjectResourceId(project.id), basis: 'declared', reason: 'ACT_AS_USER can act as any user' });
    }
  }
  return { nodes, edges };
}

export function jiraToGraph(data: JiraDatasets, context: GraphContext, siteName: string): GraphFragment {
  const projects = data.projects ?? [];
  const projectKeys = new Map(projects.map((p) => [p.id, p.key]));
  const projectLeads = new Map(projects.map((p) => [p.id, p.lead?.accountId]));
  const audiences = new Map((data.permissionSchemes ?? []).map((scheme) => [scheme.projectId, browseAudiences(scheme)]));
  const fragments: GraphFragment[] = [
    jiraProjectsToGraph(projects, context, audiences),
    jiraUsersToGraph(data.users ?? [], context, data.organisation),
    jiraGroupsToGraph(data.groups ?? [], siteName),
    jiraProjectRolesToGraph(data.projectRoles ?? [], data.groups ?? [], projectKeys),
    jiraSchemesToGraph(data.permissionSchemes ?? [], projectLeads, projectKeys, data.groups),
    auditRecordsToGraph(data.auditRecords ?? []),
    jiraAppScopesToGraph(context, projects),
  ];
  return { nodes: fragments.flatMap((f) => f.nodes), edges: fragments.flatMap((f) => f.edges) };
}

/** Jira's part of the graph, from the datasets of this sync. `siteName` is the Jira site's host. */
export function jiraGraphBuilder(siteName: string): GraphBuilder {
  return {
    system: 'jira',
    async build(read, context) {
      const users = await read<JiraUser>(JIRA_DATASETS.users);
      // Group member lists are read with includeInactiveUsers=false; one kept from an earlier sync (the audit log
      // said the group did not change) may still name an account deactivated since: the users list decides.
      const inactive = new Set((users ?? []).filter((u) => u.active === false).map((u) => u.accountId));
      const data: JiraDatasets = {
        projects: await read(JIRA_DATASETS.projects),
        users,
        groups: await read<JiraGroupWithMembers>(JIRA_DATASETS.groups).then(
          (records) => records && joinGroupSlices(records).map((g) => ({ ...g, memberAccountIds: g.memberAccountIds.filter((id) => !inactive.has(id)) })),
        ),
        projectRoles: await read(JIRA_DATASETS.projectRoles),
        permissionSchemes: await read(JIRA_DATASETS.permissionSchemes),
        auditRecords: await read(JIRA_DATASETS.auditRecords),
        // Read here, not handed in by the build: the Entra organization datasets of this sync are the same ones the
        // Entra builder turns into the egress boundary (GraphContribution.verifiedDomains).
        organisation: await readOrganisationDomains(read, context.settings),
      };
      return { fragment: jiraToGraph(data, context, siteName) };
    },
  };
}
