/**
 * Entra agent identity blueprints, blueprint principals and agent users: parsed per record, drawn as agents, their
 * credentials judged by credential hygiene, agent users never people.
 */
import { credentialExpiring, credentialNeverExpires } from '../../../src/checks/credential-hygiene';
import { AccessGraph } from '../../../src/model/graph';
import { defaultSettings } from '../../../src/settings/settings';
import { agentBlueprintPrincipalSchema, agentBlueprintSchema, type AgentBlueprint, type AgentBlueprintPrincipal } from '../../../src/sources/entra/agent-blueprints';
import type { AgentIdentity } from '../../../src/sources/entra/agent-identities';
import { agentUserSchema, isAgentUser, type AgentUser } from '../../../src/sources/entra/agent-users';
import { entraGraphBuilder, entraToGraph, type EntraDatasets } from '../../../src/sources/entra/to-graph';
import { entraDatasets } from '../../../src/sources/entra/extraction-steps';
import type { EntraUser } from '../../../src/sources/entra/users';
import { checkContext, failsOf } from '../../support/graph-fixtures';

const T = '0c0ffee0-0000-4000-8000-00000000000b';
const OBSERVED_AT = '2026-11-20T06:00:00Z';
const context = { settings: defaultSettings(), observedAt: OBSERVED_AT };
const BLUEPRINT_APP = 'bp-app-1';

const sponsor = { '@odata.type': '#microsoft.graph.user', id: 'user-nora', displayName: 'Nora', mail: 'nora@example.test', userPrincipalName: 'nora@example.test' };
const nora = { id: 'user-nora', displayName: 'Nora', mail: 'nora@example.test', userPrincipalName: 'nora@example.test', accountEnabled: true } as EntraUser;

/** A blueprint with one secret of the given end date ("2299-12-31" is how Entra stores "never expires"). */
const blueprint = (secretEnd: string): AgentBlueprint => ({
  id: 'bp-object-1',
  appId: BLUEPRINT_APP,
  displayName: 'Triage blueprint',
  passwordCredentials: [{ keyId: 'secret-1', displayName: 'runtime', startDateTime: '2026-01-01T00:00:00Z', endDateTime: secretEnd }],
  keyCredentials: [],
  sponsors: [sponsor],
});
const principal: AgentBlueprintPrincipal = { id: 'bp-sp-1', appId: BLUEPRINT_APP, displayName: 'Triage blueprint', appOwnerOrganizationId: T, sponsors: [] };
const agent: AgentIdentity = { id: 'agent-1', appId: 'agent-app-1', displayName: 'Triage agent', agentIdentityBlueprintId: BLUEPRINT_APP, appOwnerOrganizationId: T, sponsors: [sponsor] };
const agentUser: AgentUser = { id: 'agent-user-1', displayName: 'Triage agent', userPrincipalName: 'triage.agent@example.test', mail: 'triage.agent@example.test', accountEnabled: true, identityParentId: 'agent-1' };

const graphOf = (datasets: EntraDatasets) => AccessGraph.from(entraToGraph(datasets, T, context));
const node = (objectId: string) => `entra:identity:${T}/${objectId}`;

describe('parsing', () => {
  it('parses a blueprint as the v1.0 list answers it (an application), with its sponsors read apart', () => {
    // Arrange: the shape of learn.microsoft.com/graph/api/agentidentityblueprint-list, trimmed.
    const answer = { '@odata.type': '#microsoft.graph.agentIdentityBlueprint', id: 'bp-object-1', appId: BLUEPRINT_APP, displayName: 'Triage blueprint', publisherDomain: 'example.test', createdDateTime: '2026-06-01T00:00:00Z', keyCredentials: [], passwordCredentials: [], sponsors: [sponsor] };

    // Act / Assert
    expect(agentBlueprintSchema.safeParse(answer).success).toBe(true);
    expect(agentBlueprintSchema.safeParse({ id: 'bp-object-1', appId: BLUEPRINT_APP }).success).toBe(false); // sponsors not read
    expect(agentBlueprintSchema.safeParse({ ...answer, appId: '' }).success).toBe(false);
  });

  it('parses a blueprint principal as a service principal with sponsors', () => {
    const answer = { '@odata.type': '#microsoft.graph.agentIdentityBlueprintPrincipal', id: 'bp-sp-1', appId: BLUEPRINT_APP, displayName: 'Triage blueprint', accountEnabled: true, sponsors: [] };
    expect(agentBlueprintPrincipalSchema.safeParse(answer).success).toBe(true);
    expect(agentBlueprintPrincipalSchema.safeParse({ ...answer, id: undefined }).success).toBe(false);
  });

  it('parses an agent user only with its parent agent identity, and tells agent users apart in the users list', () => {
    expect(agentUserSchema.safeParse({ '@odata.type': '#microsoft.graph.agentUser', ...agentUser }).success).toBe(true);
    expect(agentUserSchema.safeParse({ ...agentUser, identityParentId: null }).success).toBe(false);
    expect(isAgentUser({ '@odata.type': '#microsoft.graph.agentUser' })).toBe(true);
    expect(isAgentUser({ identityParentId: 'agent-1' })).toBe(true);
    expect(isAgentUser({ '@odata.type': '#microsoft.graph.user', identityParentId: null })).toBe(false);
  });
});

describe('toGraph', () => {
  it('types the blueprint principal, owns it by the blueprint sponsors and links the agent to its blueprint', () => {
    // Act
    const graph = graphOf({ servicePrincipals: [], agentIdentities: [agent], agentBlueprints: [blueprint('2027-06-01T00:00:00Z')], agentBlueprintPrincipals: [principal], users: [nora] });

    // Assert
    expect(graph.node(node('bp-sp-1'))?.props).toMatchObject({ subtype: 'entra_agent_blueprint', appId: BLUEPRINT_APP, human: false, origin: 'first_party' });
    expect(graph.out(node('bp-sp-1'), 'OWNED_BY').map((e) => e.to)).toEqual(['people:owner:nora@example.test']);
    expect(graph.node(node('agent-1'))?.props).toMatchObject({ subtype: 'entra_agent_identity', agentBlueprintAppId: BLUEPRINT_APP });
    // The blueprint's secret authenticates as its principal first (the holder hygiene names), then as its agent.
    const secret = `entra:credential:${T}/app/bp-object-1/secret-1`;
    expect(graph.out(secret, 'AUTHENTICATES_AS').map((e) => e.to)).toEqual([node('bp-sp-1'), node('agent-1')]);
    expect(graph.danglingEdges).toEqual([]);
  });

  it('types a blueprint principal found only in the service principal list by the blueprint appId', () => {
    const listed = { id: 'bp-sp-1', appId: BLUEPRINT_APP, displayName: 'Triage blueprint', appOwnerOrganizationId: T };
    const graph = graphOf({ servicePrincipals: [listed], agentBlueprints: [blueprint('2027-06-01T00:00:00Z')] });
    expect(graph.node(node('bp-sp-1'))?.props.subtype).toBe('entra_agent_blueprint');
  });

  it('marks the principal ownersUnread when the blueprint sponsors could not be read', () => {
    const unread = { ...blueprint('2027-06-01T00:00:00Z'), sponsors: [], sponsorsUnread: 'Graph refused the sponsors' };
    const graph = graphOf({ agentBlueprints: [unread], agentBlueprintPrincipals: [principal] });
    expect(graph.node(node('bp-sp-1'))?.props).toMatchObject({ ownersUnread: 'Graph refused the sponsors' });
  });

  it('draws an agent user as an identity derived from its agent, never as a person or an owner', async () => {
    // Arrange: the users list returns the agent user too, and it is (wrongly) listed as a sponsor of the agent.
    const listedAgentUser = { id: 'agent-user-1', displayName: 'Triage agent', mail: 'triage.agent@example.test', userPrincipalName: 'triage.agent@example.test', accountEnabled: true, identityParentId: 'agent-1' } as EntraUser;
    const sponsoredByAgentUser = { ...agent, sponsors: [{ '@odata.type': '#microsoft.graph.agentUser', id: 'agent-user-1', displayName: 'Triage agent', mail: 'triage.agent@example.test' }] };
    const datasets: Record<string, unknown[]> = { [entraDatasets(T).users]: [nora, listedAgentUser], [entraDatasets(T).agentUsers]: [agentUser], [entraDatasets(T).agentIdentities]: [sponsoredByAgentUser] };

    // Act
    const built = await entraGraphBuilder(T).build(async <R>(name: string) => datasets[name] as R[] | undefined, context);
    const graph = AccessGraph.from(built.fragment);

    // Assert
    expect(graph.node(node('agent-user-1'))?.props).toMatchObject({ subtype: 'entra_agent_user', human: false, derivedFrom: node('agent-1') });
    expect((built.people ?? []).map((p) => p.email)).toEqual(['nora@example.test']);
    expect(graph.out(node('agent-1'), 'OWNED_BY')).toEqual([]);
  });
});

describe('credential hygiene of blueprint credentials', () => {
  const datasetsWith = (secretEnd: string): EntraDatasets => ({ agentIdentities: [agent], agentBlueprints: [blueprint(secretEnd)], agentBlueprintPrincipals: [principal], users: [nora] });

  it('flags a blueprint secret that never expires, naming the blueprint', () => {
    // Act
    const fails = failsOf(credentialNeverExpires.evaluate(checkContext(graphOf(datasetsWith('2299-12-31T00:00:00Z')), { observedAt: OBSERVED_AT })));

    // Assert
    expect(fails.map((f) => [f.subjectId, f.chain])).toEqual([[`entra:credential:${T}/app/bp-object-1/secret-1`, [`entra:credential:${T}/app/bp-object-1/secret-1`, node('bp-sp-1')]]]);
    expect(fails[0]?.summary).toContain('Triage blueprint');
  });

  it('raises nothing for a blueprint secret expiring within policy', () => {
    const context = checkContext(graphOf(datasetsWith('2027-06-01T00:00:00Z')), { observedAt: OBSERVED_AT });
    expect(credentialNeverExpires.evaluate(context)).toEqual([]);
    expect(credentialExpiring.evaluate(context)).toEqual([]);
  });
});
