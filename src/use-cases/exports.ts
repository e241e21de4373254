/**
 * CSV and JSON exports of findings (the list's own filters and order) and of the access review.
 * CSV: UTF-8 with a byte-order mark (so spreadsheet apps read names with accents right), CRLF lines, every cell
 * quoted and formula-neutralised. File names carry the day of the export. JSON findings use the scan CLI's report
 * shape (src/findings/report.ts).
 */
import type { Finding, FindingStatus } from '../findings/finding';
import { queryFindingRows, type FindingListRequest, type FindingRow } from '../findings/query';
import { buildFindingsReport } from '../findings/report';
import { readDataset } from '../store/dataset-store';
import { type AccessReviewRow } from '../sync/read-models';
import { type SyncJob } from '../sync/sync-state';
import type { ExportFile } from '../api/contract';
import { rowsInScope } from './finding-reads';
import type { Clock, FindingsByStatus, StorePorts } from './ports';
import { ACCESS_REVIEW_DATASET, LATEST_FINISHED_KEY, historyKey } from '../store/layout';

/** Excel and LibreOffice take a UTF-8 file for their own code page unless it starts with this. */
export const BOM = '\uFEFF';

/**
 * What a spreadsheet may read as the start of a formula (CWE-1236): = + - @, their fullwidth forms (＝ ＋ － ＠, which
 * some spreadsheets normalise), tab, CR and LF, also after leading spaces or line breaks.
 */
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/** Quotes a cell; one that could start a formula is prefixed with ' so spreadsheets never run data as one. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  return BOM + [header.map(csvCell).join(','), ...rows.map((row) => header.map((h) => csvCell(row[h])).join(','))].join('\r\n') + '\r\n';
}

/** `securityv0-findings-2026-11-20.csv`: the day the file was made, so two exports never overwrite each other unseen. */
export function datedFileName(stem: string, format: 'csv' | 'json', at: Date): string {
  return `securityv0-${stem}-${at.toISOString().slice(0, 10)}.${format}`;
}

/** Every row the list request matches, in the list's order (the list pages; an export does not). */
export function matchingRows(rows: readonly FindingRow[], request: FindingListRequest): FindingRow[] {
  const all: FindingRow[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = queryFindingRows(rows, { ...request, page: { offset, limit: 200 } });
    all.push(...page.rows);
    if (offset + page.rows.length >= page.total || page.rows.length === 0) return all;
  }
}

function ownerCell(row: FindingRow): string[] {
  if (!row.ownerDetails?.length) return row.owners;
  return row.ownerDetails.map((o) => (o.departed ? `${o.name} (left${o.leftAt ? ` ${o.leftAtSource === 'first-seen' ? 'by' : 'on'} ${o.leftAt.slice(0, 10)}` : ''})` : o.name));
}

async function siteName({ store }: StorePorts): Promise<string> {
  const syncId = await store.get<string>(LATEST_FINISHED_KEY);
  const job = syncId ? await store.get<SyncJob>(historyKey(syncId)) : undefined;
  try {
    return job?.siteUrl ? new URL(job.siteUrl).host : 'jira';
  } catch {
    return 'jira';
  }
}

/** Exporting findings reads the rows, the findings of the statuses they have, and the day. */
export interface ExportPorts extends StorePorts {
  findingsByStatus: FindingsByStatus;
  now: Clock;
}

export async function exportFindings(ports: ExportPorts, format: 'csv' | 'json', request: FindingListRequest = {}): Promise<ExportFile> {
  const fileName = datedFileName('findings', format, ports.now());
  const rows = matchingRows(await rowsInScope(ports, request), request);
  if (format === 'json') {
    const wanted = new Set(rows.map((r) => r.id));
    const statuses = [...new Set(rows.map((r) => r.status))] as FindingStatus[];
    const byId = new Map((await Promise.all(statuses.map((status) => ports.findingsByStatus(status)))).flat().map((f) => [f.id, f]));
    const findings = rows.map((r) => byId.get(r.id)).filter((f): f is Finding => f !== undefined && wanted.has(f.id));
    return { fileName, mimeType: 'application/json', content: `${JSON.stringify(buildFindingsReport(await siteName(ports), findings), null, 2)}\n`, records: findings.length };
  }
  const header = ['id', 'severity', 'check', 'title', 'status', 'subject', 'subjectKind', 'systems', 'owners', 'summary', 'lastSeenAt', 'ticket'];
  const flat = rows.map((r) => ({ id: r.id, severity: r.severity, check: r.check, title: r.title, status: r.status, subject: r.subject.name, subjectKind: r.subject.kind, systems: r.systems, owners: ownerCell(r), summary: r.summary, lastSeenAt: r.lastSeenAt, ticket: r.ticketKey ?? '' }));
  return { fileName, mimeType: 'text/csv;charset=utf-8', content: toCsv(header, flat), records: flat.length };
}

export async function exportAccessReview(ports: StorePorts & { now: Clock }, format: 'csv' | 'json'): Promise<ExportFile> {
  const { store } = ports;
  const fileName = datedFileName('access-review', format, ports.now());
  const syncId = await store.get<string>(LATEST_FINISHED_KEY);
  const rows = syncId ? ((await readDataset<AccessReviewRow>(store, syncId, ACCESS_REVIEW_DATASET)) ?? []) : [];
  if (format === 'json') return { fileName, mimeType: 'application/json', content: `${JSON.stringify(rows, null, 2)}\n`, records: rows.length };
  return { fileName, mimeType: 'text/csv;charset=utf-8', content: toCsv(['projectKey', 'projectName', 'sensitivity', 'who', 'whoKind', 'how'], rows as unknown as Array<Record<string, unknown>>), records: rows.length };
}
