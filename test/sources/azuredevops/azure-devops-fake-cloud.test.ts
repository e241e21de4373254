/**
 * Integration: the Azure DevOps steps against the fake cloud (PAT Basic auth, {count, value} pages continued with
 * x-ms-continuationtoken, the 203 sign-in page for a bad PAT), on dev.azure.com and vssps.dev.azure.com; a service
 * connection's execution history as its evidence of use.
 */
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { defaultSettings } from '../../../src/settings/settings';
import { AzureDevOpsClient } from '../../../src/sources/azuredevops/azure-devops-client';
import { azureDevOpsDatasets, azureDevOpsExtractionSteps } from '../../../src/sources/azuredevops/extraction-steps';
import { azureDevOpsGraphBuilder } from '../../../src/sources/azuredevops/to-graph';
import { writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, runSteps, type RecordedRequest } from '../automation/fake-cloud-egress';

const ORG = 'testorg';
const PAT = 'fakepat-testorg-readonly-000000000000000000000000000';
const PROJECT_COUNT = 150; // two pages of 100
const HOOK = 'hook0000-0000-4000-8000-000000000001';
const projectId = (n: number) => `p0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const users = [
  { subjectKind: 'user', descriptor: 'aad.person-1', displayName: 'Person One', mailAddress: 'person.one@test.example', principalName: 'person.one@test.example', origin: 'aad', originId: 'entra-1' },
  { subjectKind: 'user', descriptor: 'aad.svc-1', displayName: 'svc-integration', mailAddress: 'svc-integration@test.example', principalName: 'svc-integration@test.example', origin: 'aad', originId: 'entra-2' },
];

function azureDevOpsJson(): Record<string, unknown> {
  const files: Record<string, unknown> = {
    [`/${ORG}/_apis/projects`]: Array.from({ length: PROJECT_COUNT }, (_, i) => ({ id: projectId(i + 1), name: `project-${i + 1}`, state: 'wellFormed', visibility: 'private' })),
    [`/${ORG}/_apis/hooks/subscriptions`]: [
      {
        id: HOOK,
        status: 'enabled',
        publisherId: 'tfs',
        eventType: 'workitem.updated',
        consumerId: 'webHooks',
        consumerActionId: 'httpRequest',
        createdBy: { id: 'vsid-1', uniqueName: 'person.one@test.example', displayName: 'Person One', descriptor: 'aad.person-1' },
        publisherInputs: { projectId: projectId(1) },
        consumerInputs: { url: 'https://hooks.partner.example/ado?key=abc', basicAuthUsername: 'u', basicAuthPassword: '********' },
      },
    ],
    [`/${ORG}/_apis/hooks/subscriptions/${HOOK}/notifications`]: [
      { id: 2, subscriptionId: HOOK, status: 'completed', result: 'succeeded', createdDate: '2026-11-18T10:00:00.000Z' },
      { id: 1, subscriptionId: HOOK, status: 'completed', result: 'failed', createdDate: '2026-11-10T10:00:00.000Z' },
    ],
    [`/${ORG}/_apis/graph/users`]: users,
    [`/${ORG}/_apis/tokenadmin/personalaccesstokens/aad.person-1`]: [],
    [`/${ORG}/_apis/tokenadmin/personalaccesstokens/aad.svc-1`]: [
      { authorizationId: 'auth-1', displayName: 'sync', scope: 'vso.work_write vso.code', validFrom: '2026-01-02T00:00:00Z', validTo: '2027-01-01T00:00:00Z', isValid: true, token: null },
    ],
  };
  for (let i = 1; i <= PROJECT_COUNT; i++) files[`/${ORG}/project-${i}/_apis/serviceendpoint/endpoints`] = [];
  files[`/${ORG}/project-1/_apis/serviceendpoint/endpoints`] = [
    { id: 'ep-1', name: 'Jira', type: 'jira', url: 'https://corp.atlassian.net/', authorization: { scheme: 'UsernamePassword', parameters: { username: 'bot', password: null } }, createdBy: { id: 'vsid-1', uniqueName: 'person.one@test.example' } },
  ];
  // ServiceEndpointExecutionRecord (azure-devops-node-api ServiceEndpointInterfaces.ts); times without offset are UTC.
  files[`/${ORG}/project-1/_apis/serviceendpoint/ep-1/executionhistory`] = [
    { data: { id: 12, planType: 'Build', definition: { id: 4, name: 'release-notes' }, owner: { id: 88, name: 'run 88' }, result: 'succeeded', startTime: '2026-11-19T09:00:00', finishTime: '2026-11-19T09:05:00' }, endpointId: 'ep-1' },
  ];
  return files;
}

let cloud: FakeCloud;

beforeAll(async () => {
  const dir = extendTestTenant(writeTestTenant(), { tenant: { azureDevOps: { organization: ORG, tenantId: '11111111-2222-4333-8444-555555555555' }, secrets: { azureDevOpsPat: PAT } }, files: { azuredevops: azureDevOpsJson() } });
  cloud = new FakeCloud(dir);
  await cloud.start();
});

afterAll(() => cloud.close());

const clientWith = (pat: string, requests?: RecordedRequest[]) => new AzureDevOpsClient({ organization: ORG, readPat: async () => pat }, egressToFakeCloud(cloud.url, requests), noSleep);

it('reads projects across two pages, hooks and deliveries, endpoints, users and PATs, and builds the graph', async () => {
  // Arrange
  const requests: RecordedRequest[] = [];
  const datasets = azureDevOpsDatasets(ORG);

  // Act
  const run = await runSteps(azureDevOpsExtractionSteps(clientWith(PAT, requests)));
  const { fragment } = await azureDevOpsGraphBuilder(ORG).build(async <T>(name: string) => run.datasets.get(name) as T[] | undefined, {
    settings: defaultSettings(),
    observedAt: '2026-11-20T06:00:00.000Z',
  });

  // Assert
  expect(run.failures.size).toBe(0);
  expect(Object.fromEntries(Object.entries(datasets).map(([key, name]) => [key, run.datasets.get(name)?.length]))).toEqual({
    projects: PROJECT_COUNT,
    subscriptions: 1,
    notifications: 2,
    serviceEndpoints: 1,
    serviceEndpointExecutions: 1,
    users: 2,
    tokenAudit: 1, // the window record of the first sync's read of the last hour (the log itself is not stored)
    personalAccessTokens: 1,
  });
  const projectPages = requests.map((r) => new URL(r.url)).filter((u) => u.pathname === `/${ORG}/_apis/projects`);
  expect(projectPages).toHaveLength(2);
  expect(projectPages[1]?.searchParams.get('continuationToken')).toBeTruthy();
  expect(requests.some((r) => new URL(r.url).host === 'vssps.dev.azure.com')).toBe(true);
  expect(fragment.nodes.find((n) => n.id === `azuredevops:execution_evidence:${ORG}/${HOOK}/deliveries`)?.props).toMatchObject({ lastAt: '2026-11-18T10:00:00.000Z' });
  expect(fragment.nodes.find((n) => n.id === `azuredevops:connection:${ORG}/${HOOK}`)?.props).toMatchObject({ url: 'https://hooks.partner.example/ado', sendsCredential: true });
  expect(fragment.edges.filter((e) => e.kind === 'APPLIES_TO')).toHaveLength(2 * PROJECT_COUNT);
  // The service connection's last execution is evidence on it, and proves its link to the account it signs in as.
  expect(fragment.nodes.find((n) => n.id === `azuredevops:execution_evidence:${ORG}/project-1/ep-1/executions`)?.props).toMatchObject({ subtype: 'pipeline_execution', lastAt: '2026-11-19T09:05:00.000Z' });
  expect(fragment.edges.find((e) => e.kind === 'AUTHENTICATES_AS' && e.from === `azuredevops:credential:${ORG}/endpoint/project-1/ep-1`)).toMatchObject({ to: 'external:identity:corp.atlassian.net/bot', basis: 'inferred', evidenced: true });
  expect(JSON.stringify([...run.datasets.values()]) + JSON.stringify(fragment)).not.toMatch(/key=abc|\*{8}/);
});

it('reports a PAT the fake answers with its sign-in page as SOURCE_UNAUTHORIZED', async () => {
  const run = await runSteps(azureDevOpsExtractionSteps(clientWith('not-the-pat')));

  expect(run.failures.get(`azuredevops:${ORG}:projects`)).toMatchObject({ code: 'SOURCE_UNAUTHORIZED' });
  expect(run.datasets.size).toBe(0);
});
