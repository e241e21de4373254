/**
 * Which objects' activity evidence a resync reads again. Evidence (a flow's latest runs, a service hook's
 * deliveries, a service connection's executions) has no change feed, and is read for one purpose: dormant_authority
 * asks whether the newest evidence of a principal falls inside the dormancy window (src/checks/dormant-authority.ts,
 * lastEvidence). Reading again can only find newer evidence, so while the last read's newest still falls inside the
 * window with a day to spare, no read can change that answer, and the object's last records are kept.
 *
 * Read again: objects not read last time or with no evidence then (they may have woken up); objects whose own
 * record changed since (a saved flow may run as another connection, and its old runs must not vouch for the new
 * one); objects whose newest evidence is within a day of leaving the window; and everything when the last full read
 * is FULL_READ_EVERY_DAYS old (read-mark.ts), which bounds how old a kept "last run" date can be.
 */
import { withinFullReadBound, type ReadMark } from './read-mark';

/** Kept evidence must stay inside the window by this much, for the day-granular dormancy comparison. */
export const EVIDENCE_MARGIN_MS = 24 * 60 * 60 * 1000;

export interface EvidenceHorizon {
  mark: ReadMark | undefined;
  observedAt: string;
  dormancyWindowDays: number;
}

/**
 * The keys whose last evidence may be kept. `unchanged(key)` says the object's own record is the same as at the last
 * read; `newest` is, per key, the newest evidence time the last read found (ISO).
 */
export function keptEvidence(keys: Iterable<string>, newest: ReadonlyMap<string, string>, unchanged: (key: string) => boolean, horizon: EvidenceHorizon): Set<string> {
  const kept = new Set<string>();
  if (!withinFullReadBound(horizon.mark, horizon.observedAt)) return kept;
  const oldestKept = Date.parse(horizon.observedAt) - horizon.dormancyWindowDays * 86_400_000 + EVIDENCE_MARGIN_MS;
  for (const key of keys) {
    const at = newest.get(key);
    if (at !== undefined && Date.parse(at) >= oldestKept && unchanged(key)) kept.add(key);
  }
  return kept;
}

/** The newest of each key's times (records without a readable time are skipped). */
export function newestBy<T>(records: readonly T[], keyOf: (record: T) => string, timeOf: (record: T) => string | undefined): Map<string, string> {
  const newest = new Map<string, string>();
  for (const record of records) {
    const at = timeOf(record);
    if (at === undefined || Number.isNaN(Date.parse(at))) continue;
    const key = keyOf(record);
    const seen = newest.get(key);
    if (seen === undefined || Date.parse(at) > Date.parse(seen)) newest.set(key, at);
  }
  return newest;
}

/** The records of the kept keys from the last read, then fresh ones, in the order of `keys` (as a full read stores them). */
export function mergeEvidence<T>(keys: readonly string[], kept: ReadonlySet<string>, previous: readonly T[], fresh: readonly T[], keyOf: (record: T) => string): T[] {
  const group = (records: readonly T[]) => {
    const by = new Map<string, T[]>();
    for (const record of records) {
      const key = keyOf(record);
      const list = by.get(key);
      if (list) list.push(record);
      else by.set(key, [record]);
    }
    return by;
  };
  const before = group(previous);
  const now = group(fresh);
  return keys.flatMap((key) => (kept.has(key) ? (before.get(key) ?? []) : (now.get(key) ?? [])));
}
