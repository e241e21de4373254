/**
 * The app under benchmark, in its own process: the local Forge runtime running the real handlers (resolvers to
 * configure, the scheduled trigger and the queue consumer to sync) against the fake cloud of cloud-process.ts. Its
 * peak RSS is the app's (plus the local stand-in for Forge KVS, which lives in this process: its size is reported).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalForgeRuntime } from '../runtime/local-runtime';
import { chunkBySize, readDataset } from '../../src/store/dataset-store';
import type { KeyValueStore } from '../../src/store/key-value-store';
import { ROWS_DATASET, ROWS_SCOPE } from '../../src/sync/read-models';

type BuildTimings = { readMs: number; graphMs: number; reachMs: number; checksMs: number; evaluateMs: number; storeMs: number };

/** The app's KVS as the core's store port, read-only, straight on the local KVS (no Forge SDK round trip). */
function benchStore(rt: LocalForgeRuntime): KeyValueStore {
  const get = async <T>(key: string): Promise<T | undefined> => {
    const result = rt.kvs.handle('/api/v1/get', { key });
    return result.status === 200 ? ((result.body as { value: unknown }).value as T) : undefined;
  };
  const refuse = async () => {
    throw new Error('the bench reads the store only');
  };
  return { get, set: refuse, delete: refuse, getSecret: async () => undefined, setSecret: refuse, deleteSecret: refuse };
}

const APP_DIR = path.resolve(__dirname, '..', '..');

export type AppCommand =
  | { id: number; op: 'start'; tenantDir: string; upstream: string; adminAccountId: string }
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
  /** Reach and checks over the built graph (EvaluationSummary.timings.evaluateMs). */
  evaluateMs?: number;
  buildTimings?: BuildTimings;
  parseMs: number;
  datasetBytes: number;
  datasetKeys: number;
  kvsWrites: number;
  kvsBytesWritten: number;
  kvsReads: number;
  /** Bytes held by the in-process local KVS after the sync (JSON size of every plain value). */
  kvsStoredBytes: number;
  kvsBytesByKeyKind?: Record<string, number>;
  peakRssMb: number;
  sampledPeakRssMb: number;
  peakHeapMb: number;
  /** Heap in use after a full GC, before and after the sync: what stays (mostly the in-process local KVS). */
  heapAfterGcBeforeMb?: number;
  heapAfterGcAfterMb?: number;
  invocations: Array<{ functionKey: string; outcome: string; durationMs: number; error?: string }>;
  evaluation?: Record<string, unknown>;
}

interface TenantFile {
  jira: { site: string; cloudId: string };
  entra: Array<{ tenantId: string; displayName?: string }>;
  powerPlatform?: Record<string, unknown>;
  azureDevOps?: { organization: string };
  settings: Record<string, unknown>;
  secrets: { entra: Record<string, { clientId: string; clientSecret: string }>; automationApiToken?: { email: string; token: string }; azureDevOpsPat?: string };
}

let runtime: LocalForgeRuntime | undefined;
let tenant: TenantFile | undefined;
let adminAccountId = '';
let maxRssBefore = 0;

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not ready`);
  return value;
}

function kvsGet(key: string): unknown {
  const result = need(runtime, 'runtime').kvs.handle('/api/v1/get', { key });
  return result.status === 200 ? (result.body as { value: unknown }).value : undefined;
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
  if (t.azureDevOps && t.secrets.azureDevOpsPat) await admin('settings/azure-devops/save', { organization: t.azureDevOps.organization, pat: t.secrets.azureDevOpsPat });
  if (t.secrets.automationApiToken) await admin('settings/automation-token/save', t.secrets.automationApiToken);
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/** The sync in flight, for a progress report when the bench's time budget runs out before it ends. */
let inFlight: { started: number; previousSyncId?: string; stats: { writes: number; bytesWritten: number; reads: number }; maxBefore: number; peak: () => number } | undefined;

function progress(): Partial<SyncMeasure> {
  const rt = need(runtime, 'runtime');
  if (!inFlight) return {};
  const job = kvsGet('sync:current') as { syncId: string; status: string; steps: StepResult[] } | undefined;
  const startedNew = job !== undefined && job.syncId !== inFlight.previousSyncId;
  const steps = startedNew && job ? job.steps.map((st) => ({ id: st.id, status: st.status, ...(st.durationMs !== undefined ? { durationMs: st.durationMs } : {}) })) : [];
  const longest = steps.reduce<{ id: string; durationMs: number } | undefined>((a, st) => (st.durationMs !== undefined && (!a || st.durationMs > a.durationMs) ? { id: st.id, durationMs: st.durationMs } : a), undefined);
  const maxAfter = maxRssMb();
  return {
    started: startedNew,
    status: 'aborted at the time budget',
    wallMs: Math.round(performance.now() - inFlight.started),
    steps,
    ...(longest ? { longestStep: longest } : {}),
    kvsWrites: rt.kvs.stats.writes - inFlight.stats.writes,
    kvsBytesWritten: rt.kvs.stats.bytesWritten - inFlight.stats.bytesWritten,
    kvsReads: rt.kvs.stats.reads - inFlight.stats.reads,
    peakRssMb: Math.round(maxAfter > inFlight.maxBefore ? maxAfter : inFlight.peak()),
    invocations: rt.invocations.map((i) => ({ functionKey: i.functionKey, outcome: i.outcome, durationMs: i.durationMs })),
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
  const heapBefore = heapAfterGc();
  const previousJob = kvsGet('sync:current') as { syncId?: string } | undefined;
  const statsBefore = { ...rt.kvs.stats, bytesByKeyKind: { ...rt.kvs.stats.bytesByKeyKind } };
  const invocationsBefore = rt.invocations.length;
  const maxBefore = maxRssMb();
  let sampled = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    sampled = Math.max(sampled, usage.rss / 1048576);
    heap = Math.max(heap, usage.heapUsed / 1048576);
  };
  sample();
  const timer = setInterval(sample, 100);
  const started = performance.now();
  inFlight = { started, ...(previousJob?.syncId ? { previousSyncId: previousJob.syncId } : {}), stats: { ...statsBefore }, maxBefore, peak: () => sampled };
  try {
    await rt.runScheduledTrigger('sv0-daily-sync');
    await rt.drainQueues(1000);
  } finally {
    clearInterval(timer);
    inFlight = undefined;
  }
  const wallMs = Math.round(performance.now() - started);
  sample();
  const maxAfter = maxRssMb();
  // The process high-water mark is exact when it rose during this sync; otherwise this sync stayed below an earlier
  // peak and the 100 ms samples are the best measure.
  const peakRssMb = Math.round(maxAfter > maxBefore ? maxAfter : sampled);
  const job = kvsGet('sync:current') as { syncId: string; status: string; steps: Array<StepResult & { label?: string }>; evaluation?: Record<string, unknown> & { timings?: BuildTimings } } | undefined;
  const startedNew = job !== undefined && job.syncId !== previousJob?.syncId;
  const timings = startedNew && job ? job.evaluation?.timings : undefined;
  // A step's uninterrupted run is what must fit in an invocation: a sliced step counts by its longest slice.
  const steps = (startedNew && job ? job.steps : []).map((s) => ({ id: s.id, status: s.status, ...(s.durationMs !== undefined ? { durationMs: s.longestSliceMs ?? s.durationMs, totalMs: s.durationMs } : {}), ...(s.slices !== undefined ? { slices: s.slices } : {}), ...(s.count !== undefined ? { count: s.count } : {}), ...(s.reason ? { reason: s.reason } : {}) }));
  const longest = steps.reduce<{ id: string; durationMs: number } | undefined>((a, s) => (s.durationMs !== undefined && (!a || s.durationMs > a.durationMs) ? { id: s.id, durationMs: s.durationMs } : a), undefined);
  // parseMs: JSON.parse of the snapshot the build step evaluated: every dataset of this sync, materialised (base
  // and deltas applied) and serialised as one JSON text each, as a plain store would hold it.
  let parseMs = 0;
  let datasetBytes = 0;
  let datasetKeys = 0;
  if (startedNew && job) {
    const prefix = `dataset:${job.syncId}:`;
    for (const key of rt.kvs.keys().filter((k) => k.startsWith(prefix))) {
      const records = (await readDataset(benchStore(rt), job.syncId, key.slice(prefix.length))) ?? [];
      datasetKeys++;
      // In texts of at most a KVS value each: one text of an L-size dataset would pass V8's string limit.
      for (const chunk of chunkBySize(records)) {
        const text = JSON.stringify(chunk);
        datasetBytes += Buffer.byteLength(text);
        const t0 = performance.now();
        JSON.parse(text);
        parseMs += performance.now() - t0;
      }
    }
  }
  // SV0_BENCH_DUMP_DIR: the finding rows after each sync, to see what a resync rewrote.
  const dumpDir = process.env.SV0_BENCH_DUMP_DIR;
  if (dumpDir && startedNew) {
    fs.mkdirSync(dumpDir, { recursive: true });
    fs.writeFileSync(path.join(dumpDir, `${label.replace(/\W+/g, '-')}.rows.json`), JSON.stringify((await readDataset(benchStore(rt), ROWS_SCOPE, ROWS_DATASET)) ?? []));
  }
  let stored = 0;
  for (const key of rt.kvs.keys()) stored += Buffer.byteLength(JSON.stringify(kvsGet(key)) ?? '');
  const heapAfter = heapAfterGc();
  const statsAfter = rt.kvs.stats;
  return {
    label,
    ...(startedNew && job ? { syncId: job.syncId } : {}),
    started: startedNew,
    status: startedNew && job ? job.status : 'not started',
    wallMs,
    steps,
    ...(longest ? { longestStep: longest } : {}),
    ...(timings ? { evaluateMs: timings.evaluateMs, buildTimings: timings } : {}),
    parseMs: Math.round(parseMs * 10) / 10,
    datasetBytes,
    datasetKeys,
    kvsWrites: statsAfter.writes - statsBefore.writes,
    kvsBytesWritten: statsAfter.bytesWritten - statsBefore.bytesWritten,
    kvsReads: statsAfter.reads - statsBefore.reads,
    // What the writes were, by kind of key, largest first (the ten largest).
    kvsBytesByKeyKind: Object.fromEntries(
      Object.entries(statsAfter.bytesByKeyKind)
        .map(([kind, bytes]) => [kind, bytes - (statsBefore.bytesByKeyKind[kind] ?? 0)] as const)
        .filter(([, bytes]) => bytes > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10),
    ),
    kvsStoredBytes: stored,
    peakRssMb,
    sampledPeakRssMb: Math.round(sampled),
    peakHeapMb: Math.round(heap),
    ...(heapBefore !== undefined ? { heapAfterGcBeforeMb: heapBefore } : {}),
    ...(heapAfter !== undefined ? { heapAfterGcAfterMb: heapAfter } : {}),
    invocations: rt.invocations.slice(invocationsBefore).map((i) => ({ functionKey: i.functionKey, outcome: i.outcome, durationMs: i.durationMs, ...(i.error ? { error: i.error } : {}) })),
    ...(startedNew && job?.evaluation ? { evaluation: { nodes: job.evaluation.nodes, edges: job.evaluation.edges, principals: job.evaluation.principals, findingsByCheck: job.evaluation.findingsByCheck, diff: job.evaluation.diff } } : {}),
  };
}

async function handle(message: AppCommand): Promise<unknown> {
  switch (message.op) {
    case 'start': {
      tenant = JSON.parse(fs.readFileSync(path.join(message.tenantDir, 'tenant.json'), 'utf8')) as TenantFile;
      adminAccountId = message.adminAccountId;
      runtime = LocalForgeRuntime.install({ appDir: APP_DIR, cloudId: tenant.jira.cloudId, siteUrl: tenant.jira.site, upstream: message.upstream });
      maxRssBefore = maxRssMb();
      return { rssMb: Math.round(process.memoryUsage().rss / 1048576), maxRssMb: Math.round(maxRssBefore) };
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
