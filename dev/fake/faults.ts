/**
 * Faults injected into fake-server answers, per run and deterministic from a seed, so a test of a "429 storm"
 * sees the same storm every time.
 */
export interface FaultConfig {
  /** Added before every answer, per host (or '*' for all). */
  latencyMs?: Record<string, number>;
  /** Share (0..1) of matching requests answered 429 with Retry-After. */
  rate429?: number;
  retryAfterSeconds?: number;
  /** Share of matching requests answered 503. */
  rate5xx?: number;
  /** Share of matching requests whose connection is dropped without an answer. */
  dropRate?: number;
  /** Share of matching requests that are handled (and so take effect) but whose answer is lost: the connection drops after. */
  lostAnswerRate?: number;
  /**
   * Broken paging, for requests whose "METHOD host/path" matches: a collection page whose next link (Graph
   * @odata.nextLink, Power Platform nextLink) points back at the page itself, or whose reported total (Jira PageBean
   * and audit records) is a billion while isLast stays false.
   */
  selfReferencingNextLink?: RegExp;
  hugeTotal?: RegExp;
  /** Only requests whose "METHOD host/path" matches this are faulted (latency applies to all). */
  match?: RegExp;
  seed?: number;
}

export type FaultDecision = { kind: 'none' } | { kind: '429'; retryAfterSeconds: number } | { kind: '503' } | { kind: 'drop' } | { kind: 'lost-answer' };

/** mulberry32: tiny deterministic PRNG (public domain). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private random: () => number;
  private config: FaultConfig = {};
  readonly injected = { '429': 0, '503': 0, drop: 0, 'lost-answer': 0 };

  constructor() {
    this.random = prng(1);
  }

  set(config: FaultConfig): void {
    this.config = config;
    this.random = prng(config.seed ?? 1);
    this.injected['429'] = 0;
    this.injected['503'] = 0;
    this.injected.drop = 0;
    this.injected['lost-answer'] = 0;
  }

  /** The answer's body as broken paging would have it (selfReferencingNextLink, hugeTotal); unchanged otherwise. */
  distort(method: string, host: string, pathname: string, search: string, body: unknown): unknown {
    const target = `${method} ${host}${pathname}`;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
    const page = body as Record<string, unknown>;
    if (this.config.selfReferencingNextLink?.test(target) && Array.isArray(page.value)) {
      const self = `https://${host}${pathname}${search}`;
      return { ...page, ...(host === 'graph.microsoft.com' ? { '@odata.nextLink': self } : { nextLink: self }) };
    }
    if (this.config.hugeTotal?.test(target) && typeof page.total === 'number') return { ...page, total: 1_000_000_000, ...('isLast' in page ? { isLast: false } : {}) };
    return body;
  }

  latencyFor(host: string): number {
    const latency = this.config.latencyMs ?? {};
    return latency[host] ?? latency['*'] ?? 0;
  }

  decide(method: string, host: string, pathname: string): FaultDecision {
    const { match, rate429 = 0, rate5xx = 0, dropRate = 0, lostAnswerRate = 0 } = this.config;
    if (match && !match.test(`${method} ${host}${pathname}`)) return { kind: 'none' };
    const roll = this.random();
    if (roll < dropRate) {
      this.injected.drop++;
      return { kind: 'drop' };
    }
    if (roll < dropRate + rate429) {
      this.injected['429']++;
      return { kind: '429', retryAfterSeconds: this.config.retryAfterSeconds ?? 1 };
    }
    if (roll < dropRate + rate429 + rate5xx) {
      this.injected['503']++;
      return { kind: '503' };
    }
    if (roll < dropRate + rate429 + rate5xx + lostAnswerRate) {
      this.injected['lost-answer']++;
      return { kind: 'lost-answer' };
    }
    return { kind: 'none' };
  }
}
