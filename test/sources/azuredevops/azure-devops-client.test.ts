/**
 * The Azure DevOps client: PAT Basic auth, continuation tokens from the header or the body, and the sign-in page a
 * bad PAT gets instead of a 401.
 */
import { AzureDevOpsClient } from '../../../src/sources/azuredevops/azure-devops-client';
import { fetchAdoProjects } from '../../../src/sources/azuredevops/projects';
import { fetchPersonalAccessTokens } from '../../../src/sources/azuredevops/personal-access-tokens';
import type { EgressFetch, HttpResponse } from '../../../src/shared/http';

const PAT = 'test-pat-value-0123456789';
const noSleep = async () => undefined;

const respond = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
  text: async () => (typeof body === 'string' ? body : JSON.stringify(body)),
});

function clientFor(route: (url: URL) => HttpResponse, calls: URL[] = []) {
  const fetch: EgressFetch = async (url, init) => {
    expect(init?.headers?.Authorization).toBe(`Basic ${Buffer.from(`:${PAT}`).toString('base64')}`);
    const parsed = new URL(url);
    calls.push(parsed);
    return route(parsed);
  };
  return new AzureDevOpsClient({ organization: 'contoso', readPat: async () => PAT }, fetch, noSleep);
}

const project = (n: number) => ({ id: `p000000${n}-0000-4000-8000-000000000000`, name: `project-${n}`, state: 'wellFormed' });

it('pages projects across two pages through the x-ms-continuationtoken header', async () => {
  // Arrange
  const calls: URL[] = [];
  const client = clientFor((url) =>
    url.searchParams.get('continuationToken') === 'next-1'
      ? respond(200, { count: 1, value: [project(3)] })
      : respond(200, { count: 2, value: [project(1), project(2)] }, { 'x-ms-continuationtoken': 'next-1' }),
  calls);

  // Act
  const { records } = await fetchAdoProjects(client, 2);

  // Assert
  expect(new Set(records.map((p) => p.name))).toEqual(new Set(['project-1', 'project-2', 'project-3']));
  expect(calls.map((c) => `${c.host}${c.pathname}`)).toEqual(['dev.azure.com/contoso/_apis/projects', 'dev.azure.com/contoso/_apis/projects']);
  expect(calls.every((c) => c.searchParams.get('api-version') === '7.1' && c.searchParams.get('$top') === '2')).toBe(true);
});

it('pages tokenadmin through the continuationToken in the body', async () => {
  const token = (id: string) => ({ authorizationId: id, displayName: id, scope: 'vso.code', validTo: '2027-01-01T00:00:00Z', isValid: true, token: null });
  const client = clientFor((url) =>
    url.searchParams.get('continuationToken') === 'body-next' ? respond(200, { value: [token('pat-2')], continuationToken: '' }) : respond(200, { value: [token('pat-1')], continuationToken: 'body-next' }),
  );

  const { records } = await fetchPersonalAccessTokens(client, ['aad.descriptor1']);

  expect(new Set(records.map((r) => r.authorizationId))).toEqual(new Set(['pat-1', 'pat-2']));
  expect(records.every((r) => r.subjectDescriptor === 'aad.descriptor1')).toBe(true);
});

it('treats the HTML sign-in page (HTTP 203) as an unauthorized PAT, without naming the PAT', async () => {
  const client = clientFor(() => respond(203, '<html>Sign in</html>', { 'content-type': 'text/html' }));

  const error = (await fetchAdoProjects(client).catch((e: unknown) => e)) as { code: string; message: string; context: unknown };

  expect(error.code).toBe('SOURCE_UNAUTHORIZED');
  expect(error.message).toMatch(/wrong, expired or revoked/);
  expect(JSON.stringify({ m: error.message, c: error.context })).not.toContain(PAT);
});

it('refuses an organization name that is not one', () => {
  expect(() => new AzureDevOpsClient({ organization: 'contoso/../x', readPat: async () => PAT }, async () => respond(200, {}), noSleep)).toThrow(/not a valid organization name/);
});
