/**
 * When each departed owner left, for the pages ("Carlos Ruiz — left 3 Nov 2026"). Pure.
 *
 * Sources, best first:
 * 1. the Entra leave date once it has passed (employeeLeaveDateTime, on the owner as `departedAt`);
 * 2. the record that ended the account: Jira's audit log "User deactivated" (objectItem = the account id), Entra's
 *    directory audit "Disable account" / "Delete user" (target = the user id), the earliest of them;
 * 3. the first scan that saw the person gone (`firstSeen`, kept across syncs): the person left on or before it.
 * A person no source dates is still marked as left, with no date.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';

export interface OwnerDeparture {
  /** When they left (exact with `source` leave-date or audit; an upper bound with `first-seen`). */
  at?: string;
  source?: 'leave-date' | 'jira-audit' | 'entra-audit' | 'first-seen';
  reason?: string;
}

/** The parts of a Jira audit record and an Entra directory audit this reads. */
export interface AccountAudit {
  at: string;
  /** The account or user the record is about. */
  accountId: string;
  system: 'jira' | 'entra';
}

const JIRA_ENDS = /^user (deactivated|deleted|removed)/i;
const ENTRA_ENDS = /^(disable account|delete user|hard delete user)$/i;

/** Jira audit records that end an account, in the source's own shape. */
export function jiraAccountEnds(records: ReadonlyArray<{ summary?: string; created: string; objectItem?: { id?: string; typeName?: string } }>): AccountAudit[] {
  return records.flatMap((r) => (JIRA_ENDS.test(r.summary ?? '') && r.objectItem?.id ? [{ at: normaliseJiraTime(r.created), accountId: r.objectItem.id, system: 'jira' as const }] : []));
}

/** Entra directory audits that end an account, in Graph's shape. */
export function entraAccountEnds(records: ReadonlyArray<{ activityDisplayName?: string | null; activityDateTime: string; result?: string | null; targetResources?: ReadonlyArray<{ id?: string | null; type?: string | null }> | null }>): AccountAudit[] {
  return records.flatMap((r) => {
    if (!ENTRA_ENDS.test(r.activityDisplayName ?? '') || (r.result && r.result !== 'success')) return [];
    return (r.targetResources ?? []).flatMap((t) => (t.id && (!t.type || /user/i.test(t.type)) ? [{ at: new Date(Date.parse(r.activityDateTime)).toISOString(), accountId: t.id, system: 'entra' as const }] : []));
  });
}

function normaliseJiraTime(value: string): string {
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
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
