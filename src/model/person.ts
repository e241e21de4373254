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

/**
 * The account ends that still stand: an end recorded before the account was last restored (re-enabled, reactivated,
 * undeleted) belongs to an earlier departure, not to the one a person is in now. Each source says which of its
 * records end an account and which restore one; only the ends after each account's last restore are kept.
 */
export function standingAccountEnds(records: ReadonlyArray<AccountAudit & { restores: boolean }>): AccountAudit[] {
  const lastRestore = new Map<string, string>();
  for (const r of records) {
    if (!r.restores) continue;
    const known = lastRestore.get(r.accountId);
    if (known === undefined || r.at > known) lastRestore.set(r.accountId, r.at);
  }
  return records.flatMap((r) => {
    if (r.restores) return [];
    const restored = lastRestore.get(r.accountId);
    return restored !== undefined && r.at <= restored ? [] : [{ at: r.at, accountId: r.accountId, system: r.system }];
  });
}
