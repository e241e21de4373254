/**
 * The resumable sync job: start (idempotent against duplicate scheduled invocations) and advance (whole steps
 * inside a time budget, checkpoint after each; extraction steps of different source systems run side by side). The
 * Forge consumer calls advanceSync and re-enqueues while it returns 'continue'.
 */
import type { KeyValueStore } from '../store/key-value-store';
import { readSettings } from '../settings/settings';
import { retainSyncDatasets } from '../store/dataset-store';
import { InvocationCarry, planSteps, runStep, type SyncSources } from './run-step';
import { dropStepWork } from './step-work';
import { HISTORY_LIMIT, type HistoryEntry, finalStatus, isEngineWork, isFinished, kindOf, nextPendingStep, type SyncJob, type SyncStep, type SyncUsage } from './sync-state';
import { addMeter, meteredFindingStore, meteredStore, type StorageMeter } from '../store/metered-store';
import { CURRENT_JOB_KEY, HISTORY_INDEX_KEY, LAST_COMPLETE_KEY, LAST_SCHEDULED_KEY, LATEST_FINISHED_KEY, historyKey } from '../store/layout';
import type { ScanSchedule } from '../model/settings';

/** The lane an extraction step runs in: one per source system (and Entra tenant); other steps run alone. */
function laneOf(step: SyncStep): string | undefined {
  if (kindOf(step) !== 'extract') return undefined;
  return `${step.system}:${step.tenantId ?? ''}`;
}

/**
 * A running job whose invocation holds no lease and that was not checkpointed for this long lost its next event
 * (a push that failed): it is resumed. A consumer checkpoints after every slice and every step (finished extraction
 * steps at most CHECKPOINT_EVERY_MS apart), well inside this.
 */
export const QUIET_JOB_MS = 6 * 60 * 1000;
/** How long finished extraction steps may wait to be checkpointed together (see advanceHeld). */
export const CHECKPOINT_EVERY_MS = 5_000;
/** A job started this long ago is not resumed but replaced: what it read is too old to join with what comes next. */
export const REPLACE_JOB_MS = 24 * 60 * 60 * 1000;

type StoredJob = SyncJob & { checkpointAt?: string };

/**
 * Whether a running job was abandoned: the invocation that held it died (its lease ran out without being given
 * back), or no invocation holds it and none was queued (nothing checkpointed for QUIET_JOB_MS).
 */
export function isAbandoned(job: StoredJob, now: Date): boolean {
  if (isFinished(job)) return false;
  if (job.lease) return Date.parse(job.lease.until) < now.getTime();
  return now.getTime() - Date.parse(job.checkpointAt ?? job.requestedAt) >= QUIET_JOB_MS;
}

export interface StartResult {
  job: SyncJob;
  started: boolean;
  /** An abandoned sync was picked up where its last checkpoint left it: the caller queues its next step. */
  resumed?: boolean;
}

/** Marks an abandoned job resumed (the overview says so) and gives it back to the queue. */
async function resume(store: KeyValueStore, job: StoredJob, now: Date): Promise<StoredJob> {
  const { lease: _lease, ...rest } = job;
  const resumed: StoredJob = { ...rest, resumed: { count: (job.resumed?.count ?? 0) + 1, lastAt: now.toISOString() } };
  await checkpoint(store, resumed, now);
  return resumed;
}

/**
 * For the watchdog trigger: the current sync, resumed from its last checkpoint if its invocation died (no 30-minute
 * dead time, no lost work); undefined when nothing needs picking up.
 */
export async function resumeAbandonedSync(store: KeyValueStore, now: Date): Promise<SyncJob | undefined> {
  const current = await store.get<StoredJob>(CURRENT_JOB_KEY);
  if (!current || !isAbandoned(current, now) || now.getTime() - Date.parse(current.requestedAt) >= REPLACE_JOB_MS) return undefined;
  return resume(store, current, now);
}

export async function startSync(store: KeyValueStore, sources: SyncSources, trigger: SyncJob['trigger'], now: Date): Promise<StartResult> {
  const current = await store.get<StoredJob>(CURRENT_JOB_KEY);
  if (current && !isFinished(current)) {
    const age = now.getTime() - Date.parse(current.requestedAt);
    if (!isAbandoned(current, now)) return { job: current, started: false };
    if (age < REPLACE_JOB_MS) return { job: await resume(store, current, now), started: false, resumed: true };
    // Replaced: the answers its yielded steps stored would never be resumed.
    for (const step of current.steps) if (step.status === 'pending' && (step.slices ?? 0) > 0) await dropStepWork(store, current.syncId, step.id);
  }
  const settings = await readSettings(store);
  const job: SyncJob = {
    syncId: `sync-${now.toISOString().replace(/[-:.]/g, '')}`,
    trigger,
    status: 'running',
    requestedAt: now.toISOString(),
    steps: planSteps(settings, sources),
  };
  await checkpoint(store, job, now);
  return { job, started: true };
}

/** The scheduled triggers (manifest.yml): the daily one, as always, and the hourly one that only the hourly schedule uses. */
export type TriggerInterval = 'day' | 'hour';

/**
 * How early an hourly scan may start after the last one: Forge's two triggers tick independently and drift by
 * minutes, so the daily tick and an hourly tick in the same hour would otherwise start two scans.
 */
export const HOURLY_TOLERANCE_MS = 10 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Whether this trigger's run starts a scheduled scan (docs/decisions/0012-scan-schedule.md). Daily: the daily
 * trigger's every run, as before the choice existed; the hourly trigger never. Hourly: either trigger, once the last
 * scheduled scan started nearly an hour ago (or none is known).
 */
export function isScheduledScanDue(schedule: ScanSchedule, trigger: TriggerInterval, lastScheduledStart: string | undefined, now: Date): boolean {
  if (schedule === 'daily') return trigger === 'day';
  if (lastScheduledStart === undefined) return true;
  const started = Date.parse(lastScheduledStart);
  // An unreadable or future time (a clock that jumped) must not stop scans for good.
  if (Number.isNaN(started) || started > now.getTime()) return true;
  return now.getTime() - started >= HOUR_MS - HOURLY_TOLERANCE_MS;
}

export type ScheduledStart = { due: false } | (StartResult & { due: true });

/**
 * For the scheduled triggers: starts a scheduled sync when the admin's schedule says this run is due, else nothing
 * (one settings read; two under the hourly schedule). Idempotent as startSync is: a second delivery of the same run
 * finds the scan it started running, or its start recorded, and starts nothing.
 */
export async function startScheduledSync(store: KeyValueStore, sources: SyncSources, trigger: TriggerInterval, now: Date): Promise<ScheduledStart> {
  const { scanSchedule } = await readSettings(store);
  const lastStart = scanSchedule === 'hourly' ? await store.get<string>(LAST_SCHEDULED_KEY) : undefined;
  if (!isScheduledScanDue(scanSchedule, trigger, lastStart, now)) return { due: false };
  const result = await startSync(store, sources, 'scheduled', now);
  if (result.started) await store.set(LAST_SCHEDULED_KEY, result.job.requestedAt);
  return { ...result, due: true };
}

async function checkpoint(store: KeyValueStore, job: SyncJob, now: Date): Promise<void> {
  await store.set(CURRENT_JOB_KEY, { ...job, checkpointAt: now.toISOString() });
}

export type AdvanceOutcome = 'continue' | 'finished' | 'nothing-to-do' | 'busy';

/**
 * Runs pending steps while `hasTimeFor()` says another step fits. Returns 'continue' when steps remain.
 * The job is re-read from storage so a duplicate event for a finished or different sync does nothing, and one
 * that another live invocation holds (its lease) is left to it ('busy'). The lease runs to `leaseUntil` (when this
 * invocation will have been stopped at the latest): if the invocation dies, the lease runs out and the watchdog
 * resumes the job from its last checkpoint.
 */
export async function advanceSync(
  store: KeyValueStore,
  syncId: string,
  sources: SyncSources,
  hasTimeFor: () => boolean,
  clock: () => Date,
  /** How long one step may run in this invocation before it stores its progress and yields. */
  sliceMs: number = Number.POSITIVE_INFINITY,
  leaseUntil?: Date,
): Promise<AdvanceOutcome> {
  const startedAt = clock().getTime();
  // What this invocation reads and writes is counted onto the job (its usage), for the admin page's estimate.
  const meter: StorageMeter = { bytesRead: 0, bytesWritten: 0 };
  const metered = meteredStore(store, meter);
  const stored = await metered.get<SyncJob>(CURRENT_JOB_KEY);
  if (!stored || stored.syncId !== syncId || isFinished(stored)) return 'nothing-to-do';
  if (stored.lease && Date.parse(stored.lease.until) > clock().getTime()) return 'busy';
  const job: SyncJob = { ...stored, ...(leaseUntil ? { lease: { until: leaseUntil.toISOString() } } : {}) };
  const before: SyncUsage = stored.usage ?? { invocations: 0, invocationMs: 0, kvsBytesRead: 0, kvsBytesWritten: 0 };
  const stamp = (j: SyncJob) => {
    j.usage = {
      invocations: before.invocations + 1,
      invocationMs: before.invocationMs + Math.max(0, clock().getTime() - startedAt),
      kvsBytesRead: before.kvsBytesRead + meter.bytesRead,
      kvsBytesWritten: before.kvsBytesWritten + meter.bytesWritten,
      kvsReadUnits: (before.kvsReadUnits ?? 0) + (meter.readUnits ?? 0),
      kvsWriteUnits: (before.kvsWriteUnits ?? 0) + (meter.writeUnits ?? 0),
    };
  };
  // Each step counts on a meter of its own (steps of different lanes run at once), added to the invocation's when
  // it returns: the job record then says which step spent the quota.
  const metering: StepMetering = {
    storesFor: (stepMeter) => ({ store: meteredStore(store, stepMeter), sources: { ...sources, findings: meteredFindingStore(sources.findings, stepMeter) } }),
    done: (stepMeter) => addMeter(meter, stepMeter),
  };
  if (leaseUntil) {
    stamp(job);
    await checkpoint(metered, job, clock());
  }
  try {
    return await advanceHeld(metered, job, metering, hasTimeFor, clock, sliceMs, stamp);
  } finally {
    // Given back however this ends (a thrown step included), so the next event or the watchdog can go on at once.
    if (job.lease) {
      delete job.lease;
      stamp(job);
      await checkpoint(metered, job, clock());
    }
  }
}

/** How a step's storage is counted: stores that count onto the step's meter, and what is done with it after. */
interface StepMetering {
  storesFor(stepMeter: StorageMeter): { store: KeyValueStore; sources: SyncSources };
  done(stepMeter: StorageMeter): void;
}

/** The step with the quota units one more slice of it spent (SyncStep.kvsReadUnits and longestSliceKvsUnits). */
function withStorageUse(step: SyncStep, meter: StorageMeter): SyncStep {
  const read = meter.readUnits ?? 0;
  const written = meter.writeUnits ?? 0;
  if (read === 0 && written === 0) return step;
  return { ...step, kvsReadUnits: (step.kvsReadUnits ?? 0) + read, kvsWriteUnits: (step.kvsWriteUnits ?? 0) + written, longestSliceKvsUnits: Math.max(step.longestSliceKvsUnits ?? 0, read, written) };
}

async function advanceHeld(
  store: KeyValueStore,
  job: SyncJob,
  metering: StepMetering,
  hasTimeFor: () => boolean,
  clock: () => Date,
  sliceMs: number,
  stamp: (job: SyncJob) => void,
): Promise<AdvanceOutcome> {
  const settings = await readSettings(store);
  // What a step leaves in memory for the next one (the build step's graph for the publish step) lives as long as
  // this invocation's frame, no longer.
  const carry = new InvocationCarry();
  // Checkpoints go one after another, each with the job as it is then: lanes finish steps concurrently, and two
  // writes of the job in flight could land in either order.
  let saving = Promise.resolve();
  let savedAt = clock().getTime();
  let unsaved = false;
  const save = () => {
    unsaved = false;
    savedAt = clock().getTime();
    return (saving = saving.then(() => {
      stamp(job);
      return checkpoint(store, job, clock());
    }));
  };
  const record = async (done: SyncStep, step: SyncStep): Promise<SyncStep> => {
    job.steps = job.steps.map((s) => (s.id === done.id ? done : s));
    // A finished extraction step is checkpointed with the others at most every CHECKPOINT_EVERY_MS: reading it
    // again after a crash rewrites the same dataset, and the job record, rewritten after each of a hundred quick
    // steps, was half of what a small resync wrote. Anything else (a slice's progress, the evaluation, tickets) is
    // saved at once.
    if (kindOf(step) === 'extract' && done.status !== 'pending' && clock().getTime() - savedAt < CHECKPOINT_EVERY_MS) unsaved = true;
    else await save();
    return done;
  };
  const runOne = async (step: SyncStep): Promise<SyncStep> => {
    // Reads and outputs need the clock; the clock step itself and the evaluation (which fails on its own) run.
    const runs = kindOf(step) === 'clock' || isEngineWork(kindOf(step)) || job.observedAt;
    if (!runs) return record({ ...step, status: 'partial' as const, reason: 'skipped: the sync has no clock (Jira serverInfo failed)' }, step);
    const stepMeter: StorageMeter = { bytesRead: 0, bytesWritten: 0 };
    const io = metering.storesFor(stepMeter);
    let done: SyncStep;
    try {
      done = await runStep(step, job, io.sources, io.store, settings, sliceMs, carry, () => Math.max(stepMeter.readUnits ?? 0, stepMeter.writeUnits ?? 0));
    } finally {
      metering.done(stepMeter);
    }
    return record(withStorageUse(done, stepMeter), step);
  };
  try {
    return await runPending(store, job, hasTimeFor, clock, stamp, runOne);
  } finally {
    if (unsaved) await save();
  }
}

async function runPending(store: KeyValueStore, job: SyncJob, hasTimeFor: () => boolean, clock: () => Date, stamp: (job: SyncJob) => void, runOne: (step: SyncStep) => Promise<SyncStep>): Promise<AdvanceOutcome> {
  for (let step = nextPendingStep(job); step; step = nextPendingStep(job)) {
    if (!hasTimeFor()) return 'continue';
    if (laneOf(step) === undefined) {
      // A step that yielded used this invocation's slice: the next invocation resumes it.
      if ((await runOne(step)).status === 'pending') return 'continue';
      continue;
    }
    // Extraction: each source system is a lane of its own, run alongside the others (they call different hosts,
    // each host under its own gate); inside a lane steps keep their order, as later ones read earlier datasets.
    const lanes = new Map<string, SyncStep[]>();
    for (const pending of job.steps.filter((s) => s.status === 'pending')) {
      const lane = laneOf(pending);
      if (lane !== undefined) lanes.set(lane, [...(lanes.get(lane) ?? []), pending]);
    }
    // Every lane is waited for, even when one fails (a checkpoint refused): none keeps writing after this returns.
    const outcomes = await Promise.allSettled(
      [...lanes.values()].map(async (steps) => {
        for (const pending of steps) {
          if (!hasTimeFor() || (await runOne(pending)).status === 'pending') return true;
        }
        return false;
      }),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    if (outcomes.some((o) => o.status === 'fulfilled' && o.value)) return 'continue';
  }
  delete job.lease;
  job.status = finalStatus(job.steps);
  job.finishedAt = clock().toISOString();
  stamp(job);
  await store.set(historyKey(job.syncId), job);
  const history = (await store.get<HistoryEntry[]>(HISTORY_INDEX_KEY)) ?? [];
  const entry: HistoryEntry = {
    syncId: job.syncId,
    status: job.status,
    observedAt: job.observedAt,
    finishedAt: job.finishedAt,
    total: Object.values(job.evaluation?.findingsBySeverity ?? {}).reduce((a, b) => a + b, 0),
    bySeverity: job.evaluation?.findingsBySeverity ?? {},
  };
  await store.set(HISTORY_INDEX_KEY, [...history, entry].slice(-HISTORY_LIMIT));
  await store.set(LATEST_FINISHED_KEY, job.syncId);
  if (job.status === 'complete') await store.set(LAST_COMPLETE_KEY, job.syncId);
  // The pages read the latest finished sync; the next sync diffs against the last complete one. Older syncs'
  // datasets go (the parts the kept ones build on stay).
  const lastComplete = await store.get<string>(LAST_COMPLETE_KEY);
  await retainSyncDatasets(store, [job.syncId, ...(lastComplete ? [lastComplete] : [])]);
  // The history record above is what the estimate reads; this last checkpoint counts what was written after it.
  stamp(job);
  await checkpoint(store, job, clock());
  return 'finished';
}
