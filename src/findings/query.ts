/**
 * Filtering, sorting and paging of finding rows for the lists. Pure, over the compact row index the sync writes, so
 * a list of thousands answers well inside a resolver's 25 s.
 */
import { SEVERITY_RANK } from '../checks/check';
import type { Severity } from '../checks/check';
import type { NodeKind } from '../model/schema';
import type { Finding, FindingStatus } from './finding';
import type { OwnerDetail } from './owner-detail';

/** A finding as the list shows it. */
export interface FindingRow {
  id: string;
  check: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  /** `agent`: an AI agent's type in words (src/model/agents.ts), for the list's agent mark. */
  subject: { id: string; kind: NodeKind; name: string; agent?: string };
  /** Systems the chain crosses (entra, jira, powerautomate, azuredevops, m365). */
  systems: string[];
  owners: string[];
  /** The owners with who left and when (rows written before this field existed have only `owners`). */
  ownerDetails?: OwnerDetail[];
  summary: string;
  lastSeenAt: string;
  ticketKey?: string;
}

export interface FindingFilters {
  severity?: Severity[];
  check?: string[];
  system?: string[];
  status?: FindingStatus[];
  owner?: string;
  search?: string;
  /** A root-cause group id (findings/groups): only its findings. */
  group?: string;
}

export type FindingSortField = 'severity' | 'check' | 'subject' | 'status' | 'lastSeenAt';

/** admin: findings/list (project: project/findings takes the same filters/sort/page) */
export interface FindingListRequest {
  filters?: FindingFilters;
  sort?: { field: FindingSortField; direction: 'asc' | 'desc' };
  page?: { offset: number; limit: number };
}

export interface FindingListResponse {
  total: number;
  rows: FindingRow[];
  /** Values available for the filter pickers. */
  facets: { checks: Array<{ id: string; title: string }>; systems: string[]; owners: string[] };
}

export const MAX_PAGE_SIZE = 200;
const STATUS_ORDER = { open: 0, acknowledged: 1, risk_accepted: 2, resolved: 3 } as const;

export function toFindingRow(finding: Finding, owners: readonly string[], ownerDetails?: readonly OwnerDetail[]): FindingRow {
  return {
    id: finding.id,
    check: finding.check,
    title: finding.title,
    severity: finding.severity,
    status: finding.status,
    subject: finding.subject,
    systems: [...new Set(finding.chainNodes.map((n) => n.system).filter((s) => s !== 'people'))].sort(),
    owners: [...owners],
    ...(ownerDetails && ownerDetails.length > 0 ? { ownerDetails: [...ownerDetails] } : {}),
    summary: finding.summary,
    lastSeenAt: finding.lastSeenAt,
    ...(finding.ticketKey ? { ticketKey: finding.ticketKey } : {}),
  };
}

function matches(row: FindingRow, filters: FindingFilters): boolean {
  if (filters.severity?.length && !filters.severity.includes(row.severity)) return false;
  if (filters.check?.length && !filters.check.includes(row.check)) return false;
  if (filters.system?.length && !row.systems.some((s) => filters.system?.includes(s))) return false;
  if (filters.status?.length ? !filters.status.includes(row.status) : row.status === 'resolved') return false;
  if (filters.owner && !row.owners.some((o) => o.toLowerCase().includes(filters.owner?.toLowerCase() ?? ''))) return false;
  if (filters.search) {
    const needle = filters.search.toLowerCase();
    if (![row.summary, row.subject.name, row.title, row.check, row.id, row.ticketKey ?? ''].some((v) => v.toLowerCase().includes(needle))) return false;
  }
  return true;
}

const COMPARE: Record<FindingSortField, (a: FindingRow, b: FindingRow) => number> = {
  severity: (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  check: (a, b) => a.check.localeCompare(b.check),
  subject: (a, b) => a.subject.name.localeCompare(b.subject.name),
  status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
  lastSeenAt: (a, b) => a.lastSeenAt.localeCompare(b.lastSeenAt),
};

export function queryFindingRows(rows: readonly FindingRow[], request: FindingListRequest): FindingListResponse {
  const filters = request.filters ?? {};
  const sort = request.sort ?? { field: 'severity', direction: 'desc' };
  const direction = sort.direction === 'asc' ? 1 : -1;
  const offset = Math.max(0, Math.floor(request.page?.offset ?? 0));
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(request.page?.limit ?? 50)));
  const filtered = rows
    .filter((row) => matches(row, filters))
    .sort((a, b) => direction * COMPARE[sort.field](a, b) || a.check.localeCompare(b.check) || a.id.localeCompare(b.id));
  return {
    total: filtered.length,
    rows: filtered.slice(offset, offset + limit),
    facets: {
      checks: [...new Map(rows.map((r) => [r.check, { id: r.check, title: r.title }])).values()].sort((a, b) => a.id.localeCompare(b.id)),
      systems: [...new Set(rows.flatMap((r) => r.systems))].sort(),
      owners: [...new Set(rows.flatMap((r) => r.owners))].sort(),
    },
  };
}
