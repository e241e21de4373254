/**
 * Streams one JSON object of `path -> value` entries to a file without building the whole document in memory
 * (an L tenant's graph.json is hundreds of MB). Arrays can be streamed item by item. Compact JSON, insertion order:
 * the same calls always produce the same bytes.
 */
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';

const FLUSH_AT = 1 << 20;

export class JsonObjectWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;
  private readonly firstInLevel: boolean[] = [true];
  bytes = 0;
  private readonly hash: Hash = createHash('sha256');

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
    this.raw('{');
  }

  /** Opens a nested object under `key` (graph.json's per-tenant block). */
  openObject(key: string): void {
    this.key(key);
    this.raw('{');
    this.firstInLevel.push(true);
  }

  closeObject(): void {
    this.firstInLevel.pop();
    this.raw('}');
  }

  entry(key: string, value: unknown): void {
    this.key(key);
    this.raw(JSON.stringify(value));
  }

  /** `key: [item, item, ...]`, each item serialised as it comes. */
  arrayEntry(key: string, items: Iterable<unknown>): void {
    this.key(key);
    this.raw('[');
    let first = true;
    for (const item of items) {
      this.raw(first ? JSON.stringify(item) : `,${JSON.stringify(item)}`);
      first = false;
    }
    this.raw(']');
  }

  /** Closes the file; returns its size and SHA-256. */
  close(): { bytes: number; sha256: string } {
    this.raw('}\n');
    this.flush();
    fs.closeSync(this.fd);
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  private key(key: string): void {
    const level = this.firstInLevel.length - 1;
    this.raw(this.firstInLevel[level] ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    this.firstInLevel[level] = false;
  }

  private raw(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    const buffer = Buffer.from(this.chunks.join(''), 'utf8');
    fs.writeSync(this.fd, buffer);
    this.hash.update(buffer);
    this.bytes += buffer.length;
    this.chunks = [];
    this.size = 0;
  }
}
