/**
 * Power Automate datasets -> graph fragment (docs/graph-mapping.md "Power Automate"). Missing datasets contribute
 * nothing; flows without their owners dataset get no sharedWith (unknown, not zero).
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphBuilder, GraphContext } from '../source-step';
import { POWER_AUTOMATE_DATASETS } from './steps';
import { connectionsToGraph, type PowerPlatformConnection } from './connections';
import type { PowerPlatformEnvironment } from './environments';
import { flowDetailsToGraph, type FlowDetail } from './flow-details';
import { flowOwnersToGraph, type FlowOwner } from './flow-owners';
import { flowRunsToGraph, type FlowRun } from './flow-runs';
import { flowsToGraph, type Flow } from './flows';

export interface PowerAutomateDatasets {
  environments?: PowerPlatformEnvironment[];
  flows?: Flow[];
  flowDetails?: FlowDetail[];
  flowOwners?: FlowOwner[];
  flowRuns?: FlowRun[];
  connections?: PowerPlatformConnection[];
}

/** `tenantId` (the Entra tenant of the Power Platform) names people and groups the API gives no tenant for. */
export function powerAutomateToGraph(data: PowerAutomateDatasets, context: GraphContext, tenantId?: string): GraphFragment {
  const defaultTenant = tenantId ?? data.environments?.find((e) => e.properties?.tenantId)?.properties?.tenantId;
  const fragments = [
    flowsToGraph(data.flows ?? [], data.flowOwners, context, defaultTenant),
    flowDetailsToGraph(data.flowDetails ?? [], context),
    flowOwnersToGraph(data.flowOwners ?? [], context, defaultTenant),
    flowRunsToGraph(data.flowRuns ?? [], context),
    connectionsToGraph(data.connections ?? [], context, defaultTenant),
  ];
  return { nodes: fragments.flatMap((f) => f.nodes), edges: fragments.flatMap((f) => f.edges) };
}

/** Power Automate's part of the graph. `tenantId`: the Entra tenant of the Power Platform. */
export function powerAutomateGraphBuilder(tenantId?: string): GraphBuilder {
  return {
    system: 'powerautomate',
    async build(read, context) {
      const data: PowerAutomateDatasets = {
        environments: await read(POWER_AUTOMATE_DATASETS.environments),
        flows: await read(POWER_AUTOMATE_DATASETS.flows),
        flowDetails: await read(POWER_AUTOMATE_DATASETS.flowDetails),
        flowOwners: await read(POWER_AUTOMATE_DATASETS.flowOwners),
        flowRuns: await read(POWER_AUTOMATE_DATASETS.flowRuns),
        connections: await read(POWER_AUTOMATE_DATASETS.connections),
      };
      return { fragment: powerAutomateToGraph(data, context, tenantId) };
    },
  };
}
