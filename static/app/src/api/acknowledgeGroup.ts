import { invoke } from './bridge';
import type { GroupActionResponse } from './types';

/** admin `findings/acknowledge-group`: acknowledges every open finding of a root-cause group. */
export function acknowledgeGroup(groupId: string, note?: string) {
  return invoke<GroupActionResponse>('findings/acknowledge-group', { groupId, ...(note ? { note } : {}) });
}
