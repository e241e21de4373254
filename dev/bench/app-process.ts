/**
 * The app under benchmark, in its own process: the local Forge runtime running the real handlers (resolvers to
 * configure, the scheduled trigger and the queue consumer to sync) against the fake cloud of cloud-process.ts. The
 * local stand-in for Forge KVS runs in a third process (kvs-process.ts), so this process's memory is the app's.
 *
 * Each invocation (the trigger, every consumer slice, a resolver call) is measured on its own, as on Forge each is
 * its own memory budget: a full GC before it, the kernel's RSS high-water mark reset (/proc/self/clear_refs) and
 * read after it (VmHWM: exact, including a spike inside synchronous code), the heap sampled every 20 ms.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalForgeRuntime, type InvocationMemory, type InvocationProbe, type InvocationRecord } from '../runtime/local-runtime';
import type { KvsStats } from '../runtime/local-kvs';
import { invocationsGbSeconds, type Usage } from '../../src/sync/cost-model';
import { RemoteKvs } from './kvs-process';
import { readDataset } from '../../src/store/dataset-store';
import type { KeyValueStore } from '../../src/store/key-value-store';
import { readOnlyStore } from './snapshot-parse';
import { ROWS_DATASET, STATE_SCOPE } from '../../src/store/layout';
import { quotaWaitMs } from './report';

type BuildTimings = { readMs: number; graphMs: number; reachMs: number; checksMs: number; evaluateMs: number; storeMs: number };

/** The app's KVS as the core's store port, read-only, straight on the KVS process (no Forge SDK round trip). */
function benchStore(kvs: RemoteKvs): KeyValueStore {
  return readOnlyStore(async (key) => {
    const result = await kvs.handle('/api/v1/get', { key });
    return result.status === 200 ? (result.body as { value: unknown }).value : undefined;
  });
}

const APP_DIR = path.resolve(__dirname, '..', '..');

export type AppCommand =
  | { id: number; op: 'start'; tenantDir: string; upstream: string; kvsUrl: string; adminAccountId: string }
  | { id: number; op: 'configure' }
  | { id: number; op: 'sync'; label: string }
  | { id: number; op: 'progress' }
  | { id: number; op: 'close' };

export interface StepResult {
  id: string;
  status: string;
  /** The longest uninterrupted run (a slice, for a step that took several invocations). */
  durationMs?: number;
  totalMs?: number;
  slices?: number;
  longestSliceMs?: number;
  count?: number;
  reason?: string;
  /** Forge KVS quota units the step spent (SyncStep.kvsReadUnits), and the most one of its slices spent. */
  kvsReadUnits?: number;
  kvsWriteUnits?: number;
  longestSliceKvsUnits?: number;
}

export interface SyncMeasure {
  label: string;
  /** sync id of the job this sync ran, or undefined when the trigger started none (a job was still running). */
  syncId?: string;
  started: boolean;
  status: string;
  wallMs: number;
  steps: StepResult[];
  longestStep?: { id: string; durationMs: number };
  /**
   * The step whose slice spends the most of Forge's KVS quota (4,000 units a minute of reads, as many of writes, per
   * installation), and the least time that takes at the quota (report.ts quotaWaitMs): the local store answers at
   * once, Forge would make that slice wait at least this long.
   */
  longestQuotaStep?: { id: string; quotaMs: number; units: number };
  /** Reach and checks over the built graph (EvaluationSummary.timings.evaluateMs). */
  evaluateMs?: number;
  buildTimings?: BuildTimings;
  parseMs: number;
  datasetBytes: number;
  datasetKeys: number;
  kvsWrites: number;
  kvsBytesWritten: number;
  kvsReads: number;
  kvsBytesRead: number;
  /** Forge's KVS quota units (10 KB per request, rounded up) the sync spent on reads and on writes. */
  kvsReadUnits?: number;
  kvsWriteUnits?: number;
  /** Requests to KVS (a batch of up to 25 keys is one). */
  kvsRequests?: number;
  /** Custom Entity Store operations during the sync (the finding and findingproject entities). */
  entityOps: KvsStats['entityOps'];
  /** memoryMB / 1024 × seconds, over the sync's invocations (trigger and consumer slices), at manifest.yml's memory. */
  gbSeconds: number;
  /** Bytes held by the local KVS after the sync (JSON size of every plain value). */
  kvsStoredBytes: number;
  kvsBytesByKeyKind?: Record<string, number>;
  /** Bytes read, by kind of key (the ten largest). */
  kvsBytesReadByKeyKind?: Record<string, number>;
  /** The largest invocation's peak RSS (each invocation measured alone; the trigger, every consumer slice). */
  peakRssMb: number;
  /** The largest sampled heap in use during any one invocation. */
  peakHeapMb: number;
  /** Heap in use after a full GC, before and after the sync: what the app's process keeps between invocations. */
  heapAfterGcBeforeMb?: number;
  heapAfterGcAfterMb?: number;
  invocations: MeasuredInvocation[];
  /** Admin-page resolver calls after the sync (overview/get, findings/list): each its own invocation. */
  resolverCalls?: MeasuredInvocation[];
  /** One run of the five-minute watchdog after the sync, with what it read and wrote. */
  watchdog?: MeasuredInvocation & Usage;
  /** RSS of this process with the app loaded and nothing running (after a full GC), before the sync. */
  idleRssMb?: number;
  evaluation?: Record<string, unknown>;
}

export type MeasuredInvocation = { functionKey: string; outcome: string; durationMs: number; error?: string; memory?: InvocationMemory };

interface TenantFile {
  jira: { site: string; cloudId: string };
  entra: Array<{ tenantId: string; displayName?: string }>;
  powerPlatform?: Record<string, unknown>;
  azureDevOps?: { organization: string };
  settings: Record<string, unknown>;
  secrets: { entra: Record<string, { clientId: string; clientSecret: string }>; automationApiToken?: { email: string; token: string }; azureDevOpsPat?: string };
}

let runtime: LocalForgeRuntime | undefined;
let remoteKvs: RemoteKvs | undefined;
let tenant: TenantFile | undefined;
let adminAccountId = '';

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not ready`);
  return value;
}

async function kvsGet(key: string): Promise<unknown> {
  const result = await need(remoteKvs, 'kvs').handle('/api/v1/get', { key });
  return result.status === 200 ? (result.body as { value: unknown }).value : undefined;
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

function statusKb(field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Resets the kernel's RSS high-water mark to the current RSS (Linux ≥ 4.0); false where that is not possible. */
function resetPeakRss(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return statusKb('VmHWM') !== undefined;
  } catch {
    return false;
  }
}

/** Measures each invocation alone (see the file comment). */
function memoryProbe(): InvocationProbe {
  let exact = false;
  let timer: NodeJS.Timeout | undefined;
  let start = { rss: 0, heap: 0 };
  let peak = { rss: 0, heap: 0 };
  let atPeakRss: NodeJS.MemoryUsage | undefined;
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss > peak.rss) atPeakRss = usage;
    peak = { rss: Math.max(peak.rss, usage.rss), heap: Math.max(peak.heap, usage.heapUsed) };
  };
  return {
    begin() {
      gc?.();
      exact = resetPeakRss();
      const usage = process.memoryUsage();
      start = { rss: usage.rss, heap: usage.heapUsed };
      peak = { ...start };
      atPeakRss = usage;
      timer = setInterval(sample, 20);
    },
    end() {
      clearInterval(timer);
      sample();
      const hwmKb = exact ? statusKb('VmHWM') : undefined;
      const peakRss = hwmKb !== undefined ? Math.max(hwmKb * 1024, peak.rss) : peak.rss;
      const at = atPeakRss as NodeJS.MemoryUsage;
      return { startRssMb: mb(start.rss), peakRssMb: mb(peakRss), startHeapMb: mb(start.heap), peakHeapMb: mb(peak.heap), atPeakRss: { rssMb: mb(at.rss), heapTotalMb: mb(at.heapTotal), heapUsedMb: mb(at.heapUsed), externalMb: mb(at.external) } };
    },
  };
}

const measured = (i: InvocationRecord): MeasuredInvocation => ({ functionKey: i.functionKey, outcome: i.outcome, durationMs: i.durationMs, ...(i.error ? { error: i.error } : {}), ...(i.memory ? { memory: i.memory } : {}) });

async function adminCall(resolverKey: string, payload: unknown): Promise<MeasuredInvocation | undefined> {
  const rt = need(runtime, 'runtime');
  const before = rt.invocations.length;
  try {
    await rt.invokeResolver('sv0-admin', resolverKey, payload, { accountId: adminAccountId });
  } catch {
    // recorded on the invocation
  }
  const record = rt.invocations[before];
  return record ? { ...measured(record), functionKey: `${record.functionKey} ${resolverKey}` } : undefined;
}

async function admin(resolverKey: string, payload: unknown): Promise<void> {
  const result = (await need(runtime, 'runtime').invokeResolver('sv0-admin', resolverKey, payload, { accountId: adminAccountId })) as { ok: boolean; error?: { message: string } };
  if (!result.ok) throw new Error(`${resolverKey} refused: ${result.error?.message ?? 'unknown error'}`);
}

/** As an admin would, through the admin page's own resolvers; automation rules through the Automation API at every size. */
async function configure(): Promise<void> {
  const t = need(tenant, 'tenant');
  await admin('settings/save', { ...t.settings, ...(t.powerPlatform ? { powerPlatform: t.powerPlatform } : {}) });
  for (const entra of t.entra) {
    const secret = t.secrets.entra[entra.tenantId];
    if (secret) await admin('settings/entra-tenant/save', { tenantId: entra.tenantId, clientId: secret.clientId, displayName: entra.displayName, clientSecret: secret.clientSecret });
  }
  if (t.azureDevOps && t.secrets.azureDevOpsPat) await admin('settings/sources/save', { id: 'azuredevops', values: { organization: t.azureDevOps.organization }, secrets: { pat: t.secrets.azureDevOpsPat } });
  if (t.secrets.automationApiToken) await admin('settings/automation-token/save', t.secrets.automationApiToken);
}

/** The sync in flight, for a progress report when the bench's time budget runs out before it ends. */
let inFlight: { started: number; previousSyncId?: string; stats: KvsStats; invocationsBefore: number } | undefined;

const peakOf = (invocations: readonly MeasuredInvocation[]) => invocations.reduce((a, i) => Math.max(a, i.memory?.peakRssMb ?? 0), 0);

async function progress(): Promise<Partial<SyncMeasure>> {
  const rt = need(runtime, 'runtime');
  if (!inFlight) return {};
  const stats = await need(remoteKvs, 'kvs').stats();
  const job = (await kvsGet('sync:current')) as { syncId: string; status: string; steps: StepResult[] } | undefined;
  const startedNew = job !== undefined && job.syncId !== inFlight.previousSyncId;
  const steps = startedNew && job ? job.steps.map((st) => ({ id: st.id, status: st.status, ...(st.durationMs !== undefined ? { durationMs: st.durationMs } : {}) })) : [];
  const longest = steps.reduce<{ id: string; durationMs: number } | undefined>((a, st) => (st.durationMs !== undefined && (!a || st.durationMs > a.durationMs) ? { id: st.id, durationMs: st.durationMs } : a), undefined);
  const invocations = rt.invocations.slice(inFlight.invocationsBefore).map(measured);
  return {
    started: startedNew,
    status: 'aborted at the time budget',
    wallMs: Math.round(performance.now() - inFlight.started),
    steps,
    ...(longest ? { longestStep: longest } : {}),
    kvsWrites: stats.writes - inFlight.stats.writes,
    kvsBytesWritten: stats.bytesWritten - inFlight.stats.bytesWritten,
    kvsReads: stats.reads - inFlight.stats.reads,
    kvsBytesRead: stats.bytesRead - inFlight.stats.bytesRead,
    peakRssMb: peakOf(invocations),
    invocations,
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapAfterGc = (): number | undefined => {
  if (!gc) return undefined;
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1048576);
};

async function sync(label: string): Promise<SyncMeasure> {
  const rt = need(runtime, 'runtime');
  const kvs = need(remoteKvs, 'kvs');
  const heapBefore = heapAfterGc();
  const idleRssMb = mb(process.memoryUsage().rss);
  const previousJob = (await kvsGet('sync:current')) as { syncId?: string } | undefined;
  const statsBefore = await kvs.stats();
  const invocationsBefore = rt.invocations.length;
  const started = performance.now();
  inFlight = { started, ...(previousJob?.syncId ? { previousSyncId: previousJob.syncId } : {}), stats: statsBefore, invocationsBefore };
  try {
    await rt.runScheduledTrigger('sv0-daily-sync');
    await rt.drainQueues(1000);
  } finally {
    inFlight = undefined;
  }
  const wallMs = Math.round(performance.now() - started);
  const statsAfter = await kvs.stats();
  const invocations = rt.invocations.slice(invocationsBefore).map(measured);
  // Each invocation is its own budget on Forge: the sync's peak is its largest invocation's.
  const peakRssMb = peakOf(invocations);
  const peakHeapMb = invocations.reduce((a, i) => Math.max(a, i.memory?.peakHeapMb ?? 0), 0);
  const memoryOf = (key: string) => rt.manifest.functions.get(key)?.memoryMB;
  // What an admin opening the page after the sync costs: each resolver call is its own invocation (512 MB, 25 s).
  const resolverCalls = [await adminCall('overview/get', {}), await adminCall('findings/list', {})].filter((c): c is MeasuredInvocation => c !== undefined);
  // The five-minute watchdog runs 8,640 times a month whatever the schedule: one run, with what it read and wrote.
  const beforeWatchdog = await kvs.stats();
  const watchdogIndex = rt.invocations.length;
  await rt.runScheduledTrigger('sv0-sync-watchdog');
  const watchdogRecord = rt.invocations[watchdogIndex];
  const afterWatchdog = await kvs.stats();
  const watchdog = watchdogRecord
    ? { ...measured(watchdogRecord), gbSeconds: invocationsGbSeconds([watchdogRecord], memoryOf), kvsBytesRead: afterWatchdog.bytesRead - beforeWatchdog.bytesRead, kvsBytesWritten: afterWatchdog.bytesWritten - beforeWatchdog.bytesWritten }
    : undefined;
  const job = (await kvsGet('sync:current')) as { syncId: string; status: string; steps: Array<StepResult & { label?: string }>; evaluation?: Record<string, unknown> & { timings?: BuildTimings } } | undefined;
  const startedNew = job !== undefined && job.syncId !== previousJob?.syncId;
  const timings = startedNew && job ? job.evaluation?.timings : undefined;
  // A step's uninterrupted run is what must fit in an invocation: a sliced step counts by its longest slice.
  const steps = (startedNew && job ? job.steps : []).map((s) => ({
    id: s.id,
    status: s.status,
    ...(s.durationMs !== undefined ? { durationMs: s.longestSliceMs ?? s.durationMs, totalMs: s.durationMs } : {}),
    ...(s.slices !== undefined ? { slices: s.slices } : {}),
    ...(s.count !== undefined ? { count: s.count } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.longestSliceKvsUnits !== undefined ? { kvsReadUnits: s.kvsReadUnits ?? 0, kvsWriteUnits: s.kvsWriteUnits ?? 0, longestSliceKvsUnits: s.longestSliceKvsUnits } : {}),
  }));
  const longest = steps.reduce<{ id: string; durationMs: number } | undefined>((a, s) => (s.durationMs !== undefined && (!a || s.durationMs > a.durationMs) ? { id: s.id, durationMs: s.durationMs } : a), undefined);
  const longestQuota = steps.reduce<{ id: string; quotaMs: number; units: number } | undefined>((a, s) => (s.longestSliceKvsUnits !== undefined && (!a || s.longestSliceKvsUnits > a.units) ? { id: s.id, units: s.longestSliceKvsUnits, quotaMs: quotaWaitMs(s.longestSliceKvsUnits) } : a), undefined);
  // SV0_BENCH_DUMP_DIR: the finding rows after each sync, to see what a resync rewrote.
  const dumpDir = process.env.SV0_BENCH_DUMP_DIR;
  if (dumpDir && startedNew) {
    fs.mkdirSync(dumpDir, { recursive: true });
    fs.writeFileSync(path.join(dumpDir, `${label.replace(/\W+/g, '-')}.rows.json`), JSON.stringify((await readDataset(benchStore(kvs), STATE_SCOPE, ROWS_DATASET)) ?? []));
  }
  const stored = await kvs.storedBytes();
  const heapAfter = heapAfterGc();
  return {
    label,
    ...(startedNew && job ? { syncId: job.syncId } : {}),
    started: startedNew,
    status: startedNew && job ? job.status : 'not started',
    wallMs,
    steps,
    ...(longest ? { longestStep: longest } : {}),
    ...(longestQuota ? { longestQuotaStep: longestQuota } : {}),
    ...(timings ? { evaluateMs: timings.evaluateMs, buildTimings: timings } : {}),
    // Filled in by run.ts from a process of their own (snapshot-parse.ts), where the snapshot is parsed.
    parseMs: 0,
    datasetBytes: 0,
    datasetKeys: 0,
    kvsWrites: statsAfter.writes - statsBefore.writes,
    kvsBytesWritten: statsAfter.bytesWritten - statsBefore.bytesWritten,
    kvsReads: statsAfter.reads - statsBefore.reads,
    kvsBytesRead: statsAfter.bytesRead - statsBefore.bytesRead,
    kvsReadUnits: statsAfter.readUnits - statsBefore.readUnits,
    kvsWriteUnits: statsAfter.writeUnits - statsBefore.writeUnits,
    kvsRequests: statsAfter.requests - statsBefore.requests,
    entityOps: {
      reads: statsAfter.entityOps.reads - statsBefore.entityOps.reads,
      writes: statsAfter.entityOps.writes - statsBefore.entityOps.writes,
      deletes: statsAfter.entityOps.deletes - statsBefore.entityOps.deletes,
      queries: statsAfter.entityOps.queries - statsBefore.entityOps.queries,
    },
    gbSeconds: invocationsGbSeconds(invocations, memoryOf),
    // What the writes were, by kind of key, largest first (the ten largest).
    kvsBytesByKeyKind: Object.fromEntries(
      Object.entries(statsAfter.bytesByKeyKind)
        .map(([kind, bytes]) => [kind, bytes - (statsBefore.bytesByKeyKind[kind] ?? 0)] as const)
        .filter(([, bytes]) => bytes > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10),
    ),
    kvsBytesReadByKeyKind: Object.fromEntries(
      Object.entries(statsAfter.bytesReadByKeyKind ?? {})
        .map(([kind, bytes]) => [kind, bytes - (statsBefore.bytesReadByKeyKind?.[kind] ?? 0)] as const)
        .filter(([, bytes]) => bytes > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10),
    ),
    kvsStoredBytes: stored,
    peakRssMb,
    peakHeapMb,
    idleRssMb,
    ...(heapBefore !== undefined ? { heapAfterGcBeforeMb: heapBefore } : {}),
    ...(heapAfter !== undefined ? { heapAfterGcAfterMb: heapAfter } : {}),
    invocations,
    resolverCalls,
    ...(watchdog ? { watchdog } : {}),
    ...(startedNew && job?.evaluation ? { evaluation: { nodes: job.evaluation.nodes, edges: job.evaluation.edges, principals: job.evaluation.principals, findingsByCheck: job.evaluation.findingsByCheck, diff: job.evaluation.diff, publishTimings: job.evaluation.publishTimings } } : {}),
  };
}

async function handle(message: AppCommand): Promise<unknown> {
  switch (message.op) {
    case 'start': {
      tenant = JSON.parse(fs.readFileSync(path.join(message.tenantDir, 'tenant.json'), 'utf8')) as TenantFile;
      adminAccountId = message.adminAccountId;
      remoteKvs = new RemoteKvs(message.kvsUrl);
      runtime = LocalForgeRuntime.install({ appDir: APP_DIR, cloudId: tenant.jira.cloudId, siteUrl: tenant.jira.site, upstream: message.upstream, kvsBackend: remoteKvs, invocationProbe: memoryProbe() });
      return { rssMb: mb(process.memoryUsage().rss) };
    }
    case 'configure':
      await configure();
      return null;
    case 'sync':
      return sync(message.label);
    case 'progress':
      return progress();
    case 'close':
      await runtime?.close();
      remoteKvs?.close();
      return null;
  }
  return undefined;
}

if (!process.env.SV0_BENCH_VERBOSE) console.log = () => undefined;
process.on('message', (message: AppCommand) => {
  const done = () => {
    if (message.op === 'close') process.exit(0);
  };
  handle(message).then(
    (result) => process.send?.({ type: 'reply', id: message.id, result }, done),
    (error: unknown) => process.send?.({ type: 'reply', id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, done),
  );
});
process.send?.({ type: 'ready' });
