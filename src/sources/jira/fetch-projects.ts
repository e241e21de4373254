/**
 * Jira projects.
 * Endpoint: GET /rest/api/3/project/search?expand=lead,description (PageBean, maxResults up to 100).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-search-get
 * Quirk: Project.id is a string; only projects the caller may browse or administer are returned.
 */
import { z } from 'zod';
import type { JiraClient } from './jira-client';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import type { GraphContext } from '../source-step';
import { ownerIdForAtlassianAccount } from '../owner-ids';

export const JIRA_PROJECT_PAGE_SIZE = 100;

/**
 * Project leaves every field optional. id (what grants and rules name) and key (what sensitivity settings name) are
 * the facts the checks need; without them a project is quarantined. A missing name falls back to the key, and a lead
 * without an accountId is an unknown lead, not a reason to lose the project.
 */
export const jiraProjectSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  name: z.string().optional(),
  projectTypeKey: z.string().optional(),
  /** "classic" (company-managed: the site's project roles) or "next-gen" (team-managed: roles of its own). */
  style: z.string().optional(),
  lead: z.looseObject({ accountId: z.string().optional(), displayName: z.string().nullish() }).nullish(),
  projectCategory: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).nullish(),
});

export type JiraProject = z.infer<typeof jiraProjectSchema>;

export async function fetchProjects(jira: JiraClient): Promise<ParsedRecords<JiraProject>> {
  const raw = await jira.getAllPageBeanValues('/rest/api/3/project/search?expand=lead,description', JIRA_PROJECT_PAGE_SIZE);
  return parseRecords(raw, jiraProjectSchema, { system: 'jira', endpoint: '/rest/api/3/project/search' });
}

/**
 * Projects as resources, classified by settings (sensitivity by project key), owned by their lead. `audiences`: what
 * each project's permission scheme opens browsing to beyond named principals (permission-schemes.ts browseAudiences),
 * for the projects whose scheme was read.
 */
export function jiraProjectsToGraph(projects: readonly JiraProject[], context: GraphContext, audiences: ReadonlyMap<string, string[]> = new Map()): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const project of projects) {
    const classification = context.settings.sensitivity.jiraProjects[project.key];
    const id = nodeId('jira', 'resource', project.id);
    nodes.push({
      id,
      kind: 'resource',
      system: 'jira',
      name: project.name ? `${project.key} ${project.name}` : project.key,
      props: {
        subtype: 'jira_project',
        nativeId: project.id,
        key: project.key,
        sensitivity: classification?.level ?? context.settings.defaultSensitivity,
        businessDomain: classification?.businessDomain ?? project.projectCategory?.name,
        ...(audiences.has(project.id) ? { browseAudiences: audiences.get(project.id) } : {}),
      },
    });
    if (project.lead?.accountId) edges.push({ kind: 'OWNED_BY', from: id, to: ownerIdForAtlassianAccount(project.lead.accountId), basis: 'observed', reason: 'project lead' });
  }
  return { nodes, edges };
}
