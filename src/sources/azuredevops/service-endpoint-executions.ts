/**
 * When each service connection was last used: its execution records (the pipeline jobs that used it).
 * Endpoint: GET https://dev.azure.com/{org}/{project}/_apis/serviceendpoint/{endpointId}/executionhistory
 * ?top=50&api-version=7.1-preview.1, {count, value} (continued by x-ms-continuationtoken).
 * https://learn.microsoft.com/rest/api/azure/devops/serviceendpoint/executionhistory/query
 * Shape: ServiceEndpointExecutionRecord {data: ServiceEndpointExecutionData {id, planType, definition {id, name},
 * owner {id, name}, result, startTime, finishTime}, endpointId} in microsoft/azure-devops-node-api
 * api/interfaces/ServiceEndpointInterfaces.ts (getServiceEndpointExecutionRecords in ServiceEndpointApiBase.ts):
 * every field optional.
 * Quirks: only the first page is read: the newest records are all the evidence needs. A record without any time is
 * quarantined (the one fact it is read for is missing); pipeline and owner names are not kept.
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import { adoUtcDate } from './personal-access-tokens';

export const EXECUTIONS_PAGE_SIZE = 50;

export interface ServiceEndpointExecution {
  projectName: string;
  endpointId: string;
  /** Execution id (within the endpoint). */
  id?: string;
  /** When it finished, else when it started (UTC ISO 8601). */
  at: string;
  result?: string;
  planType?: string;
}

const str = z.string().nullish();

export const serviceEndpointExecutionSchema = z
  .looseObject({
    projectName: z.string(),
    endpointId: z.string().min(1),
    data: z
      .looseObject({ id: z.union([z.number(), z.string()]).nullish(), planType: str, result: str, startTime: str, finishTime: str })
      .nullish(),
  })
  .transform((raw, ctx): ServiceEndpointExecution => {
    const at = adoUtcDate(raw.data?.finishTime ?? undefined) ?? adoUtcDate(raw.data?.startTime ?? undefined);
    if (!at) ctx.addIssue({ code: 'custom', message: 'an execution record needs a startTime or finishTime', path: ['data'] });
    return {
      projectName: raw.projectName,
      endpointId: raw.endpointId,
      ...(raw.data?.id !== undefined && raw.data.id !== null ? { id: String(raw.data.id) } : {}),
      at: at ?? '',
      ...(raw.data?.result ? { result: raw.data.result } : {}),
      ...(raw.data?.planType ? { planType: raw.data.planType } : {}),
    };
  });

const collectionSchema = z.looseObject({ value: z.array(z.unknown()) });

export interface EndpointRef {
  projectName: string;
  id: string;
}

export async function fetchServiceEndpointExecutions(client: AzureDevOpsClient, endpoints: readonly EndpointRef[], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<ServiceEndpointExecution>> {
  const records: ServiceEndpointExecution[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const answers = await map(endpoints, (endpoint) =>
    unlessNotFound(() => client.getPage(ADO_HOSTS.core, client.orgPath(endpoint.projectName, '_apis/serviceendpoint', endpoint.id, 'executionhistory'), { top: String(EXECUTIONS_PAGE_SIZE), 'api-version': '7.1-preview.1' })),
  );
  for (const [i, endpoint] of endpoints.entries()) {
    const answer = answers[i];
    if (answer === undefined) continue; // the connection was deleted since it was listed
    const page = collectionSchema.safeParse(answer.body);
    if (!page.success) {
      throw new AppError('SOURCE_BAD_RESPONSE', 'Azure DevOps service connection execution history did not return {count, value}', { system: 'azuredevops', endpoint: '/{org}/{project}/_apis/serviceendpoint/{id}/executionhistory' });
    }
    const items = page.data.value;
    // The endpoint is the path's; a record may omit it.
    const tagged = items.map((item) => (typeof item === 'object' && item !== null ? { endpointId: endpoint.id, ...item, projectName: endpoint.projectName } : item));
    const parsed = parseRecords(tagged, serviceEndpointExecutionSchema, { system: 'azuredevops', endpoint: '/{org}/{project}/_apis/serviceendpoint/{id}/executionhistory' });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}
