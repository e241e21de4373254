import type { HttpResponse, Sleep } from './http';

/** How long a 429/503 asks us to wait: Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(response: HttpResponse, now: number = Date.now()): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Connections that drop without an answer are retried fewer times: a host that keeps hanging up is down. */
  maxNetworkAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, maxNetworkAttempts: 3, baseDelayMs: 500, maxDelayMs: 60_000 };

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * Sends a request until it gets a non-retryable answer. 429 and 5xx wait for Retry-After when given,
 * else back off exponentially; a dropped connection (fetch rejects) is retried the same way.
 * Returns the last response, so the caller classifies the final status.
 */
export async function sendWithRetry(
  send: () => Promise<HttpResponse>,
  sleep: Sleep,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<HttpResponse> {
  let lastError: unknown;
  let networkFailures = 0;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    let response: HttpResponse | undefined;
    try {
      response = await send();
    } catch (error) {
      lastError = error;
      networkFailures++;
    }
    if (response && !isRetryableStatus(response.status)) return response;
    if (attempt === policy.maxAttempts || networkFailures >= policy.maxNetworkAttempts) {
      if (response) return response;
      break;
    }
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const wait = response ? (retryAfterMs(response) ?? backoff) : backoff;
    await sleep(Math.min(wait, policy.maxDelayMs));
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
