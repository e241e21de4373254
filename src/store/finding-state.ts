/**
 * The state of every finding as the last build step left it, stored as one compressed dataset, so that a resync's
 * build step reads what it reconciles against without listing every `finding` entity: at 140,000 people that
 * listing was 19,700 entities, each compressed on its own (about 2,300 of Forge's 10 KB quota units, a fifth of the
 * step's reads), where the same findings compressed together are a few hundred.
 *
 * The entities stay the record; the state is a copy that is never trusted alone:
 * - What is written after the build step took its state (an admin's triage, the ticket step) is read back from
 *   the entities (FindingStore.listEditedSince, every write of which is stamped with its writer and time) and
 *   laid over the state. The state's time is taken before the build step reads anything, so an edit made while it
 *   runs is read back next time; writers' clocks may differ by CLOCK_SKEW_MS.
 * - The pointer to the state is removed before the build step writes or deletes any finding and set again once
 *   the state matches what it wrote: a build step cut short leaves no state, and the next one lists every entity.
 * - A state older than FULL_LISTING_EVERY_MS is not used either: at least once a week every entity is listed.
 * Decision: docs/decisions/0017-finding-state.md.
 */
import type { Finding } from '../findings/finding';
import { shareStrings } from '../shared/share-strings';
import { readDataset, writeDataset } from './dataset-store';
import type { FindingStore } from './finding-store';
import type { KeyValueStore } from './key-value-store';
import { FINDING_STATE_DATASET, FINDING_STATE_KEY, STATE_SCOPE } from './layout';

/** Writers' clocks may differ by this much: an edit stamped up to this long before the state's time is read back. */
export const CLOCK_SKEW_MS = 10 * 60_000;
export const FULL_LISTING_EVERY_MS = 7 * 86_400_000;

interface StatePointer {
  /** When the build step that wrote the state began reading (ISO): edits from then on are read back. */
  takenAt: string;
  count: number;
}

export interface StoredFindings {
  findings: Finding[];
  /** Where they came from: the state with the edits since laid over it, or a listing of every entity. */
  from: 'state' | 'listing';
  /** When the reading began: the time of the state the caller writes next (writeFindingState). */
  takenAt: string;
}

/** Every stored finding, from the last state and what was edited since when it may be used, else listed. */
export async function readStoredFindings(store: KeyValueStore, findings: FindingStore, now: () => string = () => new Date().toISOString()): Promise<StoredFindings> {
  const takenAt = now();
  const pointer = await store.get<StatePointer>(FINDING_STATE_KEY);
  const fresh = pointer && Date.parse(takenAt) - Date.parse(pointer.takenAt) < FULL_LISTING_EVERY_MS;
  const state = fresh ? await readDataset<Finding>(store, STATE_SCOPE, FINDING_STATE_DATASET) : undefined;
  // Held by the build step through reconciliation and saving: one instance of each string (a chain's ids and names
  // recur across thousands of findings) halves what they hold.
  const pool = new Map<string, string>();
  if (!pointer || !state || state.length !== pointer.count) return { findings: shareStrings(await findings.listAll(), pool), from: 'listing', takenAt };
  shareStrings(state, pool);
  const edited = shareStrings(await findings.listEditedSince(new Date(Date.parse(pointer.takenAt) - CLOCK_SKEW_MS).toISOString()), pool);
  const byId = new Map(state.map((f) => [f.id, f]));
  for (const finding of edited) byId.set(finding.id, finding);
  return { findings: [...byId.values()], from: 'state', takenAt };
}

/** Called before the build step writes or deletes a finding: until the state is written again, there is none. */
export async function dropFindingState(store: KeyValueStore): Promise<void> {
  await store.delete(FINDING_STATE_KEY);
}

/** The findings exactly as the build step left them stored (those it wrote and those it did not), as of `takenAt`. */
export async function writeFindingState(store: KeyValueStore, takenAt: string, findings: readonly Finding[]): Promise<void> {
  // In the state scope, not a sync's: rewritten in place, a delta against the last one.
  await writeDataset(store, STATE_SCOPE, FINDING_STATE_DATASET, findings);
  await store.set(FINDING_STATE_KEY, { takenAt, count: findings.length } satisfies StatePointer);
}
