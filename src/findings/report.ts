/**
 * The findings report: what `npm run scan -- --json` prints and what the admin page's JSON export downloads, one
 * shape for both (README "Scan CLI"). Counts are per check over the findings listed.
 *
 *   { tenant, counts: { <check>: n }, findings: [{ id, check, severity, status, subject: { id, kind, name },
 *     summary, chain }], tickets: [{ key, findingId, status }] }
 */
import type { Finding } from './finding';

export interface ReportFinding {
  id: string;
  check: string;
  severity: string;
  status: string;
  subject: { id: string; kind: string; name: string };
  summary: string;
  chain: string[];
}

export interface ReportTicket {
  key: string;
  findingId: string;
  status: string;
}

export interface FindingsReport {
  tenant: string;
  counts: Record<string, number>;
  findings: ReportFinding[];
  tickets: ReportTicket[];
}

export function toReportFinding(f: ReportFinding | Pick<Finding, 'id' | 'check' | 'severity' | 'status' | 'subject' | 'summary' | 'chain'>): ReportFinding {
  return { id: f.id, check: f.check, severity: f.severity, status: f.status, subject: { id: f.subject.id, kind: f.subject.kind, name: f.subject.name }, summary: f.summary, chain: [...f.chain] };
}

export function countByCheck(findings: ReadonlyArray<{ check: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.check] = (counts[f.check] ?? 0) + 1;
  return counts;
}

/** The report of these findings; tickets are the ones the app recorded on them. */
export function buildFindingsReport(tenant: string, findings: readonly Finding[]): FindingsReport {
  return {
    tenant,
    counts: countByCheck(findings),
    findings: findings.map(toReportFinding),
    tickets: findings
      .filter((f) => f.ticketKey)
      .map((f) => ({ key: f.ticketKey as string, findingId: f.id, status: f.ticketStatus ?? 'unknown' }))
      .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true })),
  };
}
