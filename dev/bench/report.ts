/** The benchmark's outputs: the console table and docs/benchmarks.md (table, targets, baseline, formulas). */
import type { SyncMeasure } from './app-process';
import { DAILY, HOURLY, scheduleCost, type MonthlyCost, type Usage } from '../../src/sync/cost-model';
import type { MinRow } from './min-requests';
/** Forge's per-installation KVS quota: 4,000 10-KB units a minute of reads, and as many of writes (limits-kvs-ce). */
export const KVS_UNITS_PER_MINUTE = 4000;

/**
 * The least time a slice that spends `units` of one kind (reads, or writes) takes at that quota, alone: a minute's
 * units may all go at once, each further minute's worth waits for the next minute. A lower bound: other steps of
 * the installation spend the same quota.
 */
export function quotaWaitMs(units: number): number {
  return units > 0 ? Math.floor((units - 1) / KVS_UNITS_PER_MINUTE) * 60_000 : 0;
}

export interface ResultRow {
  size: string;
  sync: string;
  requests: number | null;
  minRequests: number | null;
  wallMs: number | null;
  idealWallMs: number | null;
  longestStepMs: number | null;
  /** The least time the step slice that spends the most KVS quota units takes at Forge's quota (SyncMeasure.longestQuotaStep). */
  longestStepQuotaMs: number | null;
  stepBudgetMs: number;
  /** The largest invocation's peak RSS (each invocation measured alone). */
  peakRssMb: number | null;
  /** Peak RSS of each invocation, by kind (function key; resolvers also by resolver key), in order. */
  peakRssMbByKind: Record<string, number[]> | null;
  peakHeapMb: number | null;
  kvsWrites: number | null;
  kvsBytesWritten: number | null;
  kvsBytesRead: number | null;
  entityOps: { reads: number; writes: number; deletes: number; queries: number } | null;
  /** memoryMB / 1024 × seconds over the sync's invocations (trigger and consumer slices). */
  gbSeconds: number | null;
  /** The size's month at Forge's prices above the free allowance: 1 full sync + 29 resyncs (daily), 1 + 719 (hourly), plus the watchdog. */
  monthlyUsdDaily: number | null;
  monthlyUsdHourly: number | null;
  evaluateMs: number | null;
  parseMs: number | null;
}

/** The five-minute watchdog's runs in a 30-day month. */
export const WATCHDOG_RUNS_PER_MONTH = 30 * 24 * 12;

const usageOf = (m: SyncMeasure | undefined): Usage | undefined => (m?.status === 'complete' ? { gbSeconds: m.gbSeconds, kvsBytesRead: m.kvsBytesRead, kvsBytesWritten: m.kvsBytesWritten } : undefined);

/**
 * A month of one size: the full sync measured once, every other run a 1%-churn resync as measured (an hourly resync
 * sees less churn than a daily one, so hourly is an upper bound), and the watchdog's 8,640 runs; undefined unless
 * both syncs completed.
 */
export function monthlyCosts(run: SizeRun): { daily: MonthlyCost; hourly: MonthlyCost } | undefined {
  const full = usageOf(run.syncs[0]?.measure);
  const resync = usageOf(run.syncs[1]?.measure);
  if (!full || !resync) return undefined;
  const watchdog = run.syncs[1]?.measure?.watchdog;
  const fixed = watchdog ? [{ perMonth: WATCHDOG_RUNS_PER_MONTH, usage: { gbSeconds: watchdog.gbSeconds, kvsBytesRead: watchdog.kvsBytesRead, kvsBytesWritten: watchdog.kvsBytesWritten } }] : [];
  return { daily: scheduleCost(DAILY, full, resync, fixed), hourly: scheduleCost(HOURLY, full, resync, fixed) };
}

/** Peak RSS per invocation, grouped by kind: the sync's trigger and consumer slices, then the resolver calls and the watchdog after it. */
export function peaksByKind(m: SyncMeasure): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const i of [...m.invocations, ...(m.resolverCalls ?? []), ...(m.watchdog ? [m.watchdog] : [])]) {
    if (i.memory) (out[i.functionKey] ??= []).push(i.memory.peakRssMb);
  }
  return out;
}

export interface SyncRun {
  sync: string;
  syncName?: string;
  minRequests?: number;
  minRequestsFull?: number;
  minByHost?: Record<string, number>;
  minRows?: MinRow[];
  idealWallMs?: number;
  requests?: number;
  requestsByHost?: Record<string, number>;
  /** Requests by method, host and path with its ids left out (dev/bench/cloud-process.ts endpointOf). */
  requestsByEndpoint?: Record<string, number>;
  measure?: SyncMeasure;
  skipped?: boolean;
  projectedWallMs?: number;
}

export interface SizeRun {
  size: string;
  seed: number;
  latencyScale: number;
  concurrency: number;
  stepBudgetMs: number;
  consumerTimeoutMs: number;
  at: string;
  syncs: SyncRun[];
  notes: string[];
  /** The Forge function memory the app's heap was limited to (0 = unbounded); absent in runs before the limit. */
  appMemoryMb?: number;
  generationMs?: number;
  cloudLoadMs?: number;
  tenantMb?: number;
  counts?: { users: number; servicePrincipals: number; applications: number; projects: number; rules: number; flows: number };
  naive?: { requests?: number; wallMs?: number; items?: number; notFound?: number; errors?: number; projectedWallMs?: number };
}

export interface BenchDocument {
  results: ResultRow[];
  runs: SizeRun[];
  machine: { nproc: number; cpu: string; memoryGb: number; node: string; platform: string };
  date: string;
  totalMs: number;
  options: { sizes: string[]; seed: number; budgetMinutes: number; latencyScale: number; concurrency: number; latencyMs: Record<string, number> };
}

const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1));
const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
const mb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? '—' : (bytes / 1048576).toFixed(1));
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || !b ? undefined : a / b);
const fmt = (r: number | undefined, digits = 2) => (r === undefined ? '—' : r.toFixed(digits));

function statusOf(sync: SyncRun, run: SizeRun): string {
  if (sync.skipped) return `not run (budget; projected ${s(sync.projectedWallMs)} s)`;
  const m = sync.measure;
  if (!m) return 'not run';
  if (m.status === 'aborted at the time budget') return `stopped at the time budget after ${s(m.wallMs)} s${sync.projectedWallMs !== undefined ? ` (projected ${s(sync.projectedWallMs)} s)` : ''}${m.steps.find((st) => st.status === 'pending') ? `, in step ${m.steps.find((st) => st.status === 'pending')?.id ?? '?'}` : ''}`;
  if (m.status === 'out of memory') return `out of memory after ${s(m.wallMs)} s: the app's heap (a ${run.appMemoryMb ?? '?'} MB function's) ran out and V8 ended the process`;
  if (!m.started) return 'not started: the previous job never finished';
  const timeouts = m.invocations.filter((i) => i.outcome === 'timeout').length;
  if (m.status === 'running') {
    const stuck = m.steps.find((st) => st.status === 'pending');
    return `did not finish: consumer timed out (${run.consumerTimeoutMs / 1000} s) in step ${stuck?.id ?? '?'}${timeouts > 1 ? ` (${timeouts} timeouts)` : ''}`;
  }
  return m.status;
}

export function renderTable(doc: BenchDocument): string {
  const header = ['size', 'sync', 'status', 'requests', 'min', 'req/min', 'wall s', 'ideal s', 'longest step s', 'budget s', 'peak RSS MB', 'KVS writes', 'KVS MB', 'evaluate ms', 'parse ms'];
  const rows: string[][] = [];
  for (const run of doc.runs) {
    const resultRows = doc.results.filter((r) => r.size === run.size);
    for (const [i, r] of resultRows.entries()) {
      const sync = run.syncs[i];
      rows.push([r.size, r.sync, sync ? statusOf(sync, run) : 'not run', n(r.requests), n(r.minRequests), fmt(ratio(r.requests, r.minRequests), 3), s(r.wallMs), s(r.idealWallMs), `${s(r.longestStepMs)}${sync?.measure?.longestStep ? ` (${sync.measure.longestStep.id})` : ''}`, s(r.stepBudgetMs), n(r.peakRssMb), n(r.kvsWrites), mb(r.kvsBytesWritten), n(r.evaluateMs), n(r.parseMs)]);
    }
    if (run.naive) rows.push([run.size, 'naive peer', run.naive.requests === undefined ? `not run (projected ${s(run.naive.projectedWallMs)} s)` : `${run.naive.notFound ?? 0}× 404, ${run.naive.errors ?? 0} errors`, n(run.naive.requests), '', '', s(run.naive.wallMs), '', '', '', '', '', '', '', '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const notes = doc.runs.flatMap((r) => r.notes.map((note) => `  ${r.size}: ${note}`));
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...targetLines(doc).map((t) => `  ${t}`), ...(notes.length ? ['', 'Notes:', ...notes] : []), '', `Total ${(doc.totalMs / 60000).toFixed(1)} min on ${doc.machine.nproc} cores, Node ${doc.machine.node}.`].join('\n');
}

/** One line per target: holds / does not hold, with the numbers (ratios from one run). */
export function targetLines(doc: BenchDocument): string[] {
  const lines: string[] = [];
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'NOT MEASURED' : ok ? 'HOLDS' : 'DOES NOT HOLD');
  for (const run of doc.runs) {
    const rows = doc.results.filter((r) => r.size === run.size);
    const full = rows[0];
    const churn = rows[1];
    const fullSync = run.syncs[0];
    const churnSync = run.syncs[1];
    const fullDone = fullSync?.measure?.status === 'complete' || fullSync?.measure?.status === 'partial';
    const churnDone = churnSync?.measure?.status === 'complete' || churnSync?.measure?.status === 'partial';
    const r1 = fullDone ? ratio(full?.requests, full?.minRequests) : undefined;
    lines.push(`${run.size} full-sync requests ≤ 1.1× minimum: ${verdict(r1 === undefined ? undefined : r1 <= 1.1)} (${n(full?.requests)} / ${n(full?.minRequests)} = ${fmt(r1, 3)}×${fullDone ? '' : '; the sync did not finish'})`);
    const r2 = fullDone && churnDone ? ratio(churn?.requests, full?.requests) : undefined;
    lines.push(`${run.size} 1%-churn resync requests ≤ 10% of the full sync's: ${verdict(r2 === undefined ? undefined : r2 <= 0.1)} (${n(churn?.requests)} / ${n(full?.requests)} = ${fmt(r2 === undefined ? undefined : r2 * 100, 1)}%; the change-feed minimum is ${n(churn?.minRequests)} = ${fmt(ratio(churn?.minRequests, full?.minRequests) === undefined ? undefined : (ratio(churn?.minRequests, full?.minRequests) ?? 0) * 100, 1)}% of the full minimum)`);
    const r2min = churnDone ? ratio(churn?.requests, churn?.minRequests) : undefined;
    lines.push(`${run.size} 1%-churn resync requests against its change-feed minimum (informative): ${fmt(r2min, 3)}× (${n(churn?.requests)} / ${n(churn?.minRequests)})`);
    const r3 = fullDone && churnDone ? ratio(churn?.kvsBytesWritten, full?.kvsBytesWritten) : undefined;
    lines.push(`${run.size} resync KVS bytes written ≤ 5% of the full sync's: ${verdict(r3 === undefined ? undefined : r3 <= 0.05)} (${mb(churn?.kvsBytesWritten)} MB / ${mb(full?.kvsBytesWritten)} MB = ${fmt(r3 === undefined ? undefined : r3 * 100, 1)}%)`);
    for (const row of rows) {
      const r4 = ratio(row.evaluateMs, row.parseMs);
      lines.push(`${run.size} ${row.sync}: evaluation ≤ 1× JSON.parse of its snapshot: ${verdict(r4 === undefined ? undefined : r4 <= 1)} (${n(row.evaluateMs)} ms / ${n(row.parseMs)} ms = ${fmt(r4, 1)}×)`);
      // A step holds its budget only if it would on Forge: the local store never makes it wait for the KVS quota,
      // so the slice that spends the most units is also held to the time Forge's quota gives it.
      const measure = run.syncs[rows.indexOf(row)]?.measure;
      const r5 = ratio(row.longestStepMs, row.stepBudgetMs);
      const r5q = ratio(row.longestStepQuotaMs, row.stepBudgetMs);
      const step = measure?.longestStep?.id;
      const quota = measure?.longestQuotaStep;
      const holds = r5 === undefined ? undefined : r5 <= 0.5 && (r5q === undefined || r5q <= 0.5);
      lines.push(
        `${run.size} ${row.sync}: longest step ≤ 50% of its budget: ${verdict(holds)} (${s(row.longestStepMs)} s${step ? ` in ${step}` : ''} / ${s(row.stepBudgetMs)} s = ${fmt(r5 === undefined ? undefined : r5 * 100, 0)}%` +
          `${quota ? `; at Forge's KVS quota the slice spending the most, ${n(quota.units)} units in ${quota.id}, takes at least ${s(quota.quotaMs)} s = ${fmt(r5q === undefined ? undefined : r5q * 100, 0)}%` : ''})`,
      );
    }
    const completes = run.syncs.length > 0 && run.syncs.every((x) => x.measure?.status === 'complete');
    const peak = Math.max(...rows.map((r) => r.peakRssMb ?? 0));
    const measured = run.syncs.some((x) => x.measure?.started);
    // A process that ran out of memory reports no peak: say so rather than print 0 MB.
    const outOfMemory = run.syncs.find((x) => x.measure?.status === 'out of memory');
    const largest = outOfMemory ? `the ${outOfMemory.sync} sync ran out of a ${run.appMemoryMb ?? '?'} MB function's heap` : measured ? `largest invocation ${peak} MB` : 'largest invocation —';
    lines.push(`${run.size}${run.size === 'L' ? '' : ' (informative; the target is L)'} full sync and 1%-churn resync complete with every invocation's peak RSS ≤ 512 MB: ${verdict(measured ? completes && peak <= 512 : undefined)} (${completes ? 'both complete' : measured ? 'not both complete' : 'not run'}; ${largest})`);
    const costs = monthlyCosts(run);
    if (run.size === 'S') lines.push(`S hourly resyncs ≤ $1 a month above the free allowance: ${verdict(costs ? costs.hourly.usd <= 1 : undefined)} (${costs ? `$${costs.hourly.usd.toFixed(2)}; $${costs.hourly.grossUsd.toFixed(2)} without the allowance` : 'not measured'})`);
    if (run.size === 'L') lines.push(`L daily syncs ≤ $5 a month: ${verdict(costs ? costs.daily.usd <= 5 : undefined)} (${costs ? `$${costs.daily.usd.toFixed(2)} above the free allowance; $${costs.daily.grossUsd.toFixed(2)} without it` : 'not measured'})`);
  }
  lines.push(`Benchmark run under 20 minutes: ${verdict(doc.totalMs <= 20 * 60_000)} (${(doc.totalMs / 60000).toFixed(1)} min for sizes ${doc.options.sizes.join(',')})`);
  return lines;
}

export function renderMarkdown(doc: BenchDocument, sizesThisRun: readonly string[]): string {
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push('Generated by `npm run bench` (dev/bench/run.ts); do not edit by hand. Synthetic tenants come from');
  out.push('`npm run generate-tenant` (dev/tools/generate-tenant.ts): S ≈ a 7,000-person organisation (7,000 users, 1,500 service');
  out.push('principals, most of them Microsoft first-party, 400 app registrations, 300 Jira projects, 600 automation rules, 50 flows),');
  out.push('M = 5× S, L = 20× S, each with a second sync one day later at 1% churn.');
  out.push('');
  out.push(`- Date: ${doc.date}; this run: sizes ${sizesThisRun.join(',')} in ${(doc.totalMs / 60000).toFixed(1)} min (budget ${doc.options.budgetMinutes} min).`);
  const older = doc.runs.filter((r) => !sizesThisRun.includes(r.size));
  if (older.length) out.push(`- Sizes from an earlier run (latest stored result at the stated latencies): ${older.map((r) => `${r.size} (${r.at})`).join(', ')}.`);
  out.push(`- Machine: ${doc.machine.nproc} cores (${doc.machine.cpu}), ${doc.machine.memoryGb} GB, Node ${doc.machine.node}, ${doc.machine.platform}.`);
  out.push(`- Latency injected per request by the fake cloud: graph.microsoft.com ${doc.options.latencyMs.graph} ms, login.microsoftonline.com ${doc.options.latencyMs.login} ms, the Jira site ${doc.options.latencyMs.jira} ms, every other host ${doc.options.latencyMs.other} ms.`);
  out.push(`- Ideal wall time = minimum requests × latency ÷ ${doc.options.concurrency} for the busiest host. The concurrency is allowed per host (${doc.options.concurrency} requests in flight, src/shared/concurrency.ts: no API here publishes a concurrency limit, and the app backs off on NearLimit and 429), and the app calls different hosts side by side, one lane per source system. The naive peer extractor uses the same ${doc.options.concurrency}.`);
  out.push('- Step budget = half of the sync consumer\'s timeoutSeconds (manifest.yml, 300 s): a step starts only while more than half of the invocation is left.');
  out.push('- A step holds its budget if its longest slice took at most half of it here and, at Forge\'s KVS quota (4,000 10-KB units a minute of reads, as many of writes, per installation), the slice that spent the most units would too: the local store never makes a request wait, Forge makes the units past a minute\'s wait for the next minute (at least ⌊(units − 1) ÷ 4,000⌋ minutes, the slice alone).');
  out.push('- The app runs in its own process (local Forge runtime + real handlers); the fake cloud and the local stand-in for Forge KVS each in another (dev/bench/kvs-process.ts, over loopback HTTP), so what the store holds is not counted as the app\'s memory; the JSON.parse that evaluation is compared with is timed in a process of its own per sync, with the app\'s heap flags, as the fastest of three passes over each dataset (dev/bench/snapshot-parse.ts), so the app\'s process never holds a materialised snapshot.');
  out.push('- Memory is measured per invocation, as on Forge each invocation (the trigger, every queue-consumer slice, a resolver call) is its own budget: a full GC before it, the kernel\'s RSS high-water mark reset (/proc/self/clear_refs) and read after it, so the peak RSS is exact; the heap is sampled every 20 ms. The process is warm (one process for every invocation, like a reused Forge container): an invocation\'s RSS includes what Node keeps from earlier ones and the idle app (Node, tsx, the loaded modules), listed as idle RSS below.');
  const limits = [...new Set(doc.runs.map((r) => r.appMemoryMb))];
  out.push(
    limits.length === 1 && limits[0]
      ? `- The app's heap is limited as a ${limits[0]} MB Forge function's would be (the sync consumer's memoryMB in manifest.yml; Node flags as the AWS Lambda Node.js bootstrap sets them: old space ${limits[0] - Math.floor(limits[0] / 10)} MB, semi-space ${Math.floor(limits[0] / 20)} MB), so garbage is collected as it would be there and a sync that needs more ends out of memory, as it would on Forge.`
      : `- The app's heap limit: ${doc.runs.map((r) => `${r.size} ${r.appMemoryMb ? `${r.appMemoryMb} MB function` : 'unbounded (16 GB)'}`).join(', ')}.`,
  );
  out.push('- Cost: GB-s = the function\'s memoryMB (manifest.yml: sync-consumer 1,024 MB, everything else 512) / 1024 × invocation seconds; KVS bytes are the JSON size of values read and written, custom entities included; prices and free allowance from src/sync/cost-model.ts. A month: daily = 1 full sync + 29 resyncs, hourly = 1 + 719 (each resync at the measured 1% churn: an upper bound for hourly), plus 8,640 runs of the five-minute watchdog; "above allowance" assumes this installation is the app\'s only one, "gross" is without any allowance (the allowance is per app, shared by every installation).');
  out.push('');
  out.push('## Results');
  out.push('');
  out.push('| size | sync | status | requests | minimum | req ÷ min | wall s | ideal s | longest step s | step budget s | peak RSS MB | KVS writes | KVS MB written | evaluate ms | parse ms |');
  out.push('|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const run of doc.runs) {
    const rows = doc.results.filter((r) => r.size === run.size);
    for (const [i, r] of rows.entries()) {
      const sync = run.syncs[i];
      const step = sync?.measure?.longestStep?.id;
      out.push(`| ${r.size} | ${r.sync} | ${sync ? statusOf(sync, run) : 'not run'} | ${n(r.requests)} | ${n(r.minRequests)} | ${fmt(ratio(r.requests, r.minRequests), 3)} | ${s(r.wallMs)} | ${s(r.idealWallMs)} | ${s(r.longestStepMs)}${step ? ` (${step})` : ''} | ${s(r.stepBudgetMs)} | ${n(r.peakRssMb)} | ${n(r.kvsWrites)} | ${mb(r.kvsBytesWritten)} | ${n(r.evaluateMs)} | ${n(r.parseMs)} |`);
    }
  }
  out.push('');
  out.push('Peer baseline (naive extractor: default page sizes, no `$select`/`$batch`, one call per object, same data, same latencies, sync 1):');
  out.push('');
  out.push('| size | requests | wall s | app sync 1 requests | app sync 1 wall s |');
  out.push('|---|---:|---:|---:|---:|');
  for (const run of doc.runs) {
    const first = run.syncs[0];
    out.push(`| ${run.size} | ${run.naive?.requests ?? (run.naive?.projectedWallMs !== undefined ? `not run (projected ${s(run.naive.projectedWallMs)} s)` : '—')} | ${s(run.naive?.wallMs)} | ${n(first?.requests)} | ${s(first?.measure?.wallMs)} |`);
  }
  out.push('');
  // Forge meters KVS per installation in 10-KB units, 4,000 a minute for reads and as many for writes: a sync that
  // spends more than that in its wall time would be throttled (429) on Forge, and lasts at least units ÷ 4,000 minutes.
  const quota = (m: NonNullable<SizeRun['syncs'][number]['measure']>) =>
    m.kvsReadUnits === undefined || m.kvsWriteUnits === undefined ? '—' : `${n(m.kvsReadUnits)} / ${n(m.kvsWriteUnits)} (${(m.kvsReadUnits / KVS_UNITS_PER_MINUTE).toFixed(1)} / ${(m.kvsWriteUnits / KVS_UNITS_PER_MINUTE).toFixed(1)})`;
  out.push('## Memory per invocation and cost');
  out.push('');
  out.push('| size | sync | invocations | peak RSS MB per invocation (trigger; consumer slices) | largest heap MB | idle RSS MB | resolver calls after it, peak RSS MB (from the RSS the call began with) | GB-s | KVS MB read | KVS MB written | KVS quota units read / written (minutes at Forge’s 4,000 a minute) | entity reads / writes / deletes / queries |');
  out.push('|---|---|---:|---|---:|---:|---|---:|---:|---:|---|---|');
  for (const run of doc.runs) {
    for (const sync of run.syncs) {
      const m = sync.measure;
      if (!m?.started) continue;
      const kinds = peaksByKind(m);
      const syncPeaks = [...(kinds['sync-trigger'] ?? []), ...(kinds['sync-consumer'] ?? [])];
      // The RSS a call began with is the sync's process's: on Forge a resolver runs in a function of its own.
      const resolvers = (m.resolverCalls ?? []).map((c) => `${c.functionKey.replace(/^admin-resolver /, '')} ${c.memory?.peakRssMb ?? '—'}${c.memory ? ` (from ${c.memory.startRssMb})` : ''}`).join(', ');
      out.push(`| ${run.size} | ${sync.sync} | ${m.invocations.length} | ${kinds['sync-trigger']?.join(', ') ?? '—'}; ${kinds['sync-consumer']?.join(', ') ?? '—'} (max ${syncPeaks.length ? Math.max(...syncPeaks) : '—'}) | ${m.peakHeapMb} | ${n(m.idleRssMb)} | ${resolvers || '—'} | ${m.gbSeconds.toFixed(1)} | ${mb(m.kvsBytesRead)} | ${mb(m.kvsBytesWritten)} | ${quota(m)} | ${m.entityOps.reads} / ${m.entityOps.writes} / ${m.entityOps.deletes} / ${m.entityOps.queries} |`);
    }
  }
  out.push('');
  out.push('| size | daily: GB-s / KVS GB read / KVS GB written a month | daily $ above allowance | daily $ gross | hourly: GB-s / GB read / GB written a month | hourly $ above allowance | hourly $ gross | watchdog run: ms, KVS bytes read |');
  out.push('|---|---|---:|---:|---|---:|---:|---|');
  const gb = (bytes: number) => (bytes / 1e9).toFixed(2);
  for (const run of doc.runs) {
    const costs = monthlyCosts(run);
    const w = run.syncs[1]?.measure?.watchdog;
    if (!costs) {
      out.push(`| ${run.size} | not measured (both syncs must complete) | — | — | — | — | — | — |`);
      continue;
    }
    const u = (c: MonthlyCost) => `${Math.round(c.usage.gbSeconds).toLocaleString('en-US')} / ${gb(c.usage.kvsBytesRead)} / ${gb(c.usage.kvsBytesWritten)}`;
    out.push(`| ${run.size} | ${u(costs.daily)} | ${costs.daily.usd.toFixed(2)} | ${costs.daily.grossUsd.toFixed(2)} | ${u(costs.hourly)} | ${costs.hourly.usd.toFixed(2)} | ${costs.hourly.grossUsd.toFixed(2)} | ${w ? `${w.durationMs} ms, ${w.kvsBytesRead} B` : '—'} |`);
  }
  out.push('');
  out.push('## Targets (ratios from one run)');
  out.push('');
  for (const line of targetLines({ ...doc, totalMs: doc.totalMs })) out.push(`- ${line}`);
  out.push('');
  const notes = doc.runs.flatMap((r) => r.notes.map((note) => `- ${r.size}: ${note}`));
  if (notes.length) {
    out.push('## Notes');
    out.push('');
    out.push(...notes);
    out.push('');
  }
  out.push('## Per sync');
  out.push('');
  for (const run of doc.runs) {
    out.push(`### ${run.size}${run.counts ? ` — ${run.counts.users} users, ${run.counts.servicePrincipals} service principals, ${run.counts.applications} app registrations, ${run.counts.projects} projects, ${run.counts.rules} rules, ${run.counts.flows} flows` : ''}`);
    out.push('');
    if (run.tenantMb !== undefined) out.push(`Tenant: ${run.tenantMb} MB of JSON for the two syncs; the fake cloud loaded it in ${s(run.cloudLoadMs)} s.`);
    for (const sync of run.syncs) {
      const m = sync.measure;
      out.push('');
      out.push(`**${sync.sync}** — ${statusOf(sync, run)}.`);
      if (sync.requestsByHost) out.push(`Requests by host: ${Object.entries(sync.requestsByHost).map(([h, c]) => `${h} ${c}`).join(', ')}; minimum by host: ${Object.entries(sync.minByHost ?? {}).map(([h, c]) => `${h} ${c}`).join(', ')}.`);
      const full = run.syncs[0]?.requestsByEndpoint;
      if (sync !== run.syncs[0] && sync.requestsByEndpoint && full) {
        // Which endpoints a resync still calls about as often as a full sync: the sources without a change feed.
        const rows = Object.entries(sync.requestsByEndpoint).sort((a, b) => b[1] - a[1]).slice(0, 12);
        out.push(`Largest endpoints of this resync, with the full sync's count (GETs inside Graph \`$batch\` counted apart): ${rows.map(([endpoint, n]) => `${endpoint.replace(/\|/g, '\\|')} ${n} (full ${full[endpoint] ?? 0})`).join('; ')}.`);
      }
      if (m?.started) {
        out.push(`KVS: ${m.kvsWrites} writes, ${mb(m.kvsBytesWritten)} MB written, ${m.kvsReads} reads${m.kvsRequests !== undefined ? ` in ${m.kvsRequests} requests (a batch of up to 25 keys is one)` : ''}; the sync's stored datasets are ${mb(m.datasetBytes)} MB in ${m.datasetKeys} values; the local KVS holds ${mb(m.kvsStoredBytes)} MB in all. Peak heap ${m.peakHeapMb} MB${m.heapAfterGcBeforeMb !== undefined ? `; heap after a full GC ${m.heapAfterGcBeforeMb} MB before the sync and ${m.heapAfterGcAfterMb ?? '?'} MB after (what the app's process keeps between invocations)` : ''}.`);
        if (m.evaluation) out.push(`Graph: ${String(m.evaluation.nodes)} nodes, ${String(m.evaluation.edges)} edges, ${String(m.evaluation.principals)} principals; findings ${JSON.stringify(m.evaluation.findingsByCheck)}.`);
        const steps = [...m.steps].filter((st) => st.durationMs !== undefined).sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0)).slice(0, 8);
        out.push(`Longest steps: ${steps.map((st) => `${st.id} ${s(st.durationMs)} s${st.status !== 'done' ? ` (${st.status})` : ''}`).join(', ')}.`);
        out.push(`Consumer invocations: ${m.invocations.filter((i) => i.functionKey === 'sync-consumer').map((i) => `${s(i.durationMs)} s ${i.outcome}`).join(', ')}.`);
      }
    }
    out.push('');
  }
  const withRows = doc.runs.find((r) => r.syncs[0]?.minRows && r.syncs[1]?.minRows);
  if (withRows) {
    out.push(`## Minimum requests, per endpoint (formulas, with the counts of ${withRows.size})`);
    out.push('');
    out.push('Page sizes are each API\'s maximum as the fake cloud serves it (Graph `$top` 999 and `$batch` of 20; Jira project/search 100,');
    out.push('users/search 1000, group/bulk and group/member 50, audit records 1000; Automation 100; Power Platform 250; Azure DevOps 1000,');
    out.push('PATs 100, audit log 1000). Sync 1 reads everything; the resync minimum uses the change feeds the APIs offer (Graph delta');
    out.push('for users, service principals, applications and group members; Entra directory audits and the Jira audit log name changed');
    out.push('owners, app role assignments, group memberships and project roles; the Azure DevOps audit log names PAT creations,');
    out.push('updates and revocations; Automation `updated`; flow `lastModifiedTime`) and reads in full what has none.');
    out.push('');
    out.push('What a resync still reads in full, and why:');
    out.push('- Power Automate flow owners: no change feed, and a flow\'s `lastModifiedTime` does not move when its owners change.');
    out.push('- Activity evidence (flow runs, service hook deliveries, service connection executions): no change feed; a resync');
    out.push('  reads it again for objects that are new or changed, or whose newest evidence was not well inside the dormancy window,');
    out.push('  and keeps the rest, since a newer read could not change whether they are dormant (src/sources/evidence-horizon.ts);');
    out.push('  everything is read again at least weekly. (Dataverse\'s `flowrun` table could list runs environment-wide, where the');
    out.push('  environment has Dataverse: another host and permission, not read today.)');
    out.push('- Entra sign-in activity report and provisioning job status: a report and a per-job status, neither with a delta.');
    out.push('- Entra federated credentials: no change feed; an advanced query (`federatedIdentityCredentials/$count ne 0`) names the');
    out.push('  applications holding any, and only theirs are read, every sync.');
    out.push('- Entra app role assignments of resource service principals, and owner groups with their members: the app reads them');
    out.push('  again per object, where the minimum counts only those the directory audit log and the groups delta name (a next step).');
    out.push('- Azure DevOps projects, service hooks, service connections: no change feed read today (their');
    out.push('  audit events exist, Git/Library/Project areas, and are a next step). PATs are re-read in full when the audit log');
    out.push('  cannot be read (403 without `vso.auditlog` and "View audit log"), is empty (auditing off), or names an event that');
    out.push('  cannot be placed; a revocation is placed on every holder of a token of that name, as its actor may be an admin.');
    for (const [i, label] of ['sync 1 (full)', 'sync 2 (1% churn, incremental)'].entries()) {
      out.push('');
      out.push(`${label}:`);
      out.push('');
      out.push('| host | endpoint | formula | requests |');
      out.push('|---|---|---|---:|');
      for (const row of withRows.syncs[i]?.minRows ?? []) out.push(`| ${row.host} | ${row.endpoint.replace(/\|/g, '\\|')} | ${row.formula.replace(/\|/g, '\\|')} | ${row.requests} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
