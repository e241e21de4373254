/**
 * The local Forge runtime, observed through the unmodified @forge/* SDK as used by the probe app
 * (test/fixtures/apps/probe): egress allowlist, KVS limits and persistence, queues and timeouts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { LocalForgeRuntime } from '../../../dev/runtime/local-runtime';
import { LocalKvs } from '../../../dev/runtime/local-kvs';
import { ADMIN_ACCOUNT, writeTestTenant } from '../../support/tenant-builder';

const PROBE_APP = path.resolve(__dirname, '../../fixtures/apps/probe');

let cloud: FakeCloud;
let runtime: LocalForgeRuntime;
let dataDir: string;

const call = (key: string, payload: unknown = {}) => runtime.invokeResolver('probe-admin', key, payload, { accountId: ADMIN_ACCOUNT });

beforeAll(async () => {
  cloud = new FakeCloud(writeTestTenant());
  const upstream = await cloud.start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-kvs-'));
  runtime = LocalForgeRuntime.install({
    appDir: PROBE_APP,
    dataDir,
    cloudId: cloud.tenant.json.jira.cloudId,
    siteUrl: cloud.tenant.json.jira.site,
    upstream,
  });
});

afterAll(async () => {
  await runtime.close();
  await cloud.close();
});

describe('egress', () => {
  it('refuses a host that is not in manifest.yml, naming the host', async () => {
    await expect(call('fetch', { url: 'https://evil.example.com/exfiltrate' })).rejects.toThrow(/evil\.example\.com is not in permissions\.external\.fetch\.backend/);
    expect(cloud.requests.some((r) => r.host === 'evil.example.com')).toBe(false);
  });

  it('routes an allowed real hostname to the fake cloud on loopback', async () => {
    const result = (await call('fetch', { url: 'https://graph.microsoft.com/v1.0/servicePrincipals' })) as { status: number; body: string };
    // Reaches the fake Graph, which wants a token: proof the real URL was served locally.
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });
});

describe('KVS limits', () => {
  it('refuses a 241 KiB value with MAX_SIZE, as Forge does, and accepts one just under 240 KiB', async () => {
    const tooBig = 'x'.repeat(241 * 1024);
    expect(await call('kvs/set', { key: 'big', value: tooBig })).toMatchObject({ ok: false, code: 'MAX_SIZE' });
    expect(await call('kvs/get', { key: 'big' })).toEqual({ value: null });
    expect(await call('kvs/set', { key: 'fits', value: 'x'.repeat(240 * 1024 - 2) })).toEqual({ ok: true });
  });

  it('refuses a key over 500 characters and a key with characters outside the allowed set', async () => {
    expect(await call('kvs/set', { key: 'k'.repeat(501), value: 1 })).toMatchObject({ ok: false, code: 'KEY_TOO_LONG' });
    expect(await call('kvs/set', { key: 'bad/key', value: 1 })).toMatchObject({ ok: false, code: 'INVALID_KEY' });
  });

  it('refuses a batch of 26 items', async () => {
    const items = Array.from({ length: 26 }, (_, i) => ({ key: `batch-${i}`, value: 'v' }));
    expect(await call('kvs/batch', { items })).toMatchObject({ ok: false, code: 'BATCH_TOO_LARGE' });
    expect(await call('kvs/batch', { items: items.slice(0, 25) })).toMatchObject({ ok: true });
  });

  it('pages a key query with a cursor', async () => {
    for (const key of ['q:1', 'q:2', 'q:3']) await call('kvs/set', { key, value: key });
    const first = (await call('kvs/query', { prefix: 'q:' })) as { results: Array<{ key: string }>; nextCursor?: string };
    const second = (await call('kvs/query', { prefix: 'q:', cursor: first.nextCursor })) as { results: Array<{ key: string }>; nextCursor?: string };
    expect([...first.results, ...second.results].map((r) => r.key)).toEqual(['q:1', 'q:2', 'q:3']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('answers entity index queries and transactions', async () => {
    expect(await call('entity/roundtrip')).toEqual(['a', 'd']);
  });

  it('keeps secrets apart from plain values', async () => {
    expect(await call('secret')).toEqual({ plain: null, secret: 'hunter2' });
  });

  it('persists to the data folder so state survives a restart', async () => {
    await call('kvs/set', { key: 'survivor', value: { n: 1 } });
    runtime.kvs.flush();
    const reopened = new LocalKvs(runtime.manifest.entities, dataDir);
    expect(reopened.handle('/api/v1/get', { key: 'survivor' })).toMatchObject({ status: 200, body: { value: { n: 1 } } });
  });
});

describe('invocations', () => {
  it('delivers events pushed by a scheduled trigger to the consumer with Forge payload shapes', async () => {
    await runtime.runScheduledTrigger('probe-trigger');
    expect(runtime.queue).toHaveLength(1);
    expect(runtime.queue[0]).toMatchObject({ queueName: 'probe-queue', body: { from: 'trigger' } });
    runtime.queue.length = 0;
  });

  it('stops a consumer past its manifest timeout and refuses its later platform calls', async () => {
    await call('push', { beat: true });
    const [record] = await runtime.drainQueues();
    expect(record).toMatchObject({ functionKey: 'probe-consumer', outcome: 'timeout' });
    expect(record?.error).toMatch(/timed out after 1 s/);
    const atTimeout = runtime.kvs.handle('/api/v1/get', { key: 'heartbeat' }).body as { value: number };
    await new Promise((resolve) => setTimeout(resolve, 400));
    const later = runtime.kvs.handle('/api/v1/get', { key: 'heartbeat' }).body as { value: number };
    expect(atTimeout.value).toBeGreaterThan(1);
    expect(later.value).toBe(atTimeout.value);
  });

  it('answers asUser without a user as the hosted proxy does (NeedsAuthenticationError)', async () => {
    await expect(runtime.invokeResolver('probe-admin', 'jira/as-user', {}, {})).rejects.toThrow(/Authentication Required/);
  });
});
