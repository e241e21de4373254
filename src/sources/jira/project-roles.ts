/**
 * Project roles and their actors, per project.
 * Endpoints: GET /rest/api/3/role (the site's project roles, once), GET /rest/api/3/project/{projectIdOrKey}/role
 * (name -> role URL; only for team-managed projects, whose roles are their own), then
 * GET /rest/api/3/project/{projectIdOrKey}/role/{id} (actors: atlassian-user-role-actor, atlassian-group-role-actor).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-project-roles/
 * Needs Administer Projects or Administer Jira (scope manage:jira-configuration). Not paginated.
 * Company-managed ("classic") projects all carry the site's roles, so their per-project role map is not asked for:
 * one call instead of one per project. Of those roles only the ones the project's permission scheme grants
 * something to are read: holding a role no grant names gives nothing. Without the scheme, every role is read.
 * A role a project does not have answers 404 and is skipped.
 */
import { z } from 'zod';
import type { GraphFragment, StreamedFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { AppError, isAppError } from '../../shared/errors';
import { type ConcurrentMap, allAtOnce } from '../../shared/concurrency';
import type { ParsedRecords, QuarantinedRecord } from '../parse-records';
import type { JiraClient } from './jira-client';
import { groupResolver, type JiraGroupWithMembers } from './groups';
import { jiraProjectRoleId, type JiraProjectScheme } from './permission-schemes';
import { jiraIdentityId } from './users';

/**
 * ProjectRole and RoleActor leave every field optional. The role is named by the URL it was read from, so a missing
 * `id` or `name` costs nothing. What reach needs of an actor is who it is: a user actor's accountId, a group actor's
 * groupId or, failing that, its name (ProjectRoleGroup: "As a group's name can change, use of groupId is recommended",
 * which makes the name the fallback, not a reason to drop the actor). An actor that names neither cannot be placed:
 * the role record is quarantined (counted), not read as "nobody". ProjectRoleUser's accountId is "unknown" when "the
 * record is deleted and corrupted": a deleted account holds nothing, so that actor is dropped.
 */
export const jiraRoleActorSchema = z.looseObject({
  type: z.string().optional(),
  displayName: z.string().nullish(),
  actorUser: z.looseObject({ accountId: z.string().optional() }).nullish(),
  actorGroup: z.looseObject({ groupId: z.string().nullish(), name: z.string().nullish(), displayName: z.string().nullish() }).nullish(),
});
type RoleActor = z.infer<typeof jiraRoleActorSchema>;

export const jiraProjectRoleSchema = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  name: z.string().optional(),
  actors: z.array(jiraRoleActorSchema).nullish(),
});

/** A deleted, corrupted account (ProjectRoleUser.accountId). */
const DELETED_ACCOUNT = 'unknown';

type ActorHolder = { user: string } | { group: { groupId?: string; name?: string } } | { deleted: true } | undefined;

function holderOf(actor: RoleActor): ActorHolder {
  const accountId = actor.actorUser?.accountId;
  if (accountId) return accountId === DELETED_ACCOUNT ? { deleted: true } : { user: accountId };
  const groupId = actor.actorGroup?.groupId ?? undefined;
  const name = actor.actorGroup?.name ?? actor.actorGroup?.displayName ?? (actor.type === 'atlassian-group-role-actor' ? (actor.displayName ?? undefined) : undefined);
  if (groupId || name) return { group: { ...(groupId ? { groupId } : {}), ...(name ? { name } : {}) } };
  return undefined;
}

export interface JiraProjectRole {
  projectId: string;
  roleId: string;
  name: string;
  userAccountIds: string[];
  /** Group actors by id and name; one of the two may be missing (a group actor named only by its name). */
  groups: Array<{ groupId?: string; name?: string }>;
}

export async function fetchProjectRoles(
  jira: JiraClient,
  projects: ReadonlyArray<{ id: string; style?: string }>,
  schemes: readonly JiraProjectScheme[] | undefined,
  map: ConcurrentMap = allAtOnce,
  unchanged?: { previous: readonly JiraProjectRole[]; changedProjects: Set<string> | 'all' },
): Promise<ParsedRecords<JiraProjectRole>> {
  // A resync reuses the last sync's actors of a role unless the audit log says the project's roles changed.
  const previousRole = new Map((unchanged?.previous ?? []).map((role) => [`${role.projectId}/${role.roleId}`, role]));
  const reusable = (projectId: string, roleId: string) =>
    unchanged && unchanged.changedProjects !== 'all' && !unchanged.changedProjects.has(projectId) ? previousRole.get(`${projectId}/${roleId}`) : undefined;
  const grantedRoles = new Map<string, Set<string>>();
  for (const scheme of schemes ?? []) {
    const roles = grantedRoles.get(scheme.projectId) ?? new Set<string>();
    for (const grant of scheme.grants) if (grant.holderType === 'projectRole' && grant.holder) roles.add(grant.holder);
    grantedRoles.set(scheme.projectId, roles);
  }
  const siteRoles = await jira.getJson('/rest/api/3/role');
  if (!Array.isArray(siteRoles)) throw new AppError('SOURCE_BAD_RESPONSE', 'Jira /rest/api/3/role did not return a list of roles', { system: 'jira', endpoint: '/rest/api/3/role' });
  const siteRoleIds = siteRoles.flatMap((role: unknown) => {
    const id = (role as { id?: unknown } | null)?.id;
    return typeof id === 'number' || typeof id === 'string' ? [String(id)] : [];
  });
  // Team-managed projects name their own roles; ask them for their map (one call each, still concurrent).
  const roleIdsByProject = await map(projects, async (project) => {
    if (project.style === undefined || project.style === 'classic') {
      const granted = grantedRoles.get(project.id);
      return granted ? siteRoleIds.filter((id) => granted.has(id)) : siteRoleIds;
    }
    const map = await jira.getJson(`/rest/api/3/project/${encodeURIComponent(project.id)}/role`);
    if (typeof map !== 'object' || map === null) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Jira project ${project.id} roles are not a map`, { system: 'jira', projectId: project.id });
    }
    return Object.values(map as Record<string, unknown>).map((url) => String(url).split('/').pop() ?? '');
  });
  const wanted = projects.flatMap((project, i) => (roleIdsByProject[i] ?? []).map((roleId) => ({ projectId: project.id, roleId })));
  const lookups = wanted.filter(({ projectId, roleId }) => !reusable(projectId, roleId));
  const answers = await map(lookups, async ({ projectId, roleId }) => {
    try {
      return await jira.getJson(`/rest/api/3/project/${encodeURIComponent(projectId)}/role/${encodeURIComponent(roleId)}`);
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return undefined; // deleted since it was listed
      throw error;
    }
  });
  const answerOf = new Map(lookups.map(({ projectId, roleId }, i) => [`${projectId}/${roleId}`, answers[i]]));
  const records: JiraProjectRole[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const { projectId, roleId } of wanted) {
    const reused = reusable(projectId, roleId);
    if (reused) {
      records.push(reused);
      continue;
    }
    const answer = answerOf.get(`${projectId}/${roleId}`);
    if (answer === undefined) continue;
    const endpoint = `/rest/api/3/project/${projectId}/role/${roleId}`;
    const parsed = jiraProjectRoleSchema.safeParse(answer);
    if (!parsed.success) {
      quarantined.push({ system: 'jira', endpoint, index: 0, id: roleId, issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
      continue;
    }
    const holders = (parsed.data.actors ?? []).map(holderOf);
    const unplaced = holders.findIndex((h) => h === undefined);
    if (unplaced >= 0) {
      quarantined.push({ system: 'jira', endpoint, index: 0, id: roleId, issues: [`actors.${unplaced}: names neither an account nor a group`] });
      continue;
    }
    records.push({
      projectId,
      // The URL the role was read from names it; the body's id is optional.
      roleId,
      name: parsed.data.name ?? roleId,
      userAccountIds: holders.flatMap((h) => (h && 'user' in h ? [h.user] : [])).sort(),
      groups: holders.flatMap((h) => (h && 'group' in h ? [h.group] : [])),
    });
  }
  return { records, quarantined };
}

/** The reason on a role holder expanded from a group actor; readers fold such holders back into the group. */
export const viaGroupReason = (groupName: string) => `via group ${groupName}`;
export const groupOfRoleHolder = (reason: string | undefined): string | undefined => (reason?.startsWith('via group ') ? reason.slice('via group '.length) : undefined);

// A project role's node id sits with the other project role ids in permission-schemes.ts, which this module reads.
export { jiraProjectRoleId };

/**
 * Users hold a project role directly or through a group actor, expanded to the group's active members. App users
 * are user actors like any other (the atlassian-addons-project-access role holds installed apps' users). A group
 * actor is found by id, else by name (groupResolver); one the groups dataset does not hold expands to nobody.
 */
export function jiraProjectRolesToGraph(roles: readonly JiraProjectRole[], groups: readonly JiraGroupWithMembers[], projectKeys: ReadonlyMap<string, string>): GraphFragment {
  const streamed = jiraProjectRolesFragment(roles, groups, projectKeys);
  return { nodes: [...streamed.nodes], edges: [...streamed.edges] };
}

/**
 * jiraProjectRolesToGraph with each holder edge made as the graph takes it: at 140,000 people the roles expand to
 * some 880,000 HAS_ROLE edges (group actors times their members), about 90 MB of edge objects and reasons held at
 * once while the graph added them, when the graph keeps 23 bytes of each.
 */
export function jiraProjectRolesFragment(roles: readonly JiraProjectRole[], groups: readonly JiraGroupWithMembers[], projectKeys: ReadonlyMap<string, string>): StreamedFragment {
  const nodes: GraphNode[] = roles.map((role) => ({
    id: jiraProjectRoleId(role.projectId, role.roleId),
    kind: 'role',
    system: 'jira',
    name: `${projectKeys.get(role.projectId) ?? role.projectId} ${role.name}`,
    props: { subtype: 'jira_project_role', nativeId: role.roleId, projectId: role.projectId },
  }));
  function* edges(): Generator<GraphEdge> {
    const resolve = groupResolver(groups);
    for (const role of roles) {
      const id = jiraProjectRoleId(role.projectId, role.roleId);
      for (const accountId of role.userAccountIds) yield { kind: 'HAS_ROLE', from: jiraIdentityId(accountId), to: id, basis: 'observed' };
      for (const actor of role.groups) {
        const group = resolve(actor);
        if (!group) continue;
        const reason = viaGroupReason(group.name);
        for (const accountId of group.memberAccountIds) yield { kind: 'HAS_ROLE', from: jiraIdentityId(accountId), to: id, basis: 'observed', reason };
      }
    }
  }
  return { nodes, edges: edges() };
}
