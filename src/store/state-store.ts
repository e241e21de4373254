/**
 * The state that outlives a sync, each written here and only here (names in ./layout.ts): the finding rows the
 * pages read, the scope-drift baselines, and the justifications people recorded through tickets. The sync, the
 * ticket step and the triage use-cases call these rather than write the datasets themselves.
 */
import type { BaselineMap } from '../diff/baselines';
import type { Finding } from '../findings/finding';
import { toFindingRow, type FindingRow } from '../findings/query';
import type { Justification } from '../model/settings';
import { shareStrings } from '../shared/share-strings';
import { readDataset, writeDataset } from './dataset-store';
import type { KeyValueStore } from './key-value-store';
import { BASELINE_DATASET, RECORDED_JUSTIFICATIONS_DATASET, ROWS_DATASET, STATE_SCOPE } from './layout';

export async function readFindingRows(store: KeyValueStore): Promise<FindingRow[]> {
  return (await readDataset<FindingRow>(store, STATE_SCOPE, ROWS_DATASET)) ?? [];
}

/** Every row, as the evaluation built them. */
export async function writeFindingRows(store: KeyValueStore, rows: readonly FindingRow[]): Promise<void> {
  await writeDataset(store, STATE_SCOPE, ROWS_DATASET, rows);
}

/**
 * The rows of findings changed outside an evaluation (triage, a ticket), rewritten from the findings with the owners
 * the evaluation found; the rows written once however many changed. `keepLastSeenAt`: the row keeps the time the
 * last evaluation saw it (the ticket step runs after that evaluation).
 */
export async function updateFindingRows(store: KeyValueStore, changed: readonly Finding[], options: { keepLastSeenAt: boolean }): Promise<void> {
  if (changed.length === 0) return;
  const byId = new Map(changed.map((f) => [f.id, f]));
  const rows = await readFindingRows(store);
  await writeFindingRows(
    store,
    rows.map((r) => {
      const finding = byId.get(r.id);
      if (!finding) return r;
      const row = toFindingRow(finding, r.owners, r.ownerDetails);
      return options.keepLastSeenAt ? { ...row, lastSeenAt: r.lastSeenAt } : row;
    }),
  );
}

/** What each principal could reach when last accepted (scope_drift compares with it). */
export async function readBaselines(store: KeyValueStore): Promise<BaselineMap | undefined> {
  const stored = await readDataset<{ principalId: string; keys: string[] }>(store, STATE_SCOPE, BASELINE_DATASET);
  // Principals reach the same resources: at L 238,000 baseline keys are 6,525 distinct strings, one instance each.
  return stored ? Object.fromEntries(shareStrings(stored).map((b) => [b.principalId, b.keys])) : undefined;
}

export async function writeBaselines(store: KeyValueStore, baselines: BaselineMap): Promise<void> {
  await writeDataset(store, STATE_SCOPE, BASELINE_DATASET, Object.entries(baselines).sort(([a], [b]) => (a < b ? -1 : 1)).map(([principalId, keys]) => ({ principalId, keys })));
}

export async function readRecordedJustifications(store: KeyValueStore): Promise<Justification[]> {
  return (await readDataset<Justification>(store, STATE_SCOPE, RECORDED_JUSTIFICATIONS_DATASET)) ?? [];
}

/** Adds justifications recorded through tickets; one already recorded (same subject, grant and reason) is not added twice. */
export async function recordJustifications(store: KeyValueStore, added: readonly Justification[]): Promise<void> {
  if (added.length === 0) return;
  const current = await readRecordedJustifications(store);
  const key = (j: Justification) => JSON.stringify([j.subject, j.grant, j.reason, j.reference ?? null]);
  const known = new Set(current.map(key));
  const fresh = added.filter((j) => !known.has(key(j)) && known.add(key(j)));
  if (fresh.length > 0) await writeDataset(store, STATE_SCOPE, RECORDED_JUSTIFICATIONS_DATASET, [...current, ...fresh]);
}
