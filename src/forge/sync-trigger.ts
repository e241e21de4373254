import { resumeAbandonedSync, startScheduledSync, type TriggerInterval } from '../sync/run-sync';
import { describeError } from '../shared/errors';
import { kvsStore } from './adapters/kvs-store';
import { enqueueSyncStep } from './sync-queue';
import { createForgeSyncSources } from './sync-sources';

/**
 * The scheduled triggers: sv0-daily-sync (every day) and sv0-hourly-sync (every hour). Each starts a scheduled sync
 * when the admin's schedule says its run is due (src/sync/run-sync.ts startScheduledSync;
 * docs/decisions/0012-scan-schedule.md). Forge may deliver a scheduled invocation twice, so starting is idempotent:
 * a running, recently checkpointed sync is left alone. Returns 204 as the function-reference page asks.
 */
async function runScheduledTrigger(interval: TriggerInterval, request: { context?: { cloudId?: string } }): Promise<{ statusCode: number }> {
  try {
    const start = await startScheduledSync(kvsStore, createForgeSyncSources(request.context?.cloudId), interval, new Date());
    if (!start.due) return { statusCode: 204 };
    const { job, started, resumed } = start;
    if (started || resumed) await enqueueSyncStep(job.syncId);
    console.log(started ? `sync ${job.syncId} started` : resumed ? `sync ${job.syncId} resumed from its last checkpoint` : `sync ${job.syncId} already running`);
  } catch (error) {
    console.error(`scheduled sync could not start: ${describeError(error)}`);
  }
  return { statusCode: 204 };
}

export function syncTrigger(request: { context?: { cloudId?: string } }): Promise<{ statusCode: number }> {
  return runScheduledTrigger('day', request);
}

export function hourlySyncTrigger(request: { context?: { cloudId?: string } }): Promise<{ statusCode: number }> {
  return runScheduledTrigger('hour', request);
}

/**
 * Watchdog (sv0-sync-watchdog, every five minutes): a sync whose invocation died (Forge stopped it, the process was
 * lost, its next event was never pushed) is resumed from its last checkpoint, so a scan never waits for tomorrow's
 * trigger. Costs one storage read when nothing is wrong.
 */
export async function syncWatchdog(): Promise<{ statusCode: number }> {
  try {
    const job = await resumeAbandonedSync(kvsStore, new Date());
    if (job) {
      await enqueueSyncStep(job.syncId);
      console.log(`sync ${job.syncId} resumed from its last checkpoint (resumed ${job.resumed?.count ?? 1} time(s))`);
    }
  } catch (error) {
    console.error(`sync watchdog could not run: ${describeError(error)}`);
  }
  return { statusCode: 204 };
}
