/**
 * The fake cloud answers like the real APIs: each API's paging, Graph's limits and errors, delta, $batch,
 * token errors, Jira's permission answers, and tenant directories that break the format fail clearly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { TenantFormatError, loadTenant } from '../../../dev/fake/tenant';
import {
  ADMIN_ACCOUNT,
  ADMIN_GROUP,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  TEST_ENTRA_TENANT,
  USER_ACCOUNT,
  writeTestTenant,
} from '../../support/tenant-builder';

let cloud: FakeCloud;

async function send(host: string, pathAndQuery: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers = new Headers(init.headers);
  headers.set('x-sv0-upstream-host', host);
  const response = await fetch(`${cloud.url}${pathAndQuery}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

async function token(secret = TEST_CLIENT_SECRET): Promise<{ status: number; body: Record<string, unknown> }> {
  return send('login.microsoftonline.com', `/${TEST_ENTRA_TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: TEST_CLIENT_ID, client_secret: secret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' }).toString(),
  });
}

async function graph(pathAndQuery: string, init: RequestInit = {}) {
  const { body } = await token();
  return send('graph.microsoft.com', pathAndQuery, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${String(body.access_token)}` } });
}

const jira = (pathAndQuery: string, as = 'Forge as=app') => send('test-site.atlassian.net', pathAndQuery, { headers: { authorization: as } });

beforeAll(async () => {
  const dir = writeTestTenant({
    servicePrincipals: 1005,
    projects: 130,
    syncs: [
      { name: '01-first', at: '2026-08-20T06:00:00Z' },
      { name: '02-second', at: '2026-11-20T06:00:00Z' },
    ],
  });
  // The second sync loses one service principal and renames another, for the delta test.
  const graphFile = path.join(dir, 'syncs', '02-second', 'graph.json');
  const data = JSON.parse(fs.readFileSync(graphFile, 'utf8')) as Record<string, Record<string, Array<Record<string, unknown>>>>;
  const sps = data[TEST_ENTRA_TENANT]?.['/v1.0/servicePrincipals'] ?? [];
  sps.splice(0, 1);
  if (sps[0]) sps[0].displayName = 'Renamed app';
  fs.writeFileSync(graphFile, JSON.stringify(data));
  // An inactive member in the admin group, which Jira hides unless includeInactiveUsers=true.
  const jiraFile = path.join(dir, 'syncs', '01-first', 'jira.json');
  const jiraData = JSON.parse(fs.readFileSync(jiraFile, 'utf8')) as Record<string, unknown[]>;
  jiraData[`/rest/api/3/group/member#groupId=${ADMIN_GROUP}`]?.push({ accountId: 'gone-1', accountType: 'atlassian', active: false, displayName: 'Gone' });
  fs.writeFileSync(jiraFile, JSON.stringify(jiraData));
  cloud = new FakeCloud(dir);
  await cloud.start();
});

afterAll(() => cloud.close());

describe('Entra token endpoint', () => {
  it('issues a bearer token for the right client credentials', async () => {
    const { status, body } = await token();
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
  });

  it('answers a wrong secret with AADSTS7000215 as Entra does', async () => {
    const { status, body } = await token('nope');
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(JSON.stringify(body)).not.toContain('nope');
  });
});

describe('Microsoft Graph', () => {
  it('pages with $top up to 999 and an absolute @odata.nextLink on the real host', async () => {
    const first = await graph('/v1.0/servicePrincipals?$top=999&$select=id,displayName');
    const value = first.body.value as Array<Record<string, unknown>>;
    expect(value).toHaveLength(999);
    expect(Object.keys(value[0] ?? {}).sort()).toEqual(['displayName', 'id']);
    const next = String(first.body['@odata.nextLink']);
    expect(next).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/servicePrincipals\?.*\$skiptoken=/);
    const second = await graph(next.replace('https://graph.microsoft.com', ''));
    expect(second.body.value).toHaveLength(6);
    expect(second.body['@odata.nextLink']).toBeUndefined();
  });

  it('defaults to pages of 100 and refuses $top=1000', async () => {
    expect(((await graph('/v1.0/servicePrincipals')).body.value as unknown[]).length).toBe(100);
    const refused = await graph('/v1.0/servicePrincipals?$top=1000');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('Must be between 1 and 999 inclusive');
  });

  it('requires a bearer token', async () => {
    const { status, body } = await send('graph.microsoft.com', '/v1.0/servicePrincipals');
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('answers objects by id and by appId, and an empty collection for a navigation with no stored data', async () => {
    const sp = ((await graph('/v1.0/servicePrincipals?$top=1')).body.value as Array<{ id: string; appId: string }>)[0];
    expect((await graph(`/v1.0/servicePrincipals/${sp?.id}`)).body).toMatchObject({ id: sp?.id });
    expect((await graph(`/v1.0/servicePrincipals(appId='${sp?.appId}')`)).body).toMatchObject({ appId: sp?.appId });
    expect((await graph(`/v1.0/servicePrincipals/${sp?.id}/owners`)).body.value).toEqual([]);
    expect((await graph('/v1.0/servicePrincipals/00000000-0000-0000-0000-000000000000/owners')).status).toBe(404);
  });

  it('serves $batch of up to 20 and refuses 21', async () => {
    const requests = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i), method: 'GET', url: '/servicePrincipals?$top=1' }));
    const ok = await graph('/v1.0/$batch', { method: 'POST', body: JSON.stringify({ requests: requests(20) }), headers: { 'content-type': 'application/json' } });
    expect((ok.body.responses as Array<{ status: number }>).map((r) => r.status)).toEqual(Array(20).fill(200));
    const refused = await graph('/v1.0/$batch', { method: 'POST', body: JSON.stringify({ requests: requests(21) }), headers: { 'content-type': 'application/json' } });
    expect(refused.status).toBe(400);
  });

  it('serves delta: a full first round ending in a deltaLink, then only what changed since that sync', async () => {
    cloud.setSync(0);
    let page = await graph('/v1.0/servicePrincipals/delta?$top=999');
    let count = (page.body.value as unknown[]).length;
    while (page.body['@odata.nextLink']) {
      page = await graph(String(page.body['@odata.nextLink']).replace('https://graph.microsoft.com', ''));
      count += (page.body.value as unknown[]).length;
    }
    expect(count).toBe(1005);
    const deltaLink = String(page.body['@odata.deltaLink']);
    expect(deltaLink).toContain('$deltatoken=');
    cloud.setSync(1);
    const changes = await graph(deltaLink.replace('https://graph.microsoft.com', ''));
    const value = changes.body.value as Array<Record<string, unknown>>;
    expect(value).toHaveLength(2);
    expect(value.find((v) => v['@removed'])).toBeDefined();
    expect(value.find((v) => v.displayName === 'Renamed app')).toBeDefined();
    cloud.setSync(0);
  });
});

describe('Jira site', () => {
  it('pages project/search as a PageBean, clamping maxResults to 100', async () => {
    const first = await jira('/rest/api/3/project/search?maxResults=500');
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 100, total: 130, isLast: false });
    expect(String(first.body.nextPage)).toContain('startAt=100');
    const last = await jira('/rest/api/3/project/search?startAt=100&maxResults=100');
    expect(last.body).toMatchObject({ isLast: true });
    expect(last.body.values).toHaveLength(30);
  });

  it('answers users/search as a bare array', async () => {
    const users = await jira('/rest/api/3/users/search?maxResults=1');
    expect(Array.isArray(users.body)).toBe(true);
    expect(users.body).toHaveLength(1);
  });

  it('drops inactive group members unless includeInactiveUsers=true', async () => {
    const active = await jira(`/rest/api/3/group/member?groupId=${ADMIN_GROUP}`);
    const all = await jira(`/rest/api/3/group/member?groupId=${ADMIN_GROUP}&includeInactiveUsers=true`);
    expect(active.body).toMatchObject({ total: 1 });
    expect(all.body).toMatchObject({ total: 2 });
  });

  it('answers user/groups with every group a user is in (inactive members too), 404 for an unknown account', async () => {
    const gone = await jira('/rest/api/3/user/groups?accountId=gone-1');
    expect(gone.status).toBe(200);
    expect((gone.body as unknown as Array<{ groupId: string }>).map((g) => g.groupId)).toEqual([ADMIN_GROUP]);
    expect((await jira('/rest/api/3/user/groups?accountId=nobody-at-all')).status).toBe(404);
    expect((await jira('/rest/api/3/user/groups')).status).toBe(400);
  });

  it('answers mypermissions for the calling user from the admin groups', async () => {
    const admin = await jira('/rest/api/3/mypermissions?permissions=ADMINISTER', `Forge as=user,id=${ADMIN_ACCOUNT}`);
    const user = await jira('/rest/api/3/mypermissions?permissions=ADMINISTER', `Forge as=user,id=${USER_ACCOUNT}`);
    expect(admin.body).toMatchObject({ permissions: { ADMINISTER: { havePermission: true } } });
    expect(user.body).toMatchObject({ permissions: { ADMINISTER: { havePermission: false } } });
  });

  it('serves each sync at its own clock', async () => {
    cloud.setSync(1);
    expect((await jira('/rest/api/3/serverInfo')).body.serverTime).toBe('2026-11-20T06:00:00.000+0000');
    cloud.setSync(0);
    expect((await jira('/rest/api/3/serverInfo')).body.serverTime).toBe('2026-08-20T06:00:00.000+0000');
  });

  it('refuses unauthenticated calls and the Automation API to Forge callers', async () => {
    expect((await send('test-site.atlassian.net', '/rest/api/3/serverInfo')).status).toBe(401);
    expect((await send('api.atlassian.com', '/automation/public/jira/x/rest/v1/rule/summary', { headers: { authorization: 'Forge as=app' } })).status).toBe(401);
  });
});

describe('faults', () => {
  it('injects 429 with Retry-After and dropped connections at the configured rate, deterministically', async () => {
    cloud.setFaults({ rate429: 1, retryAfterSeconds: 7, match: /serverInfo/ });
    const throttled = await jira('/rest/api/3/serverInfo');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    cloud.setFaults({ dropRate: 1, match: /serverInfo/ });
    await expect(jira('/rest/api/3/serverInfo')).rejects.toThrow();
    cloud.setFaults({});
    expect((await jira('/rest/api/3/serverInfo')).status).toBe(200);
  });
});

describe('tenant directories', () => {
  it('names the file and field of a format error', () => {
    const dir = writeTestTenant();
    const file = path.join(dir, 'tenant.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { jira: { cloudId: string } };
    json.jira.cloudId = 'not-a-guid';
    fs.writeFileSync(file, JSON.stringify(json));
    expect(() => loadTenant(dir)).toThrow(TenantFormatError);
    expect(() => loadTenant(dir)).toThrow(/tenant\.json[\s\S]*jira\.cloudId: must be a GUID/);
  });

  it('refuses a path key with a query string', () => {
    const dir = writeTestTenant();
    fs.writeFileSync(path.join(dir, 'syncs', '01-only', 'jira.json'), JSON.stringify({ '/rest/api/3/project/search?startAt=0': [] }));
    expect(() => loadTenant(dir)).toThrow(/without host or query string/);
  });

  it('refuses a directory that does not exist', () => {
    expect(() => loadTenant('/nonexistent/tenant')).toThrow(/no such tenant directory/);
  });
});
