/**
 * Azure DevOps service connections -> cross-system links with their identity:
 * - to Entra by tenant + application id, for a ServicePrincipal secret (spnKey), certificate and workload identity
 *   federation connection: observed, to the service principal the connection names (issuer/subject kept);
 * - to the Jira site by the e-mail user name: a credential naming accountEmail, which correlate/ links to the
 *   account with that e-mail (correlated, so unresolved_cross_system_auth while nothing shows it used);
 * - to another SaaS by a token: an inferred link to the account at that host, evidenced by the connection's
 *   execution records inside the window.
 * Shapes: ServiceEndpoint / ServiceEndpointExecutionRecord in microsoft/azure-devops-node-api
 * api/interfaces/ServiceEndpointInterfaces.ts (every field optional); the Azure RM parameters (tenantid,
 * serviceprincipalid, authenticationType, workloadIdentityFederationIssuer/Subject) as microsoft/azure-pipelines-tasks
 * docs/service-connections/azure-oidc/README.md describes them. Secret parameters are never kept.
 */
import { AccessGraph } from '../../../src/model/graph';
import { correlateAccounts } from '../../../src/correlate/correlate';
import { defaultSettings } from '../../../src/settings/settings';
import { serviceEndpointExecutionSchema } from '../../../src/sources/azuredevops/service-endpoint-executions';
import { endpointCredentialSubtype, serviceEndpointSchema, serviceEndpointsToGraph, type ServicePrincipalLookup } from '../../../src/sources/azuredevops/service-endpoints';
import type { GraphEdge, GraphNode } from '../../../src/model/schema';

const ORG = 'contoso';
const PROJECT = 'platform';
const context = { settings: defaultSettings(), observedAt: '2026-11-30T05:00:00.000Z' };
const TENANT = '11111111-2222-4333-8444-555555555555';
const APP_ID = 'a0000000-0000-4000-8000-0000000000a1';
const SP_ID = 'b0000000-0000-4000-8000-0000000000b1';
const SECRET = 'spn-s3cret-never-kept';
const TOKEN = 'ghp_t0ken-never-kept';

const endpoint = (id: string, type: string, url: string, scheme: string, parameters: Record<string, string | null>, extra: Record<string, unknown> = {}) =>
  serviceEndpointSchema.parse({ projectName: PROJECT, id, name: id, type, url, authorization: { scheme, parameters }, createdBy: { uniqueName: 'maker@corp.example', displayName: 'Maker' }, ...extra });

const endpoints = [
  endpoint('azure-secret', 'azurerm', 'https://management.azure.com/', 'ServicePrincipal', { tenantid: TENANT, serviceprincipalid: APP_ID, authenticationType: 'spnKey', serviceprincipalkey: SECRET }),
  endpoint('azure-cert', 'azurerm', 'https://management.azure.com/', 'ServicePrincipal', { tenantid: TENANT, serviceprincipalid: APP_ID, authenticationType: 'spnCertificate', servicePrincipalCertificate: SECRET }),
  endpoint('azure-wif', 'azurerm', 'https://management.azure.com/', 'WorkloadIdentityFederation', {
    tenantid: TENANT.toUpperCase(),
    serviceprincipalid: APP_ID,
    workloadIdentityFederationIssuer: 'https://vstoken.dev.azure.com/0f0e0d0c-0000-4000-8000-000000000001',
    workloadIdentityFederationSubject: `sc://${ORG}/${PROJECT}/azure-wif`,
  }),
  endpoint('azure-other-tenant', 'azurerm', 'https://management.azure.com/', 'ServicePrincipal', { tenantid: '99999999-0000-4000-8000-000000000000', serviceprincipalid: APP_ID, authenticationType: 'spnKey' }),
  endpoint('jira-notes', 'generic', 'https://corp.atlassian.net', 'UsernamePassword', { username: 'Release-Bot@Corp.example', password: null }),
  endpoint('github', 'github', 'https://github.com', 'Token', { AccessToken: TOKEN }),
  endpoint('anonymous', 'generic', 'https://status.partner.example/ping', 'None', {}),
  // Every field but id is optional in the official schema: a bare record still names a connection.
  serviceEndpointSchema.parse({ projectName: PROJECT, id: 'bare' }),
];

const servicePrincipal: ServicePrincipalLookup = (tenantId, appId) => (tenantId.toLowerCase() === TENANT && appId === APP_ID ? { id: SP_ID } : undefined);
const credential = (id: string) => `azuredevops:credential:${ORG}/endpoint/${PROJECT}/${id}`;
const linkFrom = (edges: GraphEdge[], id: string) => edges.filter((e) => e.kind === 'AUTHENTICATES_AS' && e.from === credential(id));

describe('service connections as cross-system links', () => {
  const fragment = serviceEndpointsToGraph({ endpoints, servicePrincipal }, context, ORG);
  const node = (id: string) => fragment.nodes.find((n) => n.id === id);

  it('links a secret, certificate or federated Azure connection to the Entra service principal it names (observed)', () => {
    for (const id of ['azure-secret', 'azure-cert', 'azure-wif']) {
      expect(linkFrom(fragment.edges, id)).toEqual([expect.objectContaining({ to: `entra:identity:${TENANT}/${SP_ID}`, basis: 'observed', evidenced: false })]);
    }
    expect(node(credential('azure-secret'))?.props).toMatchObject({ subtype: 'client_secret', tenantId: TENANT, accountAppId: APP_ID });
    expect(node(credential('azure-cert'))?.props).toMatchObject({ subtype: 'certificate' });
    expect(node(credential('azure-wif'))?.props).toMatchObject({
      subtype: 'federated_identity_credential',
      federatedIssuer: 'https://vstoken.dev.azure.com/0f0e0d0c-0000-4000-8000-000000000001',
      federatedSubject: `sc://${ORG}/${PROJECT}/azure-wif`,
    });
  });

  it('makes no link to an Entra tenant that was not read, and invents no account for it', () => {
    expect(linkFrom(fragment.edges, 'azure-other-tenant')).toEqual([]);
    expect(node(credential('azure-other-tenant'))?.props).toMatchObject({ tenantId: '99999999-0000-4000-8000-000000000000', accountAppId: APP_ID });
  });

  it('names the Jira account by the e-mail user name, for correlate/ to link (correlated, unproven)', () => {
    expect(node(credential('jira-notes'))).toMatchObject({ name: 'Service connection jira-notes (UsernamePassword)', props: { subtype: 'basic_auth', accountEmail: 'release-bot@corp.example' } });
    expect(linkFrom(fragment.edges, 'jira-notes')).toEqual([]);

    // correlate/ (as it is today) links the credential to the Jira account with that e-mail.
    const jiraAccount: GraphNode = { id: 'jira:identity:acct-bot', kind: 'identity', system: 'jira', name: 'release-bot', props: { subtype: 'jira_service_account', nativeId: 'acct-bot', human: false, enabled: true, origin: 'first_party', email: 'release-bot@corp.example' } };
    const graph = new AccessGraph().addFragment(fragment).addFragment({ nodes: [jiraAccount], edges: [] });
    correlateAccounts(graph, { people: new Map(), observedAt: context.observedAt, windowDays: 30 });
    expect(graph.out(credential('jira-notes'), 'AUTHENTICATES_AS')).toEqual([expect.objectContaining({ to: 'jira:identity:acct-bot', basis: 'correlated', evidenced: false })]);
  });

  it('links a token connection to another SaaS to the account at that host (inferred), a hop of the credential', () => {
    const [link] = linkFrom(fragment.edges, 'github');

    expect(link).toMatchObject({ to: `external:identity:github.com/${PROJECT}/github`, basis: 'inferred', evidenced: false });
    expect(node(`external:identity:github.com/${PROJECT}/github`)?.props).toMatchObject({ subtype: 'external_account', human: false, derivedFrom: credential('github') });
    expect(node(credential('github'))?.props).toMatchObject({ subtype: 'api_token' });
  });

  it('holds no credential for an anonymous connection, and keeps a bare record', () => {
    expect(node(credential('anonymous'))).toBeUndefined();
    expect(node(`azuredevops:connection:${ORG}/${PROJECT}/anonymous`)?.props).toMatchObject({ sendsCredential: false });
    expect(node(`azuredevops:connection:${ORG}/${PROJECT}/bare`)?.name).toBe('Service connection bare');
  });

  it('keeps the creator, and never a secret parameter', () => {
    expect(fragment.edges.filter((e) => e.kind === 'CREATED_BY' && e.from === `azuredevops:connection:${ORG}/${PROJECT}/github`).map((e) => e.to)).toEqual(['people:owner:maker@corp.example']);
    const stored = JSON.stringify(endpoints) + JSON.stringify(fragment);
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(TOKEN);
  });

  it('maps every authorization scheme to the credential it holds', () => {
    expect(endpointCredentialSubtype('OAuth')).toBe('oauth_refresh_token');
    expect(endpointCredentialSubtype('ManagedServiceIdentity')).toBeUndefined();
    expect(endpointCredentialSubtype(undefined)).toBeUndefined();
    expect(endpointCredentialSubtype('PersonalAccessToken')).toBe('api_token');
  });
});

describe('execution records as evidence of a link', () => {
  const execution = (endpointId: string, data: Record<string, unknown>) => serviceEndpointExecutionSchema.parse({ projectName: PROJECT, endpointId, data });

  it('evidences the connection and proves its links with an execution inside the window', () => {
    const executions = [
      execution('github', { id: 5, planType: 'Build', result: 'succeeded', startTime: '2026-11-28T10:00:00', finishTime: '2026-11-28T10:04:00' }),
      execution('github', { id: 4, result: 'failed', startTime: '2026-09-01T10:00:00Z' }),
      execution('azure-secret', { id: 9, startTime: '2026-08-01T00:00:00Z' }), // before the 30-day window
    ];

    const fragment = serviceEndpointsToGraph({ endpoints, executions, servicePrincipal }, context, ORG);

    expect(fragment.nodes.find((n) => n.id === `azuredevops:execution_evidence:${ORG}/${PROJECT}/github/executions`)?.props).toEqual({
      subtype: 'pipeline_execution',
      lastAt: '2026-11-28T10:04:00.000Z',
      count: 2,
      source: 'Azure DevOps service connection execution history',
    });
    expect(linkFrom(fragment.edges, 'github')[0]).toMatchObject({ evidenced: true });
    expect(linkFrom(fragment.edges, 'azure-secret')[0]).toMatchObject({ evidenced: false });
  });

  it('reads a time without offset as UTC, and quarantines a record with no time at all', () => {
    expect(execution('x', { startTime: '2026-11-28T10:00:00' }).at).toBe('2026-11-28T10:00:00.000Z');
    expect(serviceEndpointExecutionSchema.safeParse({ projectName: PROJECT, endpointId: 'x', data: { id: 1, result: 'succeeded' } }).success).toBe(false);
  });
});
