import { mapConcurrent, RequestGate } from '../../src/shared/concurrency';
import type { HttpResponse } from '../../src/shared/http';

const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
  text: async () => '',
});

describe('mapConcurrent', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const result = await mapConcurrent([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(result).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });

  it('starts nothing new after a failure and throws it once the running calls settled', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrent([0, 1, 2, 3, 4, 5], 2, async (n) => {
        started.push(n);
        if (n === 1) throw new Error('boom');
        await new Promise((resolve) => setTimeout(resolve, 5));
        return n;
      }),
    ).rejects.toThrow('boom');
    expect(started.length).toBeLessThan(6);
  });
});

describe('RequestGate', () => {
  it('pauses every request to the host for the Retry-After of a 429, not only the refused one', async () => {
    let clock = 0;
    const slept: number[] = [];
    const gate = new RequestGate(4, async (ms) => {
      slept.push(ms);
      clock += ms;
    }, () => clock);
    await gate.run(async () => answer(429, { 'retry-after': '2' }));
    const sentAt: number[] = [];
    await gate.run(async () => {
      sentAt.push(clock);
      return answer(200);
    });
    expect(slept).toEqual([2000]);
    expect(sentAt).toEqual([2000]);
  });

  it('halves the requests in flight on X-RateLimit-NearLimit and lets them back one answer at a time', async () => {
    const gate = new RequestGate(8, async () => undefined);
    await gate.run(async () => answer(200, { 'x-ratelimit-nearlimit': 'true' }));
    expect(gate.limit).toBe(4);
    await gate.run(async () => answer(200, { 'x-ratelimit-nearlimit': 'true' }));
    expect(gate.limit).toBe(2);
    await gate.run(async () => answer(200));
    expect(gate.limit).toBe(3);
  });

  it('holds requests beyond its limit until one finishes', async () => {
    const gate = new RequestGate(2, async () => undefined);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        gate.run(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 3));
          running--;
          return answer(200);
        }),
      ),
    );
    expect(most).toBe(2);
  });
});
