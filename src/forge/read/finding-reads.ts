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
import type { FindingDetail } from '../../api/contract';
import type { OwnerDetail } from '../../findings/owner-detail';
import { blastRadiusOf, insightOf, latestSyncId, rootCauseGroups } from './surfaces';
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

/**
 * The rows a list request covers before its filters: all, or only `onlyIds` (a project's), and only the findings of
 * one root-cause group when the request names one.
 */
export async function rowsInScope(request: FindingListRequest, onlyIds?: ReadonlySet<string>): Promise<FindingRow[]> {
  const rows = await readFindingRows();
  const groupId = request.filters?.group;
  const group = groupId ? (await rootCauseGroups()).find((g) => g.id === groupId) : undefined;
  if (groupId && !group) throw new AppError('NOT_FOUND', `No group ${groupId} in the last scan`);
  const inGroup = group ? new Set(group.findingIds) : undefined;
  return rows.filter((r) => (!onlyIds || onlyIds.has(r.id)) && (!inGroup || inGroup.has(r.id)));
}

export async function listFindings(request: FindingListRequest, onlyIds?: ReadonlySet<string>): Promise<FindingListResponse> {
  return queryFindingRows(await rowsInScope(request, onlyIds), request);
}

export async function findingDetail(id: string): Promise<FindingDetail> {
  const finding = await findingEntityStore.get(id);
  if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
  return detailWithOwners(finding);
}

/**
 * A finding's detail with the owners the last sync recorded for its subject (kept on its row, with who left and
 * when), and what the build step worked out for it: its insight (fixes, impact, drift), its principal's blast
 * radius and the root-cause groups it is in.
 */
export async function detailWithOwners(finding: Finding): Promise<FindingDetail> {
  const [rows, seen, syncId] = await Promise.all([readStoredRows(), readSeenFindings(kvsStore), latestSyncId()]);
  const row = rows.find((r) => r.id === finding.id);
  const insight = syncId ? await insightOf(finding.id, syncId) : undefined;
  const [blast, groups] = await Promise.all([insight?.principalId && syncId ? blastRadiusOf(insight.principalId, syncId) : Promise.resolve(undefined), syncId ? rootCauseGroups(syncId) : Promise.resolve([])]);
  const detail = detailOf(withLastSeen(finding, seen), row?.ownerDetails ?? (row?.owners ?? []).map((name) => ({ name, kind: 'person' as const })));
  const mine = groups.filter((g) => g.findingIds.includes(finding.id)).map((g) => ({ id: g.id, kind: g.kind, title: g.title, size: g.findingIds.length }));
  return { ...detail, ...(insight ? { insight } : {}), ...(blast ? { blast } : {}), ...(mine.length ? { groups: mine } : {}) };
}

export function detailOf(finding: Finding, recorded: readonly OwnerDetail[] = []): FindingDetail {
  const check = checkById(finding.check);
  if (!check) throw new AppError('NOT_FOUND', `Finding ${finding.id} comes from an unknown check ${finding.check}`);
  const known = new Set(recorded.map((o) => o.name));
  const fromChain = finding.chainNodes.filter((n) => n.kind === 'owner' && !known.has(n.name)).map((n) => ({ name: n.name, kind: 'person' as const }));
  const owners: OwnerDetail[] = [...recorded, ...fromChain];
  const chainText = finding.chainNodes.map((n) => n.name).join(' → ');
  const ownerText = (o: OwnerDetail) => (o.departed ? `${o.name} (left${o.leftAt ? ` ${o.leftAtSource === 'first-seen' ? 'by' : 'on'} ${o.leftAt.slice(0, 10)}` : ''})` : o.name);
  return {
    finding,
    check: check.metadata,
    sections: {
      whatHappened: finding.summary,
      amIExposed: `${check.metadata.risk}${chainText ? ` Access chain: ${chainText}.` : ''}`,
      whoOwnsIt: owners.length > 0 ? owners.map(ownerText).join(', ') : 'No owner is recorded for it.',
      howToFix: check.metadata.remediation,
    },
    owners,
  };
}

/** Writes changed findings and their rows, the rows once however many changed (a group triaged together). */
async function saveChanged(findings: readonly Finding[]): Promise<void> {
  if (findings.length === 0) return;
  await findingEntityStore.saveMany(findings);
  const byId = new Map(findings.map((f) => [f.id, f]));
  const rows = await readStoredRows();
  const updated = rows.map((r) => {
    const finding = byId.get(r.id);
    return finding ? toFindingRow(finding, r.owners, r.ownerDetails) : r;
  });
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
  await saveChanged([updated]);
  await rebaselineFor(updated);
  return updated;
}

/**
 * Acknowledges every open finding of `ids` with one rows write, by the same rule as one at a time; the others
 * (already acknowledged, accepted or resolved) are left as they are and reported as skipped.
 */
export async function acknowledgeMany(ids: readonly string[], accountId: string, note: string | undefined): Promise<{ acknowledged: Finding[]; skipped: string[] }> {
  const at = new Date().toISOString();
  const acknowledged: Finding[] = [];
  const skipped: string[] = [];
  for (const id of ids) {
    const finding = await findingEntityStore.get(id);
    if (!finding || finding.status !== 'open') skipped.push(id);
    else acknowledged.push(acknowledgeFinding(finding, accountId, at, note));
  }
  await saveChanged(acknowledged);
  for (const finding of acknowledged) await rebaselineFor(finding);
  return { acknowledged, skipped };
}

export async function acceptRisk(id: string, until: string, justification: string, accountId: string): Promise<Finding> {
  const finding = await findingEntityStore.get(id);
  if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
  const updated = acceptFindingRisk(finding, until, justification, accountId, new Date().toISOString());
  await saveChanged([updated]);
  return updated;
}
