/**
 * When each departed owner left, for the pages ("Carlos Ruiz — left 3 Nov 2026"). Pure.
 *
 * Sources, best first:
 * 1. the Entra leave date once it has passed (employeeLeaveDateTime, on the owner as `departedAt`);
 * 2. the record that ended the account: Jira's audit log "User deactivated" (objectItem = the account id), Entra's
 *    directory audit "Disable account" / "Delete user" (target = the user id), the earliest of them since the account
 *    was last restored (an end before a re-enable was an earlier departure's); each source's builder says which of
 *    its records those are (sources/jira/audit-records.ts jiraAccountEnds,
 *    sources/entra/directory-audits.ts entraAccountEnds) from the records it reads for the graph;
 * 3. the first scan that saw the person gone (`firstSeen`, kept across syncs): the person left on or before it.
 * A person no source dates is still marked as left, with no date.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';
import type { AccountAudit } from '../model/person';

export interface OwnerDeparture {
  /** When they left (exact with `source` leave-date or audit; an upper bound with `first-seen`). */
  at?: string;
  source?: 'leave-date' | 'jira-audit' | 'entra-audit' | 'first-seen';
  reason?: string;
}

/**
 * Every departed owner of the graph (people, not groups) with when they left. `firstSeen` maps an owner id to the
 * clock of the first sync that saw them departed; the caller keeps it and passes `observedAt` for newcomers.
 */
export function ownerDepartures(graph: AccessGraph, audits: readonly AccountAudit[], firstSeen: Readonly<Record<string, string>>, observedAt: string): Map<string, OwnerDeparture> {
  const ends = new Map<string, string>();
  for (const audit of audits) {
    const key = `${audit.system}:${audit.accountId}`;
    const known = ends.get(key);
    if (!known || audit.at < known) ends.set(key, audit.at);
  }
  const result = new Map<string, OwnerDeparture>();
  for (const owner of graph.nodesOfKind('owner')) {
    const p: GraphNode<'owner'>['props'] = owner.props;
    if (p.subtype !== 'person' || p.departed !== true) continue;
    const reason = p.departedReason;
    if (p.departedAt) {
      result.set(owner.id, { at: p.departedAt, source: 'leave-date', ...(reason ? { reason } : {}) });
      continue;
    }
    const audited = [...p.atlassianAccountIds.map((id) => ({ at: ends.get(`jira:${id}`), source: 'jira-audit' as const })), ...p.entraUserIds.map((id) => ({ at: ends.get(`entra:${id}`), source: 'entra-audit' as const }))]
      .filter((x): x is { at: string; source: 'jira-audit' | 'entra-audit' } => x.at !== undefined)
      .sort((a, b) => (a.at < b.at ? -1 : 1))[0];
    if (audited) result.set(owner.id, { ...audited, ...(reason ? { reason } : {}) });
    else result.set(owner.id, { at: firstSeen[owner.id] ?? observedAt, source: 'first-seen', ...(reason ? { reason } : {}) });
  }
  return result;
}

/** The first-seen map with every departed owner added (an owner seen back is dropped, so a later departure dates anew). */
export function nextFirstSeen(previous: Readonly<Record<string, string>>, graph: AccessGraph, observedAt: string): Record<string, string> {
  const next: Record<string, string> = {};
  for (const owner of graph.nodesOfKind('owner')) {
    if (owner.props.subtype === 'person' && owner.props.departed === true) next[owner.id] = previous[owner.id] ?? observedAt;
  }
  return next;
}
