/**
 * Blueprints, blueprint principals and agent users through the real Graph client against the fake Graph: the
 * blueprint list's page of 100 followed to the end, sponsors through $batch, and a 403 that skips the step naming
 * the permission instead of guessing.
 */
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import type { AppError } from '../../../src/shared/errors';
import { entraDatasets, entraExtractionSteps } from '../../../src/sources/entra/extraction-steps';
import { TEST_ENTRA_TENANT, writeTestTenant } from '../../support/tenant-builder';
import { extendTestTenant, runSteps, type RecordedRequest } from '../automation/fake-cloud-egress';
import { graphClientFor } from './fake-graph';

const T = TEST_ENTRA_TENANT;
const SYNC_AT = '2026-11-20T06:00:00Z';
const BLUEPRINTS = 150; // more than the blueprint list's maximum page of 100
const AGENT = 'a6e00000-0000-4000-8000-0000000000b1';
const blueprintId = (i: number) => `b1000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const blueprintAppId = (i: number) => `b2000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const sponsor = { '@odata.type': '#microsoft.graph.user', id: 'u0000000-0000-4000-8000-0000000000b1', displayName: 'Nora', userPrincipalName: 'nora@test.example', mail: 'nora@test.example' };

function graphJson(): Record<string, unknown> {
  return {
    // Shapes of agentidentityblueprint-list, agentidentityblueprintprincipal-list and agentuser-list (v1.0), trimmed.
    '/v1.0/applications/microsoft.graph.agentIdentityBlueprint': Array.from({ length: BLUEPRINTS }, (_, i) => ({
      '@odata.type': '#microsoft.graph.agentIdentityBlueprint',
      id: blueprintId(i),
      appId: blueprintAppId(i),
      displayName: `Blueprint ${i}`,
      createdDateTime: '2026-06-01T00:00:00Z',
      keyCredentials: [],
      passwordCredentials: [{ keyId: `k0000000-0000-4000-8000-${String(i).padStart(12, '0')}`, displayName: 'runtime', endDateTime: '2299-12-31T00:00:00Z', startDateTime: '2026-06-01T00:00:00Z', hint: 'Ab~', secretText: null }],
    })),
    [`/v1.0/applications/${blueprintId(0)}/microsoft.graph.agentIdentityBlueprint/sponsors`]: [sponsor],
    '/v1.0/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal': [
      { '@odata.type': '#microsoft.graph.agentIdentityBlueprintPrincipal', id: 'b3000000-0000-4000-8000-000000000000', appId: blueprintAppId(0), displayName: 'Blueprint 0', appOwnerOrganizationId: T, accountEnabled: true, keyCredentials: [], passwordCredentials: [] },
    ],
    '/v1.0/servicePrincipals/microsoft.graph.agentIdentity': [
      { '@odata.type': '#microsoft.graph.agentIdentity', id: AGENT, appId: 'a9000000-0000-4000-8000-0000000000b1', displayName: 'Agent', agentIdentityBlueprintId: blueprintAppId(0), appOwnerOrganizationId: T, keyCredentials: [], passwordCredentials: [] },
    ],
    '/v1.0/users/microsoft.graph.agentUser': [
      { '@odata.type': '#microsoft.graph.agentUser', id: 'u0000000-0000-4000-8000-0000000000b2', displayName: 'Agent', userPrincipalName: 'agent@test.example', accountEnabled: true, identityParentId: AGENT },
    ],
  };
}

let cloud: FakeCloud;
let refused: FakeCloud;

beforeAll(async () => {
  const syncs = [{ name: '01-only', at: SYNC_AT }];
  cloud = new FakeCloud(extendTestTenant(writeTestTenant({ syncs }), { files: { graph: { [T]: graphJson() } } }));
  // Neither the agent permissions nor Application.Read.All: the typed lists are refused.
  refused = new FakeCloud(extendTestTenant(writeTestTenant({ syncs, roles: ['User.Read.All'] }), { files: { graph: { [T]: graphJson() } } }));
  await cloud.start();
  await refused.start();
});

afterAll(async () => {
  await cloud.close();
  await refused.close();
});

const agentSteps = (ids: readonly string[]) => (step: { id: string }) => ids.some((id) => step.id === `entra:${T}:${id}`);

it('reads every blueprint across pages of 100, with sponsors, the blueprint principals and the agent users', async () => {
  // Arrange
  const log: RecordedRequest[] = [];
  const client = await graphClientFor(cloud, T, log);
  const steps = entraExtractionSteps({ tenantId: T }, async () => client, { observedAt: () => SYNC_AT }).filter(agentSteps(['agent-identities', 'agent-blueprints', 'agent-blueprint-principals', 'agent-users']));

  // Act
  const run = await runSteps(steps);

  // Assert
  expect(run.failures).toEqual(new Map());
  expect(run.quarantined).toEqual([]);
  const blueprints = run.datasets.get(entraDatasets(T).agentBlueprints) as Array<{ id: string; sponsors: Array<{ id: string }> }>;
  expect(new Set(blueprints.map((b) => b.id))).toEqual(new Set(Array.from({ length: BLUEPRINTS }, (_, i) => blueprintId(i))));
  expect(blueprints.find((b) => b.id === blueprintId(0))?.sponsors.map((s) => s.id)).toEqual([sponsor.id]);
  expect(log.filter((r) => r.url.includes('/applications/microsoft.graph.agentIdentityBlueprint')).length).toBe(2);
  expect(run.datasets.get(entraDatasets(T).agentBlueprintPrincipals)).toHaveLength(1);
  expect(run.datasets.get(entraDatasets(T).agentUsers)).toEqual([expect.objectContaining({ identityParentId: AGENT })]);
});

it('skips the blueprint and principal reads on a 403, naming the endpoint, the tenant and the permission', async () => {
  // Arrange
  const client = await graphClientFor(refused, T);
  const steps = entraExtractionSteps({ tenantId: T }, async () => client, { observedAt: () => SYNC_AT }).filter(agentSteps(['agent-blueprints', 'agent-blueprint-principals', 'agent-users']));

  // Act
  const run = await runSteps(steps);

  // Assert: optional (skipped, not partial), each naming what it could not see; agent users read with User.Read.All.
  const blueprints = run.failures.get(`entra:${T}:agent-blueprints`) as AppError;
  expect(blueprints.code).toBe('SOURCE_UNAUTHORIZED');
  expect(blueprints.context.optional).toBe(true);
  expect(blueprints.message).toContain('/v1.0/applications/microsoft.graph.agentIdentityBlueprint');
  expect(blueprints.message).toContain(`Entra tenant ${T}`);
  expect(blueprints.message).toContain('AgentIdentityBlueprint.Read.All');
  const principals = run.failures.get(`entra:${T}:agent-blueprint-principals`) as AppError;
  expect(principals.context.optional).toBe(true);
  expect(principals.message).toContain('AgentIdentityBlueprintPrincipal.Read.All');
  expect(run.datasets.get(entraDatasets(T).agentBlueprints)).toBeUndefined();
  expect(run.datasets.get(entraDatasets(T).agentUsers)).toHaveLength(1);
});
