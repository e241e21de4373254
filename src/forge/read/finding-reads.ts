/**
 * Reads and writes behind the finding resolvers: the compact row index for lists, the entity for details, and the
 * actions that change a finding (kept in step in both places).
 */
import { checkById } from '../../checks/catalogue';
import type { BaselineMap } from '../../diff/baselines';
import { acceptFindingRisk, acknowledgeFinding } from '../../findings/actions';
import type { Finding } from '../../findings/finding';
import { queryFindingRows, toFindingRow, type FindingListRequest, type FindingListResponse, type FindingRow } from '../../findings/query';
import { AppError } from '../../shared/errors';
import { readDataset, writeDataset } from '../../store/dataset-store';
import { BASELINE_DATASET, BASELINE_SCOPE, REACH_DATASET } from '../../sync/evaluate-sync';
import { ROWS_DATASET, ROWS_SCOPE, readSeenFindings, withLastSeen } from '../../sync/read-models';
import { LATEST_FINISHED_KEY } from '../../sync/sync-state';
import type { FindingDetail } from '../api/contract';
import { findingEntityStore } from '../adapters/finding-entity-store';
import { kvsStore } from '../adapters/kvs-store';

async function readStoredRows(): Promise<FindingRow[]> {
  return (await readDataset<FindingRow>(kvsStore, ROWS_SCOPE, ROWS_DATASET)) ?? [];
}

/** The finding rows, each with its true lastSeenAt. */
export async function readFindingRows(): Promise<FindingRow[]> {
  const [rows, seen] = await Promise.all([readStoredRows(), readSeenFindings(kvsStore)]);
  return rows.map((row) => withLastSeen(row, seen));
}

export async function listFindings(request: FindingListRequest, onlyIds?: ReadonlySet<string>): Promise<FindingListResponse> {
  const rows = await readFindingRows();
  return queryFindingRows(onlyIds ? rows.filter((r) => onlyIds.has(r.id)) : rows, request);
}

export async function findingDetail(id: string): Promise<FindingDetail> {
  const finding = await findingEntityStore.get(id);
  if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
  return detailWithOwners(finding);
}

/** A finding's detail with the owners the last sync recorded for its subject (kept on its row). */
export async function detailWithOwners(finding: Finding): Promise<FindingDetail> {
  const row = (await readStoredRows()).find((r) => r.id === finding.id);
  return detailOf(withLastSeen(finding, await readSeenFindings(kvsStore)), row?.owners ?? []);
}

export function detailOf(finding: Finding, ownerNames: readonly string[] = []): FindingDetail {
  const check = checkById(finding.check);
  if (!check) throw new AppError('NOT_FOUND', `Finding ${finding.id} comes from an unknown check ${finding.check}`);
  const fromChain = finding.chainNodes.filter((n) => n.kind === 'owner').map((n) => n.name);
  const owners = [...new Set([...ownerNames, ...fromChain])].map((name) => ({ name }));
  const chainText = finding.chainNodes.map((n) => n.name).join(' → ');
  return {
    finding,
    check: check.metadata,
    sections: {
      whatHappened: finding.summary,
      amIExposed: `${check.metadata.risk}${chainText ? ` Access chain: ${chainText}.` : ''}`,
      whoOwnsIt: owners.length > 0 ? owners.map((o) => o.name).join(', ') : 'No owner is recorded for it.',
      howToFix: check.metadata.remediation,
    },
    owners,
  };
}

async function saveChanged(finding: Finding): Promise<void> {
  await findingEntityStore.saveMany([finding]);
  const rows = await readStoredRows();
  const updated = rows.map((r) => (r.id === finding.id ? toFindingRow(finding, r.owners) : r));
  await writeDataset(kvsStore, ROWS_SCOPE, ROWS_DATASET, updated);
}

/** Acknowledging a scope drift moves that principal's baseline to what it reaches now. */
async function rebaselineFor(finding: Finding): Promise<void> {
  if (finding.check !== 'scope_drift') return;
  const syncId = await kvsStore.get<string>(LATEST_FINISHED_KEY);
  const reach = syncId ? await readDataset<{ principalId: string; keys: string[] }>(kvsStore, syncId, REACH_DATASET) : undefined;
  const current = reach?.find((r) => r.principalId === finding.subject.id);
  if (!current) return;
  const stored = (await readDataset<{ principalId: string; keys: string[] }>(kvsStore, BASELINE_SCOPE, BASELINE_DATASET)) ?? [];
  const map: BaselineMap = Object.fromEntries(stored.map((b) => [b.principalId, b.keys]));
  const next: BaselineMap = { ...map, [current.principalId]: current.keys };
  await writeDataset(kvsStore, BASELINE_SCOPE, BASELINE_DATASET, Object.entries(next).sort(([a], [b]) => (a < b ? -1 : 1)).map(([principalId, keys]) => ({ principalId, keys })));
}

export async function acknowledge(id: string, accountId: string, note: string | undefined): Promise<Finding> {
  const finding = await findingEntityStore.get(id);
  if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
  const updated = acknowledgeFinding(finding, accountId, new Date().toISOString(), note);
  await saveChanged(updated);
  await rebaselineFor(updated);
  return updated;
}

export async function acceptRisk(id: string, until: string, justification: string, accountId: string): Promise<Finding> {
  const finding = await findingEntityStore.get(id);
  if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
  const updated = acceptFindingRisk(finding, until, justification, accountId, new Date().toISOString());
  await saveChanged(updated);
  return updated;
}
