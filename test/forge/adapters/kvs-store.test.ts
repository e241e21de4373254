import { withKvsBackoff } from '../../../src/forge/adapters/kvs-store';

/** What @forge/kvs throws for a 429 (ForgeKvsAPIError: the code from the body, the status in responseDetails). */
const throttled = () => Object.assign(new Error('Rate limit exceeded'), { code: 'RATE_LIMIT_EXCEEDED', responseDetails: { status: 429 } });

it('waits and tries again when Forge throttles the installation, growing the wait', async () => {
  const waits: number[] = [];
  let calls = 0;
  const value = await withKvsBackoff(
    async () => {
      calls++;
      if (calls < 3) throw throttled();
      return 'stored';
    },
    async (ms) => void waits.push(ms),
  );
  expect(value).toBe('stored');
  expect(waits).toEqual([1_000, 4_000]);
});

it('gives up after the last wait, and never retries another error', async () => {
  const waits: number[] = [];
  await expect(withKvsBackoff(async () => Promise.reject(throttled()), async (ms) => void waits.push(ms))).rejects.toThrow('Rate limit exceeded');
  expect(waits).toHaveLength(4);
  const invalid = Object.assign(new Error('too big'), { code: 'MAX_SIZE', responseDetails: { status: 400 } });
  let calls = 0;
  await expect(
    withKvsBackoff(
      async () => {
        calls++;
        throw invalid;
      },
      async () => undefined,
    ),
  ).rejects.toThrow('too big');
  expect(calls).toBe(1);
});
