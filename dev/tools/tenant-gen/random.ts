/**
 * Seeded randomness for the synthetic tenant generator: no Math.random, no clock. Every stream is derived from
 * (seed, label), so adding a draw to one stream never shifts the values another stream produces.
 */

/** FNV-1a over a string, 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** sfc32 (public domain): small, fast, good enough statistics for test data. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, label: string) {
    this.a = hash32(`a:${seed}:${label}`);
    this.b = hash32(`b:${seed}:${label}`);
    this.c = hash32(`c:${seed}:${label}`);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** k distinct items (k capped at the list length), in draw order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const n = items.length;
    const want = Math.min(k, n);
    if (want <= 0) return [];
    if (want * 4 < n) {
      const seen = new Set<number>();
      const out: T[] = [];
      while (out.length < want) {
        const i = Math.floor(this.next() * n);
        if (seen.has(i)) continue;
        seen.add(i);
        out.push(items[i] as T);
      }
      return out;
    }
    const copy = [...items];
    for (let i = 0; i < want; i++) {
      const j = i + Math.floor(this.next() * (n - i));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, want);
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 4294967296).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** A version-4-shaped GUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A version-7-shaped GUID (automation rule uuids look like these), time-ordered by `ms`. */
  uuid7(ms: number): string {
    const t = Math.floor(ms).toString(16).padStart(12, '0');
    const h = this.hex(20);
    const variant = ((parseInt(h[4] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${h.slice(0, 3)}-${variant}${h.slice(5, 8)}-${h.slice(8, 20)}`;
  }
}

export const DAY_MS = 86_400_000;

/** ISO time without milliseconds, as Graph prints most of its dates. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Jira's audit/created format: 2026-11-12T03:10:58.561+0000. */
export function jiraTime(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace('Z', '+0000');
}
