import { resumeAbandonedSync, startSync } from '../sync/run-sync';
import { describeError } from '../shared/errors';
import { kvsStore } from './adapters/kvs-store';
import { enqueueSyncStep } from './sync-queue';
import { createForgeSyncSources } from './sync-sources';

/**
 * Scheduled trigger (sv0-daily-sync). Forge may deliver a scheduled invocation twice, so starting is idempotent:
 * a running, recently checkpointed sync is left alone. Returns 204 as the function-reference page asks.
 */
export async function syncTrigger(request: { context?: { cloudId?: string } }): Promise<{ statusCode: number }> {
  try {
    const { job, started, resumed } = await startSync(kvsStore, createForgeSyncSources(request.context?.cloudId), 'scheduled', new Date());
    if (started || resumed) await enqueueSyncStep(job.syncId);
    console.log(started ? `sync ${job.syncId} started` : resumed ? `sync ${job.syncId} resumed from its last checkpoint` : `sync ${job.syncId} already running`);
  } catch (error) {
    console.error(`scheduled sync could not start: ${describeError(error)}`);
  }
  return { statusCode: 204 };
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
