/**
 * The second tenant, Tidewell Logistics (test/fixtures/tenants/tidewell: two Entra tenants, Jira, automation, Power
 * Automate, Azure DevOps), through the real handlers: exactly the findings its README tells, none of its negative
 * controls, and exactly its LOW extras. Matching is expected.json's own rule (test/support/expected-findings.ts).
 */
import * as path from 'node:path';
import { scanTenant, type ScanReport } from '../../dev/scan';
import { compare, matches, readExpected, type Comparison, type ExpectedFile } from '../support/expected-findings';

const TIDEWELL = path.resolve(__dirname, '../fixtures/tenants/tidewell');

let report: ScanReport;
let expected: ExpectedFile;
let comparison: Comparison;

beforeAll(async () => {
  expected = readExpected(TIDEWELL);
  report = await scanTenant(TIDEWELL);
  comparison = compare(expected, report.findings);
}, 120_000);

const label = (f: { check: string; subject: { name: string }; summary: string }) => `${f.check}: ${f.subject.name}: ${f.summary}`;

it('raises every finding its README explains, each with its severity', () => {
  expect(comparison.missing.map((e) => `${e.check}: ${e.subject}${e.grant ? ` (${e.grant})` : ''}`)).toEqual([]);
  expect(comparison.wrongSeverity.map(({ entry, finding }) => `${label(finding)} is ${finding.severity}, expected ${entry.severity ?? ''}`)).toEqual([]);
  expect(report.findings.filter((f) => f.severity !== 'LOW')).toHaveLength(expected.findings.length);
});

it('raises nothing else above LOW, and none of its negative controls', () => {
  expect(comparison.unexpected.map(label)).toEqual([]);
  expect(comparison.fired.map(({ entry, finding }) => `${label(finding)} (must not fire: ${entry.why ?? ''})`)).toEqual([]);
});

it('raises exactly its LOW hygiene extras', () => {
  expect(comparison.missingExtras.map((e) => `${e.check}: ${e.subject}`)).toEqual([]);
  const low = report.findings.filter((f) => f.severity === 'LOW');
  expect(low.filter((f) => !expected.extras.some((entry) => matches(entry, f))).map(label)).toEqual([]);
  expect(low).toHaveLength(expected.extras.length);
});

it('is deterministic: the same tenant scanned again gives the same findings, ids included', async () => {
  const again = await scanTenant(TIDEWELL);
  expect(again.findings).toEqual(report.findings);
}, 120_000);
