/**
 * Integration: the Power Automate steps against the fake cloud (Entra tokens checked per audience for
 * api.bap / api.flow / api.powerapps, {value, nextLink} pages of 250); flow owners from the admin /permissions
 * endpoint, and from /owners where a tenant answers only that; the groups among them read with their members.
 */
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { defaultSettings } from '../../../src/settings/settings';
import { ownerGroupSchema } from '../../../src/sources/entra/groups';
import { PowerPlatformClient } from '../../../src/sources/powerautomate/power-platform-client';
import { powerAutomateExtractionSteps, POWER_AUTOMATE_DATASETS } from '../../../src/sources/powerautomate/extraction-steps';
import { powerAutomateGraphBuilder } from '../../../src/sources/powerautomate/to-graph';
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_ENTRA_TENANT, writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, runSteps, type RecordedRequest } from '../automation/fake-cloud-egress';

const ENV = `Default-${TEST_ENTRA_TENANT}`;
const FLOW_COUNT = 260; // more than one page of 250
const MAKER = 'aaaaaaaa-0000-4000-8000-00000000ad01';
const GROUP = 'aaaaaaaa-0000-4000-8000-00000000g001';
const flowName = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const admin = `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${ENV}`;

function powerAutomateJson(): Record<string, unknown> {
  const files: Record<string, unknown> = {
    '/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments': [{ name: ENV, properties: { displayName: 'Test (default)', tenantId: TEST_ENTRA_TENANT } }],
    [`${admin}/v2/flows`]: Array.from({ length: FLOW_COUNT }, (_, i) => ({
      name: flowName(i + 1),
      properties: { displayName: `Flow ${i + 1}`, state: 'Started', creator: { objectId: MAKER, tenantId: TEST_ENTRA_TENANT }, definitionSummary: { triggers: [{ type: 'Recurrence' }] } },
    })),
    [`/providers/Microsoft.PowerApps/scopes/admin/environments/${ENV}/connections`]: [
      {
        name: 'shared-office365-1',
        properties: {
          apiId: '/providers/Microsoft.PowerApps/apis/shared_office365',
          displayName: 'maker@test.example',
          statuses: [{ status: 'Connected' }],
          connectionParametersSet: { name: 'oauthDefault' },
          createdBy: { id: MAKER, type: 'User', email: 'maker@test.example', userPrincipalName: 'maker@test.example', tenantId: TEST_ENTRA_TENANT },
          authenticatedUser: { name: 'maker@test.example' },
        },
      },
    ],
  };
  for (let i = 1; i <= FLOW_COUNT; i++) {
    const name = flowName(i);
    files[`${admin}/flows/${name}`] = {
      name,
      properties: {
        displayName: `Flow ${i}`,
        state: 'Started',
        definition: { triggers: { Recurrence: { type: 'Recurrence' } }, actions: { Send: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_office365' } } } } },
        connectionReferences: { shared_office365: { connectionName: 'shared-office365-1', id: '/providers/Microsoft.PowerApps/apis/shared_office365' } },
      },
    };
    if (i === 2) {
      // A tenant that answers only the older /owners path (Get-AdminFlowOwnerRole), with richer principals.
      files[`${admin}/flows/${name}/owners`] = [{ name: MAKER, properties: { roleName: 'Owner', principal: { id: MAKER, type: 'User', tenantId: TEST_ENTRA_TENANT, email: 'maker@test.example' } } }];
    } else {
      // The admin permissions endpoint: principal {id, type} only (CLI for Microsoft 365 `flow owner list --asAdmin`).
      files[`${admin}/flows/${name}/permissions`] = [
        { name: MAKER, properties: { roleName: 'Owner', permissionType: 'Principal', principal: { id: MAKER, type: 'User' } } },
        ...(i === 1 ? [{ name: GROUP, properties: { roleName: 'CanEdit', permissionType: 'Principal', principal: { id: GROUP, type: 'Group' } } }] : []),
      ];
    }
    files[`${admin}/flows/${name}/runs`] = i === 1 ? [{ name: 'run-1', properties: { startTime: '2026-11-19T10:00:00.0000000Z', status: 'Succeeded' } }] : [];
  }
  return files;
}

let cloud: FakeCloud;

beforeAll(async () => {
  const dir = extendTestTenant(writeTestTenant(), {
    tenant: { powerPlatform: { tenantId: TEST_ENTRA_TENANT, environments: [ENV] } },
    files: { powerautomate: powerAutomateJson() },
  });
  cloud = new FakeCloud(dir);
  await cloud.start();
});

afterAll(() => cloud.close());

const clientWith = (secret: string, requests?: RecordedRequest[]) =>
  new PowerPlatformClient({ tenantId: TEST_ENTRA_TENANT, clientId: TEST_CLIENT_ID, readClientSecret: async () => secret }, egressToFakeCloud(cloud.url, requests), noSleep);

it('reads environments, every flow across two pages, their details, owners, runs and the connections', async () => {
  // Arrange
  const requests: RecordedRequest[] = [];

  // The Entra directory, as src/forge/sync-sources.ts wires it (entra/groups.ts fetchOwnerGroups): asked only for the
  // groups that co-own a flow, once the flow owners are read.
  const askedFor: string[][] = [];
  const ownerGroups = async (ids: readonly string[]) => {
    askedFor.push([...ids]);
    return { records: [ownerGroupSchema.parse({ id: GROUP, displayName: 'Ops group', members: [{ '@odata.type': '#microsoft.graph.user', id: MAKER, accountEnabled: true }] })], quarantined: [] };
  };

  // Act
  const run = await runSteps(powerAutomateExtractionSteps(clientWith(TEST_CLIENT_SECRET, requests), { ownerGroups }));
  const { fragment } = await powerAutomateGraphBuilder(TEST_ENTRA_TENANT).build(async <T>(name: string) => run.datasets.get(name) as T[] | undefined, {
    settings: defaultSettings(),
    observedAt: '2026-11-20T06:00:00.000Z',
  });

  // Assert
  expect(run.failures.size).toBe(0);
  expect(Object.fromEntries(Object.values(POWER_AUTOMATE_DATASETS).map((name) => [name, run.datasets.get(name)?.length]))).toEqual({
    'powerautomate.environments': 1,
    'powerautomate.flows': FLOW_COUNT,
    'powerautomate.flowDetails': FLOW_COUNT,
    'powerautomate.flowOwners': FLOW_COUNT + 1,
    'powerautomate.ownerGroups': 1,
    'powerautomate.flowRuns': 1,
    'powerautomate.connections': 1,
  });
  const flowPages = requests.filter((r) => new URL(r.url).pathname.endsWith('/v2/flows'));
  expect(flowPages).toHaveLength(2);
  expect(new URL(flowPages[1]?.url ?? '').searchParams.has('$skiptoken')).toBe(true);
  const first = `powerautomate:workload:${ENV}/${flowName(1)}`;
  const ownedBy = (flow: string) => new Set(fragment.edges.filter((e) => e.kind === 'OWNED_BY' && e.from === flow).map((e) => e.to));
  expect(ownedBy(first)).toEqual(new Set([`people:owner:entra/${TEST_ENTRA_TENANT}/${MAKER}`, `people:owner:group/${TEST_ENTRA_TENANT}/${GROUP}`]));
  expect(askedFor).toEqual([[GROUP]]);
  expect(fragment.nodes.find((n) => n.id === `people:owner:group/${TEST_ENTRA_TENANT}/${GROUP}`)).toMatchObject({ name: 'Ops group', props: { subtype: 'group', activeMembers: 1 } });
  // /owners is read only where /permissions is not answered.
  expect(ownedBy(`powerautomate:workload:${ENV}/${flowName(2)}`)).toEqual(new Set(['people:owner:maker@test.example']));
  const ownerReads = requests.map((r) => new URL(r.url).pathname).filter((p) => /\/(permissions|owners)$/.test(p));
  expect(ownerReads.filter((p) => p.endsWith('/owners'))).toEqual([`${admin}/flows/${flowName(2)}/owners`]);
  expect(ownerReads.filter((p) => p.endsWith('/permissions'))).toHaveLength(FLOW_COUNT);
  expect(fragment.edges.filter((e) => e.kind === 'INVOKES')).toHaveLength(FLOW_COUNT);
  expect(fragment.edges.filter((e) => e.kind === 'EVIDENCES').map((e) => e.to)).toEqual([first]);
});

it('fails the steps with ENTRA_AUTH_FAILED when the client secret is wrong, and names no secret', async () => {
  const run = await runSteps(powerAutomateExtractionSteps(clientWith('wrong-secret')));

  expect(run.failures.get('powerautomate:environments')).toMatchObject({ code: 'ENTRA_AUTH_FAILED' });
  expect(run.datasets.size).toBe(0);
  expect(JSON.stringify([...run.failures.values()].map((e) => String(e)))).not.toContain('wrong-secret');
});
