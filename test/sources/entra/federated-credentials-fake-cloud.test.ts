/**
 * Federated identity credentials are read only for the applications that hold any: one advanced query
 * (`$filter=federatedIdentityCredentials/$count ne 0`, with ConsistencyLevel: eventual and $count=true, as Graph
 * requires) names them, then their credentials come in $batch. Where Graph refuses the query (400), every
 * application is asked, and the dataset is the same either way.
 */
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { applicationsWithFederatedCredentials, fetchFederatedCredentials } from '../../../src/sources/entra/federated-credentials';
import { createTokenProvider } from '../../../src/sources/entra/acquire-token';
import { createGraphClient } from '../../../src/sources/entra/graph-client';
import type { EgressFetch } from '../../../src/shared/http';
import { TEST_ENTRA_TENANT, writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, type RecordedRequest } from '../automation/fake-cloud-egress';

const T = TEST_ENTRA_TENANT;
const APPS = 1003; // many applications, few of them holding a federated credential
const HOLDING = [7, 500, 1001];
const appId = (i: number) => `ab000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const fic = (i: number) => ({ id: `f1c00000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `deploy-${i}`, issuer: 'https://token.actions.githubusercontent.com', subject: `repo:example-org/app-${i}:environment:production`, description: null, audiences: ['api://AzureADTokenExchange'] });

let cloud: FakeCloud;
beforeAll(async () => {
  const graph: Record<string, unknown> = {
    '/v1.0/applications': Array.from({ length: APPS }, (_, i) => ({ id: appId(i), appId: `a9${appId(i).slice(2)}`, displayName: `App ${i}` })),
  };
  for (let i = 0; i < APPS; i++) graph[`/v1.0/applications/${appId(i)}/federatedIdentityCredentials`] = HOLDING.includes(i) ? [fic(i)] : [];
  cloud = new FakeCloud(extendTestTenant(writeTestTenant({ syncs: [{ name: '01-only', at: '2026-11-20T06:00:00Z' }] }), { files: { graph: { [T]: graph } } }));
  await cloud.start();
});
afterAll(() => cloud.close());

async function client(log: RecordedRequest[], refuseAdvancedQueries = false) {
  const secrets = cloud.tenant.json.secrets.entra[T];
  if (!secrets) throw new Error('no Entra secret in the test tenant');
  const toCloud = egressToFakeCloud(cloud.url, log);
  const fetch: EgressFetch = async (url, init) =>
    refuseAdvancedQueries && decodeURIComponent(url).includes('$count=true') ? new Response(JSON.stringify({ error: { code: 'Request_UnsupportedQuery', message: 'Unsupported Query.' } }), { status: 400, headers: { 'Content-Type': 'application/json' } }) : toCloud(url, init);
  const getToken = createTokenProvider({ tenantId: T, clientId: secrets.clientId, readClientSecret: async () => secrets.clientSecret }, fetch, noSleep);
  return createGraphClient(getToken, fetch, { maxRetries: 0 });
}

const innerRequests = (log: RecordedRequest[]) =>
  log.filter((r) => r.url.endsWith('/$batch')).flatMap((r) => (JSON.parse(String(r.init?.body ?? '{}')) as { requests: Array<{ url: string }> }).requests.map((q) => q.url));

it('asks Graph which applications hold a federated credential, then reads only theirs', async () => {
  const log: RecordedRequest[] = [];
  const graph = await client(log);
  const holding = await applicationsWithFederatedCredentials(graph, T);
  expect([...(holding ?? [])].sort()).toEqual(HOLDING.map(appId).sort());
  const query = log.find((r) => decodeURIComponent(r.url).includes('$filter=federatedIdentityCredentials/$count ne 0'));
  expect(decodeURIComponent(query?.url ?? '')).toContain('$count=true');
  expect(new Headers(query?.init?.headers).get('ConsistencyLevel')).toBe('eventual');

  const ids = Array.from({ length: APPS }, (_, i) => appId(i)).filter((id) => holding?.has(id));
  const result = await fetchFederatedCredentials(graph, T, ids);
  expect(result.records.map((r) => r.name).sort()).toEqual(HOLDING.map((i) => `deploy-${i}`).sort());
  expect(innerRequests(log)).toHaveLength(HOLDING.length);
});

it('the fake refuses the advanced query without ConsistencyLevel, as Graph does', async () => {
  const log: RecordedRequest[] = [];
  const graph = await client(log);
  await expect(graph.api('/applications').filter('federatedIdentityCredentials/$count ne 0').count(true).get()).rejects.toMatchObject({ statusCode: 400 });
});

it('falls back to every application when Graph refuses the query, with the same credentials', async () => {
  const log: RecordedRequest[] = [];
  const graph = await client(log, true);
  expect(await applicationsWithFederatedCredentials(graph, T)).toBeUndefined();
  const result = await fetchFederatedCredentials(graph, T, Array.from({ length: APPS }, (_, i) => appId(i)));
  expect(result.records.map((r) => r.name).sort()).toEqual(HOLDING.map((i) => `deploy-${i}`).sort());
  expect(innerRequests(log)).toHaveLength(APPS);
});
