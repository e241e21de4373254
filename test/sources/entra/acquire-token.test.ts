import { createTokenProvider } from '../../../src/sources/entra/acquire-token';
import { createGraphClient } from '../../../src/sources/entra/graph-client';
import type { EgressFetch, HttpResponse } from '../../../src/shared/http';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '99999999-8888-4777-8666-555555555555';
const SECRET = 'the-secret-value';

const respond = (status: number, body: unknown): HttpResponse => ({ status, headers: { get: () => null }, text: async () => JSON.stringify(body) });
const noSleep = async () => undefined;

function provider(fetch: EgressFetch, secret: { value: string | undefined } = { value: SECRET }) {
  return createTokenProvider({ tenantId: TENANT, clientId: CLIENT, readClientSecret: async () => secret.value }, fetch, noSleep);
}

it('requests a client-credentials token once and caches it', async () => {
  const calls: Array<{ url: string; body?: string }> = [];
  const fetch: EgressFetch = async (url, init) => {
    calls.push({ url, body: init?.body });
    return respond(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'tok' });
  };
  const getToken = provider(fetch);
  expect(await getToken()).toBe('tok');
  expect(await getToken()).toBe('tok');
  expect(calls).toHaveLength(1);
  expect(calls[0]?.url).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
  expect(new URLSearchParams(calls[0]?.body).get('grant_type')).toBe('client_credentials');
});

it.each([
  [7000215, /client secret is wrong/],
  [7000222, /client secret has expired/],
  [700016, /no application with client id/],
])('turns AADSTS%d into the fix, naming the tenant and never the secret', async (code, fix) => {
  const fetch: EgressFetch = async () => respond(401, { error: 'invalid_client', error_description: `AADSTS${code}: nope`, error_codes: [code] });
  const error = (await provider(fetch)().then(() => undefined, (e: unknown) => e)) as Error;
  expect(error).toMatchObject({ code: 'ENTRA_AUTH_FAILED' });
  expect(error.message).toContain(`Entra tenant ${TENANT}`);
  expect(error.message).toMatch(fix);
  expect(JSON.stringify({ message: error.message, context: (error as unknown as { context: unknown }).context })).not.toContain(SECRET);
});

it('says where to enter a secret that was never stored', async () => {
  const fetch: EgressFetch = async () => respond(200, {});
  await expect(provider(fetch, { value: undefined })()).rejects.toThrow(/No client secret is stored for Entra tenant .*Settings > Entra tenants/);
});

it('asks for a new token once when Graph answers 401 to the cached one, and sends the request again with it', async () => {
  let issued = 0;
  const seen: string[] = [];
  const fetch: EgressFetch = async (url, init) => {
    if (url.startsWith('https://login.microsoftonline.com/')) return respond(200, { token_type: 'Bearer', expires_in: 3599, access_token: `tok-${++issued}` });
    const auth = Object.entries(init?.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1] ?? '';
    seen.push(auth);
    // The first token was revoked (rotated early): Graph refuses it.
    const json = (status: number, body: unknown) => ({ ...respond(status, body), headers: { get: (name: string) => (name === 'content-type' ? 'application/json' : null) } });
    return auth === 'Bearer tok-1' ? json(401, { error: { code: 'InvalidAuthenticationToken', message: 'expired' } }) : json(200, { value: [] });
  };
  const client = createGraphClient(provider(fetch), fetch, { maxRetries: 0 });
  await expect(client.api('/servicePrincipals').get()).resolves.toEqual({ value: [] });
  expect(seen).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  expect(issued).toBe(2);
});
