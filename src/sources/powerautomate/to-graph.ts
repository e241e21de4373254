/**
 * Power Automate datasets -> graph fragment (docs/graph-mapping.md "Power Automate"). Missing datasets contribute
 * nothing; flows without their owners dataset get no sharedWith (unknown, not zero).
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphContext } from '../source-step';
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
