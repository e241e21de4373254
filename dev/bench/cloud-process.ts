/**
 * The fake cloud of a benchmark run, in its own process: the tenant's data (hundreds of MB at size L) and the
 * servers' work stay out of the app's process, so the app's memory and CPU are measured alone. The bench driver
 * (run.ts) talks to it over IPC: which sync to serve, latency faults, request counts, minimum request tables.
 */
import { FakeCloud } from '../fake/fake-cloud';
import { minimumRequests } from './min-requests';

export type CloudCommand =
  | { id: number; op: 'setSync'; index: number }
  | { id: number; op: 'setLatency'; latencyMs: Record<string, number> }
  | { id: number; op: 'requests' }
  | { id: number; op: 'minRequests'; index: number }
  | { id: number; op: 'close' };

export interface CloudReady {
  type: 'ready';
  url: string;
  siteHost: string;
  syncs: Array<{ name: string; at: string }>;
  loadMs: number;
  rssMb: number;
  /** An active member of a Jira admin group in the first sync: the caller of the admin resolvers. */
  adminAccountId: string;
}

function findAdmin(cloud: FakeCloud): string {
  const jira = cloud.tenant.syncs[0]?.jira ?? {};
  const list = (value: unknown) => (Array.isArray(value) ? (value as Array<Record<string, unknown>>) : []);
  for (const group of list(jira['/rest/api/3/group/bulk#accessType=admin'])) {
    const admin = list(jira[`/rest/api/3/group/member#groupId=${String(group.groupId)}`]).find((m) => m.active !== false && m.accountType === 'atlassian');
    if (admin) return String(admin.accountId);
  }
  throw new Error(`${cloud.tenant.dir}: no active Jira administrator in the first sync`);
}

/** A request's endpoint without its ids (GUIDs, account ids, descriptors, numbers): what the bench counts by. */
export function endpointOf(method: string, host: string, pathname: string): string {
  const segments = pathname.split('/').map((segment) => (/^\d{4,}$/.test(segment) || (/\d/.test(segment) && segment.length >= 6) ? '{id}' : segment));
  return `${method} ${host}${segments.join('/')}`;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir || !process.send) throw new Error('usage: cloud-process.ts <tenant dir> (forked with IPC)');
  const started = performance.now();
  const cloud = new FakeCloud(dir);
  const url = await cloud.start();
  const ready: CloudReady = {
    type: 'ready',
    url,
    siteHost: cloud.jira.siteHost,
    syncs: cloud.tenant.syncs.map((s) => ({ name: s.name, at: s.at })),
    loadMs: Math.round(performance.now() - started),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
    adminAccountId: findAdmin(cloud),
  };
  process.send(ready);
  process.on('message', (message: CloudCommand) => {
    const reply = (result: unknown) => process.send?.({ type: 'reply', id: message.id, result });
    try {
      switch (message.op) {
        case 'setSync':
          cloud.setSync(message.index);
          return reply(null);
        case 'setLatency':
          cloud.setFaults({ latencyMs: message.latencyMs });
          return reply(null);
        case 'requests': {
          const byHost: Record<string, number> = {};
          const byEndpoint: Record<string, number> = {};
          for (const r of cloud.requests) {
            byHost[r.host] = (byHost[r.host] ?? 0) + 1;
            const endpoint = endpointOf(r.method, r.host, r.path);
            byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
          }
          // Inside $batch: counted apart (a batch is one request), so the report can say what the batches held.
          for (const inner of cloud.graph.batchedRequests) {
            const endpoint = `${endpointOf('GET', 'graph.microsoft.com', inner)} (in $batch)`;
            byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
          }
          return reply({ total: cloud.requests.length, byHost, byEndpoint });
        }
        case 'minRequests': {
          const sync = cloud.tenant.syncs[message.index];
          if (!sync) throw new Error(`no sync #${message.index}`);
          const previous = message.index > 0 ? cloud.tenant.syncs[message.index - 1] : undefined;
          return reply({ full: minimumRequests(cloud.tenant.json, sync), incremental: previous ? minimumRequests(cloud.tenant.json, sync, previous) : undefined });
        }
        case 'close':
          reply(null);
          void cloud.close().then(() => process.exit(0));
          return undefined;
      }
    } catch (error) {
      process.send?.({ type: 'reply', id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
    return undefined;
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`cloud process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
