import { invoke } from './bridge';
import type { FindingDetail } from './types';

/** admin `findings/get`. */
export function getFinding(id: string) {
  return invoke<FindingDetail>('findings/get', { id });
}
