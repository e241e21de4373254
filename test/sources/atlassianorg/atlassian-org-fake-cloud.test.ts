/**
 * Integration: the Atlassian organization steps through the real client against the fake cloud (api.atlassian.com,
 * Bearer organization API key): collections across pages by links.next, the audit log cut to the window, 401 for a
 * wrong key and 403 naming the missing scope, the key never in an error, and Test connection scope by scope.
 */
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { defaultSettings, type Settings } from '../../../src/settings/settings';
import type { SourcePorts } from '../../../src/sources/source-descriptor';
import { AtlassianOrgClient } from '../../../src/sources/atlassianorg/atlassian-org-client';
import { atlassianOrgDatasets, atlassianOrgExtractionSteps } from '../../../src/sources/atlassianorg/extraction-steps';
import { ATLASSIAN_ORG_API_KEY, atlassianOrgSource } from '../../../src/sources/atlassianorg/source';
import { writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, runSteps, type RecordedRequest } from '../automation/fake-cloud-egress';

const ORG = '5e1d0c2b-7a43-4f96-8b21-0d3c9e6f4a18';
const KEY = 'ATCTT3xFfGN0-test-org-key-not-real-000000000000';
const PERSON = '5b10a2844c20165700ede21g';
const SCOPES = ['read:service-accounts:admin', 'read:service-accounts-tokens:admin', 'read:tokens:admin', 'read:events:admin'];
const TOKEN_COUNT = 7; // four pages at fake.maxPageSize 2

const base = `/admin/api-access/v1/orgs/${ORG}`;
const event = (n: number, time: string, mcp: boolean) => ({
  id: `evt-${n}`,
  type: 'events',
  attributes: { time, action: mcp ? 'mcp_tool_invoked' : 'issue_viewed', actor: { id: PERSON, name: 'Ada Admin', email: 'ada@test.example', auth: { authType: 'api-token', tokenId: 'tok-1', tokenLabel: 'token 1' } }, context: [] },
  links: { self: `https://api.atlassian.com/admin/v1/orgs/${ORG}/events/evt-${n}` },
});

function orgJson(): Record<string, unknown> {
  return {
    [`${base}/service-accounts`]: [{ atlassianId: '712020:svc-1', id: 'sa-1', displayName: 'svc-one', status: 'ACTIVE', createdById: PERSON }],
    [`${base}/api-tokens`]: Array.from({ length: TOKEN_COUNT }, (_, i) => ({ id: `tok-${i + 1}`, label: `token ${i + 1}`, status: 'ALLOWED', createdAt: '2026-06-01T00:00:00Z', expiresAt: '2027-06-01T00:00:00Z', user: { id: PERSON, name: 'Ada Admin', email: 'ada@test.example' } })),
    [`${base}/oauth-clients`]: [{ clientId: 'client-1', name: 'roster', createdAt: 1763149545609, status: 'ACTIVE' }],
    [`${base}/api-keys`]: [{ id: 'key-1', label: 'scanner', createdAt: '2026-08-01T00:00:00Z', expiresAt: '2027-08-01T00:00:00Z', createdBy: { id: PERSON, name: 'Ada Admin' }, scopes: SCOPES }],
    // Inside the 30-day window before the sync clock (2026-11-20T06:00Z): the first three; the last is older.
    [`/admin/v1/orgs/${ORG}/events`]: [event(1, '2026-11-19T10:00:00Z', true), event(2, '2026-11-10T10:00:00Z', false), event(3, '2026-10-25T10:00:00Z', true), event(4, '2026-09-01T10:00:00Z', true)],
  };
}

let cloud: FakeCloud;

beforeAll(async () => {
  const dir = extendTestTenant(writeTestTenant(), { tenant: { sources: { atlassianorg: { settings: { orgId: ORG }, secrets: { apiKey: KEY }, scopes: SCOPES } }, fake: { maxPageSize: 2 } }, files: { atlassianorg: orgJson() } });
  cloud = new FakeCloud(dir);
  await cloud.start();
});

afterAll(() => cloud.close());

const clientWith = (key: string, requests?: RecordedRequest[]) => new AtlassianOrgClient({ orgId: ORG, readApiKey: async () => key }, egressToFakeCloud(cloud.url, requests), noSleep);
const OBSERVED_AT = '2026-11-20T06:00:00.000Z';

it('reads every dataset, following links.next across pages, with the key as a Bearer token to api.atlassian.com only', async () => {
  const requests: RecordedRequest[] = [];
  const run = await runSteps(atlassianOrgExtractionSteps(clientWith(KEY, requests), () => OBSERVED_AT));

  expect(run.failures.size).toBe(0);
  expect(Object.fromEntries(Object.entries(atlassianOrgDatasets(ORG)).map(([k, name]) => [k, run.datasets.get(name)?.length]))).toEqual({ serviceAccounts: 1, apiTokens: TOKEN_COUNT, oauthClients: 1, apiKeys: 1, events: 3 });
  const tokenPages = requests.map((r) => new URL(r.url)).filter((u) => u.pathname === `${base}/api-tokens`);
  expect(tokenPages).toHaveLength(4);
  expect(tokenPages[1]?.searchParams.get('cursor')).toBeTruthy();
  expect(new Set(requests.map((r) => new URL(r.url).host))).toEqual(new Set(['api.atlassian.com']));
  expect(requests.every((r) => r.init?.headers?.Authorization === `Bearer ${KEY}`)).toBe(true);
  // The window: from 30 days before the clock to the clock, in epoch milliseconds.
  const events = new URL(requests.find((r) => r.url.includes('/events'))?.url ?? '');
  expect([events.searchParams.get('from'), events.searchParams.get('to')]).toEqual([String(Date.parse(OBSERVED_AT) - 30 * 86_400_000), String(Date.parse(OBSERVED_AT))]);
});

it('reports a wrong key as SOURCE_UNAUTHORIZED (HTTP 401) without the key in the error', async () => {
  const wrong = 'ATCTT3xFfGN0-wrong-key-000000000000000000';
  const run = await runSteps(atlassianOrgExtractionSteps(clientWith(wrong), () => OBSERVED_AT));
  const failure = run.failures.get(`atlassianorg:${ORG}:service-accounts`) as Error & { code: string; context: Record<string, unknown> };
  expect(failure).toMatchObject({ code: 'SOURCE_UNAUTHORIZED', context: { orgId: ORG, status: 401 } });
  expect(failure.message).toContain('HTTP 401');
  expect(JSON.stringify({ message: failure.message, context: failure.context })).not.toContain(wrong);
  expect(run.failures.size).toBe(5);
});

it('names the missing scope on a 403 and loses only that dataset', async () => {
  cloud.tenant.json.sources['atlassianorg'] = { settings: { orgId: ORG }, secrets: { apiKey: KEY }, scopes: SCOPES.filter((s) => s !== 'read:events:admin') };
  try {
    const run = await runSteps(atlassianOrgExtractionSteps(clientWith(KEY), () => OBSERVED_AT));
    const failure = run.failures.get(`atlassianorg:${ORG}:events`) as Error & { code: string; context: Record<string, unknown> };
    expect(failure).toMatchObject({ code: 'SOURCE_UNAUTHORIZED', context: { scope: 'read:events:admin', status: 403, endpoint: '/admin/v1/orgs/{orgId}/events' } });
    expect(failure.message).toContain('lacks the scope read:events:admin');
    expect(failure.message).not.toContain(KEY);
    expect([...run.failures.keys()]).toEqual([`atlassianorg:${ORG}:events`]);
  } finally {
    cloud.tenant.json.sources['atlassianorg'] = { settings: { orgId: ORG }, secrets: { apiKey: KEY }, scopes: SCOPES };
  }
});

describe('Test connection', () => {
  const settings: Settings = { ...defaultSettings(), sources: { atlassianorg: { orgId: ORG } } };
  const ports = (key: string | undefined): SourcePorts => {
    const shared = new Map<string, unknown>();
    return {
      jiraRequest: () => Promise.reject(new Error('no Jira here')),
      egressFetch: egressToFakeCloud(cloud.url),
      sleep: noSleep,
      secret: async (name) => (name === ATLASSIAN_ORG_API_KEY ? key : undefined),
      upload: async () => undefined,
      shared: <T>(k: string, create: () => T) => {
        if (!shared.has(k)) shared.set(k, create());
        return shared.get(k) as T;
      },
    };
  };

  it('lists each scope as granted or missing, reading one page of each', async () => {
    cloud.tenant.json.sources['atlassianorg'] = { settings: { orgId: ORG }, secrets: { apiKey: KEY }, scopes: ['read:service-accounts:admin', 'read:tokens:admin'] };
    try {
      const result = await atlassianOrgSource.testConnection?.(settings, ports(KEY));
      expect(result?.ok).toBe(false);
      expect(result?.permissions.map((p) => [p.name.split(' ')[0], p.granted])).toEqual([
        ['read:service-accounts:admin', true],
        ['read:tokens:admin', true],
        ['read:service-accounts-tokens:admin', false],
        ['read:tokens:admin', true],
        ['read:events:admin', false],
      ]);
      expect(result?.error).toContain('read:events:admin');
    } finally {
      cloud.tenant.json.sources['atlassianorg'] = { settings: { orgId: ORG }, secrets: { apiKey: KEY }, scopes: SCOPES };
    }
  });

  it('says the key was refused, and never shows it', async () => {
    const result = await atlassianOrgSource.testConnection?.(settings, ports('not-the-key'));
    expect(result).toMatchObject({ ok: false, permissions: [] });
    expect(result?.error).toContain('HTTP 401');
    expect(JSON.stringify(result)).not.toContain('not-the-key');
  });

  it('plans nothing and tests nothing while it is not configured', async () => {
    expect(atlassianOrgSource.extractionSteps(defaultSettings(), ports(KEY), () => OBSERVED_AT)).toEqual([]);
    expect(await atlassianOrgSource.testConnection?.(defaultSettings(), ports(KEY))).toMatchObject({ ok: false, permissions: [] });
  });
});
