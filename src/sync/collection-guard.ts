/**
 * Missing is not deleted. What a step read is compared with the same collection as the last complete sync stored it
 * before it is kept, so that a bad record, an empty answer or a sudden loss never reads as "these objects are gone":
 * - a record that failed validation keeps its last known state (the last complete sync's record with the same id);
 *   one that cannot be matched to a last known state makes the collection partial;
 * - an empty answer where the last complete sync had items, or a loss of more than half of a collection (the
 *   deletion breaker, per collection), keeps the missing records' last known state and makes the collection
 *   partial, until a later sync sees the same loss again (then it is real: the objects were deleted). An empty
 *   answer that a missing permission explains (Jira's users/search answers [] without Browse users) is never taken
 *   as real.
 * Event collections (audit logs, sign-ins, runs) have no last known state to keep: a record of theirs that fails
 * validation makes them partial, so the checks that need that evidence answer "unknown". Pure.
 */
import type { QuarantinedRecord } from '../sources/parse-records';
import { recordKey } from '../sources/parse-records';

/** A collection losing more than this share of its records at once (with at least BREAKER_MIN_RECORDS before) is held. */
export const BREAKER_SHARE = 0.5;
export const BREAKER_MIN_RECORDS = 20;

export type CollectionKind = 'objects' | 'events';

export interface CollectionInput<T> {
  /** How the collection is named to people, e.g. "Entra users (Contoso)". */
  label: string;
  kind: CollectionKind;
  /** Set when an empty answer is what a missing permission looks like: the sentence that says which. */
  emptyMeansMissingPermission?: string;
  records: readonly T[];
  quarantined: readonly QuarantinedRecord[];
  /** The collection as the last complete sync stored it; undefined when there is none. */
  previous: readonly T[] | undefined;
  /** How many records the last complete sync read (before anything was kept for it); defaults to previous.length. */
  previousCount?: number;
  /**
   * How many records the latest finished sync read, when that sync was not the last complete one: a loss it saw
   * too is a loss confirmed by two reads.
   */
  latestCount?: number;
}

export interface CollectionVerdict<T> {
  /** What to store: what was read, plus the last known state of what is missing for no good reason. */
  records: T[];
  status: 'done' | 'partial';
  /** Why it is partial, or what was kept, in words an admin can act on. */
  reason?: string;
  /** Records kept from the last complete sync. */
  carriedOver: number;
}

/** A collection that went from `before` records to `count` lost enough to hold its removals. */
export function isLoss(count: number, before: number): boolean {
  if (before <= 0) return false;
  return count === 0 || (before >= BREAKER_MIN_RECORDS && count < before * (1 - BREAKER_SHARE));
}

export function guardCollection<T>(input: CollectionInput<T>): CollectionVerdict<T> {
  const { records, quarantined, previous } = input;
  const reasons: string[] = [];
  let partial = false;
  const carried: T[] = [];

  const previousById = new Map<string, T[]>();
  for (const record of previous ?? []) {
    const key = recordKey(record);
    if (key !== undefined) previousById.set(key, [...(previousById.get(key) ?? []), record]);
  }
  const present = new Set(records.map((r) => recordKey(r)).filter((k): k is string => k !== undefined));

  // Records that failed validation: their last known state, when there is one.
  if (quarantined.length > 0) {
    const unmatched: string[] = [];
    for (const q of quarantined) {
      const last = input.kind === 'objects' && q.id !== undefined && !present.has(q.id) ? previousById.get(q.id) : undefined;
      if (last) {
        carried.push(...last);
        present.add(q.id as string);
      } else unmatched.push(q.id ?? `#${q.index}`);
    }
    const first = quarantined[0];
    const what = `${quarantined.length} record${quarantined.length === 1 ? '' : 's'} failed validation (first: ${first?.id ?? `#${first?.index ?? 0}`}: ${first?.issues[0] ?? 'invalid'})`;
    if (unmatched.length > 0) {
      partial = true;
      reasons.push(`${what}; ${unmatched.length} of them ha${unmatched.length === 1 ? 's' : 've'} no last known state, so what they describe is unknown`);
    } else reasons.push(`${what}; they keep their last known state`);
  }

  // An empty answer or a sudden loss, against the same collection's last complete read.
  const before = input.previousCount ?? previous?.length ?? 0;
  if (input.kind === 'objects' && previous && isLoss(records.length + quarantined.length, before)) {
    const explained = records.length === 0 && input.emptyMeansMissingPermission !== undefined;
    const confirmed = !explained && input.latestCount !== undefined && isLoss(input.latestCount, before);
    if (!confirmed) {
      partial = true;
      const missing = [...previousById.entries()].filter(([key]) => !present.has(key));
      for (const [key, list] of missing) {
        carried.push(...list);
        present.add(key);
      }
      const lost = records.length === 0 ? `returned nothing where the last complete sync had ${before}` : `returned ${records.length} where the last complete sync had ${before}`;
      reasons.push(
        explained
          ? `${lost}: ${input.emptyMeansMissingPermission}`
          : `${lost}; the ${missing.length} missing keep their last known state until a later sync sees the same loss`,
      );
    }
  }

  return {
    records: carried.length > 0 ? [...records, ...carried] : [...records],
    status: partial ? 'partial' : 'done',
    ...(reasons.length > 0 ? { reason: `${input.label}: ${reasons.join('; ')}` } : {}),
    carriedOver: carried.length,
  };
}
