/** An owner as the pages show them: who, and whether and when they left. */
export interface OwnerDetail {
  name: string;
  email?: string;
  kind: 'person' | 'group' | 'service_principal';
  /** true once any system says they left (or, for a group, that no member is active). */
  departed?: boolean;
  /** When they left, when known: exact from a leave date or an audit record, "on or before" when first seen gone. */
  leftAt?: string;
  leftAtSource?: 'leave-date' | 'jira-audit' | 'entra-audit' | 'first-seen';
  /** What says they left: "Atlassian account inactive; Entra account disabled". */
  reason?: string;
}
