import { invoke } from './bridge';
import type { FindingActionResponse } from './types';

/** admin `findings/accept-risk`: until is YYYY-MM-DD; the justification is required. */
export function acceptRisk(id: string, until: string, justification: string) {
  return invoke<FindingActionResponse>('findings/accept-risk', { id, until, justification });
}
