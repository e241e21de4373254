/** CSV and JSON exports of findings and of the access review. CSV cells are quoted and formula-neutralised. */
import { readDataset } from '../../store/dataset-store';
import { ACCESS_REVIEW_DATASET, type AccessReviewRow } from '../../sync/read-models';
import { LATEST_FINISHED_KEY } from '../../sync/sync-state';
import type { ExportFile } from '../api/contract';
import { kvsStore } from '../adapters/kvs-store';
import { readFindingRows } from './finding-reads';

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
  return [header.map(csvCell).join(','), ...rows.map((row) => header.map((h) => csvCell(row[h])).join(','))].join('\r\n') + '\r\n';
}

export async function exportFindings(format: 'csv' | 'json'): Promise<ExportFile> {
  const rows = (await readFindingRows()).filter((r) => r.status !== 'resolved');
  const flat = rows.map((r) => ({ id: r.id, severity: r.severity, check: r.check, status: r.status, subject: r.subject.name, subjectKind: r.subject.kind, systems: r.systems, owners: r.owners, summary: r.summary, lastSeenAt: r.lastSeenAt, ticket: r.ticketKey ?? '' }));
  if (format === 'json') return { fileName: 'securityv0-findings.json', mimeType: 'application/json', content: JSON.stringify(flat, null, 2) };
  return { fileName: 'securityv0-findings.csv', mimeType: 'text/csv', content: toCsv(Object.keys(flat[0] ?? { id: '' }), flat) };
}

export async function exportAccessReview(format: 'csv' | 'json'): Promise<ExportFile> {
  const syncId = await kvsStore.get<string>(LATEST_FINISHED_KEY);
  const rows = syncId ? ((await readDataset<AccessReviewRow>(kvsStore, syncId, ACCESS_REVIEW_DATASET)) ?? []) : [];
  if (format === 'json') return { fileName: 'securityv0-access-review.json', mimeType: 'application/json', content: JSON.stringify(rows, null, 2) };
  return { fileName: 'securityv0-access-review.csv', mimeType: 'text/csv', content: toCsv(['projectKey', 'projectName', 'sensitivity', 'who', 'whoKind', 'how'], rows as unknown as Array<Record<string, unknown>>) };
}
