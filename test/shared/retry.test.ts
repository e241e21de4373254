import { retryAfterMs, sendWithRetry } from '../../src/shared/retry';
import type { HttpResponse } from '../../src/shared/http';

const answer = (status: number, retryAfter?: string): HttpResponse => ({
  status,
  headers: { get: (name) => (name.toLowerCase() === 'retry-after' ? (retryAfter ?? null) : null) },
  text: async () => '',
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores a missing header', () => {
    expect(retryAfterMs(answer(429, '3'))).toBe(3000);
    expect(retryAfterMs(answer(429, 'Thu, 01 Jan 2026 00:00:10 GMT'), Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(answer(429))).toBeUndefined();
  });
});

describe('sendWithRetry', () => {
  it('waits for Retry-After on 429, then returns the success', async () => {
    const answers = [answer(429, '2'), answer(503), answer(200)];
    const waits: number[] = [];
    const result = await sendWithRetry(async () => answers.shift() as HttpResponse, async (ms) => void waits.push(ms));
    expect(result.status).toBe(200);
    expect(waits).toEqual([2000, 1000]);
  });

  it('retries a dropped connection and gives the last answer when retries run out', async () => {
    let calls = 0;
    const result = await sendWithRetry(
      async () => {
        calls++;
        if (calls === 1) throw new TypeError('fetch failed');
        return answer(503);
      },
      async () => undefined,
      { maxAttempts: 3, maxNetworkAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    );
    expect(calls).toBe(3);
    expect(result.status).toBe(503);
  });

  it('gives up on a host that keeps dropping the connection after maxNetworkAttempts', async () => {
    let calls = 0;
    const attempt = sendWithRetry(
      async () => {
        calls++;
        throw new TypeError('fetch failed');
      },
      async () => undefined,
      { maxAttempts: 6, maxNetworkAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    );
    await expect(attempt).rejects.toThrow('fetch failed');
    expect(calls).toBe(2);
  });

  it('does not retry a 403', async () => {
    let calls = 0;
    const result = await sendWithRetry(async () => (calls++, answer(403)), async () => undefined);
    expect([calls, result.status]).toEqual([1, 403]);
  });
});
