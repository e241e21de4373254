/**
 * The $batch helper through the real SDK client and its middleware, with the egress fetch stubbed: chunks of 20,
 * inner answers by key, an inner 429 re-sent after its own Retry-After, 404 skipped, 403 classified.
 */
import { createGraphClient, batchGet, batchGetCollections } from '../../../src/sources/entra/graph-client';
import type { EgressFetch, HttpResponse } from '../../../src/shared/http';

const TENANT = '11111111-2222-4333-8444-555555555555';

interface InnerRequest {
  id: string;
  method: string;
  url: string;
}

const respond = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
  text: async () => JSON.stringify(body),
});

/** An egress fetch answering POST /v1.0/$batch with `answer(request, round)` for every inner request. */
function batchServer(answer: (request: InnerRequest, round: number) => { status: number; body: unknown; headers?: Record<string, string> }) {
  const posts: InnerRequest[][] = [];
  const fetch: EgressFetch = async (url, init) => {
    expect(url).toBe('https://graph.microsoft.com/v1.0/$batch');
    expect(init?.method).toBe('POST');
    expect(init?.headers?.authorization ?? init?.headers?.Authorization).toBe('Bearer tok');
    const { requests } = JSON.parse(init?.body ?? '{}') as { requests: InnerRequest[] };
    posts.push(requests);
    const round = posts.length;
    return respond(200, { responses: requests.map((r) => ({ id: r.id, ...answer(r, round), headers: answer(r, round).headers ?? { 'Content-Type': 'application/json;odata.metadata=minimal' } })) });
  };
  return { fetch, posts };
}

const client = (fetch: EgressFetch) => createGraphClient(async () => 'tok', fetch, { maxRetries: 0 });

it('sends requests in chunks of 20 with version-relative URLs and returns one answer per key', async () => {
  // Arrange
  const server = batchServer((r) => ({ status: 200, body: { value: [{ url: r.url }] } }));
  const requests = Array.from({ length: 45 }, (_, i) => ({ key: `sp-${i}`, url: `/servicePrincipals/sp-${i}/owners?$select=id,mail` }));

  // Act
  const answers = await batchGet(client(server.fetch), requests);

  // Assert
  // The batches go out concurrently, so they may arrive in any order.
  expect(server.posts.map((p) => p.length).sort((a, b) => b - a)).toEqual([20, 20, 5]);
  expect(server.posts.find((p) => p.length === 20 && p.some((r) => r.url.startsWith('/servicePrincipals/sp-0/')))?.[0]).toMatchObject({ method: 'GET', url: '/servicePrincipals/sp-0/owners?$select=id,mail' });
  expect(answers).toHaveLength(45);
  expect(answers[44]).toEqual({ key: 'sp-44', status: 200, body: { value: [{ url: '/servicePrincipals/sp-44/owners?$select=id,mail' }] } });
});

it('re-sends only the inner requests throttled with 429, after their Retry-After', async () => {
  // Arrange
  const server = batchServer((r, round) =>
    r.url.includes('busy') && round === 1 ? { status: 429, body: { error: { code: 'TooManyRequests' } }, headers: { 'Retry-After': '7', 'Content-Type': 'application/json' } } : { status: 200, body: { value: [] } },
  );
  const waits: number[] = [];

  // Act
  const answers = await batchGet(client(server.fetch), [{ key: 'calm', url: '/groups/calm/members' }, { key: 'busy', url: '/groups/busy/members' }], { sleep: async (ms) => void waits.push(ms) });

  // Assert
  expect(waits).toEqual([7000]);
  expect(server.posts.map((p) => p.map((r) => r.url))).toEqual([['/groups/calm/members', '/groups/busy/members'], ['/groups/busy/members']]);
  expect(answers.map((a) => `${a.key}:${a.status}`)).toEqual(['calm:200', 'busy:200']);
});

it('skips 404s and turns an inner 403 into SOURCE_UNAUTHORIZED naming endpoint, tenant and permission', async () => {
  // Arrange
  const gone = batchServer((r) => (r.url.includes('deleted') ? { status: 404, body: { error: { code: 'Request_ResourceNotFound' } } } : { status: 200, body: { value: [{ id: 'o1' }] } }));
  const refused = batchServer(() => ({ status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } }));
  const where = { endpoint: '/v1.0/servicePrincipals/{id}/owners', tenantId: TENANT, permission: 'Application.Read.All' };

  // Act
  const pages = await batchGetCollections(client(gone.fetch), [{ key: 'live', url: '/servicePrincipals/live/owners' }, { key: 'deleted', url: '/servicePrincipals/deleted/owners' }], where);
  const error = await batchGetCollections(client(refused.fetch), [{ key: 'x', url: '/servicePrincipals/x/owners' }], where).catch((e: unknown) => e);

  // Assert
  expect([...pages]).toEqual([['live', [{ id: 'o1' }]]]);
  expect(error).toMatchObject({ code: 'SOURCE_UNAUTHORIZED' });
  expect((error as Error).message).toBe(
    `Microsoft Graph refused /v1.0/servicePrincipals/{id}/owners in Entra tenant ${TENANT} (HTTP 403, Authorization_RequestDenied); grant the scanner's app registration the Microsoft Graph application permission Application.Read.All and admin-consent it`,
  );
});
