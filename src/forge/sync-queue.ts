import { Queue } from '@forge/events';

/** The queue the consumer in manifest.yml (sv0-sync-consumer) reads. */
export const syncQueue = new Queue({ key: 'sv0-sync' });

export interface SyncEventBody {
  syncId: string;
}

export async function enqueueSyncStep(syncId: string): Promise<void> {
  const body: SyncEventBody = { syncId };
  await syncQueue.push([{ body: { ...body } }]);
}
