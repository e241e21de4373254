import type { AsyncEvent } from '@forge/events';
import { getAppContext } from '@forge/api';
import { z } from 'zod';
import { advanceSync } from '../sync/run-sync';
import { kvsStore } from './adapters/kvs-store';
import { enqueueSyncStep } from './sync-queue';
import { createForgeSyncSources } from './sync-sources';

const eventBodySchema = z.object({ syncId: z.string().min(1) });

/**
 * A step must fit in half of what is left of this invocation, so one slow step never meets Forge's hard stop
 * (which would lose its work); the rest of the job goes to the next event.
 */
export function hasTimeForAnotherStep(remainingMs: number, startedRemainingMs: number): boolean {
  return remainingMs > startedRemainingMs / 2;
}

/**
 * How long a step may work before it stores its progress and yields: a fifth of the invocation (60 s of 300 s),
 * so that with the batch in flight, the write of its answers and the checkpoint a slice stays well under half of
 * the timeout.
 */
export function stepSliceMs(startedRemainingMs: number): number {
  return startedRemainingMs * 0.2;
}

/** Queue consumer (sv0-sync-consumer): advances the current sync by whole steps and re-enqueues until done. */
/** `ari:cloud:jira::site/<cloudId>` -> cloudId */
export function cloudIdOf(installContext: string | undefined): string | undefined {
  return installContext?.split('/').pop();
}

export async function syncConsumer(event: AsyncEvent, context?: { installContext?: string }): Promise<void> {
  const body = eventBodySchema.safeParse(event.body);
  if (!body.success) {
    console.error(`sync event ${event.eventId} ignored: its body has no syncId`);
    return;
  }
  const app = getAppContext();
  const startRemaining = app.invocationRemainingTimeInMillis();
  const outcome = await advanceSync(
    kvsStore,
    body.data.syncId,
    createForgeSyncSources(cloudIdOf(context?.installContext)),
    () => hasTimeForAnotherStep(app.invocationRemainingTimeInMillis(), startRemaining),
    () => new Date(),
    stepSliceMs(startRemaining),
    leaseUntil(new Date(), startRemaining),
  );
  if (outcome === 'continue') await enqueueSyncStep(body.data.syncId);
  if (outcome === 'busy') console.log(`sync ${body.data.syncId}: another invocation is advancing it; this event ends here`);
}

/**
 * When this invocation will have been stopped at the latest (Forge stops it at its timeout), plus a tenth for
 * clocks: until then it holds the job; past it, a job still held was abandoned.
 */
export function leaseUntil(now: Date, remainingMs: number): Date {
  return new Date(now.getTime() + remainingMs + Math.max(1000, remainingMs * 0.1));
}
