/**
 * Jira datasets -> graph fragment (docs/graph-mapping.md "Jira"). Missing datasets contribute nothing; the sync
 * status records why they are missing.
 */
import type { GraphFragment, StreamedFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import type { GraphBuilder, GraphContext } from '../source-step';
import { JIRA_DATASETS } from './extraction-steps';
import { jiraProjectsToGraph, type JiraProject } from './fetch-projects';
import { jiraUsersToGraph, jiraIdentityId, type JiraUser } from './users';
import { joinGroupSlices, jiraGroupsFragment, type JiraGroupWithMembers } from './groups';
import { jiraProjectRolesFragment, type JiraProjectRole } from './project-roles';
import { browseAudiences, jiraSchemesToGraph, jiraProjectResourceId, type JiraProjectScheme } from './permission-schemes';
import { auditRecordsToGraph, jiraAccountEnds, type AuditRecord } from './audit-records';
import type { AccountAudit } from '../../model/person';
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

/** What jiraParts asks for next: a dataset it needs, or a fragment it made for the graph. */
type JiraStep = { need: keyof JiraDatasets } | { fragment: GraphFragment | StreamedFragment };

/**
 * Jira's fragments in the order they join the graph, asking for each dataset just before its first use (the answer
 * comes back through next()), so a dataset is garbage after its last use and each fragment once the graph holds it:
 * at 140,000 people the users, the group members and the edge objects they make were hundreds of MB held together.
 * One order for both drivers: jiraToGraph answers from datasets in hand, the builder reads them from storage.
 */
function* jiraParts(context: GraphContext, siteName: string): Generator<JiraStep, void, unknown> {
  function* need<K extends keyof JiraDatasets>(name: K): Generator<JiraStep, JiraDatasets[K], unknown> {
    return (yield { need: name }) as JiraDatasets[K];
  }
  const projects = (yield* need('projects')) ?? [];
  const permissionSchemes = (yield* need('permissionSchemes')) ?? [];
  const projectKeys = new Map(projects.map((p) => [p.id, p.key]));
  const projectLeads = new Map(projects.map((p) => [p.id, p.lead?.accountId]));
  const audiences = new Map(permissionSchemes.map((scheme) => [scheme.projectId, browseAudiences(scheme)]));
  yield { fragment: jiraProjectsToGraph(projects, context, audiences) };
  const organisation = yield* need('organisation');
  yield { fragment: jiraUsersToGraph((yield* need('users')) ?? [], context, organisation) };
  const groups = yield* need('groups');
  yield { fragment: jiraGroupsFragment(groups ?? [], siteName) };
  yield { fragment: jiraProjectRolesFragment((yield* need('projectRoles')) ?? [], groups ?? [], projectKeys) };
  yield { fragment: jiraSchemesToGraph(permissionSchemes, projectLeads, projectKeys, groups) };
  yield { fragment: auditRecordsToGraph((yield* need('auditRecords')) ?? []) };
  yield { fragment: jiraAppScopesToGraph(context, projects) };
}

/** Jira's part of the graph as one fragment, from datasets already read (tests, tools). */
export function jiraToGraph(data: JiraDatasets, context: GraphContext, siteName: string): GraphFragment {
  const whole: GraphFragment = { nodes: [], edges: [] };
  const parts = jiraParts(context, siteName);
  for (let step = parts.next(); !step.done; ) {
    if ('need' in step.value) {
      step = parts.next(data[step.value.need]);
      continue;
    }
    for (const node of step.value.fragment.nodes) whole.nodes.push(node);
    for (const edge of step.value.fragment.edges) whole.edges.push(edge);
    step = parts.next();
  }
  return whole;
}

const inactiveAccounts = (users: readonly JiraUser[] | undefined) => new Set((users ?? []).filter((u) => u.active === false).map((u) => u.accountId));

/** Jira's part of the graph, from the datasets of this sync. `siteName` is the Jira site's host. */
export function jiraGraphBuilder(siteName: string): GraphBuilder {
  return {
    system: 'jira',
    async build(read, context) {
      // Group member lists are read with includeInactiveUsers=false; one kept from an earlier sync (the audit log
      // said the group did not change) may still name an account deactivated since: the users list decides.
      let inactive: Set<string> | undefined;
      let accountEnds: AccountAudit[] = [];
      const datasets: { [K in keyof JiraDatasets]-?: () => Promise<JiraDatasets[K]> } = {
        projects: () => read(JIRA_DATASETS.projects),
        users: async () => {
          const users = await read<JiraUser>(JIRA_DATASETS.users);
          inactive ??= inactiveAccounts(users);
          return users;
        },
        groups: async () => {
          const records = await read<JiraGroupWithMembers>(JIRA_DATASETS.groups);
          const skip = (inactive ??= inactiveAccounts(await read<JiraUser>(JIRA_DATASETS.users)));
          return records && joinGroupSlices(records).map((g) => ({ ...g, memberAccountIds: g.memberAccountIds.filter((id) => !skip.has(id)) }));
        },
        projectRoles: () => read(JIRA_DATASETS.projectRoles),
        permissionSchemes: () => read(JIRA_DATASETS.permissionSchemes),
        auditRecords: async () => {
          const records = await read<AuditRecord>(JIRA_DATASETS.auditRecords);
          accountEnds = jiraAccountEnds(records ?? []);
          return records;
        },
        // Read here, not handed in by the build: the Entra organization datasets of this sync are the same ones the
        // Entra builder turns into the egress boundary (GraphContribution.verifiedDomains).
        organisation: () => readOrganisationDomains(read, context.settings),
      };
      async function* fragments(): AsyncGenerator<GraphFragment | StreamedFragment> {
        const parts = jiraParts(context, siteName);
        for (let step = parts.next(); !step.done; ) {
          if ('need' in step.value) {
            step = parts.next(await datasets[step.value.need]());
            continue;
          }
          yield step.value.fragment;
          step = parts.next();
        }
      }
      return { fragment: fragments(), accountEnds: () => accountEnds };
    },
  };
}
