/**
 * The Power Platform client: one client-credentials token per resource, nextLink paging on the same host only,
 * and the fix for an app that is not a Power Platform management app.
 */
import { PowerPlatformClient } from '../../../src/sources/powerautomate/power-platform-client';
import { fetchFlows } from '../../../src/sources/powerautomate/flows';
import type { EgressFetch, HttpResponse } from '../../../src/shared/http';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '99999999-8888-4777-8666-555555555555';
const ENV = 'Default-env';
const FLOWS = `https://api.flow.microsoft.com/providers/Microsoft.ProcessSimple/scopes/admin/environments/${ENV}/v2/flows`;

const respond = (status: number, body: unknown): HttpResponse => ({ status, headers: { get: () => null }, text: async () => JSON.stringify(body) });
const noSleep = async () => undefined;
const flow = (name: string) => ({ name, properties: { displayName: `Flow ${name}`, state: 'Started' } });

function clientFor(routes: (url: string) => HttpResponse | undefined, log: Array<{ url: string; auth?: string; scope?: string | null }> = []) {
  const fetch: EgressFetch = async (url, init) => {
    if (url.startsWith('https://login.microsoftonline.com/')) {
      const scope = new URLSearchParams(init?.body).get('scope');
      log.push({ url, scope });
      return respond(200, { token_type: 'Bearer', expires_in: 3599, access_token: `token-for ${scope}` });
    }
    log.push({ url, auth: init?.headers?.Authorization });
    return routes(url) ?? respond(404, { error: { code: 'NotFound' } });
  };
  return new PowerPlatformClient({ tenantId: TENANT, clientId: CLIENT, readClientSecret: async () => 'secret' }, fetch, noSleep);
}

it('pages flows across two pages through nextLink, with a token for the flow service', async () => {
  // Arrange
  const log: Array<{ url: string; auth?: string; scope?: string | null }> = [];
  const client = clientFor((url) => {
    if (url === `${FLOWS}?api-version=2016-11-01`) return respond(200, { value: [flow('f1'), flow('f2')], nextLink: `${FLOWS}?api-version=2016-11-01&$skiptoken=abc` });
    if (url === `${FLOWS}?api-version=2016-11-01&$skiptoken=abc`) return respond(200, { value: [flow('f3')] });
    return undefined;
  }, log);

  // Act
  const { records, quarantined } = await fetchFlows(client, [ENV]);

  // Assert
  expect(new Set(records.map((r) => `${r.environmentName}/${r.name}`))).toEqual(new Set([`${ENV}/f1`, `${ENV}/f2`, `${ENV}/f3`]));
  expect(quarantined).toEqual([]);
  expect(log.filter((l) => l.scope).map((l) => l.scope)).toEqual(['https://service.flow.microsoft.com/.default']);
  expect(log.filter((l) => l.auth).every((l) => l.auth === 'Bearer token-for https://service.flow.microsoft.com/.default')).toBe(true);
});

it('refuses a nextLink to another host, so the token never leaves its service', async () => {
  const client = clientFor(() => respond(200, { value: [flow('f1')], nextLink: 'https://collector.example/next' }));

  await expect(fetchFlows(client, [ENV])).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE', message: expect.stringMatching(/another host \(collector\.example\)/) });
});

it('explains a 403 as a missing Power Platform management app registration', async () => {
  const client = clientFor(() => respond(403, { error: { code: 'Forbidden' } }));

  await expect(fetchFlows(client, [ENV])).rejects.toMatchObject({ code: 'SOURCE_UNAUTHORIZED', message: expect.stringMatching(/New-PowerAppManagementApp/) });
});
