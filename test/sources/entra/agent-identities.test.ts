/** Entra agent identities: one identity node per object id, typed as an agent, owned by its sponsors. */
import { AccessGraph } from '../../../src/model/graph';
import { defaultSettings } from '../../../src/settings/settings';
import { agentIdentitySchema, sponsorGroupIds, withAgents, type AgentIdentity } from '../../../src/sources/entra/agent-identities';
import type { ServicePrincipal } from '../../../src/sources/entra/service-principals';
import { entraToGraph } from '../../../src/sources/entra/to-graph';
import type { EntraUser } from '../../../src/sources/entra/users';

const T = '0c0ffee0-0000-4000-8000-00000000000a';
const OBSERVED_AT = '2026-11-20T06:00:00Z';
const GRAPH_SP = 'sp-graph';
const context = { settings: defaultSettings(), observedAt: OBSERVED_AT };

const departedSponsor = { '@odata.type': '#microsoft.graph.user', id: 'user-carla', displayName: 'Carla', mail: 'carla@example.test', userPrincipalName: 'carla@example.test' };
const sponsorGroup = { '@odata.type': '#microsoft.graph.group', id: 'group-research', displayName: 'Research' };
const researchAgent: AgentIdentity = { id: 'agent-1', appId: 'agent-app-1', displayName: 'Research agent', agentIdentityBlueprintId: 'blueprint-1', appOwnerOrganizationId: T, sponsors: [departedSponsor, sponsorGroup] };
const users = [{ id: 'user-carla', displayName: 'Carla', mail: 'carla@example.test', userPrincipalName: 'carla@example.test', accountEnabled: false }] as unknown as EntraUser[];
const graphSp = { id: GRAPH_SP, appId: '00000003-0000-0000-c000-000000000000', displayName: 'Microsoft Graph', appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' } as ServicePrincipal;

it('parses an agent identity as the v1.0 list answers it, with the sponsors read apart', () => {
  const parsed = agentIdentitySchema.safeParse({ '@odata.type': '#microsoft.graph.agentIdentity', id: 'agent-1', appId: 'agent-app-1', displayName: 'Research agent', agentIdentityBlueprintId: 'blueprint-1', createdDateTime: '2026-06-01T00:00:00Z', sponsors: [departedSponsor] });
  expect(parsed.success).toBe(true);
  expect(agentIdentitySchema.safeParse({ id: 'agent-1', appId: 'agent-app-1' }).success).toBe(false); // sponsors were not read
});

it('keeps one record per object id whether or not the service principal list also returned the agent', () => {
  const listedToo = { id: 'agent-1', appId: 'agent-app-1', displayName: 'Research agent' } as ServicePrincipal;
  expect(withAgents([graphSp], [researchAgent]).map((sp) => sp.id)).toEqual([GRAPH_SP, 'agent-1']);
  expect(withAgents([graphSp, listedToo], [researchAgent]).map((sp) => sp.id)).toEqual([GRAPH_SP, 'agent-1']);
  expect(withAgents([graphSp], [researchAgent])[1]).not.toHaveProperty('sponsors');
  expect(sponsorGroupIds([researchAgent])).toEqual(['group-research']);
});

it('types the agent, owns it by its sponsors and attaches its grants to the same node', () => {
  const fragment = entraToGraph(
    {
      servicePrincipals: [graphSp],
      agentIdentities: [researchAgent],
      users,
      oauth2PermissionGrants: [{ id: 'grant-1', clientId: 'agent-1', resourceId: GRAPH_SP, consentType: 'AllPrincipals', principalId: null, scope: 'User.Read' }],
    },
    T,
    context,
  );
  const graph = AccessGraph.from(fragment);
  const agent = `entra:identity:${T}/agent-1`;

  expect(graph.nodesOfKind('identity').filter((n) => n.props.nativeId === 'agent-1')).toHaveLength(1);
  expect(graph.node(agent)?.props).toMatchObject({ subtype: 'entra_agent_identity', appId: 'agent-app-1', human: false, origin: 'first_party' });
  expect(graph.node(`entra:identity:${T}/${GRAPH_SP}`)?.props).toMatchObject({ subtype: 'service_principal' });
  expect(graph.out(agent, 'OWNED_BY').map((e) => [e.to, e.reason])).toEqual([
    ['people:owner:carla@example.test', 'sponsor of the agent identity'],
    [`people:owner:group/${T}/group-research`, 'sponsor of the agent identity'],
  ]);
  expect(graph.node('people:owner:carla@example.test')?.props).toMatchObject({ departed: true, entraUserIds: ['user-carla'] });
  expect(graph.out(agent, 'HAS_ROLE').map((e) => e.to)).toEqual([`entra:role:${T}/agent-1/delegated/${GRAPH_SP}`]);
  expect(graph.danglingEdges).toEqual([]);
});

it('types nothing as an agent when agent identities were not read', () => {
  const fragment = entraToGraph({ servicePrincipals: [graphSp] }, T, context);
  expect(fragment.nodes.some((n) => (n.props as { subtype?: string }).subtype === 'entra_agent_identity')).toBe(false);
});
