import { invoke } from './bridge';
import type { FindingActionResponse } from './types';

/** issue `issue/accept-risk`: accepts the risk of the ticket's finding until a date. */
export function acceptIssueRisk(id: string, until: string, justification: string) {
  return invoke<FindingActionResponse>('issue/accept-risk', { id, until, justification });
}
