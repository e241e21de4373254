/**
 * The steps of a sync: the source clock, every extraction step of the configured systems, then the build step that
 * evaluates. Each step is bounded (one dataset, or one evaluation) and the job checkpoints after each.
 */
import { z } from 'zod';
import { AppError, describeError } from '../shared/errors';
import type { JiraClient } from '../sources/jira/jira-client';
import type { ExtractionStep, GraphBuilder } from '../sources/source-step';
import { writeSettings, type Settings } from '../settings/settings';
import type { Sleep } from '../shared/http';
import type { JiraWriter } from '../tickets/jira-writer';
import { syncTickets } from '../tickets/ticket-sync';
import type { FindingRow } from '../findings/query';
import { ROWS_DATASET, ROWS_SCOPE } from './read-models';
import { readDataset, writeDataset } from '../store/dataset-store';
import type { FindingStore } from '../store/finding-store';
import type { KeyValueStore } from '../store/key-value-store';
import { evaluateSync } from './evaluate-sync';
import { resumableWork, StepYield } from './step-work';
import { LAST_COMPLETE_KEY, type SyncJob, type SyncStep } from './sync-state';

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
export const TICKETS_STEP = 'tickets';
export const TICKETS_WAITING_KEY = 'tickets:waiting';

export function planSteps(settings: Settings, sources: SyncSources): SyncStep[] {
  const step = (id: string, system: SyncStep['system'], label: string, tenantId?: string): SyncStep => ({ id, system, label, status: 'pending', attempts: 0, ...(tenantId ? { tenantId } : {}) });
  return [
    step(CLOCK_STEP, 'jira', 'Jira site clock'),
    ...sources.extractionSteps(settings, () => undefined).map((s) => step(s.id, s.system, s.label, s.tenantId)),
    step(BUILD_STEP, 'engine', 'Access graph and checks'),
    ...(settings.ticketing.enabled && sources.ticketWriter ? [step(TICKETS_STEP, 'jira', 'JSM tickets for findings')] : []),
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
}

async function executeStep(step: SyncStep, job: SyncJob, sources: SyncSources, store: KeyValueStore, settings: Settings, deadline: number): Promise<StepResult> {
  if (step.id === CLOCK_STEP) {
    const info = serverInfoSchema.safeParse(await sources.jira.getJson('/rest/api/3/serverInfo'));
    if (!info.success) throw new AppError('SOURCE_BAD_RESPONSE', 'Jira serverInfo has no serverTime', { system: 'jira' });
    job.observedAt = parseServerTime(info.data.serverTime);
    if (info.data.baseUrl) job.siteUrl = info.data.baseUrl;
    return {};
  }
  if (step.id === BUILD_STEP) {
    if (!job.observedAt) throw new AppError('SOURCE_UNAVAILABLE', 'The sync has no clock (Jira serverInfo was not read); nothing can be evaluated', {});
    // Only reading steps decide completeness; the tickets step comes after and writes.
    const extraction = job.steps.filter((s) => s.id !== BUILD_STEP && s.id !== CLOCK_STEP && s.id !== TICKETS_STEP);
    const siteHost = job.siteUrl ? new URL(job.siteUrl).host : 'unknown-site';
    const summary = await evaluateSync({
      store,
      findings: sources.findings,
      syncId: job.syncId,
      lastCompleteSyncId: await store.get<string>(LAST_COMPLETE_KEY),
      builders: sources.graphBuilders(settings, siteHost),
      context: { settings, observedAt: job.observedAt },
      ownHosts: [siteHost],
      complete: extraction.every((s) => s.status === 'done' || s.status === 'skipped'),
      steps: job.steps,
    });
    job.evaluation = summary;
    return { count: Object.values(summary.findingsByCheck).reduce((a, b) => a + b, 0) };
  }
  if (step.id === TICKETS_STEP) {
    if (!sources.ticketWriter || !job.observedAt) throw new AppError('NOT_CONFIGURED', 'Ticketing cannot run in this sync', {});
    if (job.steps.find((s) => s.id === BUILD_STEP)?.status !== 'done') throw new AppError('SOURCE_UNAVAILABLE', 'The checks did not run, so tickets were left as they are', {});
    const result = await syncTickets({ writer: sources.ticketWriter, findings: sources.findings, settings, observedAt: job.observedAt, sleep: sources.sleep });
    await store.set(TICKETS_WAITING_KEY, result.waiting);
    if (result.justifications.length > 0) await writeSettings(store, { ...settings, justifications: [...settings.justifications, ...result.justifications] });
    await refreshTicketKeys(store, sources.findings);
    job.tickets = { created: result.created.length, resolved: result.resolved.length, reopened: result.reopened.length, commented: result.commented.length, waiting: result.waiting, errors: result.errors.slice(0, 20) };
    if (result.errors.length > 0) throw new AppError('SOURCE_UNAVAILABLE', `${result.errors.length} ticket update(s) failed; the first: ${result.errors[0] ?? ''}`, {});
    return { count: result.created.length };
  }
  const extraction = sources.extractionSteps(settings, () => job.observedAt).find((s) => s.id === step.id);
  if (!extraction) throw new AppError('NOT_CONFIGURED', `${step.label} is no longer configured`, { step: step.id });
  const lastComplete = await store.get<string>(LAST_COMPLETE_KEY);
  // The cursor goes with the dataset it was read with: the next sync applies its changes to that same dataset.
  const previousCursor = lastComplete ? (await readDataset<string>(store, lastComplete, cursorDataset(extraction.dataset)))?.[0] : undefined;
  const work = resumableWork(store, job.syncId, step.id, deadline);
  try {
    const { records, quarantined, cursor } = await extraction.run({
      read: (name) => readDataset(store, job.syncId, name),
      previous: async (name) => (lastComplete ? readDataset(store, lastComplete, name) : undefined),
      settings,
      map: work.map,
      ...(previousCursor ? { previousCursor } : {}),
    });
    await writeDataset(store, job.syncId, extraction.dataset, records);
    if (cursor) await writeDataset(store, job.syncId, cursorDataset(extraction.dataset), [cursor]);
    await work.finish();
    return { count: records.length, quarantined: quarantined.length };
  } catch (error) {
    // A yield keeps the answers for the next invocation; any other end of the step leaves nothing to resume.
    if (!(error instanceof StepYield)) await work.finish();
    throw error;
  }
}

const cursorDataset = (dataset: string) => `${dataset}.cursor`;

/** The row index carries ticket keys for the lists; refresh them after ticketing. */
async function refreshTicketKeys(store: KeyValueStore, findings: FindingStore): Promise<void> {
  const keys = new Map((await findings.listAll()).filter((f) => f.ticketKey).map((f) => [f.id, f.ticketKey as string]));
  const rows = (await readDataset<FindingRow>(store, ROWS_SCOPE, ROWS_DATASET)) ?? [];
  await writeDataset(store, ROWS_SCOPE, ROWS_DATASET, rows.map((r) => (keys.has(r.id) ? { ...r, ticketKey: keys.get(r.id) } : r)));
}

/**
 * Runs one step and records the outcome on it. Access refusals (401/403) and exhausted retries make the step
 * partial with the reason and let the sync go on; a missing configuration or refused credentials fail the step.
 */
export async function runStep(step: SyncStep, job: SyncJob, sources: SyncSources, store: KeyValueStore, settings: Settings, sliceMs: number = Number.POSITIVE_INFINITY): Promise<SyncStep> {
  const attempts = step.attempts + 1;
  const started = Date.now();
  const timing = () => {
    const slice = Date.now() - started;
    return { durationMs: (step.durationMs ?? 0) + slice, longestSliceMs: Math.max(step.longestSliceMs ?? 0, slice), slices: (step.slices ?? 0) + 1 };
  };
  try {
    const result = await executeStep(step, job, sources, store, settings, started + sliceMs);
    return { ...step, attempts, status: 'done', count: result.count, quarantined: result.quarantined, reason: undefined, ...timing() };
  } catch (error) {
    // Out of time with lookups left: still pending, its answers so far stored; the next invocation goes on.
    if (error instanceof StepYield) return { ...step, status: 'pending', reason: undefined, detail: { done: error.done, of: error.total }, ...timing() };
    const reason = describeError(error);
    const code = error instanceof AppError ? error.code : undefined;
    if (step.id === BUILD_STEP) console.error(`sync ${job.syncId} evaluation failed: ${reason}`);
    const optional = error instanceof AppError && error.context.optional === true;
    const status = optional ? 'skipped' : code === 'NOT_CONFIGURED' || code === 'ENTRA_AUTH_FAILED' || step.id === BUILD_STEP ? 'failed' : 'partial';
    return { ...step, attempts, status, reason, ...timing() };
  }
}
