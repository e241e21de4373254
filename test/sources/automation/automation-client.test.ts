/**
 * The Automation API client: cursor paging across pages whose next link is a query string or an absolute URL, no
 * next link followed off the API, errors that never carry the token; and the rule fetch (summaries, then each rule).
 */
import { AutomationClient } from '../../../src/sources/automation/automation-client';
import { fetchAutomationRules } from '../../../src/sources/automation/rules';
import type { EgressFetch, HttpResponse } from '../../../src/shared/http';

const CLOUD = 'c0ffee00-0000-4000-8000-000000000001';
const BASE = `https://api.atlassian.com/automation/public/jira/${CLOUD}/rest/v1`;
const TOKEN = 'ATATT-client-test-token';

const respond = (status: number, body: unknown): HttpResponse => ({ status, headers: { get: () => null }, text: async () => JSON.stringify(body) });
const noSleep = async () => undefined;

function clientFor(routes: Record<string, HttpResponse>, calls: string[] = []) {
  const fetch: EgressFetch = async (url, init) => {
    calls.push(url);
    expect(init?.headers?.Authorization).toBe(`Basic ${Buffer.from(`admin@corp.example:${TOKEN}`).toString('base64')}`);
    return routes[url] ?? respond(404, { message: 'not found' });
  };
  return new AutomationClient({ cloudId: CLOUD, email: 'admin@corp.example', readApiToken: async () => TOKEN }, fetch, noSleep);
}

const summary = (uuid: string) => ({ uuid, name: `Rule ${uuid}`, state: 'ENABLED' });
const ruleBody = (uuid: string) => ({ rule: { uuid, name: `Rule ${uuid}`, state: 'ENABLED', ruleScopeARIs: [], components: [] }, connections: [] });

describe('AutomationClient', () => {
  it('pages summaries across pages linked by a query-only next and an absolute next', async () => {
    // Arrange
    const calls: string[] = [];
    const client = clientFor(
      {
        [`${BASE}/rule/summary?limit=100`]: respond(200, { links: { self: '?limit=100', next: '?cursor=page2&limit=100' }, data: [summary('r1'), summary('r2')] }),
        [`${BASE}/rule/summary?cursor=page2&limit=100`]: respond(200, { links: { next: `${BASE}/rule/summary?cursor=page3&limit=100` }, data: [summary('r3')] }),
        [`${BASE}/rule/summary?cursor=page3&limit=100`]: respond(200, { links: { next: null }, data: [summary('r4')] }),
      },
      calls,
    );

    // Act
    const items = await client.getAllCursorPages('/rule/summary?limit=100');

    // Assert
    expect(new Set(items.map((i) => (i as { uuid: string }).uuid))).toEqual(new Set(['r1', 'r2', 'r3', 'r4']));
    expect(calls).toHaveLength(3);
  });

  it('refuses a next link that leaves the Automation API', async () => {
    const client = clientFor({ [`${BASE}/rule/summary?limit=100`]: respond(200, { links: { next: 'https://evil.example/steal?cursor=x' }, data: [] }) });

    await expect(client.getAllCursorPages('/rule/summary?limit=100')).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE' });
  });

  it('turns 401 into SOURCE_UNAUTHORIZED with the fix, never the token', async () => {
    const client = clientFor({ [`${BASE}/rule/summary?limit=100`]: respond(401, { message: 'Unauthorized' }) });

    const error = (await client.getAllCursorPages('/rule/summary?limit=100').catch((e: unknown) => e)) as { code: string; message: string; context: unknown };

    expect(error.code).toBe('SOURCE_UNAUTHORIZED');
    expect(error.message).toMatch(/Settings > Automation/);
    expect(JSON.stringify({ m: error.message, c: error.context })).not.toContain(TOKEN);
  });

  it('refuses a cloud id that is not a GUID at construction', () => {
    expect(() => new AutomationClient({ cloudId: 'mysite', email: 'a@b.example', readApiToken: async () => TOKEN }, async () => respond(200, {}), noSleep)).toThrow(/not a GUID/);
  });
});

describe('fetchAutomationRules', () => {
  it('reads every summary, then each rule, skipping a rule deleted in between', async () => {
    const calls: string[] = [];
    const client = clientFor(
      {
        [`${BASE}/rule/summary?limit=100`]: respond(200, { links: { next: '?cursor=2' }, data: [summary('r1'), summary('gone')] }),
        [`${BASE}/rule/summary?cursor=2`]: respond(200, { links: {}, data: [summary('r2'), { name: 'no uuid' }] }),
        [`${BASE}/rule/r1`]: respond(200, ruleBody('r1')),
        [`${BASE}/rule/r2`]: respond(200, ruleBody('r2')),
      },
      calls,
    );

    const { records, quarantined } = await fetchAutomationRules(client);

    expect(new Set(records.map((r) => r.uuid))).toEqual(new Set(['r1', 'r2']));
    expect(quarantined).toEqual([expect.objectContaining({ endpoint: '/rest/v1/rule/summary', issues: ['uuid: a rule summary needs a uuid'] })]);
    expect(calls).toContain(`${BASE}/rule/gone`);
  });
});
