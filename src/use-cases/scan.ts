/** A scan an admin starts: a new sync (or the running one resumed), and its first step queued. */
import { startSync } from '../sync/run-sync';
import type { SyncSources } from '../sync/run-step';
import type { Clock, StorePorts } from './ports';

export interface ScanPorts extends StorePorts {
  now: Clock;
  /** Queues the next step of a sync (on Forge, an async event to the sync consumer). */
  enqueue(syncId: string): Promise<void>;
}

export async function startManualScan(ports: ScanPorts, sources: SyncSources): Promise<{ syncId: string; started: boolean; resumed?: boolean }> {
  const { job, started, resumed } = await startSync(ports.store, sources, 'manual', ports.now());
  if (started || resumed) await ports.enqueue(job.syncId);
  return { syncId: job.syncId, started, ...(resumed ? { resumed } : {}) };
}
