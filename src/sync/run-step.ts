/**
 * The steps of a sync, as data: each planned step has a kind (the source clock, one extraction, the evaluation, an
 * output) and the job runs it with the runner of its kind, never by matching its id. Each step is bounded (one
 * dataset, or one evaluation) and the job checkpoints after each. Outputs write only their own state: the tickets
 * step records what people answered in tickets (justifications) in its own dataset, never in the admin's settings.
 */
import { z } from 'zod';
import { AppError, describeError } from '../shared/errors';
import type { JiraClient } from '../sources/jira/jira-client';
import type { ExtractionStep, GraphBuilder } from '../sources/source-step';
import type { Settings } from '../settings/settings';
import type { Sleep } from '../shared/http';
import type { JiraWriter } from '../tickets/jira-writer';
import { syncTickets } from '../tickets/ticket-sync';

import { readDataset, writeDataset } from '../store/dataset-store';
import type { FindingStore } from '../store/finding-store';
import { KVS_UNITS_PER_MINUTE, type KeyValueStore } from '../store/key-value-store';
import { evaluateSync, publishSync, type KeptPublish, type PublishInput } from './evaluate-sync';
import { resumableWork, StepYield } from './step-work';
import { isEngineWork, kindOf, type StepKind, type SyncJob, type SyncStep } from './sync-state';
import { guardCollection, isLoss } from './collection-guard';
import { findingIdKey } from './install-key';
import { redactSecrets } from '../shared/redact';
import { recordKey, type QuarantinedRecord } from '../sources/parse-records';
import { LAST_COMPLETE_KEY, LATEST_FINISHED_KEY, TICKETS_WAITING_KEY, historyKey } from '../store/layout';
import { readRecordedJustifications, recordJustifications, updateFindingRows } from '../store/state-store';

export interface SyncSources {
  jira: JiraClient;
  findings: FindingStore;
  /** Writes JSM tickets as the app; absent where ticketing cannot run. */
  ticketWriter?: JiraWriter;
  sleep: Sleep;
  extractionSteps(settings: Settings, observedAt: () => string | undefined): ExtractionStep[];
  /** `siteHost` is the Jira site's host as Jira reports it (serverInfo.baseUrl), e.g. mediapro.atlassian.net. */
  graphBuilders(settings: Settings, siteHost: string): GraphBuilder[];
}

export const CLOCK_STEP = 'jira:server-info';
export const BUILD_STEP = 'build';
export const PUBLISH_STEP = 'publish';
export const TICKETS_STEP = 'tickets';

export function planSteps(settings: Settings, sources: SyncSources): SyncStep[] {
  const step = (kind: StepKind, id: string, system: SyncStep['system'], label: string, tenantId?: string): SyncStep => ({ id, kind, system, label, status: 'pending', attempts: 0, ...(tenantId ? { tenantId } : {}) });
  return [
    step('clock', CLOCK_STEP, 'jira', 'Jira site clock'),
    ...sources.extractionSteps(settings, () => undefined).map((s) => step('extract', s.id, s.system, s.label, s.tenantId)),
    step('evaluate', BUILD_STEP, 'engine', 'Access graph and checks'),
    step('publish', PUBLISH_STEP, 'engine', 'Access review, blast radii and fix previews'),
    ...(settings.ticketing.enabled && sources.ticketWriter ? [step('output', TICKETS_STEP, 'jira', 'JSM tickets for findings')] : []),
  ];
}

const serverInfoSchema = z.looseObject({ serverTime: z.string(), baseUrl: z.string().optional() });

/** Jira's serverTime ends in +0000; normalise before parsing. */
export function parseServerTime(value: string): string {
  const iso = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(iso.getTime())) throw new AppError('SOURCE_BAD_RESPONSE', `Jira serverTime "${value}" is not a date`, { system: 'jira' });
  return iso.toISOString();
}

interface StepResult {
  count?: number;
  quarantined?: number;
  detail?: SyncStep['detail'];
  /** What the admin should know about this step's read (kept last known states, a loss held). */
  reason?: string;
  /** Read, but not completely: findings resting on it are held. */
  partial?: boolean;
}

interface StepContext {
  sources: SyncSources;
  store: KeyValueStore;
  settings: Settings;
  /** When a sliced step yields to the next invocation. */
  deadline: number;
  carry?: InvocationCarry;
  /** The KVS quota units this step has spent so far in this slice, the larger of reads and writes. */
  quotaSpent?: () => number;
}

/**
 * What one step leaves in memory for a later step of the same invocation, never stored: one per invocation (the
 * caller makes it), so nothing outlives the invocation in a warm process. Today only the build step's publishing
 * work, taken by the publish step when it runs next in the same invocation; a publish step in a later invocation
 * builds the graph again from the stored datasets.
 */
export class InvocationCarry {
  private kept: { syncId: string; publish: KeptPublish } | undefined;

  keepPublish(syncId: string, publish: KeptPublish): void {
    this.kept = { syncId, publish };
  }

  /** The kept work for this sync, once: taking it lets the graph go when the publish step is done with it. */
  takePublish(syncId: string): KeptPublish | undefined {
    const kept = this.kept;
    this.kept = undefined;
    return kept?.syncId === syncId ? kept.publish : undefined;
  }
}

type StepRunner = (step: SyncStep, job: SyncJob, context: StepContext) => Promise<StepResult>;

/** The source clock: Jira's serverTime, which every window of this sync is measured from. */
const readClock: StepRunner = async (_step, job, { sources }) => {
  const info = serverInfoSchema.safeParse(await sources.jira.getJson('/rest/api/3/serverInfo'));
  if (!info.success) throw new AppError('SOURCE_BAD_RESPONSE', 'Jira serverInfo has no serverTime', { system: 'jira' });
  job.observedAt = parseServerTime(info.data.serverTime);
  if (info.data.baseUrl) job.siteUrl = info.data.baseUrl;
  return {};
};

/** What the build and publish steps build the graph from: this sync's builders, clock and settings. */
async function graphInput(job: SyncJob, { sources, store, settings }: StepContext): Promise<Pick<PublishInput, 'builders' | 'context' | 'ownHosts'>> {
  if (!job.observedAt) throw new AppError('SOURCE_UNAVAILABLE', 'The sync has no clock (Jira serverInfo was not read); nothing can be evaluated', {});
  const siteHost = job.siteUrl ? new URL(job.siteUrl).host : 'unknown-site';
  return {
    builders: sources.graphBuilders(settings, siteHost),
    // Justifications recorded through tickets count as the admin's own do.
    context: { settings: { ...settings, justifications: [...settings.justifications, ...(await readRecordedJustifications(store))] }, observedAt: job.observedAt },
    ownHosts: [siteHost],
  };
}

/**
 * Whether the build step leaves the pages' read models to the publish step (which takes its graph when it runs next
 * in the same invocation): when it has used more of its slice than is left, the rest taking about as long again; or
 * when it has already spent a minute of Forge's KVS quota, past which each further unit the rest reads or writes
 * (at L about 500 of them) would wait in this step's budget rather than in a step of its own.
 */
export function handsOverPublishing(at: { elapsedMs: number; remainingMs: number; quotaSpent: number; publishStep: boolean }): boolean {
  return at.publishStep && (at.elapsedMs > at.remainingMs || at.quotaSpent >= KVS_UNITS_PER_MINUTE);
}

/** The evaluation: the graph from this sync's datasets, reach, checks, findings and their read models. */
const evaluate: StepRunner = async (_step, job, context) => {
  const { sources, store, deadline, carry } = context;
  const started = Date.now();
  const graph = await graphInput(job, context);
  // Only reading steps decide completeness; the tickets step comes after and writes.
  const extraction = job.steps.filter((s) => kindOf(s) === 'extract');
  const summary = await evaluateSync({
    store,
    findings: sources.findings,
    syncId: job.syncId,
    lastCompleteSyncId: await store.get<string>(LAST_COMPLETE_KEY),
    ...graph,
    complete: extraction.every((s) => s.status === 'done' || s.status === 'skipped'),
    steps: job.steps,
    idKey: await findingIdKey(store),
    handOver: () => handsOverPublishing({ elapsedMs: Date.now() - started, remainingMs: deadline - Date.now(), quotaSpent: context.quotaSpent?.() ?? 0, publishStep: job.steps.some((s) => kindOf(s) === 'publish') }),
    ...(carry ? { keepForPublish: (publish: KeptPublish) => carry.keepPublish(job.syncId, publish) } : {}),
  });
  job.evaluation = summary;
  return { count: Object.values(summary.findingsByCheck).reduce((a, b) => a + b, 0) };
};

/** The pages' read models that need the graph but not the checks (access review, agents, blast radii, insights), unless the build step wrote them. */
const publish: StepRunner = async (_step, job, context) => {
  if (job.steps.find((s) => kindOf(s) === 'evaluate')?.status !== 'done' || !job.evaluation) throw new AppError('SOURCE_UNAVAILABLE', 'The checks did not run, so the pages were left as the last sync made them', {});
  // The build step had time to publish them itself.
  if (job.evaluation.surfaces) return { count: job.evaluation.surfaces.principals };
  // Right after the build step in the same invocation, its graph is still in memory; otherwise built again.
  const kept = context.carry?.takePublish(job.syncId);
  const summary = kept ? await kept() : await publishSync({ store: context.store, findings: context.sources.findings, syncId: job.syncId, ...(await graphInput(job, context)) });
  job.evaluation = { ...job.evaluation, surfaces: summary.surfaces, publishTimings: summary.timings };
  return { count: summary.surfaces.principals };
};

/** The tickets: JSM requests for findings, and what people answered in them back onto the findings. */
const writeTickets: StepRunner = async (_step, job, { sources, store, settings }) => {
  if (!sources.ticketWriter || !job.observedAt) throw new AppError('NOT_CONFIGURED', 'Ticketing cannot run in this sync', {});
  if (job.steps.find((s) => kindOf(s) === 'evaluate')?.status !== 'done') throw new AppError('SOURCE_UNAVAILABLE', 'The checks did not run, so tickets were left as they are', {});
  const result = await syncTickets({ writer: sources.ticketWriter, findings: sources.findings, store, settings, observedAt: job.observedAt, sleep: sources.sleep });
  await store.set(TICKETS_WAITING_KEY, result.waiting);
  await recordJustifications(store, result.justifications);
  // What ticketing changed on findings (a ticket key, an acceptance from the ticket) shows in the lists at once.
  await updateFindingRows(store, await sources.findings.listAll(), { keepLastSeenAt: true });
  job.tickets = {
    created: result.created.length,
    resolved: result.resolved.length,
    reopened: result.reopened.length,
    commented: result.commented.length,
    waiting: result.waiting,
    errors: result.errors.slice(0, 20),
    ...(result.configurationError ? { configurationError: result.configurationError } : {}),
  };
  if (result.configurationError) throw new AppError('NOT_CONFIGURED', result.configurationError, {});
  if (result.errors.length > 0) throw new AppError('SOURCE_UNAVAILABLE', `${result.errors.length} ticket update(s) failed; the first: ${result.errors[0] ?? ''}`, {});
  return { count: result.created.length };
};

/** One extraction step of a registered source: its dataset read, guarded against loss, and stored. */
const extract: StepRunner = async (step, job, { sources, store, settings, deadline }) => {
  const extraction = sources.extractionSteps(settings, () => job.observedAt).find((s) => s.id === step.id);
  if (!extraction) throw new AppError('NOT_CONFIGURED', `${step.label} is no longer configured`, { step: step.id });
  const lastComplete = await store.get<string>(LAST_COMPLETE_KEY);
  // The cursor goes with the dataset it was read with: the next sync applies its changes to that same dataset.
  const previousCursor = lastComplete ? (await readDataset<string>(store, lastComplete, cursorDataset(extraction.dataset)))?.[0] : undefined;
  const work = resumableWork(store, job.syncId, step.id, deadline);
  try {
    const output = await extraction.run({
      read: (name) => readDataset(store, job.syncId, name),
      previous: async (name) => (lastComplete ? readDataset(store, lastComplete, name) : undefined),
      settings,
      map: work.map,
      ...(previousCursor ? { previousCursor } : {}),
    });
    // Nothing secret is stored: webhook URLs keep scheme, host and a redacted path, credential values go.
    const read = { records: output.records.map(redactSecrets), quarantined: [...output.quarantined] };
    const counts = await previousCounts(store, step.id, lastComplete);
    const guard = async () => {
      const kind = extraction.collection ?? 'objects';
      // The last complete read is needed only to keep a last known state: a record that failed validation, or a loss.
      const needsPrevious = read.quarantined.length > 0 || (kind === 'objects' && isLoss(read.records.length + read.quarantined.length, counts.previousCount ?? 0));
      return guardCollection({
        label: extraction.label,
        kind,
        ...(extraction.emptyMeansMissingPermission ? { emptyMeansMissingPermission: extraction.emptyMeansMissingPermission } : {}),
        records: read.records,
        quarantined: read.quarantined,
        previous: needsPrevious && lastComplete ? await readDataset(store, lastComplete, extraction.dataset) : undefined,
        ...counts,
      });
    };
    let verdict = await guard();
    const written = await writeDataset(store, job.syncId, extraction.dataset, verdict.records, { oversized: 'skip' });
    if (written.skipped.length > 0) {
      // A record too large for one storage value is quarantined alone; the rest of its collection is kept.
      const skipped = new Set(written.skipped.map((i) => verdict.records[i]));
      read.quarantined.push(...written.skipped.map((i) => oversizedRecord(verdict.records[i], i, written.skippedBytes[i] ?? 0, extraction.dataset)));
      read.records = read.records.filter((r) => !skipped.has(r));
      verdict = await guard();
      await writeDataset(store, job.syncId, extraction.dataset, verdict.records, { oversized: 'skip' });
    }
    if (output.cursor) await writeDataset(store, job.syncId, cursorDataset(extraction.dataset), [output.cursor]);
    await work.finish();
    return {
      count: read.records.length,
      quarantined: read.quarantined.length,
      ...(verdict.reason ? { reason: verdict.reason } : {}),
      partial: verdict.status === 'partial',
      ...(verdict.carriedOver > 0 ? { detail: { carriedOver: verdict.carriedOver } } : {}),
    };
  } catch (error) {
    // A yield keeps the answers for the next invocation; any other end of the step leaves nothing to resume.
    if (!(error instanceof StepYield)) await work.finish();
    throw error;
  }
};

const RUNNERS: Record<StepKind, StepRunner> = { clock: readClock, extract, evaluate, publish, output: writeTickets };

async function executeStep(step: SyncStep, job: SyncJob, sources: SyncSources, store: KeyValueStore, settings: Settings, deadline: number, carry: InvocationCarry | undefined, quotaSpent: (() => number) | undefined): Promise<StepResult> {
  // A step other than the publish step drops what the build step kept: it is only ever for the step right after.
  if (kindOf(step) !== 'publish') carry?.takePublish(job.syncId);
  return RUNNERS[kindOf(step)](step, job, { sources, store, settings, deadline, ...(carry ? { carry } : {}), ...(quotaSpent ? { quotaSpent } : {}) });
}

const cursorDataset = (dataset: string) => `${dataset}.cursor`;

/**
 * A finished sync's job record, read once per store instance (one per invocation: the metered store of
 * advanceSync): every step of a sync compares its count with the same one or two finished syncs, and their records
 * never change once finished. Read again for each step, they were 0.7 MB of a 1%-churn resync's reads at size S.
 */
const finishedJobs = new WeakMap<KeyValueStore, Map<string, Promise<SyncJob | undefined>>>();
function finishedJob(store: KeyValueStore, syncId: string): Promise<SyncJob | undefined> {
  const cache = finishedJobs.get(store) ?? new Map<string, Promise<SyncJob | undefined>>();
  finishedJobs.set(store, cache);
  let job = cache.get(syncId);
  if (!job) {
    job = store.get<SyncJob>(historyKey(syncId));
    cache.set(syncId, job);
    job.catch(() => cache.delete(syncId));
  }
  return job;
}

/**
 * How many records this step read in the last complete sync and, when the latest finished sync was another (a
 * partial one), in that one: what the collection guard compares with.
 */
async function previousCounts(store: KeyValueStore, stepId: string, lastComplete: string | undefined): Promise<{ previousCount?: number; latestCount?: number }> {
  const countIn = async (syncId: string | undefined) => {
    if (!syncId) return undefined;
    const step = (await finishedJob(store, syncId))?.steps.find((s) => s.id === stepId);
    return step && (step.status === 'done' || step.status === 'partial') ? step.count : undefined;
  };
  const latest = await store.get<string>(LATEST_FINISHED_KEY);
  const previousCount = await countIn(lastComplete);
  const latestCount = latest && latest !== lastComplete ? await countIn(latest) : undefined;
  return { ...(previousCount !== undefined ? { previousCount } : {}), ...(latestCount !== undefined ? { latestCount } : {}) };
}

function oversizedRecord(record: unknown, index: number, bytes: number, dataset: string): QuarantinedRecord {
  const id = recordKey(record);
  return { system: dataset.split('.')[0] ?? dataset, endpoint: dataset, index, ...(id !== undefined ? { id } : {}), issues: [`(root): ${bytes} bytes, larger than one storage value`] };
}

/**
 * Runs one step and records the outcome on it. Access refusals (401/403) and exhausted retries make the step
 * partial with the reason and let the sync go on; a missing configuration or refused credentials fail the step.
 */
export async function runStep(step: SyncStep, job: SyncJob, sources: SyncSources, store: KeyValueStore, settings: Settings, sliceMs: number = Number.POSITIVE_INFINITY, carry?: InvocationCarry, quotaSpent?: () => number): Promise<SyncStep> {
  const attempts = step.attempts + 1;
  const started = Date.now();
  const timing = () => {
    const slice = Date.now() - started;
    return { durationMs: (step.durationMs ?? 0) + slice, longestSliceMs: Math.max(step.longestSliceMs ?? 0, slice), slices: (step.slices ?? 0) + 1 };
  };
  try {
    const result = await executeStep(step, job, sources, store, settings, started + sliceMs, carry, quotaSpent);
    return { ...step, attempts, status: result.partial ? 'partial' : 'done', count: result.count, quarantined: result.quarantined, reason: result.reason, ...(result.detail ? { detail: result.detail } : {}), ...timing() };
  } catch (error) {
    // Out of time with lookups left: still pending, its answers so far stored; the next invocation goes on.
    if (error instanceof StepYield) return { ...step, status: 'pending', reason: undefined, detail: { done: error.done, of: error.total }, ...timing() };
    const reason = describeError(error);
    const code = error instanceof AppError ? error.code : undefined;
    if (isEngineWork(kindOf(step))) console.error(`sync ${job.syncId} ${kindOf(step) === 'publish' ? 'publishing' : 'evaluation'} failed: ${reason}`);
    const optional = error instanceof AppError && error.context.optional === true;
    const status = optional ? 'skipped' : code === 'NOT_CONFIGURED' || code === 'ENTRA_AUTH_FAILED' || isEngineWork(kindOf(step)) ? 'failed' : 'partial';
    return { ...step, attempts, status, reason, ...timing() };
  }
}
