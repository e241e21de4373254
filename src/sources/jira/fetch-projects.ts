/**
 * Jira projects.
 * Endpoint: GET /rest/api/3/project/search?expand=lead,description (PageBean, maxResults up to 100).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-search-get
 * Quirk: Project.id is a string; only projects the caller may browse or administer are returned.
 */
import { z } from 'zod';
import type { JiraClient } from './jira-client';
import { parseRecords, type ParsedRecords } from '../parse-records';

export const JIRA_PROJECT_PAGE_SIZE = 100;

export const jiraProjectSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  projectTypeKey: z.string().optional(),
  lead: z.looseObject({ accountId: z.string(), displayName: z.string().optional() }).optional(),
  projectCategory: z.looseObject({ id: z.string(), name: z.string() }).optional(),
});

export type JiraProject = z.infer<typeof jiraProjectSchema>;

export async function fetchProjects(jira: JiraClient): Promise<ParsedRecords<JiraProject>> {
  const raw = await jira.getAllPageBeanValues('/rest/api/3/project/search?expand=lead,description', JIRA_PROJECT_PAGE_SIZE);
  return parseRecords(raw, jiraProjectSchema, { system: 'jira', endpoint: '/rest/api/3/project/search' });
}
