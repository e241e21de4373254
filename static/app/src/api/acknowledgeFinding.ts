import { invoke } from './bridge';
import type { FindingActionResponse } from './types';

/** admin `findings/acknowledge` (a scope drift's acknowledgement re-baselines its principal). */
export function acknowledgeFinding(id: string, note?: string) {
  return invoke<FindingActionResponse>('findings/acknowledge', note ? { id, note } : { id });
}
