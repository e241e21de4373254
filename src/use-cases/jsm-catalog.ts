/**
 * The JSM service desks and request types the app can use, for the Settings pickers, read as the app (the app
 * creates the tickets, so what it can see is what counts):
 *   GET /rest/servicedeskapi/servicedesk                                      (start/limit/isLastPage)
 *   GET /rest/servicedeskapi/servicedesk/{id}/requesttype                     (start/limit/isLastPage)
 *   GET /rest/servicedeskapi/servicedesk/{id}/requesttype/{id}/field          (not paged)
 * https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-servicedesk/
 */
import { z } from 'zod';
import { AppError } from '../shared/errors';
import { checkRequestTypeFields } from '../settings/request-type-check';
import type { RequestTypeCheck, RequestTypeOption, ServiceDeskOption } from '../api/contract';
import type { JiraAppPorts } from './ports';

const pageSchema = z.looseObject({ isLastPage: z.boolean().optional(), values: z.array(z.unknown()) });
const deskSchema = z.looseObject({ id: z.string(), projectKey: z.string(), projectName: z.string().optional() });
const requestTypeSchema = z.looseObject({ id: z.string(), name: z.string(), description: z.string().optional() });
const MAX_PAGES = 20;

async function getJson({ asApp }: JiraAppPorts, path: string): Promise<unknown> {
  const response = await asApp(path, { headers: { Accept: 'application/json' } });
  if (response.status === 404) throw new AppError('NOT_FOUND', 'Jira Service Management did not find it; is JSM installed on this site?');
  if (response.status === 401 || response.status === 403) throw new AppError('FORBIDDEN', 'The app may not read this service desk: add the app to the service desk or check its permissions');
  if (response.status !== 200) throw new AppError('SOURCE_UNAVAILABLE', `JSM answered HTTP ${response.status}; try again`);
  return JSON.parse(await response.text()) as unknown;
}

async function pages<T>(ports: JiraAppPorts, path: string, item: z.ZodType<T>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 0, start = 0; page < MAX_PAGES; page++) {
    const parsed = pageSchema.safeParse(await getJson(ports, `${path}${path.includes('?') ? '&' : '?'}start=${start}&limit=50`));
    if (!parsed.success) throw new AppError('SOURCE_BAD_RESPONSE', 'JSM answered with something that is not a page');
    for (const value of parsed.data.values) {
      const record = item.safeParse(value);
      if (record.success) out.push(record.data);
    }
    if (parsed.data.isLastPage !== false || parsed.data.values.length === 0) break;
    start += parsed.data.values.length;
  }
  return out;
}

export async function listServiceDesks(ports: JiraAppPorts): Promise<ServiceDeskOption[]> {
  const desks = await pages(ports, '/rest/servicedeskapi/servicedesk', deskSchema);
  return desks.map((d) => ({ id: d.id, projectKey: d.projectKey, projectName: d.projectName ?? d.projectKey }));
}

export async function listRequestTypes(ports: JiraAppPorts, serviceDeskId: string): Promise<RequestTypeOption[]> {
  const types = await pages(ports, `/rest/servicedeskapi/servicedesk/${encodeURIComponent(serviceDeskId)}/requesttype`, requestTypeSchema);
  return types.map((t) => ({ id: t.id, name: t.name, ...(t.description ? { description: t.description } : {}) }));
}

export async function checkRequestType(ports: JiraAppPorts, serviceDeskId: string, requestTypeId: string): Promise<RequestTypeCheck> {
  return checkRequestTypeFields(await getJson(ports, `/rest/servicedeskapi/servicedesk/${encodeURIComponent(serviceDeskId)}/requesttype/${encodeURIComponent(requestTypeId)}/field`));
}
