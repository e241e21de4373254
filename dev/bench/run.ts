/**
 * The benchmark: for each size, generate (or reuse) the synthetic tenant, serve it from the fake cloud with
 * per-host latency (Graph and Entra 80 ms, the Jira site 120 ms, every other host 80 ms), run sync 1 (full) and
 * sync 2 (1% churn) through the app's real handlers, and run the naive peer extractor against the same data.
 *
 *   npm run bench [-- --sizes S,M,L] [--json] [--seed 1] [--budget-minutes 20] [--latency-scale 1] [--no-naive]
 *                 [--app-memory-mb 1024 | --app-memory-mb 0]
 *
 * The app's process gets the heap a Forge function of --app-memory-mb would (default: the sync consumer's memoryMB
 * from manifest.yml; 0 lifts the limit, to measure what a sync would use unbounded). A sync that runs out of it ends
 * as "out of memory", as the invocation would on Forge.
 *
 * Prints a table (or, with --json, only `{"results": [...]}` on stdout) and, at the stated latencies, writes
 * docs/benchmarks.md. Phases that cannot finish inside the time budget are not started; the report says which and
 * gives their projected duration. Not part of `npm test`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APP_ROOT, BENCH_DATA_DIR, ensureTenant } from '../tools/generate-tenant';
import { SIZES, type SizeName } from '../tools/tenant-gen/model';
import { loadAppManifest } from '../runtime/app-manifest';
import { HOST_CONCURRENCY } from '../../src/shared/concurrency';
import { Child } from './child';
import type { CloudReady } from './cloud-process';
import type { KvsReady } from './kvs-process';
import type { SyncMeasure } from './app-process';
import type { SnapshotParse } from './snapshot-parse';
import { idealWallMs, type MinTable } from './min-requests';
import { runNaiveExtractor, type NaiveTenant } from './naive-extractor';
import { monthlyCosts, peaksByKind, renderMarkdown, renderTable, type BenchDocument, type ResultRow, type SizeRun } from './report';

export const LATENCY_MS = { graph: 80, login: 80, jira: 120, other: 80 } as const;
/** Requests in flight per host the app allows (src/shared/concurrency.ts): the ideal wall time's divisor, and the naive extractor's. */
export const CONCURRENCY = HOST_CONCURRENCY;

interface RequestCounts {
  total: number;
  byHost: Record<string, number>;
  byEndpoint: Record<string, number>;
}

interface Options {
  sizes: SizeName[];
  json: boolean;
  seed: number;
  budgetMinutes: number;
  latencyScale: number;
  naive: boolean;
  /** The Forge function memory the app's heap emulates; undefined = the sync consumer's from the manifest, 0 = unbounded. */
  appMemoryMb: number | undefined;
}

/**
 * Node's heap limits for a function of `memoryMb`, as the AWS Lambda Node.js bootstrap sets them (old space = memory
 * less a tenth, semi-space = a twentieth; the runtime Forge functions run on). Forge does not document its own flags,
 * so this is the likely limit, not a promise: an invocation whose RSS stays under the memory fits either way.
 */
export function heapFlagsFor(memoryMb: number): string[] {
  return [`--max-old-space-size=${memoryMb - Math.floor(memoryMb / 10)}`, `--max-semi-space-size=${Math.floor(memoryMb / 20)}`];
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { sizes: ['S', 'M', 'L'], json: false, seed: 1, budgetMinutes: 20, latencyScale: 1, naive: true, appMemoryMb: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = () => argv[++i] ?? '';
    if (arg === '--json') options.json = true;
    else if (arg === '--no-naive') options.naive = false;
    else if (arg === '--sizes') {
      options.sizes = value().split(',').map((s) => s.trim().toUpperCase()) as SizeName[];
      for (const size of options.sizes) if (!(size in SIZES)) throw new Error(`Unknown size ${size}; use S, M, L`);
    } else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--budget-minutes') options.budgetMinutes = Number(value());
    else if (arg === '--latency-scale') options.latencyScale = Number(value());
    else if (arg === '--app-memory-mb') {
      options.appMemoryMb = Number(value());
      if (!Number.isInteger(options.appMemoryMb) || (options.appMemoryMb !== 0 && options.appMemoryMb < 128)) throw new Error('--app-memory-mb must be 0 (unbounded) or a function memory of at least 128 MB');
    }
    else throw new Error(`Unknown argument ${arg}`);
  }
  if (!(options.latencyScale >= 0)) throw new Error('--latency-scale must be >= 0');
  return options;
}

function latencyMap(siteHost: string, scale: number): Record<string, number> {
  return {
    'graph.microsoft.com': LATENCY_MS.graph * scale,
    'login.microsoftonline.com': LATENCY_MS.login * scale,
    [siteHost]: LATENCY_MS.jira * scale,
    '*': LATENCY_MS.other * scale,
  };
}

/** A sync's measure when the app could not report one (stopped at the budget, or its process ended). */
function emptyMeasure(label: string): SyncMeasure {
  return { label, started: false, status: 'not run', wallMs: 0, steps: [], parseMs: 0, datasetBytes: 0, datasetKeys: 0, kvsWrites: 0, kvsBytesWritten: 0, kvsReads: 0, kvsBytesRead: 0, entityOps: { reads: 0, writes: 0, deletes: 0, queries: 0 }, gbSeconds: 0, kvsStoredBytes: 0, peakRssMb: 0, peakHeapMb: 0, invocations: [] };
}

const RESULTS_DIR = path.join(BENCH_DATA_DIR, 'results');
const resultFile = (size: string) => path.join(RESULTS_DIR, `${size}.json`);

function storedRun(size: string): SizeRun | undefined {
  try {
    return JSON.parse(fs.readFileSync(resultFile(size), 'utf8')) as SizeRun;
  } catch {
    return undefined;
  }
}

/** Projected ms of a phase at `size`: the same size's last run, else the nearest measured size scaled by object count. */
function project(size: SizeName, pick: (run: SizeRun) => number | undefined, runs: readonly SizeRun[], latencyScale: number): number | undefined {
  const candidates = [...runs, ...(['S', 'M', 'L'] as SizeName[]).map(storedRun).filter((r): r is SizeRun => r !== undefined)].filter((r) => r.latencyScale === latencyScale);
  const same = candidates.find((r) => r.size === size && pick(r) !== undefined);
  if (same) return pick(same);
  const smaller = candidates.filter((r) => SIZES[r.size as SizeName] < SIZES[size] && pick(r) !== undefined).sort((a, b) => SIZES[b.size as SizeName] - SIZES[a.size as SizeName])[0];
  const value = smaller ? pick(smaller) : undefined;
  return smaller && value !== undefined ? (value * SIZES[size]) / SIZES[smaller.size as SizeName] : undefined;
}

async function runSize(size: SizeName, options: Options, deadline: number, runs: readonly SizeRun[], log: (line: string) => void): Promise<SizeRun> {
  const manifest = loadAppManifest(APP_ROOT);
  const consumer = manifest.functions.get(manifest.consumers.get('sv0-sync') ?? '');
  const timeoutSeconds = consumer?.timeoutSeconds ?? 300;
  const appMemoryMb = options.appMemoryMb ?? consumer?.memoryMB ?? 1024;
  const run: SizeRun = { size, seed: options.seed, latencyScale: options.latencyScale, concurrency: CONCURRENCY, stepBudgetMs: (timeoutSeconds * 1000) / 2, consumerTimeoutMs: timeoutSeconds * 1000, at: new Date().toISOString(), syncs: [], notes: [], appMemoryMb };
  const remaining = () => deadline - Date.now();
  const fits = (what: string, projected: number | undefined): boolean => {
    if (projected === undefined || projected < remaining()) return true;
    run.notes.push(`${what} not run: projected ${(projected / 60000).toFixed(1)} min, ${(Math.max(0, remaining()) / 60000).toFixed(1)} min left of the ${options.budgetMinutes}-minute budget`);
    log(run.notes[run.notes.length - 1] ?? '');
    return false;
  };
  const prepProjection = project(size, (r) => (r.generationMs ?? 0) + (r.cloudLoadMs ?? 0), runs, options.latencyScale);
  if (!fits(`Size ${size} (generation and loading)`, prepProjection)) return run;

  const t0 = Date.now();
  const tenant = ensureTenant({ scale: size, seed: options.seed });
  run.generationMs = tenant.reused ? 0 : tenant.meta.generationMs;
  run.tenantMb = Math.round(Object.values(tenant.meta.syncs).flatMap((f) => Object.values(f)).reduce((a, f) => a + f.bytes, 0) / 1e5) / 10;
  run.counts = tenant.meta.counts;
  log(`${size}: tenant ${tenant.reused ? 'reused' : 'generated'} in ${((Date.now() - t0) / 1000).toFixed(1)} s (${run.tenantMb} MB, two syncs)`);

  const cloud = new Child(path.join(__dirname, 'cloud-process.ts'), [tenant.dir], ['--max-old-space-size=20000']);
  let app: Child | undefined;
  // The local stand-in for Forge KVS, in a third process: what the store holds is not the app's memory.
  const store = new Child(path.join(__dirname, 'kvs-process.ts'), [], ['--max-old-space-size=16384']);
  try {
    const kvsReady = (await store.ready) as unknown as KvsReady;
    const ready = (await cloud.ready) as unknown as CloudReady;
    run.cloudLoadMs = ready.loadMs;
    log(`${size}: fake cloud loaded the tenant in ${(ready.loadMs / 1000).toFixed(1)} s (${ready.rssMb} MB in its own process)`);
    const latency = latencyMap(ready.siteHost, options.latencyScale);
    const latencyFor = (host: string) => latency[host] ?? latency['*'] ?? 0;
    const tenantJson = JSON.parse(fs.readFileSync(path.join(tenant.dir, 'tenant.json'), 'utf8')) as NaiveTenant;

    // SV0_BENCH_APP_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the app's process.
    const heapFlags = run.appMemoryMb ? heapFlagsFor(run.appMemoryMb) : ['--max-old-space-size=16384'];
    app = new Child(path.join(__dirname, 'app-process.ts'), [], ['--expose-gc', ...heapFlags, ...(process.env.SV0_BENCH_APP_NODE_OPTIONS ?? '').split(' ').filter(Boolean)]);
    await app.ready;
    await app.call('start', { tenantDir: tenant.dir, upstream: ready.url, kvsUrl: kvsReady.url, adminAccountId: ready.adminAccountId });
    await app.call('configure');
    await cloud.call('setLatency', { latencyMs: latency });
    /** Why the app's process is gone, once it is: the syncs after it are not run. */
    let appDead: string | undefined;

    for (const [index, sync] of ready.syncs.entries()) {
      const label = index === 0 ? 'full' : '1% churn';
      const min = await cloud.call<{ full: MinTable; incremental?: MinTable }>('minRequests', { index });
      const minTable = index === 0 ? min.full : (min.incremental ?? min.full);
      const base = { sync: label, syncName: sync.name, minRequests: minTable.total, minRequestsFull: min.full.total, minByHost: minTable.byHost, minRows: minTable.rows, idealWallMs: Math.round(idealWallMs(minTable, latencyFor, CONCURRENCY)) };
      // A sync starts while at least a minute of the budget is left and is stopped when the budget runs out: its
      // outcome so far (steps done, requests, timeouts) is reported with its projected duration.
      const projected = project(size, (r) => r.syncs[index]?.measure?.wallMs, runs, options.latencyScale);
      if (appDead || remaining() < 60_000) {
 run.syncs.push({ ...base, skipped: true, ...(projected !== undefined ? { projectedWallMs: Math.round(projected) } : {}) });
        run.notes.push(`${size} sync ${index + 1} (${label}) not run: ${appDead ?? `less than a minute of the ${options.budgetMinutes}-minute budget left`}${projected !== undefined ? `; projected ${(projected / 60000).toFixed(1)} min` : ''}`);
        continue;
      }
      await cloud.call('setSync', { index });
      const before = await cloud.call<RequestCounts>('requests');
      log(`${size}: sync ${index + 1} (${label}) running; minimum ${minTable.total} requests, ideal ${(base.idealWallMs / 1000).toFixed(1)} s`);
      const running = app;
      let timer: NodeJS.Timeout | undefined;
      const outOfTime = new Promise<'deadline'>((resolve) => {
        timer = setTimeout(() => resolve('deadline'), Math.max(0, remaining()));
      });
      // The timer is cleared on failure too, or it would keep the bench's process alive until the deadline.
      const syncStarted = Date.now();
      // The app's process ending mid-sync (V8 aborts at its heap limit) is this sync's outcome, not the bench's.
      const outcome = await Promise.race([running.call<SyncMeasure>('sync', { label }).catch((error: unknown) => ({ died: error instanceof Error ? error.message : String(error) })), outOfTime]).finally(() => clearTimeout(timer));
      let measure: SyncMeasure;
      if (typeof outcome === 'object' && 'died' in outcome) {
        const oom = running.exitSignal === 'SIGABRT' || running.exitCode === 134;
        measure = { ...emptyMeasure(label), started: true, status: oom ? 'out of memory' : 'app process died', wallMs: Date.now() - syncStarted };
        run.notes.push(`${size} sync ${index + 1} (${label}) ${oom ? `ran out of memory: the app's process reached its ${run.appMemoryMb ? `${run.appMemoryMb} MB function's ` : ''}heap limit and V8 ended it` : `ended with the app's process (${outcome.died})`} after ${(measure.wallMs / 1000).toFixed(0)} s`);
        log(run.notes[run.notes.length - 1] ?? '');
        appDead = oom ? 'the previous sync ran out of memory' : 'the app\'s process ended in the previous sync';
      } else if (outcome === 'deadline') {
        const partial = await Promise.race([running.call<Partial<SyncMeasure>>('progress'), new Promise<Partial<SyncMeasure>>((resolve) => setTimeout(() => resolve({}), 15_000))]);
        measure = { ...emptyMeasure(label), started: partial.started ?? false, status: 'aborted at the time budget', wallMs: partial.wallMs ?? 0, steps: partial.steps ?? [], ...(partial.longestStep ? { longestStep: partial.longestStep } : {}), kvsWrites: partial.kvsWrites ?? 0, kvsBytesWritten: partial.kvsBytesWritten ?? 0, kvsReads: partial.kvsReads ?? 0, kvsBytesRead: partial.kvsBytesRead ?? 0, peakRssMb: partial.peakRssMb ?? 0, invocations: partial.invocations ?? [] };
        run.notes.push(`${size} sync ${index + 1} (${label}) stopped when the ${options.budgetMinutes}-minute budget ran out, after ${(measure.wallMs / 60000).toFixed(1)} min${projected !== undefined ? ` (projected ${(projected / 60000).toFixed(1)} min)` : ''}`);
        appDead = 'the previous sync was stopped at the time budget';
        await running.kill();
      } else measure = outcome;
      // Evaluation's yardstick, timed in a process of its own with the app's heap flags, so the app's process never
      // holds the materialised snapshot.
      if (measure.started && measure.syncId) {
        const parser = new Child(path.join(__dirname, 'snapshot-parse.ts'), [], heapFlags);
        try {
          await parser.ready;
          measure = { ...measure, ...(await parser.call<SnapshotParse>('parse', { kvsUrl: kvsReady.url, syncId: measure.syncId })) };
        } finally {
          await parser.stop();
        }
      }
      const after = await cloud.call<RequestCounts>('requests');
      const since = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(a).map(([k, n]) => [k, n - (b[k] ?? 0)]).filter(([, n]) => Number(n) > 0));
      const byHost = since(after.byHost, before.byHost);
      run.syncs.push({ ...base, requests: after.total - before.total, requestsByHost: byHost, requestsByEndpoint: since(after.byEndpoint, before.byEndpoint), measure, ...(outcome === 'deadline' && projected !== undefined ? { projectedWallMs: Math.round(projected) } : {}) });
      const timedOut = measure.invocations.filter((i) => i.outcome === 'timeout');
      log(
        `${size}: sync ${index + 1} ${measure.status} in ${(measure.wallMs / 1000).toFixed(1)} s, ${after.total - before.total} requests, longest step ${measure.longestStep?.id ?? '-'} ${((measure.longestStep?.durationMs ?? 0) / 1000).toFixed(1)} s, peak RSS ${measure.peakRssMb} MB` +
          (timedOut.length > 0 ? `; ${timedOut.length} consumer invocation(s) timed out` : ''),
      );
    }

    // The peer baseline runs at the smallest size of the run: its request count is what matters, and at L its one
    // call per object would take most of the time budget.
    if (options.naive && size === options.sizes[0] && remaining() > 0) {
      const projected = project(size, (r) => r.naive?.wallMs, runs, options.latencyScale);
      if (fits(`${size} naive extractor`, projected)) {
        await cloud.call('setSync', { index: 0 });
        const before = await cloud.call<{ total: number }>('requests');
        log(`${size}: naive extractor running (${CONCURRENCY} requests in flight)`);
        const naive = await runNaiveExtractor(ready.url, tenantJson, CONCURRENCY, ready.syncs[0]?.at ?? new Date().toISOString());
        const after = await cloud.call<{ total: number }>('requests');
        run.naive = { requests: after.total - before.total, wallMs: naive.wallMs, items: naive.items, notFound: naive.notFound, errors: naive.errors };
        log(`${size}: naive extractor ${run.naive.requests} requests in ${(naive.wallMs / 1000).toFixed(1)} s`);
      } else if (projected !== undefined) run.naive = { projectedWallMs: Math.round(projected) };
    }
  } catch (error) {
    run.notes.push(`run failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    log(run.notes[run.notes.length - 1] ?? '');
  } finally {
    await app?.stop();
    await store.stop();
    await cloud.stop();
  }
  return run;
}

/** The JSON rows: exactly the fields of the acceptance criteria, null where a phase was not run. */
export function resultRows(runs: readonly SizeRun[]): ResultRow[] {
  return runs.flatMap((run) => {
    const costs = monthlyCosts(run);
    return (run.syncs.length > 0 ? run.syncs : [{ sync: 'full' }, { sync: '1% churn' }]).map((s) => {
      const m = 'measure' in s ? s.measure : undefined;
      return {
        size: run.size,
        sync: s.sync,
        requests: 'requests' in s ? (s.requests ?? null) : null,
        minRequests: 'minRequests' in s ? (s.minRequests ?? null) : null,
        wallMs: m?.wallMs ?? null,
        idealWallMs: 'idealWallMs' in s ? (s.idealWallMs ?? null) : null,
        longestStepMs: m?.longestStep?.durationMs ?? null,
        longestStepQuotaMs: m?.longestQuotaStep?.quotaMs ?? null,
        stepBudgetMs: run.stepBudgetMs,
        peakRssMb: m?.peakRssMb ?? null,
        peakRssMbByKind: m ? peaksByKind(m) : null,
        peakHeapMb: m ? m.peakHeapMb : null,
        kvsWrites: m ? m.kvsWrites : null,
        kvsBytesWritten: m ? m.kvsBytesWritten : null,
        kvsBytesRead: m ? m.kvsBytesRead : null,
        entityOps: m ? m.entityOps : null,
        gbSeconds: m ? Math.round(m.gbSeconds * 10) / 10 : null,
        monthlyUsdDaily: costs ? Math.round(costs.daily.usd * 100) / 100 : null,
        monthlyUsdHourly: costs ? Math.round(costs.hourly.usd * 100) / 100 : null,
        evaluateMs: m?.evaluateMs ?? null,
        parseMs: m?.started ? m.parseMs : null,
      };
    });
  });
}

function machine(): BenchDocument['machine'] {
  return { nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 1e9), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nUsage: npm run bench -- [--sizes S,M,L] [--json] [--seed n] [--budget-minutes 20] [--latency-scale 1] [--no-naive] [--app-memory-mb 1024|0]\n`);
    process.exit(2);
  }
  const started = Date.now();
  const deadline = started + options.budgetMinutes * 60_000;
  const log = (line: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const runs: SizeRun[] = [];
  for (const size of options.sizes) {
    const run = await runSize(size, options, deadline, runs, log);
    runs.push(run);
    if (run.syncs.some((s) => 'measure' in s && s.measure)) {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      if (options.latencyScale === 1) fs.writeFileSync(resultFile(size), `${JSON.stringify(run, null, 2)}\n`);
    }
  }
  const totalMs = Date.now() - started;
  const document: BenchDocument = { results: resultRows(runs), runs, machine: machine(), date: new Date().toISOString(), totalMs, options: { sizes: options.sizes, seed: options.seed, budgetMinutes: options.budgetMinutes, latencyScale: options.latencyScale, concurrency: CONCURRENCY, latencyMs: LATENCY_MS } };
  if (options.latencyScale === 1) {
    // docs/benchmarks.md: this run's sizes, and for sizes not run this time the latest stored run at the stated latencies.
    const latest = (['S', 'M', 'L'] as SizeName[]).map((size) => runs.find((r) => r.size === size && r.syncs.some((s) => 'measure' in s)) ?? storedRun(size) ?? runs.find((r) => r.size === size)).filter((r): r is SizeRun => r !== undefined);
    fs.writeFileSync(path.join(APP_ROOT, 'docs', 'benchmarks.md'), renderMarkdown({ ...document, results: resultRows(latest), runs: latest }, runs.map((r) => r.size)));
  } else {
    log(`latency scale ${options.latencyScale}: exploration run, docs/benchmarks.md left as it is`);
  }
  // Everything measured (steps, requests by host, minimum tables, notes) goes to .data/bench/last-run.json.
  fs.mkdirSync(BENCH_DATA_DIR, { recursive: true });
  fs.writeFileSync(path.join(BENCH_DATA_DIR, 'last-run.json'), `${JSON.stringify(document, null, 2)}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ results: document.results }, null, 2)}\n`);
  else process.stdout.write(`${renderTable(document)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
