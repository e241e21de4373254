import { AccessGraph } from '../../../src/model/graph';
import { entraDatasets } from '../../../src/sources/entra/extraction-steps';
import { entraGraphBuilder, entraToGraph, type EntraDatasets } from '../../../src/sources/entra/to-graph';
import { application, context, MAIL_READ_ROLE, microsoftGraph, servicePrincipal, TENANT, user } from './entra-records';

const mailReader = servicePrincipal('sp-mail', 'app-mail', { displayName: 'Mail reader' });
const datasets: EntraDatasets = {
  organization: [{ id: TENANT, displayName: 'Corp', verifiedDomains: [{ name: 'corp.example' }] }],
  servicePrincipals: [microsoftGraph(), mailReader],
  applications: [application('obj-mail', 'app-mail', { publisherDomain: 'corp.example', passwordCredentials: [{ keyId: 'k1', endDateTime: '2027-01-01T00:00:00Z' }] })],
  owners: [{ ownedType: 'application', ownedId: 'obj-mail', owner: { '@odata.type': '#microsoft.graph.user', id: 'u-owner', mail: 'owner@corp.example' } }],
  appRoleAssignments: [{ id: 'a1', appRoleId: MAIL_READ_ROLE, principalId: 'sp-mail', principalType: 'ServicePrincipal', resourceId: 'graph-sp' }],
  users: [user('u-owner', 'owner@corp.example', { accountEnabled: false })],
  signInActivities: [{ appId: 'app-mail', lastSignInActivity: { lastSignInDateTime: '2026-11-19T00:00:00Z' } }],
};

it('combines the per-entity transforms into one fragment whose edges all land on nodes', () => {
  // Act
  const graph = AccessGraph.from(entraToGraph(datasets, TENANT, context()));

  // Assert
  expect(graph.danglingEdges).toEqual([]);
  const identity = `entra:identity:${TENANT}/sp-mail`;
  expect(graph.node(identity)?.props).toMatchObject({ publisherDomain: 'corp.example', origin: 'first_party' });
  expect(new Set(graph.out(identity).map((e) => e.kind))).toEqual(new Set(['HAS_ROLE', 'OWNED_BY']));
  expect(graph.node('people:owner:owner@corp.example')?.props).toMatchObject({ departed: true, departedReason: 'Entra account disabled' });
  expect(graph.in(identity, 'EVIDENCES')).toHaveLength(1);
  expect(graph.in(identity, 'AUTHENTICATES_AS')).toHaveLength(1);
});

it('contributes nothing for datasets that were not read', () => {
  expect(entraToGraph({}, TENANT, context())).toEqual({ nodes: [], edges: [] });
});

it('builds the tenant contribution from stored datasets: fragment, verified domains and people', async () => {
  // Arrange
  const names = entraDatasets(TENANT);
  const stored = new Map<string, unknown[]>([
    [names.organization, datasets.organization ?? []],
    [names.servicePrincipals, datasets.servicePrincipals ?? []],
    [names.users, datasets.users ?? []],
  ]);

  // Act
  const contribution = await entraGraphBuilder(TENANT).build(async <T>(name: string) => stored.get(name) as T[] | undefined, context());

  // Assert
  expect(contribution.verifiedDomains).toEqual(['corp.example']);
  expect(contribution.people).toEqual([{ email: 'owner@corp.example', displayName: 'owner', departed: true, departedReason: 'Entra account disabled', entraUserId: 'u-owner', tenantId: TENANT }]);
  expect(new Set(contribution.fragment.nodes.map((n) => n.id))).toEqual(new Set([`entra:identity:${TENANT}/graph-sp`, `entra:identity:${TENANT}/sp-mail`]));
});
