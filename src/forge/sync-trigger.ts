import { startSync } from '../sync/run-sync';
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
    const { job, started } = await startSync(kvsStore, createForgeSyncSources(request.context?.cloudId), 'scheduled', new Date());
    if (started) await enqueueSyncStep(job.syncId);
    console.log(started ? `sync ${job.syncId} started` : `sync ${job.syncId} already running`);
  } catch (error) {
    console.error(`scheduled sync could not start: ${describeError(error)}`);
  }
  return { statusCode: 204 };
}
