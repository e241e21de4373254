/**
 * The Entra builder hands what it read of its directory (service principals, groups) to the builders after it in
 * the same build (GraphContext.entraDirectory): Power Automate and Azure DevOps no longer read those datasets again,
 * and the graph is the one they make reading them on their own.
 */
import { defaultSettings } from '../../src/settings/settings';
import { azureDevOpsDatasets } from '../../src/sources/azuredevops/extraction-steps';
import { azureDevOpsGraphBuilder } from '../../src/sources/azuredevops/to-graph';
import { entraDatasets } from '../../src/sources/entra/extraction-steps';
import { entraGraphBuilder } from '../../src/sources/entra/to-graph';
import { POWER_AUTOMATE_DATASETS } from '../../src/sources/powerautomate/extraction-steps';
import { powerAutomateGraphBuilder } from '../../src/sources/powerautomate/to-graph';
import type { GraphBuilder } from '../../src/sources/source-step';
import type { AccessGraph } from '../../src/model/graph';
import { buildGraph } from '../../src/sync/build-graph';

const TENANT = '0a1b2c3d-0000-4000-8000-00000000aaaa';
const SP = '5e5e5e5e-0000-4000-8000-000000000001';
const GROUP = '6f6f6f6f-0000-4000-8000-000000000002';
const context = { settings: defaultSettings(), observedAt: '2026-11-20T06:00:00.000Z' };

const datasets = new Map<string, unknown[]>([
  [entraDatasets(TENANT).servicePrincipals, [{ id: SP, appId: 'A1B2C3D4-0000-4000-8000-00000000BEEF', displayName: 'Release pipeline', servicePrincipalType: 'Application', accountEnabled: true }]],
  [entraDatasets(TENANT).groups, [{ id: GROUP, displayName: 'Flow admins', members: [] }]],
  // A co-owning group the Power Automate step read too, under another name.
  [POWER_AUTOMATE_DATASETS.ownerGroups, [{ id: GROUP, displayName: 'flow-admins (old)', members: [] }]],
  [
    azureDevOpsDatasets('fabrikam').serviceEndpoints,
    [{ projectName: 'Release', id: 'se-1', name: 'Azure prod', type: 'azurerm', authorizationScheme: 'ServicePrincipal', account: { tenantId: TENANT.toUpperCase(), appId: 'a1b2c3d4-0000-4000-8000-00000000beef' } }],
  ],
]);

async function built(builders: GraphBuilder[]): Promise<{ graph: AccessGraph; reads: string[] }> {
  const reads: string[] = [];
  const { graph } = await buildGraph(builders, async <T>(name: string) => {
    reads.push(name);
    return structuredClone(datasets.get(name)) as T[] | undefined;
  }, context, []);
  return { graph, reads };
}

/** Every node and edge, in a stable order. */
function contents(graph: AccessGraph): string[] {
  const lines = graph.sortedNodes().map((n) => JSON.stringify(n));
  for (let from = 0; from < graph.idCount; from++) graph.forEachOutAt(from, (kind, to, basis) => lines.push(`${kind} ${graph.idAt(from)} -> ${graph.idAt(to)} (${basis})`));
  return lines.sort();
}

/** The same builder, not shown what the builders before it read of a directory: it reads the datasets itself. */
function onItsOwn(builder: GraphBuilder): GraphBuilder {
  return {
    system: builder.system,
    build: (read, { entraDirectory: _shown, ...rest }) => builder.build(read, rest),
  };
}

it('reads the service principals and groups once, and builds the graph the builders build reading them on their own', async () => {
  const shared = await built([entraGraphBuilder(TENANT), powerAutomateGraphBuilder(TENANT), azureDevOpsGraphBuilder('fabrikam')]);
  const alone = await built([entraGraphBuilder(TENANT), onItsOwn(powerAutomateGraphBuilder(TENANT)), onItsOwn(azureDevOpsGraphBuilder('fabrikam'))]);
  const count = (reads: string[], name: string) => reads.filter((r) => r === name).length;
  expect(count(shared.reads, entraDatasets(TENANT).servicePrincipals)).toBe(1);
  expect(count(shared.reads, entraDatasets(TENANT).groups)).toBe(1);
  expect(count(alone.reads, entraDatasets(TENANT).servicePrincipals)).toBe(3);
  expect(contents(shared.graph)).toEqual(contents(alone.graph));
  // The service connection is tied to the service principal found by its application id.
  expect(contents(shared.graph).some((line) => line.includes('se-1') && line.includes(SP))).toBe(true);
});
