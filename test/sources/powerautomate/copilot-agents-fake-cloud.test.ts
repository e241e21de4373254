/**
 * Copilot Studio agents through the real Dataverse client against the fake cloud: the environment's Dataverse
 * organization from its linkedEnvironmentMetadata, bots across @odata.nextLink pages with their owners, tools whose
 * maker-provided connection the agent INVOKES (not the per-user ones), the latest conversation as evidence (its
 * content never kept), and a 403 for a table the application user may not read that leaves the agents' connections
 * unknown.
 */
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { AppError } from '../../../src/shared/errors';
import { defaultSettings } from '../../../src/settings/settings';
import { readToolAction } from '../../../src/sources/powerautomate/agent-tools';
import { DataverseClient, dataverseOrigin } from '../../../src/sources/powerautomate/dataverse-client';
import { powerAutomateExtractionSteps, POWER_AUTOMATE_DATASETS } from '../../../src/sources/powerautomate/extraction-steps';
import { PowerPlatformClient } from '../../../src/sources/powerautomate/power-platform-client';
import { powerAutomateGraphBuilder } from '../../../src/sources/powerautomate/to-graph';
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_ENTRA_TENANT, writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, runSteps, type RecordedRequest } from '../automation/fake-cloud-egress';

const ENV = `Default-${TEST_ENTRA_TENANT}`;
const ORG = 'orgtest01.crm4.dynamics.com';
const MAKER = 'aaaaaaaa-0000-4000-8000-00000000ad01';
const botId = (n: number) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const maker = { azureactivedirectoryobjectid: MAKER, internalemailaddress: 'maker@test.example', fullname: 'Maker Example', applicationid: null };
const toolYaml = (mode: string | undefined) =>
  ['kind: TaskDialog', 'modelDisplayName: Get an issue', 'inputs:', '  - kind: AutomaticTaskInput', '    propertyName: issueKey', '', 'action:', '  kind: InvokeConnectorTaskAction', '  connectionReference: t_agent.shared_jira.conn', ...(mode ? ['  connectionProperties:', `    mode: ${mode}`] : []), '', '  operationId: GetIssue_V2', ''].join('\n');
const reference = (connectionid: string) => [{ connectionreferenceid: 'c0000000-0000-4000-8000-000000000001', connectionreferencelogicalname: 't_agent.shared_jira.conn', connectionid, connectorid: '/providers/Microsoft.PowerApps/apis/shared_jira' }];

function files() {
  return {
    powerautomate: {
      '/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments': [
        { name: ENV, properties: { displayName: 'Test (default)', tenantId: TEST_ENTRA_TENANT, linkedEnvironmentMetadata: { instanceUrl: `https://${ORG}/`, instanceApiUrl: 'https://orgtest01.api.crm4.dynamics.com' } } },
        // An environment without Dataverse has no agents, and one whose URL is not a Dataverse host is never called.
        { name: 'env-no-dataverse', properties: { displayName: 'Teams only', tenantId: TEST_ENTRA_TENANT } },
        { name: 'env-odd-url', properties: { displayName: 'Odd', tenantId: TEST_ENTRA_TENANT, linkedEnvironmentMetadata: { instanceUrl: 'https://attacker.example/' } } },
      ],
    },
    dataverse: {
      [ORG]: {
        '/api/data/v9.2/bots': [1, 2, 3].map((n) => ({ botid: botId(n), name: `Agent ${n}`, schemaname: `t_agent${n}`, statecode: n === 3 ? 1 : 0, owninguser: maker, owningteam: null, createdby: maker })),
        '/api/data/v9.2/botcomponents': [
          { botcomponentid: 'd0000000-0000-4000-8000-000000000001', name: 'Get an issue', componenttype: 9, data: toolYaml('Maker'), _parentbotid_value: botId(1), botcomponent_connectionreference: reference('shared-jira-maker') },
          { botcomponentid: 'd0000000-0000-4000-8000-000000000002', name: 'Get my issue', componenttype: 9, data: toolYaml('Invoker'), _parentbotid_value: botId(2), botcomponent_connectionreference: reference('shared-jira-tester') },
          { botcomponentid: 'd0000000-0000-4000-8000-000000000003', name: 'Greeting', componenttype: 9, data: 'kind: AdaptiveDialog\nbeginDialog:\n  kind: OnRecognizedIntent\n', _parentbotid_value: botId(1), botcomponent_connectionreference: [] },
          { botcomponentid: 'd0000000-0000-4000-8000-000000000004', name: 'Bot variable', componenttype: 2, data: 'kind: Variable\n', _parentbotid_value: botId(1) },
        ],
        '/api/data/v9.2/conversationtranscripts': [
          { conversationtranscriptid: 't1', conversationstarttime: '2026-11-10T09:00:00Z', createdon: '2026-11-10T09:30:00Z', content: '{"activities":[{"text":"secret plans"}]}', _bot_conversationtranscriptid_value: botId(1) },
          { conversationtranscriptid: 't2', conversationstarttime: '2026-11-18T09:00:00Z', createdon: '2026-11-18T09:30:00Z', content: '{"activities":[{"text":"more secret plans"}]}', _bot_conversationtranscriptid_value: botId(1) },
        ],
      },
    },
  };
}

async function startCloud(tenant: Record<string, unknown> = {}): Promise<FakeCloud> {
  const dir = extendTestTenant(writeTestTenant(), { tenant: { powerPlatform: { tenantId: TEST_ENTRA_TENANT, environments: [] }, fake: { maxPageSize: 2 }, ...tenant }, files: files() });
  const cloud = new FakeCloud(dir);
  await cloud.start();
  return cloud;
}

function stepsFor(cloud: FakeCloud, requests: RecordedRequest[] = []) {
  const credentials = { tenantId: TEST_ENTRA_TENANT, clientId: TEST_CLIENT_ID, readClientSecret: async () => TEST_CLIENT_SECRET };
  const egress = egressToFakeCloud(cloud.url, requests);
  const steps = powerAutomateExtractionSteps(new PowerPlatformClient(credentials, egress, noSleep), { dataverse: new DataverseClient(credentials, egress, noSleep) });
  // The Dataverse steps need only the environments; the flow steps are exercised elsewhere.
  return steps.filter((s) => /:(environments|copilot-agents|agent-tools|agent-conversations)$/.test(s.id));
}

const build = (datasets: Map<string, unknown[]>) =>
  powerAutomateGraphBuilder(TEST_ENTRA_TENANT).build(async <T>(name: string) => datasets.get(name) as T[] | undefined, { settings: defaultSettings(), observedAt: '2026-11-20T06:00:00.000Z' });

describe('with read access to the agent tables', () => {
  let cloud: FakeCloud;
  beforeAll(async () => {
    cloud = await startCloud();
  });
  afterAll(() => cloud.close());

  it('reads every agent across pages, with its owner, the connection its maker-credentialed tool uses and its latest conversation', async () => {
    const requests: RecordedRequest[] = [];

    const run = await runSteps(stepsFor(cloud, requests));
    const { fragment } = await build(run.datasets);

    expect(run.failures.size).toBe(0);
    expect(run.datasets.get(POWER_AUTOMATE_DATASETS.copilotAgents)).toHaveLength(3);
    const botPages = requests.filter((r) => new URL(r.url).pathname === '/api/data/v9.2/bots');
    expect(botPages).toHaveLength(2); // 3 bots, 2 a page: followed @odata.nextLink
    expect(new Set(requests.map((r) => new URL(r.url).host))).toEqual(new Set(['login.microsoftonline.com', 'api.bap.microsoft.com', ORG]));
    const agent = (n: number) => `powerautomate:workload:${ENV}/bot/${botId(n)}`;
    expect(fragment.nodes.find((n) => n.id === agent(1))).toMatchObject({ kind: 'workload', name: 'Agent 1', props: { subtype: 'copilot_studio_agent', enabled: true } });
    expect(fragment.nodes.find((n) => n.id === agent(3))?.props).toMatchObject({ enabled: false });
    expect(fragment.nodes.find((n) => n.id === agent(1))?.props).not.toHaveProperty('connectionsUnread');
    // Only the maker-credentialed tool makes the agent act through a connection.
    expect(fragment.edges.filter((e) => e.kind === 'INVOKES').map((e) => [e.from, e.to])).toEqual([[agent(1), `powerautomate:connection:${ENV}/shared-jira-maker`]]);
    expect(fragment.edges.filter((e) => e.kind === 'OWNED_BY' && e.from === agent(1)).map((e) => e.to)).toEqual(['people:owner:maker@test.example']);
    const evidence = fragment.nodes.find((n) => n.kind === 'execution_evidence');
    expect(evidence?.props).toMatchObject({ subtype: 'agent_conversation', lastAt: '2026-11-18T09:00:00.000Z' });
    expect(fragment.edges.filter((e) => e.kind === 'EVIDENCES').map((e) => e.to)).toEqual([agent(1)]);
    // What people said to the agent is never asked for, nor kept.
    expect(JSON.stringify(run.datasets.get(POWER_AUTOMATE_DATASETS.agentConversations))).not.toContain('secret plans');
    expect(requests.filter((r) => r.url.includes('conversationtranscripts')).every((r) => !/content/.test(new URL(r.url).searchParams.get('$select') ?? ''))).toBe(true);
  });
});

describe('without read access to botcomponents and conversation transcripts', () => {
  let cloud: FakeCloud;
  beforeAll(async () => {
    cloud = await startCloud({ powerPlatform: { tenantId: TEST_ENTRA_TENANT, environments: [], dataverseReadableTables: ['bot'] } });
  });
  afterAll(() => cloud.close());

  it('stops those steps with a 403 that names the table, and leaves the agents’ connections unknown', async () => {
    const run = await runSteps(stepsFor(cloud));
    const { fragment } = await build(run.datasets);

    const failure = run.failures.get('powerautomate:agent-tools');
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('SOURCE_UNAUTHORIZED');
    expect((failure as AppError).message).toContain(`Dataverse at ${ORG} refused botcomponents (HTTP 403)`);
    expect((failure as AppError).message).not.toContain(TEST_CLIENT_SECRET);
    expect((run.failures.get('powerautomate:agent-conversations') as AppError).code).toBe('SOURCE_UNAUTHORIZED');
    const agents = fragment.nodes.filter((n) => n.kind === 'workload');
    expect(agents).toHaveLength(3);
    for (const agent of agents) expect(agent.props).toMatchObject({ connectionsUnread: expect.stringContaining('were not read') });
    expect(fragment.edges.filter((e) => e.kind === 'INVOKES')).toEqual([]);
  });
});

describe('where the app is no application user of Dataverse', () => {
  const SECOND_ORG = 'orgtest02.crm4.dynamics.com';
  const withSecondEnvironment = () => {
    const base = files();
    const environments = base.powerautomate['/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments'];
    return { ...base, powerautomate: { '/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments': [...environments, { name: 'env-second', properties: { displayName: 'Second', tenantId: TEST_ENTRA_TENANT, linkedEnvironmentMetadata: { instanceUrl: `https://${SECOND_ORG}/` } } }] } };
  };
  async function cloudWith(content: ReturnType<typeof files>): Promise<FakeCloud> {
    const dir = extendTestTenant(writeTestTenant(), { tenant: { powerPlatform: { tenantId: TEST_ENTRA_TENANT, environments: [] } }, files: content });
    const cloud = new FakeCloud(dir);
    await cloud.start();
    return cloud;
  }

  it('leaves agents out, optionally, when every environment refuses: no capability never granted holds the sync partial', async () => {
    // The only Dataverse organization has no data for the app: it is not an application user there (401).
    const cloud = await cloudWith({ ...files(), dataverse: {} as ReturnType<typeof files>['dataverse'] });
    try {
      const run = await runSteps(stepsFor(cloud));
      const refused = run.failures.get('powerautomate:copilot-agents') as AppError;
      expect(refused.code).toBe('SOURCE_UNAUTHORIZED');
      expect(refused.context.optional).toBe(true);
      expect(refused.message).toContain('add the app as an application user');
      expect(refused.message).toContain('Copilot Studio agents are left out of this sync');
      expect((run.failures.get('powerautomate:agent-tools') as AppError).context.optional).toBe(true);
    } finally {
      await cloud.close();
    }
  });

  it('is partial, not optional, when only some environments refuse: their agents are unknown', async () => {
    const cloud = await cloudWith(withSecondEnvironment());
    try {
      const run = await runSteps(stepsFor(cloud));
      const refused = run.failures.get('powerautomate:copilot-agents') as AppError;
      expect(refused.code).toBe('SOURCE_UNAUTHORIZED');
      expect(refused.context.optional).toBeUndefined();
      expect(refused.message).toContain(`Dataverse at ${SECOND_ORG} refused bots`);
      expect(refused.message).toContain('1 of 2 environments refused');
    } finally {
      await cloud.close();
    }
  });
});

describe('readToolAction', () => {
  it('reads the action kind and whose credentials it uses, defaulting to none when the YAML names no mode', () => {
    expect(readToolAction(toolYaml('Maker'))).toEqual({ kind: 'InvokeConnectorTaskAction', mode: 'Maker' });
    expect(readToolAction(toolYaml('Invoker'))).toEqual({ kind: 'InvokeConnectorTaskAction', mode: 'Invoker' });
    expect(readToolAction(toolYaml(undefined))).toEqual({ kind: 'InvokeConnectorTaskAction' });
    // A `mode:` elsewhere (inside a list item or another block) is not the action's.
    expect(readToolAction('kind: TaskDialog\ninputs:\n  - kind: X\n    mode: Maker\nsettings:\n  mode: Maker\n')).toEqual({});
  });
});

it('calls only commercial Dataverse hosts over https', () => {
  expect(dataverseOrigin('https://org1.crm4.dynamics.com/')).toBe('https://org1.crm4.dynamics.com');
  expect(dataverseOrigin('https://org1.crm.dynamics.com')).toBe('https://org1.crm.dynamics.com');
  for (const bad of ['http://org1.crm.dynamics.com/', 'https://attacker.example/', 'https://org1.crm.dynamics.com.attacker.example/', 'https://org1.crm.dynamics.com:8443/', 'not a url', undefined]) expect(dataverseOrigin(bad)).toBeUndefined();
});
