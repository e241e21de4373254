/**
 * The triage actions: acknowledge (one finding, or a root-cause group's open ones), accept a risk until a date, and
 * the rebaseline an acknowledged scope drift brings. A change is written to the finding and to its list row, kept in
 * step, the rows once however many findings changed.
 */
import { acceptFindingRisk, acknowledgeFinding } from '../findings/actions';
import type { Finding } from '../findings/finding';
import { AppError } from '../shared/errors';
import { readDataset } from '../store/dataset-store';

import type { GroupActionResponse } from '../api/contract';
import type { FindingPorts, StorePorts, TriagePorts } from './ports';
import { rootCauseGroups } from './surfaces';
import { LATEST_FINISHED_KEY, REACH_DATASET } from '../store/layout';
import { readBaselines, updateFindingRows, writeBaselines } from '../store/state-store';

/** Writes changed findings and their rows, the rows once however many changed (a group triaged together). */
async function saveChanged(ports: FindingPorts, findings: readonly Finding[]): Promise<void> {
  if (findings.length === 0) return;
  await ports.findings.saveMany(findings);
  await updateFindingRows(ports.store, findings, { keepLastSeenAt: false });
}

/**
 * Acknowledging a scope drift moves that principal's baseline to what it reaches now (the reach the last finished
 * sync recorded), so the same reach is not reported again; other principals' baselines stay as they are.
 */
export async function rebaselineFor({ store }: StorePorts, finding: Finding): Promise<void> {
  if (finding.check !== 'scope_drift') return;
  const syncId = await store.get<string>(LATEST_FINISHED_KEY);
  const reach = syncId ? await readDataset<{ principalId: string; keys: string[] }>(store, syncId, REACH_DATASET) : undefined;
  const current = reach?.find((r) => r.principalId === finding.subject.id);
  if (!current) return;
  await writeBaselines(store, { ...((await readBaselines(store)) ?? {}), [current.principalId]: current.keys });
}

export async function acknowledge(ports: TriagePorts, id: string, accountId: string, note: string | undefined): Promise<Finding> {
  const finding = await ports.findings.get(id);
  if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
  const updated = acknowledgeFinding(finding, accountId, ports.now().toISOString(), note);
  await saveChanged(ports, [updated]);
  await rebaselineFor(ports, updated);
  return updated;
}

/**
 * Acknowledges every open finding of `ids` with one rows write, by the same rule as one at a time; the others
 * (already acknowledged, accepted or resolved) are left as they are and reported as skipped.
 */
export async function acknowledgeMany(ports: TriagePorts, ids: readonly string[], accountId: string, note: string | undefined): Promise<{ acknowledged: Finding[]; skipped: string[] }> {
  const at = ports.now().toISOString();
  const acknowledged: Finding[] = [];
  const skipped: string[] = [];
  for (const id of ids) {
    const finding = await ports.findings.get(id);
    if (!finding || finding.status !== 'open') skipped.push(id);
    else acknowledged.push(acknowledgeFinding(finding, accountId, at, note));
  }
  await saveChanged(ports, acknowledged);
  for (const finding of acknowledged) await rebaselineFor(ports, finding);
  return { acknowledged, skipped };
}

/** Acknowledges the open findings of one root-cause group of the last scan. */
export async function acknowledgeGroup(ports: TriagePorts, groupId: string, accountId: string, note: string | undefined): Promise<GroupActionResponse> {
  const group = (await rootCauseGroups(ports)).find((g) => g.id === groupId);
  if (!group) throw new AppError('NOT_FOUND', `No group ${groupId} in the last scan`);
  const { acknowledged, skipped } = await acknowledgeMany(ports, group.findingIds, accountId, note);
  return { acknowledged: acknowledged.map((f) => f.id), skipped };
}

export async function acceptRisk(ports: TriagePorts, id: string, until: string, justification: string, accountId: string): Promise<Finding> {
  const finding = await ports.findings.get(id);
  if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
  const updated = acceptFindingRisk(finding, until, justification, accountId, ports.now().toISOString());
  await saveChanged(ports, [updated]);
  return updated;
}
