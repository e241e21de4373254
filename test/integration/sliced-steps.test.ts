/**
 * Long per-object steps run in slices: with the consumer's timeout cut to 2 s and every request slowed down, the
 * project roles and other per-object steps cannot finish in one invocation. They store their answers, yield, and
 * the next invocation goes on; the sync completes with the same findings as with Forge's real timeout, and no
 * invocation times out.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configureTenant, startLocalStack, type LocalStack } from '../../dev/harness';
import { generateTenant } from '../../dev/tools/generate-tenant';
import type { SyncJob } from '../../src/sync/sync-state';

let root: string;

async function syncOnce(options: { timeoutOverrides?: Record<string, number> }): Promise<{ job: SyncJob; findings: string[]; timeouts: number }> {
  const stack: LocalStack = await startLocalStack({ tenantDir: root, ...options });
  try {
    await configureTenant(stack);
    stack.cloud.setFaults({ latencyMs: { '*': 150 } });
    await stack.runtime.runScheduledTrigger('sv0-daily-sync');
    await stack.runtime.drainQueues(500);
    const job = (stack.runtime.kvs.handle('/api/v1/get', { key: 'sync:current' }).body as { value: SyncJob }).value;
    const findings = stack.runtime.kvs.keys().length > 0 ? [...Object.keys(job.evaluation?.findingsByCheck ?? {})].sort().map((check) => `${check}:${job.evaluation?.findingsByCheck[check] ?? 0}`) : [];
    return { job, findings, timeouts: stack.runtime.invocations.filter((i) => i.outcome === 'timeout').length };
  } finally {
    await stack.close();
  }
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-sliced-'));
  generateTenant({ scale: 0.1, seed: 5, out: root });
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('completes a sync whose steps outlast one invocation, with the same findings', async () => {
  const whole = await syncOnce({});
  const sliced = await syncOnce({ timeoutOverrides: { 'sync-consumer': 2 } });
  expect(whole.job.status).toBe('complete');
  if (sliced.job.status !== 'complete') throw new Error(JSON.stringify({ timeouts: sliced.timeouts, steps: sliced.job.steps.map((s) => [s.id, s.status, s.slices, s.longestSliceMs]) }));
  expect(sliced.job.status).toBe('complete');
  expect(sliced.timeouts).toBe(0);
  const yielded = sliced.job.steps.filter((s) => (s.slices ?? 1) > 1);
  expect(yielded.length).toBeGreaterThan(0);
  for (const step of sliced.job.steps) if (step.id !== 'build' && step.id !== 'publish') expect(step.longestSliceMs ?? 0).toBeLessThan(2000);
  expect(sliced.findings).toEqual(whole.findings);
  expect(sliced.job.steps.map((s) => [s.id, s.count])).toEqual(whole.job.steps.map((s) => [s.id, s.count]));
}, 180_000);
