import { invoke } from './bridge';
import type { Overview } from './types';

/** admin `overview/get`: verdict, counts, last scan, trend and a running scan's progress. */
export function getOverview() {
  return invoke<Overview>('overview/get');
}
