/**
 * The Jira-native extraction steps, in order. Later steps read the projects and groups datasets written by earlier
 * ones. Dataset names: jira.<entity>.
 */
import type { ExtractionStep } from '../source-step';
import type { JiraClient } from './jira-client';
import { fetchProjects, type JiraProject } from './fetch-projects';
import { fetchJiraUsers } from './users';
import { fetchJiraGroups } from './groups';
import { fetchProjectRoles } from './project-roles';
import { fetchPermissionSchemes, type JiraProjectScheme } from './permission-schemes';
import { fetchAuditRecords } from './audit-records';
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
  return [
    { id: 'jira:projects', system: 'jira', label: 'Jira projects', dataset: JIRA_DATASETS.projects, run: () => fetchProjects(jira) },
    { id: 'jira:users', system: 'jira', label: 'Jira users and app users', dataset: JIRA_DATASETS.users, run: () => fetchJiraUsers(jira) },
    { id: 'jira:groups', system: 'jira', label: 'Jira groups and members', dataset: JIRA_DATASETS.groups, run: ({ map }) => fetchJiraGroups(jira, map) },
    {
      id: 'jira:permission-schemes',
      system: 'jira',
      label: 'Jira permission schemes',
      dataset: JIRA_DATASETS.permissionSchemes,
      run: async ({ read, map }) => fetchPermissionSchemes(jira, await projectIds(read), map),
    },
    {
      id: 'jira:project-roles',
      system: 'jira',
      label: 'Jira project roles',
      dataset: JIRA_DATASETS.projectRoles,
      run: async ({ read, map }) => fetchProjectRoles(jira, await readProjects(read), await read<JiraProjectScheme>(JIRA_DATASETS.permissionSchemes), map),
    },
    {
      id: 'jira:audit-records',
      system: 'jira',
      label: 'Jira audit log',
      dataset: JIRA_DATASETS.auditRecords,
      run: () => {
        const now = Date.parse(observedAt() ?? new Date().toISOString());
        return fetchAuditRecords(jira, new Date(now - AUDIT_LOOKBACK_DAYS * 86_400_000).toISOString());
      },
    },
  ];
}
