import { invoke } from './bridge';

/** issue `issue/permissions`: whether the caller may triage the ticket's finding from the panel. */
export function getIssuePermissions() {
  return invoke<{ canTriage: boolean }>('issue/permissions');
}
