/**
 * The permission scheme of each project, with its grants, and what each kind of grant holder means for reach.
 * Endpoint: GET /rest/api/3/project/{projectKeyOrId}/permissionscheme?expand=permissions (grants only appear with expand).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permission-schemes/ ("Holder object", the
 * description of GET /rest/api/3/permissionscheme in the platform OpenAPI spec). Needs Administer Jira or Administer
 * Projects.
 *
 * A grant's holder is `{type, parameter?, value?}`; `value` is the id ("If the type is a group, then you need to
 * specify the group ID. For other type it has the same value as parameter") and `parameter` the group name. Older
 * grants carry a group's name only. Each documented type has one meaning here (HOLDER_TYPES, and the table in
 * docs/graph-mapping.md):
 *   - named principals, which reach the project through the grant: projectRole, group, user, projectLead;
 *   - audiences nobody is named in, recorded on the project (ResourceProps.browseAudiences) and not added to any
 *     principal's reach: anyone, applicationRole, sd.customer.portal.only;
 *   - per-issue holders, which reach only the issues a person is reporter, assignee or picked in a field of, never
 *     the project: reporter, assignee, userCustomField, groupCustomField.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import type { ParsedRecords, QuarantinedRecord } from '../parse-records';
import type { JiraClient } from './jira-client';
import { type ConcurrentMap, allAtOnce } from '../../shared/concurrency';
import { groupResolver, jiraGroupRoleId } from './groups';
import { jiraIdentityId } from './users';

/** How a holder type counts: which principal it names, or which audience it opens the project to. */
export type HolderReach = 'project_role' | 'group' | 'user' | 'project_lead' | 'audience' | 'issue_level';

/**
 * Every holder type the Jira platform documents, with its reach and meaning. A type not listed (an app's own, or one
 * added later) grants nothing this version can place: it is recorded as an audience `other:<type>` so it shows,
 * and adds no reach.
 */
export const HOLDER_TYPES: Readonly<Record<string, { reach: HolderReach; meaning: string }>> = {
  projectRole: { reach: 'project_role', meaning: 'every actor of that project role in this project: user actors (people, app users, service accounts) and the active members of group actors' },
  group: { reach: 'group', meaning: 'every active member of that group (value = group id; parameter = group name, the only key on older grants)' },
  user: { reach: 'user', meaning: 'that one account (value = accountId)' },
  projectLead: { reach: 'project_lead', meaning: "the project's current lead; when the project changes hands the reach moves with it" },
  anyone: { reach: 'audience', meaning: '"Grant for anonymous users": anyone, logged in or not, so every account too; the audience of the project is everyone' },
  applicationRole: { reach: 'audience', meaning: 'every user with access to that product (parameter = product key); with no parameter, every logged-in user with access to any product' },
  'sd.customer.portal.only': { reach: 'audience', meaning: 'Jira Service Management customers, through the customer portal only, not Jira' },
  reporter: { reach: 'issue_level', meaning: 'the reporter of each issue, for that issue only' },
  assignee: { reach: 'issue_level', meaning: 'the assignee of each issue, for that issue only' },
  userCustomField: { reach: 'issue_level', meaning: 'the users picked in that custom field of each issue, for that issue only' },
  groupCustomField: { reach: 'issue_level', meaning: 'the members of the group picked in that custom field of each issue, for that issue only' },
};

/** The grants that decide reach and change in a project. */
export const MODELLED_PROJECT_PERMISSIONS = ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'ADMINISTER_PROJECTS'] as const;

/**
 * PermissionScheme requires only `name`; a grant's `permission` and its holder's `type` are what reach is made of, so
 * a scheme with a grant missing either is quarantined (its project's grants are unknown) rather than read as
 * granting less. `parameter` and `value` are optional per holder type (anyone, projectLead, reporter carry neither).
 */
export const jiraPermissionSchemeSchema = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  name: z.string(),
  permissions: z
    .array(z.looseObject({ permission: z.string(), holder: z.looseObject({ type: z.string(), parameter: z.string().nullish(), value: z.string().nullish() }) }))
    .default([]),
});

export interface JiraSchemeGrant {
  permission: string;
  holderType: string;
  /** value, else parameter: the holder's id (role id, accountId, group id) or, on older group grants, its name. */
  holder?: string;
  /** As Jira sent them, when it did: for a group, parameter is the name and value the id. */
  parameter?: string;
  value?: string;
}

export interface JiraProjectScheme {
  projectId: string;
  schemeId: string;
  name: string;
  grants: JiraSchemeGrant[];
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
    const parsed = jiraPermissionSchemeSchema.safeParse(answers.get(projectId));
    if (!parsed.success) {
      quarantined.push({ system: 'jira', endpoint, index: 0, id: projectId, issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
      continue;
    }
    records.push({
      projectId,
      schemeId: parsed.data.id === undefined ? '' : String(parsed.data.id),
      name: parsed.data.name,
      grants: parsed.data.permissions.map((p) => {
        const parameter = p.holder.parameter ?? undefined;
        const value = p.holder.value ?? undefined;
        const holder = value ?? parameter;
        return { permission: p.permission, holderType: p.holder.type, ...(holder ? { holder } : {}), ...(parameter ? { parameter } : {}), ...(value ? { value } : {}) };
      }),
    });
  }
  return { records, quarantined };
}

export const jiraProjectPermissionId = (projectId: string, key: string) => nodeId('jira', 'permission', projectId, key);
export const jiraProjectResourceId = (projectId: string) => nodeId('jira', 'resource', projectId);
/** A project role's node (project-roles.ts builds them; the schemes' grants point at them). */
export const jiraProjectRoleId = (projectId: string, roleId: string) => nodeId('jira', 'role', projectId, roleId);
export const jiraProjectLeadRoleId = (projectId: string) => nodeId('jira', 'role', projectId, 'lead');
export const jiraProjectUserRoleId = (projectId: string, accountId: string) => nodeId('jira', 'role', projectId, 'user', accountId);

/**
 * Who a project's scheme lets browse it without naming them (HOLDER_TYPES audience and issue-level types), sorted:
 * `anyone`, `logged_in`, `product:<key>`, `portal_customers`, `issue:<type>` (with `:<field>` for custom fields),
 * `other:<type>`. Named principals (roles, groups, users, the lead) are not audiences: they are reach.
 */
export function browseAudiences(scheme: JiraProjectScheme): string[] {
  const audiences = new Set<string>();
  for (const grant of scheme.grants.filter((g) => g.permission === 'BROWSE_PROJECTS')) {
    const reach = HOLDER_TYPES[grant.holderType]?.reach;
    if (reach === undefined) audiences.add(`other:${grant.holderType}`);
    else if (grant.holderType === 'anyone') audiences.add('anyone');
    else if (grant.holderType === 'applicationRole') audiences.add(grant.holder ? `product:${grant.holder}` : 'logged_in');
    else if (grant.holderType === 'sd.customer.portal.only') audiences.add('portal_customers');
    else if (reach === 'issue_level') audiences.add(grant.holder ? `issue:${grant.holderType}:${grant.holder}` : `issue:${grant.holderType}`);
  }
  return [...audiences].sort();
}

/**
 * Grants of the modelled permissions, as role -> permission -> project. Named holders become roles a principal
 * holds (HAS_ROLE or, for groups, MEMBER_OF from the groups fragment); audiences and per-issue holders add no edge
 * (browseAudiences records them on the project). `groups`, when read, resolves a group grant that names the group
 * only by name; without it a group grant is placed by its id alone.
 */
export function jiraSchemesToGraph(
  schemes: readonly JiraProjectScheme[],
  projectLeads: ReadonlyMap<string, string | undefined>,
  projectKeys: ReadonlyMap<string, string>,
  groups?: ReadonlyArray<{ groupId: string; name: string }>,
): GraphFragment {
  const resolveGroup = groups ? groupResolver(groups) : undefined;
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
        const holderRole = holderRoleFor(grant, scheme.projectId, projectKey, projectLeads, resolveGroup);
        if (!holderRole) continue;
        const reason = `${scheme.name} grants ${key} to ${grant.holderType}${holderRole.label ? ` ${holderRole.label}` : ''}`;
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

/** The role a named holder stands for, or undefined for audiences, per-issue holders and holders that cannot be placed. */
function holderRoleFor(
  grant: JiraSchemeGrant,
  projectId: string,
  projectKey: string,
  projectLeads: ReadonlyMap<string, string | undefined>,
  resolveGroup: ((ref: { groupId?: string; name?: string }) => { groupId: string; name: string } | undefined) | undefined,
): { id: string; name: string; label?: string; userRole?: string } | undefined {
  switch (HOLDER_TYPES[grant.holderType]?.reach) {
    case 'project_role':
      return grant.holder ? { id: jiraProjectRoleId(projectId, grant.holder), name: '', label: grant.holder } : undefined;
    case 'group': {
      // Records read before parameter and value were kept separately hold value ?? parameter in `holder`: it is
      // tried as an id, then as a name.
      const groupId = grant.value ?? grant.holder;
      const name = grant.parameter ?? grant.holder;
      if (!resolveGroup) return grant.value ? { id: jiraGroupRoleId(grant.value), name: '', label: name } : undefined;
      const group = resolveGroup({ ...(groupId ? { groupId } : {}), ...(name ? { name } : {}) });
      return group ? { id: jiraGroupRoleId(group.groupId), name: '', label: group.name } : undefined;
    }
    case 'user':
      return grant.holder ? { id: jiraProjectUserRoleId(projectId, grant.holder), name: `direct grant in ${projectKey}`, label: grant.holder, userRole: grant.holder } : undefined;
    case 'project_lead': {
      const lead = projectLeads.get(projectId);
      return lead ? { id: jiraProjectLeadRoleId(projectId), name: `lead of ${projectKey}`, label: lead, userRole: lead } : undefined;
    }
    default:
      return undefined;
  }
}
