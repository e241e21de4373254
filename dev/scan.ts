/**
 * The scan CLI: replays every sync of a tenant directory through the app's real handlers in the local Forge runtime
 * and prints the findings after the last one.
 *
 *   npm run --silent scan -- --tenant <dir> [--json]
 *
 * Exit codes: 0 done, 1 the scan failed, 2 bad arguments or a tenant directory that breaks docs/tenant-format.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configureTenant, invokeAdmin, replaySyncs, startLocalStack, type LocalStack } from './harness';
import { TenantFormatError } from './fake/tenant';
import { countByCheck, toReportFinding, type FindingsReport, type ReportFinding, type ReportTicket } from '../src/findings/report';

type ScanFinding = ReportFinding;
export type ScanTicket = ReportTicket;
/** The report's shape is shared with the admin page's JSON export (src/findings/report.ts). */
export type ScanReport = FindingsReport;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { tenant: string; json: boolean } {
  let tenant: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--tenant') tenant = argv[++i];
    else if (arg?.startsWith('--tenant=')) tenant = arg.slice('--tenant='.length);
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else throw new UsageError(`Unknown argument: ${arg ?? ''}`);
  }
  if (!tenant) throw new UsageError('Missing --tenant <dir>');
  return { tenant, json };
}

export interface ScanOptions {
  /** Settings to apply over tenant.json's before the first sync (e.g. a ticketing minimum severity). */
  settings?: Record<string, unknown>;
  /** Called with the running stack before each sync, for tests that inject faults. */
  beforeSync?: (stack: LocalStack, syncName: string) => void;
}

export async function scanTenant(tenantDir: string, options: ScanOptions = {}): Promise<ScanReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-scan-'));
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack({ tenantDir, dataDir });
    await configureTenant(stack, options.settings);
    const running = stack;
    await replaySyncs(stack, undefined, (name) => options.beforeSync?.(running, name));
    const all: Array<ScanFinding & { ticketKey?: string; ticketStatus?: string }> = [];
    for (let offset = 0; ; offset += 200) {
      const listed = await invokeAdmin(stack, 'findings/list', { page: { offset, limit: 200 } });
      if (!listed.ok) throw new Error(`findings/list refused: ${listed.error.message}`);
      const { total, rows } = listed.data as { total: number; rows: Array<{ id: string }> };
      for (const row of rows) {
        const detail = await invokeAdmin(stack, 'findings/get', { id: row.id });
        if (!detail.ok) throw new Error(`findings/get ${row.id} refused: ${detail.error.message}`);
        all.push((detail.data as { finding: ScanFinding & { ticketKey?: string; ticketStatus?: string } }).finding);
      }
      if (offset + rows.length >= total) break;
    }
    return {
      tenant: stack.cloud.tenant.json.name,
      counts: countByCheck(all),
      findings: all.map(toReportFinding),
      tickets: stack.cloud.jira.issues.issues
        .map((issue) => ({ key: issue.key, findingId: String((issue.properties['sv0-finding'] as { findingId?: string } | undefined)?.findingId ?? issue.labels.find((l) => l.startsWith('sv0-F-'))?.slice(4) ?? ''), status: issue.status }))
        .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true })),
    };
  } finally {
    await stack?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Scanned names go to a terminal: control characters (escape sequences that move the cursor or rewrite the screen)
 * and bidirectional overrides (which reorder what is shown) are replaced.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd').replace(/[\r\n\t]+/g, ' ');
}

export function formatTable(report: ScanReport): string {
  const lines = [`Tenant ${printable(report.tenant)}: ${report.findings.length} findings`, ''];
  for (const [check, n] of Object.entries(report.counts)) lines.push(`  ${String(n).padStart(4)}  ${check}`);
  lines.push('');
  for (const f of report.findings) lines.push(`${f.severity.padEnd(8)} ${f.check.padEnd(30)} ${printable(f.summary)}`);
  if (report.tickets.length > 0) {
    lines.push('', `JSM tickets (${report.tickets.length}):`);
    for (const t of report.tickets) lines.push(`  ${printable(t.key).padEnd(10)} ${printable(t.status).padEnd(20)} ${t.findingId}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  let args: { tenant: string; json: boolean };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error && error.message ? `${error.message}\n` : '';
    process.stderr.write(`${message}Usage: npm run --silent scan -- --tenant <tenant dir> [--json]\n`);
    process.exit(2);
  }
  // Handlers log to the console; keep stdout for the report alone.
  console.log = (...parts: unknown[]) => void process.stderr.write(`${parts.map(String).join(' ')}\n`);
  try {
    const report = await scanTenant(path.resolve(args.tenant));
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatTable(report)}\n`);
  } catch (error) {
    if (error instanceof TenantFormatError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
