/**
 * The local stand-in for Forge KVS and the Custom Entity Store during a benchmark, in its own process (as the fake
 * cloud is in cloud-process.ts): on Forge the store is a service, so the bytes it holds must not be counted as the
 * app's memory. The app process sends each @forge/kvs request here over loopback HTTP (RemoteKvs below, plugged
 * into the local runtime as its kvsBackend); the same server answers the bench's own reads and statistics.
 *
 *   POST /kvs/api/v1/<op>   body as @forge/kvs sends it -> status and body as LocalKvs answers
 *   GET  /stats             LocalKvs.stats
 *   GET  /keys              plain keys
 *   GET  /stored-bytes      JSON bytes of every plain value
 */
import * as http from 'node:http';
import * as path from 'node:path';
import { loadAppManifest } from '../runtime/app-manifest';
import type { KvsBackend } from '../runtime/local-runtime';
import { LocalKvs, type KvsStats } from '../runtime/local-kvs';

export interface KvsReady {
  type: 'ready';
  url: string;
  rssMb: number;
}

function serve(kvs: LocalKvs): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        const text = body === undefined ? '' : JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      try {
        const url = req.url ?? '/';
        if (req.method === 'POST' && url.startsWith('/kvs/')) {
          const text = Buffer.concat(chunks).toString('utf8');
          const result = kvs.handle(url.slice('/kvs'.length), text === '' ? undefined : JSON.parse(text));
          return send(result.status, result.body);
        }
        if (url === '/stats') return send(200, kvs.stats);
        if (url === '/keys') return send(200, kvs.keys());
        if (url === '/stored-bytes') return send(200, kvs.storedBytes());
        return send(404, { code: 'NOT_FOUND', message: `kvs-process serves no ${req.method ?? ''} ${url}` });
      } catch (error) {
        return send(500, { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}

/** The app side: @forge/kvs requests and the bench's reads, over loopback HTTP with kept-alive connections. */
export class RemoteKvs implements KvsBackend {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly base: URL;

  constructor(url: string) {
    this.base = new URL(url);
  }

  private send(method: 'GET' | 'POST', pathname: string, body?: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.base.hostname, port: this.base.port, method, path: pathname, agent: this.agent, headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  request(apiPath: string, body: string | undefined): Promise<{ status: number; text: string }> {
    return this.send('POST', `/kvs${apiPath}`, body ?? '');
  }

  /** The same answer LocalKvs.handle gives, parsed. */
  async handle(apiPath: string, body: unknown): Promise<{ status: number; body?: unknown }> {
    const result = await this.request(apiPath, JSON.stringify(body));
    return { status: result.status, ...(result.text !== '' ? { body: JSON.parse(result.text) as unknown } : {}) };
  }

  private async getJson<T>(pathname: string): Promise<T> {
    const result = await this.send('GET', pathname);
    if (result.status !== 200) throw new Error(`kvs-process ${pathname}: ${result.status} ${result.text}`);
    return JSON.parse(result.text) as T;
  }

  stats(): Promise<KvsStats> {
    return this.getJson('/stats');
  }

  keys(): Promise<string[]> {
    return this.getJson('/keys');
  }

  storedBytes(): Promise<number> {
    return this.getJson('/stored-bytes');
  }

  close(): void {
    this.agent.destroy();
  }
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('usage: kvs-process.ts (forked with IPC)');
  const manifest = loadAppManifest(path.resolve(__dirname, '..', '..'));
  const server = serve(new LocalKvs(manifest.entities));
  // Kept-alive connections stay open: a socket the server closed after its idle timeout (5 s by default) while the
  // app was computing would fail the app's next request with "socket hang up".
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('kvs-process: no port');
  const ready: KvsReady = { type: 'ready', url: `http://127.0.0.1:${address.port}`, rssMb: Math.round(process.memoryUsage().rss / 1048576) };
  process.send(ready);
  process.on('message', (message: { id: number; op: string }) => {
    if (message.op !== 'close') return;
    process.send?.({ type: 'reply', id: message.id, result: null });
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`kvs process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
