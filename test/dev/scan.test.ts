/** The scan CLI refuses bad input clearly, with exit code 2, and prints only JSON on stdout with --json. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatTable, printable } from '../../dev/scan';
import { writeTestTenant } from '../support/tenant-builder';

const APP_DIR = path.resolve(__dirname, '../..');
const scan = (...args: string[]) => spawnSync(process.execPath, [path.join(APP_DIR, 'node_modules/tsx/dist/cli.mjs'), 'dev/scan.ts', ...args], { cwd: APP_DIR, encoding: 'utf8' });

it('exits 2 naming the file and field of a broken tenant directory', () => {
  const dir = writeTestTenant();
  fs.writeFileSync(path.join(dir, 'syncs', '01-only', 'sync.json'), JSON.stringify({ at: 'yesterday' }));
  const result = scan('--tenant', dir, '--json');
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(path.join(dir, 'syncs', '01-only', 'sync.json'));
  expect(result.stderr).toMatch(/at: /);
  expect(result.stdout).toBe('');
});

it('exits 2 with usage when --tenant is missing or unknown arguments are given', () => {
  for (const args of [[], ['--tenant'], ['--frobnicate']]) {
    const result = scan(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: npm run --silent scan -- --tenant <tenant dir> [--json]');
  }
});

it('prints a single JSON document on stdout with --json, logs going to stderr', () => {
  const result = scan('--tenant', writeTestTenant(), '--json');
  expect(result.status).toBe(0);
  const report = JSON.parse(result.stdout) as { tenant: string; counts: Record<string, number>; findings: unknown[]; tickets: unknown[] };
  expect(report.tenant).toBe('test-tenant');
  expect(Array.isArray(report.findings)).toBe(true);
  expect(report.tickets).toEqual([]);
});

it('prints scanned names without control characters or direction overrides', () => {
  expect(printable('Evil\u001b[2J\u001b[Hrule\u202eexe.txt\r\nnext')).toBe('Evil\ufffd[2J\ufffd[Hrule\ufffdexe.txt next');
  const table = formatTable({ tenant: 't\u0007', counts: { external_egress: 1 }, findings: [{ id: 'F-1', check: 'external_egress', severity: 'MEDIUM', status: 'open', subject: { id: 's', kind: 'workload', name: 'x' }, summary: 'Rule \u001b]0;owned\u0007 sends out', chain: [] }], tickets: [] });
  // eslint-disable-next-line no-control-regex -- asserting their absence
  expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
});
