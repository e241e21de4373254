/**
 * The sync job's stored state. One job runs at a time; each consumer invocation advances it by whole steps and
 * checkpoints after every step, so a crash or timeout loses at most the step in flight and a re-run resumes.
 */
/** skipped = a source nobody configured (no automation export uploaded yet): not missing data, nothing to read. */
export type StepStatus = 'pending' | 'done' | 'partial' | 'failed' | 'skipped';
export type SyncStatus = 'running' | 'complete' | 'partial' | 'failed';

import type { UnknownOutcome } from '../checks/run-checks';
import type { SurfaceStats } from './surface-models';
import type { SourceSystem } from '../sources/source-step';

/**
 * What a step does, which decides how the job runs it: `clock` reads the source clock, `extract` reads one dataset
 * of a source (in that source's lane), `evaluate` builds the graph and runs the checks, `publish` builds the graph
 * again for the pages' read models that need no checks (access review, blast radii, fix previews), `output` writes
 * elsewhere (JSM tickets) and never decides whether what was read is complete.
 */
export type StepKind = 'clock' | 'extract' | 'evaluate' | 'publish' | 'output';

/** The evaluation and the publishing of its read models: the engine's own work, which fails the sync if it fails. */
export const isEngineWork = (kind: StepKind): boolean => kind === 'evaluate' || kind === 'publish';

export interface SyncStep {
  id: string;
  /** Absent on steps stored before kinds were recorded: see kindOf. */
  kind?: StepKind;
  /** The source the step reads (a registered source's id), or 'engine' for the clock, the build and the tickets. */
  system: SourceSystem | 'engine';
  /** Entra tenant the step reads, when it reads one. */
  tenantId?: string;
  label: string;
  status: StepStatus;
  attempts: number;
  count?: number;
  quarantined?: number;
  /** Why a step is partial or failed, in words an admin can act on; never a secret. */
  reason?: string;
  detail?: Record<string, unknown>;
  /** How long the step ran in all, in ms, over every invocation it took. */
  durationMs?: number;
  /** A step with long per-object work runs in slices, one per invocation; its longest uninterrupted run, in ms. */
  longestSliceMs?: number;
  slices?: number;
  /**
   * Forge's per-installation KVS quota units (10 KB each, store/metered-store.ts) the step spent, over every
   * invocation it took: its reads and its writes.
   */
  kvsReadUnits?: number;
  kvsWriteUnits?: number;
  /**
   * The most read or write units one of its slices spent. Forge allows 4,000 of each a minute per installation, so
   * at Forge's pace that slice takes at least this many / 4,000 minutes, however fast the store answers.
   */
  longestSliceKvsUnits?: number;
}

/** What the build step found (src/sync/evaluate-sync.ts), kept on the job record. */
export interface EvaluationSummary {
  nodes: number;
  edges: number;
  principals: number;
  findingsByCheck: Record<string, number>;
  findingsBySeverity: Record<string, number>;
  opened: number;
  reopened: number;
  changed: number;
  resolved: number;
  /** The first UNKNOWNS_KEPT checks that could not decide (the job record must stay one KVS value), and how many. */
  unknowns: UnknownOutcome[];
  unknownCount?: number;
  unknownsByCheck?: Record<string, number>;
  diff: { added: number; removed: number; changed: number; removalsReported: boolean; breaker?: string };
  /**
   * Where the build step's time went, in ms: reading the sync's datasets, building the correlated graph, computing
   * reach, running the checks, and storing findings and read models. `evaluateMs` = reach + checks: the
   * evaluation proper, which the benchmark compares with parsing the snapshot.
   */
  timings?: { readMs: number; graphMs: number; reachMs: number; checksMs: number; evaluateMs: number; storeMs: number };
  /** What the surfaces read beyond the rows: blast radii, insights, the project index (sync/surface-models.ts). */
  surfaces?: SurfaceStats;
  /** Where the publish step's time went, in ms, when one ran (evaluate-sync.ts publishSync). */
  publishTimings?: { readMs: number; graphMs: number; reachMs: number; writeMs: number };
}

/** A sync's own measurements of what it cost: consumer invocations, their time, and storage bytes read and written. */
export interface SyncUsage {
  invocations: number;
  invocationMs: number;
  kvsBytesRead: number;
  kvsBytesWritten: number;
  /** Forge's per-installation quota units the scan spent (store/metered-store.ts); absent on jobs recorded before. */
  kvsReadUnits?: number;
  kvsWriteUnits?: number;
}

export interface SyncJob {
  syncId: string;
  trigger: 'scheduled' | 'manual';
  status: SyncStatus;
  requestedAt: string;
  /** The source clock for this sync: Jira's serverTime, read first; windows such as dormancy are measured from it. */
  observedAt?: string;
  /** The Jira site as it reports itself (serverInfo.baseUrl). */
  siteUrl?: string;
  finishedAt?: string;
  steps: SyncStep[];
  /** What the build step found, once it ran. */
  evaluation?: EvaluationSummary;
  /** While an invocation advances the job: until when it holds it (it gives the lease back when it stops). */
  lease?: { until: string };
  /** The job was picked up again after the invocation advancing it died: how often, and when last. */
  resumed?: { count: number; lastAt: string };
  /**
   * What the sync consumed, summed over the queue-consumer invocations that advanced it (src/sync/run-sync.ts
   * advanceSync): the admin page's cost estimate is measured from it. Absent on jobs stored before it was recorded.
   */
  usage?: SyncUsage;
  /** What the tickets step did. */
  tickets?: { created: number; resolved: number; reopened: number; commented: number; waiting: number; errors: string[]; configurationError?: string };
}

/** The latest finished sync, complete or partial: what the pages show. */
/** The last HISTORY_LIMIT finished syncs, newest last: the trend on the overview. */
export const HISTORY_LIMIT = 60;

export interface HistoryEntry {
  syncId: string;
  status: SyncStatus;
  observedAt?: string;
  finishedAt?: string;
  total: number;
  bySeverity: Record<string, number>;
}

// Jobs and history stored before steps carried their kind name the three engine steps by these ids.
const KIND_OF_STORED_STEP: Record<string, StepKind> = { 'jira:server-info': 'clock', build: 'evaluate', tickets: 'output' };

export function kindOf(step: Pick<SyncStep, 'id' | 'kind'>): StepKind {
  return step.kind ?? KIND_OF_STORED_STEP[step.id] ?? 'extract';
}

export function isFinished(job: SyncJob): boolean {
  return job.status !== 'running';
}

export function nextPendingStep(job: SyncJob): SyncStep | undefined {
  return job.steps.find((step) => step.status === 'pending');
}

/**
 * A sync is complete only when every step read everything; a partial sync must never report removals. It failed
 * when nothing could be evaluated (the clock or the build step failed).
 */
export function finalStatus(steps: readonly SyncStep[]): SyncStatus {
  if (steps.some((step) => step.status === 'pending')) return 'running';
  if (steps.every((step) => step.status === 'done' || step.status === 'skipped')) return 'complete';
  if (steps.some((step) => (isEngineWork(kindOf(step)) || kindOf(step) === 'clock') && step.status !== 'done')) return 'failed';
  // Outputs (tickets) are not sources: failing to update them does not make what was read partial.
  if (steps.every((step) => step.status === 'done' || step.status === 'skipped' || kindOf(step) === 'output')) return 'complete';
  return 'partial';
}
