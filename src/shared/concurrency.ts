/**
 * Bounded concurrency for extraction: a per-host gate that every request to that host passes, and an order-keeping
 * concurrent map for per-object lookups.
 *
 * The gate is where rate-limit answers act on *all* requests to a host, not only the one that was refused:
 * - 429/503 with Retry-After pauses the host for that long (requests in flight finish; none start);
 * - Jira's `X-RateLimit-NearLimit: true` (under 20% of the quota left) halves the requests allowed in flight, and
 *   each answer without it lets one more back, up to the maximum (additive increase, multiplicative decrease).
 * https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
 */
import type { HttpResponse, Sleep } from './http';
import { isAppError } from './errors';
import { retryAfterMs } from './retry';

/**
 * Requests in flight per host during extraction, at most (Graph additionally packs 20 lookups into each $batch
 * call). No API here publishes a concurrency limit: Jira's limits are an hourly points quota and a per-second burst
 * per endpoint, Graph's a resource-unit budget per 10 s. So the gate starts here and backs off on what the host
 * says (NearLimit, 429, Retry-After) rather than on a guess; 16 at 120 ms is about 130 requests a second.
 */
export const HOST_CONCURRENCY = 16;

export class RequestGate {
  private inFlight = 0;
  private allowed: number;
  private pausedUntil = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxInFlight: number,
    private readonly sleep: Sleep,
    private readonly now: () => number = Date.now,
  ) {
    this.allowed = maxInFlight;
  }

  /** How many requests may be in flight right now (lowered by NearLimit answers). */
  get limit(): number {
    return this.allowed;
  }

  async run(send: () => Promise<HttpResponse>): Promise<HttpResponse> {
    await this.acquire();
    try {
      const response = await send();
      this.observe(response);
      return response;
    } finally {
      this.inFlight--;
      this.wake();
    }
  }

  private async acquire(): Promise<void> {
    for (;;) {
      const pause = this.pausedUntil - this.now();
      if (pause > 0) {
        await this.sleep(pause);
        continue;
      }
      if (this.inFlight < this.allowed) {
        this.inFlight++;
        return;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Lets as many waiters re-check as there are free slots (each re-checks the pause and the limit itself). */
  private wake(): void {
    for (let free = this.allowed - this.inFlight; free > 0 && this.waiting.length > 0; free--) this.waiting.shift()?.();
  }

  private observe(response: HttpResponse): void {
    if (response.status === 429 || response.status === 503) {
      const wait = retryAfterMs(response, this.now());
      if (wait !== undefined) this.pausedUntil = Math.max(this.pausedUntil, this.now() + wait);
      this.allowed = Math.max(1, Math.floor(this.allowed / 2));
      return;
    }
    if (response.headers.get('x-ratelimit-nearlimit') === 'true') this.allowed = Math.max(1, Math.floor(this.allowed / 2));
    else if (this.allowed < this.maxInFlight) this.allowed++;
  }
}

/** One gate per host, created on first use. */
export class HostGates {
  private readonly gates = new Map<string, RequestGate>();

  constructor(
    private readonly maxInFlight: number,
    private readonly sleep: Sleep,
  ) {}

  for(host: string): RequestGate {
    let gate = this.gates.get(host);
    if (!gate) {
      gate = new RequestGate(this.maxInFlight, this.sleep);
      this.gates.set(host, gate);
    }
    return gate;
  }
}

/** How a step runs its per-object lookups: concurrently, and in a sync job resumable across invocations. */
export type ConcurrentMap = <T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>) => Promise<R[]>;

/** Everything in one go, HOST_CONCURRENCY at a time: outside a sync job (tests, tools). */
export const allAtOnce: ConcurrentMap = (items, fn) => mapConcurrent(items, HOST_CONCURRENCY, fn);

/**
 * `fn` over `items` with at most `limit` calls running, results in the items' order. The first failure stops new
 * calls from starting and is thrown once the running ones have settled (no request is left dangling).
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** The answer of `call`, or undefined when the object is gone (NOT_FOUND: deleted since it was listed). */
export async function unlessNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}
