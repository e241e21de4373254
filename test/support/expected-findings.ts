/**
 * Compares a scan with a tenant's expected.json (test/fixtures/tenants/<name>/expected.json): a finding matches an
 * entry when its check is equal and its subject's name contains the entry's `subject` (case-insensitive), and, for an
 * entry naming a `grant`, when the finding's summary names that grant. Each finding matches at most one entry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReportFinding } from '../../src/findings/report';

export interface ExpectedEntry {
  check: string;
  subject: string;
  severity?: string;
  subjectId?: string;
  grant?: string;
  why?: string;
}

export interface ExpectedFile {
  tenant: string;
  findings: ExpectedEntry[];
  mustNotFire: ExpectedEntry[];
  extras: ExpectedEntry[];
}

export function readExpected(tenantDir: string): ExpectedFile {
  return JSON.parse(fs.readFileSync(path.join(tenantDir, 'expected.json'), 'utf8')) as ExpectedFile;
}

export function matches(entry: ExpectedEntry, finding: ReportFinding): boolean {
  if (finding.check !== entry.check) return false;
  if (!finding.subject.name.toLowerCase().includes(entry.subject.toLowerCase())) return false;
  if (!entry.grant) return true;
  // "credential:client_secret" reads "client secret" in a summary.
  const grant = entry.grant.replace(/^credential:/, '').replaceAll('_', ' ').toLowerCase();
  return finding.summary.toLowerCase().includes(grant);
}

export interface Comparison {
  /** Expected entries no finding matched. */
  missing: ExpectedEntry[];
  /** Findings above LOW that matched no expected entry. */
  unexpected: ReportFinding[];
  /** Negative controls that fired, with the finding. */
  fired: Array<{ entry: ExpectedEntry; finding: ReportFinding }>;
  /** Expected entries whose matched finding has another severity. */
  wrongSeverity: Array<{ entry: ExpectedEntry; finding: ReportFinding }>;
  /** LOW extras no finding matched. */
  missingExtras: ExpectedEntry[];
}

export function compare(expected: ExpectedFile, findings: readonly ReportFinding[]): Comparison {
  const used = new Set<ReportFinding>();
  const claim = (entry: ExpectedEntry): ReportFinding | undefined => {
    const found = findings.find((f) => !used.has(f) && matches(entry, f));
    if (found) used.add(found);
    return found;
  };
  const missing: ExpectedEntry[] = [];
  const wrongSeverity: Comparison['wrongSeverity'] = [];
  for (const entry of expected.findings) {
    const finding = claim(entry);
    if (!finding) missing.push(entry);
    else if (entry.severity && finding.severity !== entry.severity) wrongSeverity.push({ entry, finding });
  }
  const missingExtras = expected.extras.filter((entry) => !claim(entry));
  const fired = expected.mustNotFire.flatMap((entry) => findings.filter((f) => matches(entry, f)).map((finding) => ({ entry, finding })));
  const unexpected = findings.filter((f) => !used.has(f) && f.severity !== 'LOW');
  return { missing, unexpected, fired, wrongSeverity, missingExtras };
}
