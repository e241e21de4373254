/**
 * Flows, their owners and their definitions -> graph: owners by e-mail and as an Entra group, co-owners vs run-only
 * users, the creator, nested HTTP actions with credentials detected and never stored, connection references.
 */
import { defaultSettings } from '../../../src/settings/settings';
import { flowsToGraph, flowSchema } from '../../../src/sources/powerautomate/flows';
import { flowOwnersToGraph, flowOwnerSchema } from '../../../src/sources/powerautomate/flow-owners';
import { flowDetailSchema, flowDetailsToGraph } from '../../../src/sources/powerautomate/flow-details';
import type { GraphEdge } from '../../../src/model/schema';

const context = { settings: defaultSettings(), observedAt: '2026-11-20T06:00:00.000Z' };
const TENANT = '11111111-2222-4333-8444-555555555555';
const ENV = 'Default-11111111-2222-4333-8444-555555555555';
const FLOW = 'flow-0001';
const MAKER = 'aaaaaaaa-0000-4000-8000-000000000001';
const GROUP = 'gggggggg-0000-4000-8000-000000000001';
const WORKLOAD = `powerautomate:workload:${ENV}/${FLOW}`;
const PASSWORD = 'basic-pa55word-value';
const SAS = 'sas-signature-value';

const sharedFlow = flowSchema.parse({
  environmentName: ENV,
  name: FLOW,
  properties: {
    displayName: 'Shared flow',
    state: 'Started',
    creator: { objectId: MAKER, tenantId: TENANT },
    definitionSummary: { triggers: [{ type: 'OpenApiConnectionWebhook', swaggerOperationId: 'OnNewIssue_V2', api: { name: 'shared_jira' } }] },
  },
});

const permission = (roleName: string, principal: Record<string, unknown>) =>
  flowOwnerSchema.parse({ environmentName: ENV, flowName: FLOW, name: String(principal.id), properties: { roleName, permissionType: 'Principal', principal: { tenantId: TENANT, ...principal } } });

const ownersWithGroup = [
  permission('Owner', { id: MAKER, type: 'User', displayName: 'Maker Person', email: 'Maker.Person@corp.example' }),
  permission('CanEdit', { id: GROUP, type: 'Group', displayName: 'Desk group', email: 'desk@corp.example' }),
  permission('CanView', { id: 'viewer-1', type: 'User', displayName: 'Run-only user', email: 'viewer@corp.example' }),
];

const edgesOf = (edges: GraphEdge[], kind: GraphEdge['kind']) => new Set(edges.filter((e) => e.kind === kind).map((e) => `${e.from} -> ${e.to}`));

describe('flow owners', () => {
  it('owns the flow through the maker (by e-mail) and a co-owning group, not through run-only users', () => {
    // Act
    const { nodes, edges } = flowOwnersToGraph(ownersWithGroup, context);

    // Assert
    const groupOwner = `people:owner:group/${TENANT}/${GROUP}`;
    expect(edgesOf(edges, 'OWNED_BY')).toEqual(new Set([`${WORKLOAD} -> people:owner:maker.person@corp.example`, `${WORKLOAD} -> ${groupOwner}`]));
    expect(nodes.find((n) => n.id === groupOwner)?.props).toMatchObject({ subtype: 'group' });
    expect(nodes.find((n) => n.id === 'people:owner:maker.person@corp.example')?.props).toMatchObject({ subtype: 'person', email: 'maker.person@corp.example', entraUserIds: [MAKER] });
  });

  it('counts everyone but the creator as shared with, and links the creator by the e-mail the owners list gives', () => {
    const { nodes, edges } = flowsToGraph([sharedFlow], ownersWithGroup, context);

    expect(nodes.find((n) => n.id === WORKLOAD)?.props).toMatchObject({
      subtype: 'power_automate_flow',
      enabled: true,
      executionMode: 'autonomous',
      trigger: 'OpenApiConnectionWebhook (shared_jira OnNewIssue_V2)',
      sharedWith: 2,
    });
    expect(edgesOf(edges, 'CREATED_BY')).toEqual(new Set([`${WORKLOAD} -> people:owner:maker.person@corp.example`]));
  });

  it('leaves sharedWith unknown without the owners dataset and names the creator by object id', () => {
    const { nodes, edges } = flowsToGraph([sharedFlow], undefined, context);

    expect(nodes.find((n) => n.id === WORKLOAD)?.props).not.toHaveProperty('sharedWith');
    expect(edgesOf(edges, 'CREATED_BY')).toEqual(new Set([`${WORKLOAD} -> people:owner:entra/${TENANT}/${MAKER}`]));
  });
});

describe('flow details', () => {
  const flowWithNestedHttp = flowDetailSchema.parse({
    environmentName: ENV,
    name: FLOW,
    properties: {
      displayName: 'Shared flow',
      definition: {
        triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day' } } },
        actions: {
          Scope_outer: {
            type: 'Scope',
            actions: {
              Condition: {
                type: 'If',
                actions: {},
                else: {
                  actions: {
                    Call_partner: {
                      type: 'Http',
                      inputs: { method: 'post', uri: `https://api.partner.example/v2/push?sv=1.0&sig=${SAS}`, headers: { 'Content-Type': 'application/json' }, authentication: { type: 'Basic', username: 'svc', password: PASSWORD } },
                    },
                  },
                },
              },
            },
          },
          Post_plain: { type: 'Http', inputs: { method: 'GET', uri: 'https://status.example.org/ping?x=1' } },
          Get_issue: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_jira', operationId: 'GetIssue_V2' }, parameters: { 'X-Request-Jirainstance': 'https://corp.atlassian.net', issueKey: 'OPS-1' } } },
        },
      },
      connectionReferences: { shared_jira: { connectionName: 'shared-jira-conn-1', id: '/providers/Microsoft.PowerApps/apis/shared_jira' } },
    },
  });

  it('finds HTTP actions at any depth, keeps scheme, host and path, and never a password or a signature', () => {
    const fragment = flowDetailsToGraph([flowWithNestedHttp], context);

    const partner = fragment.nodes.find((n) => n.id === `powerautomate:connection:${ENV}/${FLOW}/http/Call_partner`);
    expect(partner?.props).toMatchObject({
      subtype: 'web_request',
      url: 'https://api.partner.example/v2/push',
      host: 'api.partner.example',
      method: 'POST',
      sendsCredential: true,
      credentialMechanism: 'authentication Basic; query parameter sig',
    });
    expect(fragment.nodes.find((n) => n.id === `powerautomate:connection:${ENV}/${FLOW}/http/Post_plain`)?.props).toMatchObject({ url: 'https://status.example.org/ping', sendsCredential: false });
    expect(fragment.nodes.filter((n) => n.kind === 'credential').map((n) => [n.id, (n.props as { subtype: string }).subtype])).toEqual([
      [`powerautomate:credential:${ENV}/${FLOW}/http/Call_partner`, 'basic_auth'],
    ]);
    const stored = JSON.stringify(flowWithNestedHttp) + JSON.stringify(fragment);
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(SAS);
  });

  it('invokes each referenced connection and sends to each HTTP destination', () => {
    const { edges } = flowDetailsToGraph([flowWithNestedHttp], context);

    expect(edgesOf(edges, 'INVOKES')).toEqual(new Set([`${WORKLOAD} -> powerautomate:connection:${ENV}/shared-jira-conn-1`]));
    expect(edgesOf(edges, 'SENDS_TO')).toEqual(
      new Set([
        `${WORKLOAD} -> powerautomate:connection:${ENV}/${FLOW}/http/Call_partner`,
        `${WORKLOAD} -> powerautomate:connection:${ENV}/${FLOW}/http/Post_plain`,
        // The Jira connector's action goes to the site its instance parameter names.
        `${WORKLOAD} -> powerautomate:connection:${ENV}/${FLOW}/connector/shared_jira/corp.atlassian.net`,
      ]),
    );
  });
});
