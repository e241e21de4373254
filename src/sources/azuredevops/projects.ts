/**
 * Azure DevOps projects.
 * Endpoint: GET https://dev.azure.com/{org}/_apis/projects?api-version=7.1&$top=100, {count, value}, continued with
 * x-ms-continuationtoken. https://learn.microsoft.com/rest/api/azure/devops/core/projects/list
 * Sensitivity comes from settings.sensitivity.adoProjects, keyed "org/project name".
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import { adoProjectResourceId } from './node-ids';

export const ADO_PROJECTS_PAGE_SIZE = 100;

export const adoProjectSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  state: z.string().nullish(),
  visibility: z.string().nullish(),
  lastUpdateTime: z.string().nullish(),
});
export type AdoProject = z.infer<typeof adoProjectSchema>;

export async function fetchAdoProjects(client: AzureDevOpsClient, pageSize = ADO_PROJECTS_PAGE_SIZE): Promise<ParsedRecords<AdoProject>> {
  const items = await client.getAll(ADO_HOSTS.core, client.orgPath('_apis/projects'), { 'api-version': '7.1', $top: String(pageSize) });
  return parseRecords(items, adoProjectSchema, { system: 'azuredevops', endpoint: '/{org}/_apis/projects' });
}

export function adoProjectsToGraph(projects: readonly AdoProject[], context: GraphContext, organization: string): GraphFragment {
  const nodes: GraphNode[] = projects.map((project) => {
    const classification = context.settings.sensitivity.adoProjects[`${organization}/${project.name}`];
    return {
      id: adoProjectResourceId(organization, project.id),
      kind: 'resource',
      system: 'azuredevops',
      name: `${organization}/${project.name}`,
      props: {
        subtype: 'ado_project',
        nativeId: project.id,
        key: project.name,
        sensitivity: classification?.level ?? context.settings.defaultSensitivity,
        ...(classification?.businessDomain ? { businessDomain: classification.businessDomain } : {}),
      },
    };
  });
  return { nodes, edges: [] };
}
