import { invoke } from './bridge';
import type { ServiceDeskOption } from './types';

/** admin `jsm/service-desks`: the service desks the app can create requests in. */
export function listServiceDesks() {
  return invoke<ServiceDeskOption[]>('jsm/service-desks');
}
