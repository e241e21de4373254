/**
 * The Jira-native extraction steps, in order. Later steps read the projects and groups datasets written by earlier
 * ones. Dataset names: jira.<entity>.
 */
import type { ExtractionStep, StepContext } from '../source-step';
import type { JiraClient } from './jira-client';
import { fetchProjects, type JiraProject } from './fetch-projects';
import { fetchJiraUsers, type JiraUser } from './users';
import { fetchJiraGroups, joinGroupSlices, type JiraGroupWithMembers } from './groups';
import { fetchProjectRoles, type JiraProjectRole } from './project-roles';
import { fetchPermissionSchemes, type JiraProjectScheme } from './permission-schemes';
import { fetchAuditRecords, fetchAuditRecordsSince, type AuditRecord } from './audit-records';
import { jiraChangesSince } from './changes';
import { incrementalBase, parseReadMark, withinFullReadBound } from '../read-mark';
import { AppError } from '../../shared/errors';

export const JIRA_DATASETS = {
  projects: 'jira.projects',
  users: 'jira.users',
  groups: 'jira.groups',
  projectRoles: 'jira.projectRoles',
  permissionSchemes: 'jira.permissionSchemes',
  auditRecords: 'jira.auditRecords',
} as const;

/** Audit records are read for this many days before the sync (the widest evidence window settings allow). */
export const AUDIT_LOOKBACK_DAYS = 90;

export function jiraExtractionSteps(jira: JiraClient, observedAt: () => string | undefined): ExtractionStep[] {
  const readProjects = async (read: <T>(dataset: string) => Promise<T[] | undefined>) => {
    const projects = await read<JiraProject>(JIRA_DATASETS.projects);
    if (!projects) throw new AppError('SOURCE_UNAVAILABLE', 'Jira projects were not read, so their roles and schemes cannot be', { system: 'jira' });
    return projects;
  };
  const projectIds = async (read: <T>(dataset: string) => Promise<T[] | undefined>) => (await readProjects(read)).map((p) => p.id);
  const now = () => observedAt() ?? new Date().toISOString();
  /**
   * A resync's view of what changed: the last sync's records of `dataset` and the audit-log changes since it, when
   * the incremental path may be trusted (changes.ts); undefined means read everything.
   */
  const sinceLast = async <T>(context: StepContext, dataset: string) => {
    const mark = parseReadMark(context.previousCursor);
    // Read only what reading less would use: on a full read (first sync, or the last full read too old) neither the
    // last records nor this sync's audit log (at 140,000 people 7 MB compressed, for each of three steps and each
    // slice of them) is needed.
    if (!withinFullReadBound(mark, now())) return undefined;
    const previous = await context.previous<T>(dataset);
    const audit = previous ? await context.read<AuditRecord>(JIRA_DATASETS.auditRecords) : undefined;
    const base = incrementalBase(mark, previous, audit, now());
    return base && previous && audit ? { previous, changes: jiraChangesSince(audit, base.readAt), fullAt: base.fullAt } : undefined;
  };
  const markOf = (fullAt: string | undefined) => JSON.stringify({ fullAt: fullAt ?? now(), readAt: now() });
  return [
    {
      id: 'jira:projects',
      system: 'jira',
      label: 'Jira projects',
      dataset: JIRA_DATASETS.projects,
      // project/search lists only what the app may browse.
      emptyMeansMissingPermission: "Jira lists only the projects the app can browse; check that the app's project access (the atlassian-addons-project-access role) was not removed from the permission schemes",
      run: () => fetchProjects(jira),
    },
    {
      id: 'jira:users',
      system: 'jira',
      label: 'Jira users and app users',
      dataset: JIRA_DATASETS.users,
      // users/search answers [] to an app without the Browse users and groups global permission, and the app's own
      // user is always there otherwise.
      emptyMeansMissingPermission: 'Jira answers an empty user list when the app lacks the "Browse users and groups" global permission; grant it to the app in Jira settings > System > Global permissions',
      run: () => fetchJiraUsers(jira),
    },
    {
      // Before groups, schemes and roles: their resync reads only what this log says changed.
      id: 'jira:audit-records',
      system: 'jira',
      label: 'Jira audit log',
      dataset: JIRA_DATASETS.auditRecords,
      collection: 'events',
      run: async (context) => {
        const windowStart = new Date(Date.parse(now()) - AUDIT_LOOKBACK_DAYS * 86_400_000).toISOString();
        const mark = parseReadMark(context.previousCursor);
        const previous = mark ? await context.previous<AuditRecord>(JIRA_DATASETS.auditRecords) : undefined;
        const result = mark && previous ? await fetchAuditRecordsSince(jira, previous, mark.readAt, windowStart) : await fetchAuditRecords(jira, windowStart);
        return { ...result, cursor: markOf(mark && previous ? mark.fullAt : undefined) };
      },
    },
    {
      id: 'jira:groups',
      system: 'jira',
      label: 'Jira groups and members',
      dataset: JIRA_DATASETS.groups,
      run: async (context) => {
        const since = await sinceLast<JiraGroupWithMembers>(context, JIRA_DATASETS.groups);
        // The users this sync listed: a user the log names is asked for its groups only when it is one of them.
        const users = since && since.changes.members.size > 0 ? await context.read<JiraUser>(JIRA_DATASETS.users) : undefined;
        const accounts = users ? { known: new Set(users.map((u) => u.accountId)), active: new Set(users.filter((u) => u.active !== false).map((u) => u.accountId)) } : undefined;
        const result = await fetchJiraGroups(
          jira,
          context.map,
          since ? { previous: joinGroupSlices(since.previous), changed: since.changes.groups, members: since.changes.members, ...(accounts ? { accounts } : {}) } : undefined,
        );
        return { ...result, cursor: markOf(since?.fullAt) };
      },
    },
    {
      id: 'jira:permission-schemes',
      system: 'jira',
      label: 'Jira permission schemes',
      dataset: JIRA_DATASETS.permissionSchemes,
      run: async (context) => {
        const since = await sinceLast<JiraProjectScheme>(context, JIRA_DATASETS.permissionSchemes);
        const unchanged = since && !since.changes.schemes ? since.previous : undefined;
        const result = await fetchPermissionSchemes(jira, await projectIds(context.read), context.map, unchanged);
        return { ...result, cursor: markOf(unchanged ? since?.fullAt : undefined) };
      },
    },
    {
      id: 'jira:project-roles',
      system: 'jira',
      label: 'Jira project roles',
      dataset: JIRA_DATASETS.projectRoles,
      run: async (context) => {
        const since = await sinceLast<JiraProjectRole>(context, JIRA_DATASETS.projectRoles);
        const schemes = await context.read<JiraProjectScheme>(JIRA_DATASETS.permissionSchemes);
        const result = await fetchProjectRoles(jira, await readProjects(context.read), schemes, context.map, since ? { previous: since.previous, changedProjects: since.changes.roleProjects } : undefined);
        return { ...result, cursor: markOf(since?.fullAt) };
      },
    },
  ];
}
