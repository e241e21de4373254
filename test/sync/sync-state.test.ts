/**
 * finalStatus: a sync is complete only when every step read everything; it failed when the engine's own work (the
 * clock, the build step, the publish step) did not finish; a failed output (tickets) does not make it partial.
 */
import { finalStatus, kindOf, type StepKind, type SyncStep } from '../../src/sync/sync-state';

const step = (id: string, kind: StepKind | undefined, status: SyncStep['status']): SyncStep => ({ id, ...(kind ? { kind } : {}), system: kind === 'extract' ? 'jira' : 'engine', label: id, status, attempts: 1 });

/** A sync's steps, all done but the one given. */
function syncWith(changed: SyncStep): SyncStep[] {
  const steps = [step('jira:server-info', 'clock', 'done'), step('jira:projects', 'extract', 'done'), step('build', 'evaluate', 'done'), step('publish', 'publish', 'done'), step('tickets', 'output', 'done')];
  return steps.map((s) => (s.id === changed.id ? changed : s));
}

describe('finalStatus', () => {
  it.each([
    ['every step done', step('tickets', 'output', 'done'), 'complete'],
    ['an extraction step partial', step('jira:projects', 'extract', 'partial'), 'partial'],
    ['the build step failed', step('build', 'evaluate', 'failed'), 'failed'],
    ['the publish step failed', step('publish', 'publish', 'failed'), 'failed'],
    ['the tickets failed', step('tickets', 'output', 'failed'), 'complete'],
    ['a step still pending', step('publish', 'publish', 'pending'), 'running'],
  ] as const)('%s: %s', (_what, changed, expected) => {
    expect(finalStatus(syncWith(changed))).toBe(expected);
  });

  it('knows the engine steps of a job stored before steps carried their kind by their ids', () => {
    expect(kindOf({ id: 'build' })).toBe('evaluate');
    expect(kindOf({ id: 'tickets' })).toBe('output');
    expect(finalStatus([step('jira:server-info', undefined, 'done'), step('build', undefined, 'failed')])).toBe('failed');
  });
});
