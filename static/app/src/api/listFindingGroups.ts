import { invoke } from './bridge';
import type { RootCauseGroupView } from './types';

/** admin `findings/groups`: findings that share a root cause. */
export function listFindingGroups() {
  return invoke<RootCauseGroupView[]>('findings/groups');
}
