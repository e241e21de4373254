/**
 * Azure DevOps service connections (service endpoints) of each project: credentials pipelines use to reach Azure,
 * GitHub, Jira and other services.
 * Endpoint: GET https://dev.azure.com/{org}/{project}/_apis/serviceendpoint/endpoints?api-version=7.1, {count, value}.
 * https://learn.microsoft.com/rest/api/azure/devops/serviceendpoint/endpoints/get-service-endpoints
 * Quirks: authorization.parameters holds credential material (masked or not, depending on the scheme): only
 * authorization.scheme is kept. The mapping document has no row for these yet; they become connection nodes
 * (service_endpoint) created by their creator.
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { toRequestTarget } from '../automation/request-target';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import { adoServiceEndpointId, ownerForIdentityRef, type AdoIdentityRef } from './node-ids';

export interface ServiceEndpoint {
  projectName: string;
  id: string;
  name: string;
  type: string;
  url?: string;
  host?: string;
  /** authorization.scheme: ServicePrincipal, WorkloadIdentityFederation, UsernamePassword, Token, None, ... */
  authorizationScheme?: string;
  createdBy?: AdoIdentityRef;
  isShared?: boolean;
  isReady?: boolean;
}

const str = z.string().nullish();

export const serviceEndpointSchema = z
  .looseObject({
    projectName: z.string(),
    id: z.string().min(1),
    name: z.string(),
    type: z.string(),
    url: str,
    authorization: z.looseObject({ scheme: str }).nullish(),
    createdBy: z.looseObject({ id: str, uniqueName: str, displayName: str, descriptor: str }).nullish(),
    isShared: z.boolean().nullish(),
    isReady: z.boolean().nullish(),
  })
  .transform((raw): ServiceEndpoint => {
    const target = raw.url ? toRequestTarget(raw.url) : undefined;
    const createdBy = raw.createdBy;
    return {
      projectName: raw.projectName,
      id: raw.id,
      name: raw.name,
      type: raw.type,
      ...(target?.url ? { url: target.url } : {}),
      ...(target?.host ? { host: target.host } : {}),
      ...(raw.authorization?.scheme ? { authorizationScheme: raw.authorization.scheme } : {}),
      ...(createdBy
        ? {
            createdBy: {
              ...(createdBy.id ? { id: createdBy.id } : {}),
              ...(createdBy.uniqueName ? { uniqueName: createdBy.uniqueName } : {}),
              ...(createdBy.displayName ? { displayName: createdBy.displayName } : {}),
              ...(createdBy.descriptor ? { descriptor: createdBy.descriptor } : {}),
            },
          }
        : {}),
      ...(typeof raw.isShared === 'boolean' ? { isShared: raw.isShared } : {}),
      ...(typeof raw.isReady === 'boolean' ? { isReady: raw.isReady } : {}),
    };
  });

export async function fetchServiceEndpoints(client: AzureDevOpsClient, projectNames: readonly string[], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<ServiceEndpoint>> {
  const records: ServiceEndpoint[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const answers = await map(projectNames, (projectName) => unlessNotFound(() => client.getAll(ADO_HOSTS.core, client.orgPath(projectName, '_apis/serviceendpoint/endpoints'), { 'api-version': '7.1' })));
  for (const [i, projectName] of projectNames.entries()) {
    const items = answers[i];
    if (items === undefined) continue; // deleted since it was listed
    const tagged = items.map((item) => (typeof item === 'object' && item !== null ? { ...item, projectName } : item));
    const parsed = parseRecords(tagged, serviceEndpointSchema, { system: 'azuredevops', endpoint: '/{org}/{project}/_apis/serviceendpoint/endpoints' });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

export function serviceEndpointsToGraph(endpoints: readonly ServiceEndpoint[], _context: GraphContext, organization: string): GraphFragment {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const endpoint of endpoints) {
    const id = adoServiceEndpointId(organization, endpoint.projectName, endpoint.id);
    const scheme = endpoint.authorizationScheme;
    nodes.set(id, {
      id,
      kind: 'connection',
      system: 'azuredevops',
      name: `${endpoint.type} service connection ${endpoint.name}`,
      props: {
        subtype: 'service_endpoint',
        nativeId: `${endpoint.projectName}/${endpoint.id}`,
        ...(endpoint.host ? { host: endpoint.host } : {}),
        ...(endpoint.url ? { url: endpoint.url } : {}),
        connectorId: endpoint.type,
        ...(scheme ? { sendsCredential: scheme.toLowerCase() !== 'none', credentialMechanism: scheme } : {}),
      },
    });
    const owner = endpoint.createdBy ? ownerForIdentityRef(organization, endpoint.createdBy) : undefined;
    if (owner) {
      nodes.set(owner.id, owner);
      edges.push({ kind: 'CREATED_BY', from: id, to: owner.id, basis: 'observed', reason: 'service connection creator' });
    }
  }
  return { nodes: [...nodes.values()], edges };
}
