import { invoke } from './bridge';
import type { FindingActionResponse } from './types';

/** issue `issue/acknowledge`: acknowledges the finding of the ticket the panel is on. */
export function acknowledgeIssueFinding(id: string) {
  return invoke<FindingActionResponse>('issue/acknowledge', { id });
}
