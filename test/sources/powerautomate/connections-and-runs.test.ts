/**
 * Connections and run history -> graph: a Microsoft connector signed in as its maker authenticates as that Entra
 * user; the Jira connector's account is left to correlate/ by e-mail; other services' accounts are named by no
 * e-mail; the latest run is the flow's evidence.
 */
import { defaultSettings } from '../../../src/settings/settings';
import { connectionAccount, connectionSchema, connectionsToGraph } from '../../../src/sources/powerautomate/connections';
import { flowRunSchema, flowRunsToGraph } from '../../../src/sources/powerautomate/flow-runs';

const context = { settings: defaultSettings(), observedAt: '2026-11-20T06:00:00.000Z' };
const TENANT = '11111111-2222-4333-8444-555555555555';
const ENV = 'Default-env';
const MAKER = 'aaaaaaaa-0000-4000-8000-000000000001';

const connection = (name: string, apiName: string, parameterSet: string, authenticatedUser: string) =>
  connectionSchema.parse({
    environmentName: ENV,
    name,
    properties: {
      apiId: `/providers/Microsoft.PowerApps/apis/${apiName}`,
      displayName: authenticatedUser,
      statuses: [{ status: 'Connected' }],
      connectionParametersSet: { name: parameterSet, values: { server: { value: 'not-kept.example' } } },
      createdBy: { id: MAKER, type: 'User', email: 'maker@corp.example', userPrincipalName: 'maker@corp.example', tenantId: TENANT },
      authenticatedUser: { name: authenticatedUser },
      createdTime: '2026-02-10T11:20:36.0917254Z',
    },
  });

const outlookAsMaker = connection('office-1', 'shared_office365', 'oauthDefault', 'maker@corp.example');
const jiraAsAtlassianAccount = connection('jira-1', 'shared_jira', 'oauth', 'maker@corp.example');
const sqlWithPassword = connection('sql-1', 'shared_sql', 'sqlAuthentication-basic', 'dbuser');

describe('connectionsToGraph', () => {
  it('emits each connection with its credential: a Microsoft connector authenticates as its maker, another names its account e-mail for correlate/', () => {
    // Act
    const { nodes, edges } = connectionsToGraph([outlookAsMaker, jiraAsAtlassianAccount, sqlWithPassword], context);

    // Assert
    expect(new Set(nodes.filter((n) => n.kind === 'credential').map((n) => `${n.id} ${(n.props as { subtype: string }).subtype}`))).toEqual(
      new Set([
        `powerautomate:credential:${ENV}/office-1 oauth_refresh_token`,
        `powerautomate:credential:${ENV}/jira-1 oauth_refresh_token`,
        `powerautomate:credential:${ENV}/sql-1 basic_auth`,
      ]),
    );
    expect(edges.filter((e) => e.kind === 'USES')).toHaveLength(3);
    expect(edges.filter((e) => e.kind === 'AUTHENTICATES_AS').map((e) => `${e.from} -> ${e.to}`)).toEqual([`powerautomate:credential:${ENV}/office-1 -> entra:identity:${TENANT}/${MAKER}`]);
    expect(nodes.find((n) => n.id === `powerautomate:connection:${ENV}/jira-1`)?.props).toMatchObject({ subtype: 'connector', connectorId: 'shared_jira' });
    expect(nodes.find((n) => n.id === `powerautomate:credential:${ENV}/jira-1`)?.props).toMatchObject({ accountEmail: 'maker@corp.example' });
    expect(nodes.find((n) => n.id === `powerautomate:credential:${ENV}/office-1`)?.props).not.toHaveProperty('accountEmail');
    expect(JSON.stringify([outlookAsMaker, nodes])).not.toContain('not-kept.example');
  });

  it('names no account e-mail for a service whose accounts no source reads (a Slack account is not the person’s Jira or Azure DevOps account)', () => {
    const slackAsPerson = connection('slack-1', 'shared_slack', 'oauth', 'maker@corp.example');

    const { nodes, edges } = connectionsToGraph([slackAsPerson], context);

    expect(nodes.find((n) => n.id === `powerautomate:credential:${ENV}/slack-1`)?.props).not.toHaveProperty('accountEmail');
    expect(edges.filter((e) => e.kind === 'AUTHENTICATES_AS')).toEqual([]);
  });

  it('exposes the signed-in account for correlate/: the Jira connection signs in as an e-mail', () => {
    expect(connectionAccount(jiraAsAtlassianAccount)).toEqual({ email: 'maker@corp.example', entraObjectId: MAKER, tenantId: TENANT });
    expect(connectionAccount(sqlWithPassword)).toEqual({});
  });
});

describe('flowRunsToGraph', () => {
  it('evidences each flow with its latest run, whatever its status', () => {
    const run = (name: string, startTime: string, status: string) =>
      flowRunSchema.parse({ environmentName: ENV, flowName: 'flow-1', name, properties: { startTime, status, trigger: { outputsLink: { uri: 'https://x.example/out?sig=runsig' } } } });
    const runs = [run('r1', '2026-11-10T08:00:00.0000000Z', 'Succeeded'), run('r2', '2026-11-19T17:26:40.1234567Z', 'Failed'), run('r3', '2026-11-01T08:00:00Z', 'Succeeded')];

    const { nodes, edges } = flowRunsToGraph(runs, context);

    expect(nodes).toEqual([
      expect.objectContaining({ id: `powerautomate:execution_evidence:${ENV}/flow-1/runs`, props: expect.objectContaining({ subtype: 'flow_run', lastAt: '2026-11-19T17:26:40.123Z', count: 3 }) }),
    ]);
    expect(edges).toEqual([expect.objectContaining({ kind: 'EVIDENCES', to: `powerautomate:workload:${ENV}/flow-1` })]);
    expect(JSON.stringify(runs)).not.toContain('runsig');
  });
});
