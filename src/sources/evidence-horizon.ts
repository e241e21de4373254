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
import { groupBy } from '../shared/group-by';
import type { ParsedRecords } from './parse-records';
import { parseReadMark, withinFullReadBound, type ReadMark } from './read-mark';
import type { StepContext, StepOutput } from './source-step';

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
  const before = groupBy(previous, keyOf);
  const now = groupBy(fresh, keyOf);
  return keys.flatMap((key) => (kept.has(key) ? (before.get(key) ?? []) : (now.get(key) ?? [])));
}

/**
 * An evidence step's whole resync: the objects this sync listed (`objects`, whose dataset is `objectsDataset`), the
 * last read's evidence records (`dataset`), what names an object and what a record belongs to and when, and how to
 * read the evidence of some objects. Keeps the evidence that cannot change a finding, reads the rest, and returns the
 * records in the objects' order with a ReadMark cursor (the last full read carried on while anything was kept).
 */
export async function readEvidenceWhereDue<O, T>(
  context: StepContext,
  observedAt: string,
  spec: {
    objects: readonly O[];
    objectsDataset: string;
    objectKey: (object: O) => string;
    /** What of an object must be unchanged for its evidence to be kept (the whole record by default). */
    objectState?: (object: O) => unknown;
    dataset: string;
    keyOf: (record: T) => string;
    timeOf: (record: T) => string | undefined;
    read: (keys: string[]) => Promise<ParsedRecords<T>>;
  },
): Promise<StepOutput> {
  const keys = [...new Set(spec.objects.map(spec.objectKey))];
  const mark = parseReadMark(context.previousCursor);
  const [objectsBefore, recordsBefore] = mark ? await Promise.all([context.previous<O>(spec.objectsDataset), context.previous<T>(spec.dataset)]) : [undefined, undefined];
  let kept = new Set<string>();
  if (objectsBefore && recordsBefore) {
    const state = (o: O) => JSON.stringify(spec.objectState ? spec.objectState(o) : o);
    const before = new Map(objectsBefore.map((o) => [spec.objectKey(o), state(o)]));
    const current = new Map(spec.objects.map((o) => [spec.objectKey(o), state(o)]));
    kept = keptEvidence(keys, newestBy(recordsBefore, spec.keyOf, spec.timeOf), (key) => current.get(key) !== undefined && current.get(key) === before.get(key), {
      mark,
      observedAt,
      dormancyWindowDays: context.settings.dormancyWindowDays,
    });
  }
  const read = await spec.read(keys.filter((key) => !kept.has(key)));
  const fullAt = kept.size > 0 && mark ? mark.fullAt : observedAt;
  return {
    records: mergeEvidence(keys, kept, recordsBefore ?? [], read.records, spec.keyOf),
    quarantined: read.quarantined,
    cursor: JSON.stringify({ fullAt, readAt: observedAt } satisfies ReadMark),
  };
}
