/** People as the source directories report them, for correlation (src/correlate/) across systems. */

/** A person as a directory knows them, for correlate/ to decide departure and to join accounts by e-mail. */
export interface PersonRecord {
  email: string;
  displayName?: string;
  /** Entra: disabled, deleted, or leave date passed; undefined when the directory does not say. */
  departed?: boolean;
  departedReason?: string;
  /** The leave date, once it has passed (employeeLeaveDateTime). */
  departedAt?: string;
  entraUserId?: string;
  /** The Entra tenant of entraUserId: an object id is unique only inside its tenant. */
  tenantId?: string;
  department?: string;
}

/**
 * A source's record that an account ended (Jira's audit log "User deactivated", Entra's directory audit "Disable
 * account"): when a departed person left, for the pages (correlate/departures.ts).
 */
export interface AccountAudit {
  at: string;
  /** The account or user the record is about. */
  accountId: string;
  system: 'jira' | 'entra';
}
