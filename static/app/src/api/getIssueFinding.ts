import { invoke } from './bridge';
import type { IssueFindingResponse } from './types';

/** issue `issue/finding`: the finding linked to this ticket, or `detail: null`. */
export function getIssueFinding() {
  return invoke<IssueFindingResponse>('issue/finding');
}
