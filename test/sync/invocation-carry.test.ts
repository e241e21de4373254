/**
 * The build step's graph, kept in memory for the publish step, is taken only by the publish step of the same sync
 * right after it, once; anything else in between drops it, so a graph never outlives the step that needs it.
 */
import { defaultSettings } from '../../src/settings/settings';
import type { PublishSummary } from '../../src/sync/evaluate-sync';
import { InvocationCarry, handsOverPublishing, runStep, type SyncSources } from '../../src/sync/run-step';
import type { EvaluationSummary, SyncJob, SyncStep } from '../../src/sync/sync-state';
import { memoryStore } from '../support/memory-store';

const step = (id: string, kind: SyncStep['kind']): SyncStep => ({ id, kind, system: kind === 'clock' ? 'jira' : 'engine', label: id, status: 'pending', attempts: 0 });
const SURFACES = { principals: 7 } as PublishSummary['surfaces'];

function jobAfterBuild(syncId: string): SyncJob {
  return {
    syncId,
    trigger: 'manual',
    status: 'running',
    requestedAt: '2026-12-01T00:00:00.000Z',
    observedAt: '2026-12-01T00:00:00.000Z',
    steps: [{ ...step('build', 'evaluate'), status: 'done' }, step('publish', 'publish')],
    evaluation: { findingsByCheck: {} } as EvaluationSummary,
  };
}

function keptWork(): { publish: () => Promise<PublishSummary>; calls: () => number } {
  let calls = 0;
  return {
    publish: async () => {
      calls++;
      return { surfaces: SURFACES, timings: { readMs: 0, graphMs: 0, reachMs: 0, writeMs: 1 } };
    },
    calls: () => calls,
  };
}

// Sources that fail every read: a publish step that builds the graph again, instead of taking the kept one, fails.
const sources = {
  jira: { getJson: async () => ({ serverTime: '2026-12-01T00:00:00.000+0000' }) },
  graphBuilders: () => {
    throw new Error('the graph was built again');
  },
} as unknown as SyncSources;

describe('InvocationCarry', () => {
  it('gives the kept work to the publish step of the same sync, once', async () => {
    // Arrange
    const carry = new InvocationCarry();
    const kept = keptWork();
    carry.keepPublish('sync-1', kept.publish);
    const job = jobAfterBuild('sync-1');

    // Act
    const done = await runStep(job.steps[1] as SyncStep, job, sources, memoryStore(), defaultSettings(), Number.POSITIVE_INFINITY, carry);

    // Assert
    expect(done).toMatchObject({ status: 'done', count: 7 });
    expect(kept.calls()).toBe(1);
    expect(job.evaluation?.surfaces).toBe(SURFACES);
    expect(carry.takePublish('sync-1')).toBeUndefined();
  });

  it('keeps nothing for another sync, and a step in between drops it', async () => {
    const carry = new InvocationCarry();
    carry.keepPublish('sync-1', keptWork().publish);
    expect(carry.takePublish('sync-2')).toBeUndefined();
    expect(carry.takePublish('sync-1')).toBeUndefined();

    carry.keepPublish('sync-1', keptWork().publish);
    const job = jobAfterBuild('sync-1');
    await runStep(step('jira:server-info', 'clock'), job, sources, memoryStore(), defaultSettings(), Number.POSITIVE_INFINITY, carry);
    expect(carry.takePublish('sync-1')).toBeUndefined();
  });

  it('builds the graph again when nothing was kept (another invocation)', async () => {
    const job = jobAfterBuild('sync-1');
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const done = await runStep(job.steps[1] as SyncStep, job, sources, memoryStore(), defaultSettings(), Number.POSITIVE_INFINITY, new InvocationCarry());
    logged.mockRestore();
    expect(done.status).toBe('failed');
    expect(done.reason).toContain('the graph was built again');
  });
});

describe('handsOverPublishing', () => {
  const at = { elapsedMs: 20_000, remainingMs: 100_000, quotaSpent: 900, publishStep: true };
  it('publishes in the build step while it has time and has spent less than a minute of KVS quota', () => {
    expect(handsOverPublishing(at)).toBe(false);
  });
  it('hands over when the step has used more of its slice than is left', () => {
    expect(handsOverPublishing({ ...at, elapsedMs: 60_000, remainingMs: 50_000 })).toBe(true);
  });
  it('hands over once the step has spent a minute of Forge’s KVS quota, however fast it ran', () => {
    expect(handsOverPublishing({ ...at, quotaSpent: 3_999 })).toBe(false);
    expect(handsOverPublishing({ ...at, quotaSpent: 4_000 })).toBe(true);
  });
  it('never hands over to a publish step the sync does not have', () => {
    expect(handsOverPublishing({ ...at, elapsedMs: 60_000, remainingMs: 50_000, quotaSpent: 9_000, publishStep: false })).toBe(false);
  });
});
