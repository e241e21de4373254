import { invoke } from './bridge';
import type { RequestTypeCheck } from './types';

/** admin `jsm/request-type-fields`: whether the request type's form takes the app's tickets (Labels, Priority). */
export function checkRequestType(serviceDeskId: string, requestTypeId: string) {
  return invoke<RequestTypeCheck>('jsm/request-type-fields', { serviceDeskId, requestTypeId });
}
