/**
 * The permission scheme of each project, with its grants.
 * Endpoint: GET /rest/api/3/project/{projectKeyOrId}/permissionscheme?expand=permissions (grants only appear with expand).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permission-schemes/
 * Needs Administer Jira or Administer Projects. Holder types: projectRole, group, user, projectLead, anyone,
 * applicationRole (any licensed user), reporter/assignee (per issue: not a standing grant, not modelled).
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import type { ParsedRecords, QuarantinedRecord } from '../parse-records';
import type { JiraClient } from './jira-client';
import { type ConcurrentMap, allAtOnce } from '../../shared/concurrency';
import { jiraGroupRoleId } from './groups';
import { jiraProjectRoleId } from './project-roles';
import { jiraIdentityId } from './users';

/** The grants that decide reach and change in a project. */
export const MODELLED_PROJECT_PERMISSIONS = ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'ADMINISTER_PROJECTS'] as const;

const schemeSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  permissions: z
    .array(z.looseObject({ permission: z.string(), holder: z.looseObject({ type: z.string(), parameter: z.string().optional(), value: z.string().optional() }) }))
    .default([]),
});

export interface JiraProjectScheme {
  projectId: string;
  schemeId: string;
  name: string;
  grants: Array<{ permission: string; holderType: string; holder?: string }>;
}

/** `unchanged`: the last sync's schemes, reused for the projects they cover when no scheme changed since. */
export async function fetchPermissionSchemes(
  jira: JiraClient,
  projectIds: readonly string[],
  map: ConcurrentMap = allAtOnce,
  unchanged?: readonly JiraProjectScheme[],
): Promise<ParsedRecords<JiraProjectScheme>> {
  const kept = new Map((unchanged ?? []).map((scheme) => [scheme.projectId, scheme]));
  const toRead = projectIds.filter((id) => !kept.has(id));
  const read = await map(toRead, (projectId) => jira.getJson(`/rest/api/3/project/${encodeURIComponent(projectId)}/permissionscheme?expand=permissions`));
  const answers = new Map(toRead.map((id, i) => [id, read[i]]));
  const records: JiraProjectScheme[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const projectId of projectIds) {
    const reused = kept.get(projectId);
    if (reused) {
      records.push(reused);
      continue;
    }
    const endpoint = `/rest/api/3/project/${projectId}/permissionscheme`;
    const parsed = schemeSchema.safeParse(answers.get(projectId));
    if (!parsed.success) {
      quarantined.push({ system: 'jira', endpoint, index: 0, id: projectId, issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
      continue;
    }
    records.push({
      projectId,
      schemeId: String(parsed.data.id),
      name: parsed.data.name,
      grants: parsed.data.permissions.map((p) => ({ permission: p.permission, holderType: p.holder.type, holder: p.holder.value ?? p.holder.parameter })),
    });
  }
  return { records, quarantined };
}

export const jiraProjectPermissionId = (projectId: string, key: string) => nodeId('jira', 'permission', projectId, key);
export const jiraProjectResourceId = (projectId: string) => nodeId('jira', 'resource', projectId);

export function jiraSchemesToGraph(
  schemes: readonly JiraProjectScheme[],
  projectLeads: ReadonlyMap<string, string | undefined>,
  projectKeys: ReadonlyMap<string, string>,
): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const scheme of schemes) {
    const projectKey = projectKeys.get(scheme.projectId) ?? scheme.projectId;
    for (const key of MODELLED_PROJECT_PERMISSIONS) {
      const grants = scheme.grants.filter((g) => g.permission === key);
      if (grants.length === 0) continue;
      const permissionId = jiraProjectPermissionId(scheme.projectId, key);
      nodes.push({
        id: permissionId,
        kind: 'permission',
        system: 'jira',
        name: `${key} on ${projectKey}`,
        props: { subtype: 'jira_project', key, highPrivilege: key === 'ADMINISTER_PROJECTS', tenantWide: false, write: key !== 'BROWSE_PROJECTS', impersonation: false },
      });
      edges.push({ kind: 'APPLIES_TO', from: permissionId, to: jiraProjectResourceId(scheme.projectId), basis: 'observed' });
      for (const grant of grants) {
        const reason = `${scheme.name} grants ${key} to ${grant.holderType}${grant.holder ? ` ${grant.holder}` : ''}`;
        const holderRole = holderRoleFor(grant, scheme.projectId, projectLeads);
        if (!holderRole) continue;
        if (holderRole.userRole) {
          nodes.push({ id: holderRole.id, kind: 'role', system: 'jira', name: holderRole.name, props: { subtype: 'jira_project_role', nativeId: holderRole.id, projectId: scheme.projectId } });
          edges.push({ kind: 'HAS_ROLE', from: jiraIdentityId(holderRole.userRole), to: holderRole.id, basis: 'observed', reason });
        }
        edges.push({ kind: 'GRANTS', from: holderRole.id, to: permissionId, basis: 'observed', reason });
      }
    }
  }
  return { nodes, edges };
}

function holderRoleFor(
  grant: JiraProjectScheme['grants'][number],
  projectId: string,
  projectLeads: ReadonlyMap<string, string | undefined>,
): { id: string; name: string; userRole?: string } | undefined {
  switch (grant.holderType) {
    case 'projectRole':
      return grant.holder ? { id: jiraProjectRoleId(projectId, grant.holder), name: '' } : undefined;
    case 'group':
      return grant.holder ? { id: jiraGroupRoleId(grant.holder), name: '' } : undefined;
    case 'user':
      return grant.holder ? { id: nodeId('jira', 'role', projectId, 'user', grant.holder), name: `direct grant in ${projectId}`, userRole: grant.holder } : undefined;
    case 'projectLead': {
      const lead = projectLeads.get(projectId);
      return lead ? { id: nodeId('jira', 'role', projectId, 'lead'), name: `lead of ${projectId}`, userRole: lead } : undefined;
    }
    default:
      // anyone / applicationRole grants reach every logged-in user and are reported on the project, not per identity.
      return undefined;
  }
}
