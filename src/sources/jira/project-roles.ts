/**
 * Project roles and their actors, per project.
 * Endpoints: GET /rest/api/3/project/{projectIdOrKey}/role (name -> role URL), then
 * GET /rest/api/3/project/{projectIdOrKey}/role/{id} (actors: atlassian-user-role-actor, atlassian-group-role-actor).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-project-roles/
 * Needs Administer Projects or Administer Jira (scope manage:jira-configuration). Not paginated.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import { AppError } from '../../shared/errors';
import type { ParsedRecords, QuarantinedRecord } from '../parse-records';
import type { JiraClient } from './jira-client';
import type { JiraGroupWithMembers } from './groups';
import { jiraIdentityId } from './users';

const roleSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  actors: z
    .array(
      z.looseObject({
        type: z.string(),
        displayName: z.string().optional(),
        actorUser: z.looseObject({ accountId: z.string() }).optional(),
        actorGroup: z.looseObject({ groupId: z.string().optional(), name: z.string().optional() }).optional(),
      }),
    )
    .default([]),
});

export interface JiraProjectRole {
  projectId: string;
  roleId: string;
  name: string;
  userAccountIds: string[];
  groups: Array<{ groupId: string; name: string }>;
}

export async function fetchProjectRoles(jira: JiraClient, projectIds: readonly string[]): Promise<ParsedRecords<JiraProjectRole>> {
  const records: JiraProjectRole[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const projectId of projectIds) {
    const map = await jira.getJson(`/rest/api/3/project/${encodeURIComponent(projectId)}/role`);
    if (typeof map !== 'object' || map === null) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Jira project ${projectId} roles are not a map`, { system: 'jira', projectId });
    }
    for (const url of Object.values(map as Record<string, unknown>)) {
      const roleId = String(url).split('/').pop() ?? '';
      const endpoint = `/rest/api/3/project/${projectId}/role/${roleId}`;
      const parsed = roleSchema.safeParse(await jira.getJson(`/rest/api/3/project/${encodeURIComponent(projectId)}/role/${encodeURIComponent(roleId)}`));
      if (!parsed.success) {
        quarantined.push({ system: 'jira', endpoint, index: 0, id: roleId, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
        continue;
      }
      records.push({
        projectId,
        roleId: String(parsed.data.id),
        name: parsed.data.name,
        userAccountIds: parsed.data.actors.flatMap((a) => (a.actorUser ? [a.actorUser.accountId] : [])).sort(),
        groups: parsed.data.actors.flatMap((a) => (a.actorGroup?.groupId ? [{ groupId: a.actorGroup.groupId, name: a.actorGroup.name ?? a.displayName ?? a.actorGroup.groupId }] : [])),
      });
    }
  }
  return { records, quarantined };
}

export const jiraProjectRoleId = (projectId: string, roleId: string) => nodeId('jira', 'role', projectId, roleId);

/** Users hold a project role directly or through a group actor (expanded to the group's active members). */
export function jiraProjectRolesToGraph(roles: readonly JiraProjectRole[], groups: readonly JiraGroupWithMembers[], projectKeys: ReadonlyMap<string, string>): GraphFragment {
  const membersByGroup = new Map(groups.map((g) => [g.groupId, g.memberAccountIds]));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const role of roles) {
    const id = jiraProjectRoleId(role.projectId, role.roleId);
    nodes.push({
      id,
      kind: 'role',
      system: 'jira',
      name: `${projectKeys.get(role.projectId) ?? role.projectId} ${role.name}`,
      props: { subtype: 'jira_project_role', nativeId: role.roleId, projectId: role.projectId },
    });
    for (const accountId of role.userAccountIds) edges.push({ kind: 'HAS_ROLE', from: jiraIdentityId(accountId), to: id, basis: 'observed' });
    for (const group of role.groups) {
      for (const accountId of membersByGroup.get(group.groupId) ?? []) {
        edges.push({ kind: 'HAS_ROLE', from: jiraIdentityId(accountId), to: id, basis: 'observed', reason: `via group ${group.name}` });
      }
    }
  }
  return { nodes, edges };
}
