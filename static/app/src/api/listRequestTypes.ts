import { invoke } from './bridge';
import type { RequestTypeOption } from './types';

/** admin `jsm/request-types`: the request types of a service desk. */
export function listRequestTypes(serviceDeskId: string) {
  return invoke<RequestTypeOption[]>('jsm/request-types', { serviceDeskId });
}
