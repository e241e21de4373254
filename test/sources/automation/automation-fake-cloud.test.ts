/**
 * Integration: the Automation client against the fake cloud's api.atlassian.com (Basic e-mail:token, cursor pages
 * of at most 100), through an egress fetch that keeps the real URL.
 */
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { AutomationClient } from '../../../src/sources/automation/automation-client';
import { automationExtractionSteps, AUTOMATION_DATASETS } from '../../../src/sources/automation/extraction-steps';
import { automationGraphBuilder } from '../../../src/sources/automation/to-graph';
import type { AutomationRule } from '../../../src/sources/automation/rules';
import { defaultSettings } from '../../../src/settings/settings';
import { TEST_CLOUD_ID, writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, runSteps, type RecordedRequest } from './fake-cloud-egress';

const ADMIN_EMAIL = 'automation-admin@test.example';
const API_TOKEN = 'ATATT-fake-cloud-token';
const RULE_COUNT = 150;
const base = `/automation/public/jira/${TEST_CLOUD_ID}/rest/v1`;
const uuid = (n: number) => `0192e5ac-0e25-71de-ba7b-${String(n).padStart(12, '0')}`;

function automationJson(): Record<string, unknown> {
  const files: Record<string, unknown> = {
    [`${base}/rule/summary`]: Array.from({ length: RULE_COUNT }, (_, i) => ({ uuid: uuid(i + 1), name: `Rule ${i + 1}`, state: 'ENABLED', authorAccountId: 'author-1', actorAccountId: 'actor-1', ruleScopeARIs: [] })),
  };
  for (let i = 1; i <= RULE_COUNT; i++) {
    files[`${base}/rule/${uuid(i)}`] = {
      rule: {
        uuid: uuid(i),
        name: `Rule ${i}`,
        state: 'ENABLED',
        authorAccountId: 'author-1',
        actor: { type: 'ACCOUNT_ID', actor: 'actor-1' },
        ruleScopeARIs: [`ari:cloud:jira:${TEST_CLOUD_ID}:project/10001`],
        trigger: { component: 'TRIGGER', type: 'jira.issue.event.trigger:created', value: {}, children: [], conditions: [] },
        components: [{ id: `c${i}`, component: 'ACTION', type: 'jira.issue.outgoing.webhook', value: { url: `https://hooks${i}.example.net/in?token=t${i}` }, children: [], conditions: [] }],
      },
      connections: [],
    };
  }
  return files;
}

let cloud: FakeCloud;

beforeAll(async () => {
  const dir = extendTestTenant(writeTestTenant(), { tenant: { secrets: { automationApiToken: { email: ADMIN_EMAIL, token: API_TOKEN } } }, files: { automation: automationJson() } });
  cloud = new FakeCloud(dir);
  await cloud.start();
});

afterAll(() => cloud.close());

it('reads every rule across two summary pages with the admin token and builds its graph', async () => {
  // Arrange
  const requests: RecordedRequest[] = [];
  const client = new AutomationClient({ cloudId: TEST_CLOUD_ID, email: ADMIN_EMAIL, readApiToken: async () => API_TOKEN }, egressToFakeCloud(cloud.url, requests), noSleep);

  // Act
  const run = await runSteps(automationExtractionSteps(client));
  const rules = run.datasets.get(AUTOMATION_DATASETS.rules) as AutomationRule[];
  const { fragment } = await automationGraphBuilder().build(async <T>(name: string) => run.datasets.get(name) as T[] | undefined, { settings: defaultSettings(), observedAt: '2026-11-20T06:00:00.000Z' });

  // Assert
  expect(run.failures.size).toBe(0);
  expect(new Set(rules.map((r) => r.uuid)).size).toBe(RULE_COUNT);
  const summaryPages = requests.filter((r) => new URL(r.url).pathname.endsWith('/rule/summary'));
  expect(summaryPages).toHaveLength(2);
  expect(summaryPages[1]?.url).toContain('cursor=');
  expect(fragment.nodes.filter((n) => n.kind === 'connection').every((n) => (n.props as { sendsCredential?: boolean }).sendsCredential === true)).toBe(true);
  expect(JSON.stringify(fragment)).not.toMatch(/token=t\d/);
});

it('reports a wrong API token as SOURCE_UNAUTHORIZED and keeps going (the step fails, the dataset stays undefined)', async () => {
  const client = new AutomationClient({ cloudId: TEST_CLOUD_ID, email: ADMIN_EMAIL, readApiToken: async () => 'wrong-token' }, egressToFakeCloud(cloud.url), noSleep);

  const run = await runSteps(automationExtractionSteps(client));

  expect(run.datasets.get(AUTOMATION_DATASETS.rules)).toBeUndefined();
  expect(run.failures.get('automation:rules')).toMatchObject({ code: 'SOURCE_UNAUTHORIZED' });
});
