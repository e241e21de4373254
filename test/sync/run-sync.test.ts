/**
 * advanceSync runs the extraction steps of different source systems side by side (each calls its own hosts), and
 * one system's steps in order, since a later step reads an earlier one's dataset.
 */
import { randomBytes } from 'node:crypto';
import type { JiraClient } from '../../src/sources/jira/jira-client';
import type { ExtractionStep } from '../../src/sources/source-step';
import { memoryFindingStore } from '../../src/store/finding-store';
import { CHECKPOINT_EVERY_MS, HOURLY_TOLERANCE_MS, QUIET_JOB_MS, advanceSync, isScheduledScanDue, resumeAbandonedSync, startScheduledSync, startSync } from '../../src/sync/run-sync';
import type { SyncSources } from '../../src/sync/run-step';
import { type SyncJob } from '../../src/sync/sync-state';
import { memoryStore } from '../support/memory-store';
import { CURRENT_JOB_KEY, LAST_SCHEDULED_KEY, SETTINGS_KEY } from '../../src/store/layout';

const jira = { getJson: async () => ({ serverTime: '2026-11-23T10:00:00.000+0000', baseUrl: 'https://example.atlassian.net' }) } as unknown as JiraClient;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function sources(steps: ExtractionStep[]): SyncSources {
  return { jira, findings: memoryFindingStore(), sleep: async () => undefined, extractionSteps: () => steps, graphBuilders: () => [] };
}

describe('advanceSync', () => {
  it('runs each source system as a lane beside the others, keeping the order inside a lane', async () => {
    const store = memoryStore();
    const events: string[] = [];
    let entraStarted = false;
    const step = (id: string, system: ExtractionStep['system'], run: ExtractionStep['run']): ExtractionStep => ({ id, system, label: id, dataset: id, run });
    const steps = [
      step('jira:projects', 'jira', async () => {
        events.push('jira:projects');
        // The Entra lane starts while this step is still waiting on its answers.
        for (let i = 0; i < 50 && !entraStarted; i++) await tick();
        events.push(`jira:projects saw entra ${entraStarted ? 'running' : 'not started'}`);
        return { records: [{ id: 'p1' }], quarantined: [] };
      }),
      step('jira:roles', 'jira', async (context) => {
        events.push(`jira:roles read ${JSON.stringify(await context.read('jira:projects'))}`);
        return { records: [], quarantined: [] };
      }),
      step('entra:t1:users', 'entra', async () => {
        entraStarted = true;
        events.push('entra:users');
        return { records: [], quarantined: [] };
      }),
    ];
    const { job } = await startSync(store, sources(steps), 'manual', new Date('2026-11-23T10:00:00Z'));
    expect(await advanceSync(store, job.syncId, sources(steps), () => true, () => new Date())).toBe('finished');

    expect(events).toEqual(['jira:projects', 'entra:users', 'jira:projects saw entra running', 'jira:roles read [{"id":"p1"}]']);
    const stored = await store.get<SyncJob>(CURRENT_JOB_KEY);
    expect(stored?.steps.map((s) => [s.id, s.status])).toEqual([
      ['jira:server-info', 'done'],
      ['jira:projects', 'done'],
      ['jira:roles', 'done'],
      ['entra:t1:users', 'done'],
      ['build', 'done'],
      ['publish', 'done'],
    ]);
  });

  it('stores the job as the last lane left it, whichever checkpoint is written last', async () => {
    const store = memoryStore();
    const slowSet = store.set;
    // Earlier writes of the job take longer, so two lanes' checkpoints in flight at once would land newest first.
    let writes = 0;
    store.set = async (key, value) => {
      if (key === CURRENT_JOB_KEY) for (let i = 0, n = 20 - writes++; i < n; i++) await tick();
      return slowSet(key, value);
    };
    const quick = (id: string, system: ExtractionStep['system']): ExtractionStep => ({ id, system, label: id, dataset: id, run: async () => ({ records: [], quarantined: [] }) });
    const steps = [quick('jira:a', 'jira'), quick('automation:b', 'automation'), quick('entra:t:c', 'entra'), quick('azuredevops:d', 'azuredevops')];
    const { job } = await startSync(store, sources(steps), 'manual', new Date('2026-11-23T10:00:00Z'));
    // Stop before the build and publish steps: the last checkpoint is the lanes' own.
    let checks = 0;
    await advanceSync(store, job.syncId, sources(steps), () => checks++ < 6, () => new Date());
    const stored = await store.get<SyncJob>(CURRENT_JOB_KEY);
    expect(stored?.steps.filter((s) => s.id !== 'build' && s.id !== 'publish').every((s) => s.status === 'done')).toBe(true);
  });
});

describe('checkpoints', () => {
  it('writes the job once for extraction steps that finish within CHECKPOINT_EVERY_MS, at once for the rest, and never loses one', async () => {
    const store = memoryStore();
    let jobWrites = 0;
    const set = store.set;
    store.set = async (key, value) => {
      if (key === CURRENT_JOB_KEY) jobWrites++;
      return set(key, value);
    };
    let ms = 0;
    const clock = () => new Date(Date.parse('2026-11-23T10:00:00Z') + ms);
    let ran = 0;
    const quick = (id: string, takesMs = 100): ExtractionStep => ({ id, system: 'jira', label: id, dataset: id, run: async () => ((ms += takesMs), ran++, { records: [], quarantined: [] }) });
    const steps = Array.from({ length: 20 }, (_, i) => quick(`jira:s${i}`));
    const { job } = await startSync(store, sources(steps), 'manual', clock());
    jobWrites = 0;
    // Stop after the extraction steps, before the build: what is stored must still say every one of them is done.
    expect(await advanceSync(store, job.syncId, sources(steps), () => ran < 20, clock)).toBe('continue');
    const stored = await store.get<SyncJob>(CURRENT_JOB_KEY);
    expect(stored?.steps.filter((s) => s.id.startsWith('jira:s')).every((s) => s.status === 'done')).toBe(true);
    // The server-info clock step saves at once; twenty steps in 2 s share one checkpoint, written as the invocation ends.
    expect(jobWrites).toBeLessThanOrEqual(3);

    // Steps of 2 s each: the job is written at least every CHECKPOINT_EVERY_MS.
    const slow = Array.from({ length: 10 }, (_, i) => quick(`jira:t${i}`, 2_000));
    const store2 = memoryStore();
    const { job: job2 } = await startSync(store2, sources(slow), 'manual', clock());
    let writes2 = 0;
    const set2 = store2.set;
    store2.set = async (key, value) => {
      if (key === CURRENT_JOB_KEY) writes2++;
      return set2(key, value);
    };
    await advanceSync(store2, job2.syncId, sources(slow), () => true, clock);
    expect(writes2).toBeGreaterThanOrEqual(Math.floor((10 * 2_000) / CHECKPOINT_EVERY_MS));
    expect(writes2).toBeLessThan(10);
  });
});

describe('startSync', () => {
  it('drops the stored answers of an abandoned sync when a new sync replaces it (a day later)', async () => {
    const store = memoryStore();
    const slow: ExtractionStep = {
      id: 'jira:project-roles',
      system: 'jira',
      label: 'roles',
      dataset: 'roles',
      run: async (context) => {
        const map = context.map ?? (async () => []);
        const answers = await map(Array.from({ length: 500 }, (_, i) => i), async (i) => {
          await tick();
          return i;
        });
        return { records: answers, quarantined: [] };
      },
    };
    const started = new Date('2026-11-23T10:00:00Z');
    const { job } = await startSync(store, sources([slow]), 'manual', started);
    // A slice of 0 ms: the step stores its first answers and yields; then its consumer is never heard of again.
    expect(await advanceSync(store, job.syncId, sources([slow]), () => true, () => started, 0)).toBe('continue');
    const workKeys = () => [...store.data.keys()].filter((k) => k.includes('stepwork'));
    expect(workKeys().length).toBeGreaterThan(0);

    const later = await startSync(store, sources([slow]), 'manual', new Date(started.getTime() + 25 * 3600_000));
    expect(later.started).toBe(true);
    expect(workKeys()).toEqual([]);
  });
});

describe('a sync whose invocation died', () => {
  const started = new Date('2026-11-23T10:00:00Z');
  const at = (ms: number) => new Date(started.getTime() + ms);
  const quick: ExtractionStep = { id: 'jira:projects', system: 'jira', label: 'projects', dataset: 'projects', run: async () => ({ records: [{ id: 'p1' }], quarantined: [] }) };

  /** A job whose invocation took the lease until `until` and was then stopped (nothing gave the lease back). */
  async function died(until: Date) {
    const store = memoryStore();
    const { job } = await startSync(store, sources([quick]), 'manual', started);
    const stored = (await store.get<SyncJob>(CURRENT_JOB_KEY)) as SyncJob;
    await store.set(CURRENT_JOB_KEY, { ...stored, lease: { until: until.toISOString() }, checkpointAt: started.toISOString() });
    return { store, job };
  }

  it('is left alone while its invocation may still be running, and a second event for it is turned away', async () => {
    const { store, job } = await died(at(330_000));
    expect((await startSync(store, sources([quick]), 'manual', at(60_000))).started).toBe(false);
    expect(await resumeAbandonedSync(store, at(60_000))).toBeUndefined();
    expect(await advanceSync(store, job.syncId, sources([quick]), () => true, () => at(60_000))).toBe('busy');
  });

  it('is resumed from its last checkpoint once the lease ran out, and says so', async () => {
    const { store, job } = await died(at(330_000));
    const resumed = await resumeAbandonedSync(store, at(331_000));
    expect(resumed).toMatchObject({ syncId: job.syncId, resumed: { count: 1, lastAt: at(331_000).toISOString() } });
    expect(resumed?.lease).toBeUndefined();
    expect(await advanceSync(store, job.syncId, sources([quick]), () => true, () => at(332_000), Number.POSITIVE_INFINITY, at(632_000))).toBe('finished');
    const finished = await store.get<SyncJob>(CURRENT_JOB_KEY);
    expect(finished).toMatchObject({ syncId: job.syncId, status: 'complete', resumed: { count: 1 } });
    expect(finished?.lease).toBeUndefined();
  });

  it('is resumed by Scan now or the daily trigger too, not replaced', async () => {
    const { store, job } = await died(at(330_000));
    const result = await startSync(store, sources([quick]), 'scheduled', at(400_000));
    expect(result).toMatchObject({ started: false, resumed: true, job: { syncId: job.syncId } });
  });

  it('is resumed when no invocation holds it and none checkpointed it for a while (its next event was lost)', async () => {
    const store = memoryStore();
    await startSync(store, sources([quick]), 'manual', started);
    expect(await resumeAbandonedSync(store, at(QUIET_JOB_MS - 1000))).toBeUndefined();
    expect(await resumeAbandonedSync(store, at(QUIET_JOB_MS + 1000))).toMatchObject({ resumed: { count: 1 } });
  });

  it('gives its lease back when it stops, a failed step included', async () => {
    const store = memoryStore();
    const failing: ExtractionStep = { ...quick, run: async () => Promise.reject(new Error('boom')) };
    const { job } = await startSync(store, sources([failing]), 'manual', started);
    await advanceSync(store, job.syncId, sources([failing]), () => true, () => at(1000), Number.POSITIVE_INFINITY, at(301_000));
    expect((await store.get<SyncJob>(CURRENT_JOB_KEY))?.lease).toBeUndefined();
  });
});

describe('what a sync consumed (its usage)', () => {
  it('records the invocations that advanced it, their time and the bytes they read and wrote, summed over invocations', async () => {
    const store = memoryStore();
    const records = [{ id: 'p1', name: 'Project one' }];
    const steps: ExtractionStep[] = [
      { id: 'jira:a', system: 'jira', label: 'a', dataset: 'a', run: async () => ({ records, quarantined: [] }) },
      { id: 'jira:b', system: 'jira', label: 'b', dataset: 'b', run: async (context) => ({ records: (await context.read('a')) ?? [], quarantined: [] }) },
    ];
    const { job } = await startSync(store, sources(steps), 'manual', new Date('2026-11-23T10:00:00Z'));
    let ms = Date.parse('2026-11-23T10:00:00Z');
    const clock = () => new Date((ms += 100));
    // One step per invocation: the first stops after a step, the second finishes.
    let budget = 1;
    expect(await advanceSync(store, job.syncId, sources(steps), () => budget-- > 0, clock)).toBe('continue');
    const first = (await store.get<SyncJob>(CURRENT_JOB_KEY))?.usage;
    expect(first?.invocations).toBe(1);
    expect(await advanceSync(store, job.syncId, sources(steps), () => true, clock)).toBe('finished');

    const usage = (await store.get<SyncJob>(CURRENT_JOB_KEY))?.usage;
    expect(usage?.invocations).toBe(2);
    expect(usage?.invocationMs).toBeGreaterThan(first?.invocationMs ?? 0);
    // Dataset b was written from a's records as read: both directions counted at least those records' JSON.
    const recordsBytes = Buffer.byteLength(JSON.stringify(records));
    expect(usage?.kvsBytesWritten).toBeGreaterThan(2 * recordsBytes);
    expect(usage?.kvsBytesRead).toBeGreaterThan(recordsBytes);
    expect(usage?.kvsBytesRead).toBeGreaterThan(first?.kvsBytesRead ?? 0);
    // Forge's quota units: at least one per request, summed over invocations like the bytes.
    expect(usage?.kvsWriteUnits).toBeGreaterThanOrEqual(4);
    expect(usage?.kvsReadUnits).toBeGreaterThan(first?.kvsReadUnits ?? 0);
  });
});

describe('what each step spent of the storage quota', () => {
  it('records on each step the quota units it read and wrote, its own even when lanes run at once', async () => {
    const store = memoryStore();
    // Random text does not compress: about 250 KB stored, some 25 write units of 10 KB.
    const large = Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, text: randomBytes(2_500).toString('hex') }));
    const steps: ExtractionStep[] = [
      { id: 'jira:large', system: 'jira', label: 'large', dataset: 'large', run: async () => ({ records: large, quarantined: [] }) },
      { id: 'jira:reader', system: 'jira', label: 'reader', dataset: 'reader', run: async (context) => ({ records: ((await context.read<{ id: string }>('large')) ?? []).slice(0, 1), quarantined: [] }) },
      { id: 'entra:small', system: 'entra', label: 'small', dataset: 'small', run: async () => ({ records: [{ id: 'one' }], quarantined: [] }) },
    ];
    const { job } = await startSync(store, sources(steps), 'manual', new Date('2026-11-23T10:00:00Z'));
    expect(await advanceSync(store, job.syncId, sources(steps), () => true, () => new Date('2026-11-23T10:00:01Z'))).toBe('finished');

    const stored = await store.get<SyncJob>(CURRENT_JOB_KEY);
    const step = (id: string) => stored?.steps.find((s) => s.id === id);
    expect(step('jira:large')?.kvsWriteUnits).toBeGreaterThanOrEqual(20);
    expect(step('jira:large')?.longestSliceKvsUnits).toBe(Math.max(step('jira:large')?.kvsWriteUnits ?? 0, step('jira:large')?.kvsReadUnits ?? 0));
    expect(step('jira:reader')?.kvsReadUnits).toBeGreaterThanOrEqual(20);
    expect(step('entra:small')?.kvsWriteUnits).toBeLessThanOrEqual(8);
    // A few requests of its own (the last sync's mark, its counts): each at least one unit, far from the large step's.
    expect(step('entra:small')?.kvsReadUnits ?? 0).toBeLessThanOrEqual(8);
    // The job's usage is every step's plus the job record's own reads and writes.
    const sum = (key: 'kvsReadUnits' | 'kvsWriteUnits') => (stored?.steps ?? []).reduce((a, s) => a + (s[key] ?? 0), 0);
    expect(stored?.usage?.kvsWriteUnits).toBeGreaterThan(sum('kvsWriteUnits'));
    expect(stored?.usage?.kvsReadUnits).toBeGreaterThanOrEqual(sum('kvsReadUnits'));
  });
});

describe('the scan schedule (which trigger run starts a scheduled scan)', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

  it('daily: every run of the daily trigger, as before the choice existed; never the hourly trigger', () => {
    expect(isScheduledScanDue('daily', 'day', minutesAgo(5), now)).toBe(true);
    expect(isScheduledScanDue('daily', 'hour', undefined, now)).toBe(false);
    expect(isScheduledScanDue('daily', 'hour', minutesAgo(3 * 24 * 60), now)).toBe(false);
  });

  it('hourly: either trigger, once the last scheduled scan started nearly an hour ago', () => {
    const justInside = 60 - HOURLY_TOLERANCE_MS / 60_000;
    expect(isScheduledScanDue('hourly', 'hour', undefined, now)).toBe(true);
    expect(isScheduledScanDue('hourly', 'hour', minutesAgo(justInside), now)).toBe(true);
    expect(isScheduledScanDue('hourly', 'hour', minutesAgo(justInside - 1), now)).toBe(false);
    // The daily tick in the same hour as an hourly one does not start a second scan.
    expect(isScheduledScanDue('hourly', 'day', minutesAgo(20), now)).toBe(false);
    expect(isScheduledScanDue('hourly', 'day', minutesAgo(61), now)).toBe(true);
  });

  it('hourly: a start time from the future (a clock that jumped) or unreadable does not stop scans', () => {
    expect(isScheduledScanDue('hourly', 'hour', '2026-12-07T10:00:00Z', now)).toBe(true);
    expect(isScheduledScanDue('hourly', 'hour', 'yesterday', now)).toBe(true);
  });

  it('starts nothing on the hourly trigger under the daily schedule, and once per hour under the hourly one', async () => {
    const store = memoryStore();
    const steps: ExtractionStep[] = [];
    expect(await startScheduledSync(store, sources(steps), 'hour', now)).toEqual({ due: false });
    expect(await store.get(CURRENT_JOB_KEY)).toBeUndefined();

    await store.set(SETTINGS_KEY, { scanSchedule: 'hourly' });
    const first = await startScheduledSync(store, sources(steps), 'hour', now);
    expect(first).toMatchObject({ due: true, started: true });
    expect(await store.get(LAST_SCHEDULED_KEY)).toBe(now.toISOString());
    // Forge delivers the same run twice: the second finds the scan started (and, once it finished, its start).
    expect(await startScheduledSync(store, sources(steps), 'hour', new Date(now.getTime() + 1000))).toEqual({ due: false });
  });
});
