import { resumableWork, StepYield } from '../../src/sync/step-work';
import { memoryStore } from '../support/memory-store';

const items = Array.from({ length: 200 }, (_, i) => i);
/** 404s come back as undefined; they must stay undefined across a yield. */
const lookup = async (n: number) => (n % 7 === 0 ? undefined : { n, square: n * n });

describe('resumableWork', () => {
  it('yields when its slice is used up and, run again, goes on from where it stopped to the same answers', async () => {
    const store = memoryStore();
    let clock = 0;
    const calls: number[] = [];
    const counted = async (n: number) => {
      calls.push(n);
      clock += 10; // each lookup takes 10 "ms"
      return lookup(n);
    };
    const expected = await Promise.all(items.map(lookup));
    let result: Awaited<ReturnType<typeof lookup>>[] | undefined;
    let yields = 0;
    while (!result) {
      const work = resumableWork(store, 'sync-1', 'jira:project-roles', clock + 500, () => clock);
      try {
        result = await work.map(items, counted);
        await work.finish();
      } catch (error) {
        if (!(error instanceof StepYield)) throw error;
        yields++;
        expect(error.done).toBeLessThan(items.length);
      }
    }
    expect(yields).toBeGreaterThan(1);
    expect(result).toEqual(expected);
    // Every lookup ran once: nothing was asked again after a yield.
    expect(calls.sort((a, b) => a - b)).toEqual(items);
    // Its progress and stored answers are gone once the step finished.
    expect([...store.data.keys()].filter((k) => k.startsWith('stepwork') || k.includes('stepwork'))).toEqual([]);
  });

  it('starts over when the list it resumes is not the list it stopped in', async () => {
    const store = memoryStore();
    let clock = 0;
    const slow = async (n: number) => {
      clock += 100;
      return lookup(n);
    };
    await expect(resumableWork(store, 'sync-1', 'step', 50, () => clock).map(items, slow)).rejects.toBeInstanceOf(StepYield);
    const shorter = items.slice(0, 150);
    const work = resumableWork(store, 'sync-1', 'step', Number.POSITIVE_INFINITY, () => clock);
    expect(await work.map(shorter, lookup)).toEqual(await Promise.all(shorter.map(lookup)));
    await work.finish();
    expect([...store.data.keys()].filter((k) => k.includes('stepwork'))).toEqual([]);
  });

  it('keeps a finished list when a later list of the same step yields, so no lookup of it is asked twice', async () => {
    // The shape of the Jira groups step: every group's first page, then the remaining pages of the large groups.
    const store = memoryStore();
    let clock = 0;
    const firstCalls: number[] = [];
    const restCalls: number[] = [];
    const rest = Array.from({ length: 300 }, (_, i) => 1000 + i);
    let answer: { first: unknown[]; rest: unknown[] } | undefined;
    let invocations = 0;
    while (!answer) {
      invocations++;
      const work = resumableWork(store, 'sync-1', 'jira:groups', clock + 300, () => clock);
      try {
        const first = await work.map(items.slice(0, 40), async (n) => (firstCalls.push(n), lookup(n)));
        const more = await work.map(rest, async (n) => {
          restCalls.push(n);
          clock += 10;
          return lookup(n);
        });
        answer = { first, rest: more };
        await work.finish();
      } catch (error) {
        if (!(error instanceof StepYield)) throw error;
      }
    }
    expect(invocations).toBeGreaterThan(2);
    expect(firstCalls).toEqual(items.slice(0, 40));
    expect(restCalls.sort((a, b) => a - b)).toEqual(rest);
    expect(answer).toEqual({ first: await Promise.all(items.slice(0, 40).map(lookup)), rest: await Promise.all(rest.map(lookup)) });
    expect([...store.data.keys()].filter((k) => k.includes('stepwork'))).toEqual([]);
  });
});
