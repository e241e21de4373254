import { resumableMap, StepYield } from '../../src/sync/step-work';
import { memoryStore } from '../support/memory-store';

const items = Array.from({ length: 200 }, (_, i) => i);
/** 404s come back as undefined; they must stay undefined across a yield. */
const lookup = async (n: number) => (n % 7 === 0 ? undefined : { n, square: n * n });

describe('resumableMap', () => {
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
      const map = resumableMap(store, 'sync-1', 'jira:project-roles', clock + 500, () => clock);
      try {
        result = await map(items, counted);
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
    await expect(resumableMap(store, 'sync-1', 'step', 50, () => clock)(items, slow)).rejects.toBeInstanceOf(StepYield);
    const shorter = items.slice(0, 150);
    expect(await resumableMap(store, 'sync-1', 'step', Number.POSITIVE_INFINITY, () => clock)(shorter, lookup)).toEqual(await Promise.all(shorter.map(lookup)));
    expect([...store.data.keys()].filter((k) => k.includes('stepwork'))).toEqual([]);
  });
});
