/**
 * The finding reads behind the admin page, the project page and the issue panel: the compact row index for lists,
 * the entity for details, with what the build step worked out for it. Nothing here writes (triage.ts does).
 */
import { checkById } from '../checks/catalogue';
import { chainText as describeChain } from '../findings/chain-text';
import type { Finding } from '../findings/finding';
import type { OwnerDetail } from '../findings/owner-detail';
import { queryFindingRows, type FindingListRequest, type FindingListResponse, type FindingRow } from '../findings/query';
import { AppError } from '../shared/errors';
import { readSeenFindings, withLastSeen } from '../sync/read-models';
import type { FindingDetail, RootCauseGroupView } from '../api/contract';
import type { FindingPorts, StorePorts } from './ports';
import { blastRadiusOf, insightOf, latestSyncId, rootCauseGroups } from './surfaces';
import { readFindingRows as readRowsAsStored } from '../store/state-store';

/** The rows as the last sync (and triage since) stored them, lastSeenAt as of their own sync. */
export async function readStoredRows({ store }: StorePorts): Promise<FindingRow[]> {
  return readRowsAsStored(store);
}

/** The finding rows, each with its true lastSeenAt. */
export async function readFindingRows(ports: StorePorts): Promise<FindingRow[]> {
  const [rows, seen] = await Promise.all([readStoredRows(ports), readSeenFindings(ports.store)]);
  return rows.map((row) => withLastSeen(row, seen));
}

/**
 * The rows a list request covers before its filters: all, or only `onlyIds` (a project's), and only the findings of
 * one root-cause group when the request names one.
 */
export async function rowsInScope(ports: StorePorts, request: FindingListRequest, onlyIds?: ReadonlySet<string>): Promise<FindingRow[]> {
  const rows = await readFindingRows(ports);
  const groupId = request.filters?.group;
  const group = groupId ? (await rootCauseGroups(ports)).find((g) => g.id === groupId) : undefined;
  if (groupId && !group) throw new AppError('NOT_FOUND', `No group ${groupId} in the last scan`);
  const inGroup = group ? new Set(group.findingIds) : undefined;
  return rows.filter((r) => (!onlyIds || onlyIds.has(r.id)) && (!inGroup || inGroup.has(r.id)));
}

export async function listFindings(ports: StorePorts, request: FindingListRequest, onlyIds?: ReadonlySet<string>): Promise<FindingListResponse> {
  return queryFindingRows(await rowsInScope(ports, request, onlyIds), request);
}

export async function findingDetail(ports: FindingPorts, id: string): Promise<FindingDetail> {
  const finding = await ports.findings.get(id);
  if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
  return detailWithOwners(ports, finding);
}

/**
 * A finding's detail with the owners the last sync recorded for its subject (kept on its row, with who left and
 * when), and what the build step worked out for it: its insight (fixes, impact, drift), its principal's blast
 * radius and the root-cause groups it is in.
 */
export async function detailWithOwners(ports: StorePorts, finding: Finding): Promise<FindingDetail> {
  const [rows, seen, syncId] = await Promise.all([readStoredRows(ports), readSeenFindings(ports.store), latestSyncId(ports)]);
  const row = rows.find((r) => r.id === finding.id);
  const insight = syncId ? await insightOf(ports, finding.id, syncId) : undefined;
  const [blast, groups] = await Promise.all([
    insight?.principalId && syncId ? blastRadiusOf(ports, insight.principalId, syncId) : Promise.resolve(undefined),
    syncId ? rootCauseGroups(ports, syncId) : Promise.resolve([]),
  ]);
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
  const chainText = describeChain(finding.chainNodes);
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

/** The root-cause groups of the last scan, each with how many of its findings are still open. */
export async function rootCauseGroupViews(ports: StorePorts): Promise<RootCauseGroupView[]> {
  const [groups, rows] = await Promise.all([rootCauseGroups(ports), readFindingRows(ports)]);
  const status = new Map(rows.map((r) => [r.id, r.status]));
  return groups.map((g) => ({ ...g, open: g.findingIds.filter((id) => status.get(id) === 'open').length }));
}
