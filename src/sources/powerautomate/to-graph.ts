/**
 * Power Automate datasets -> graph fragment (docs/graph-mapping.md "Power Automate"). Missing datasets contribute
 * nothing; flows without their owners dataset get no sharedWith (unknown, not zero).
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphBuilder, GraphContext } from '../source-step';
import { entraDatasets } from '../entra/steps';
import type { OwnerGroup } from '../entra/groups';
import { servicePrincipalName, type ServicePrincipal } from '../entra/service-principals';
import { POWER_AUTOMATE_DATASETS } from './steps';
import { connectionsToGraph, type PowerPlatformConnection } from './connections';
import type { PowerPlatformEnvironment } from './environments';
import { flowDetailsToGraph, type FlowDetail } from './flow-details';
import { flowOwnersToGraph, type FlowOwner, type PrincipalNames } from './flow-owners';
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

/**
 * `tenantId` (the Entra tenant of the Power Platform) names people and groups the API gives no tenant for. `names`:
 * display names of groups and service principals the flow permissions name only by id, so an owner node carries
 * the same name whichever source adds it.
 */
export function powerAutomateToGraph(data: PowerAutomateDatasets, context: GraphContext, tenantId?: string, names: PrincipalNames = {}): GraphFragment {
  const defaultTenant = tenantId ?? data.environments?.find((e) => e.properties?.tenantId)?.properties?.tenantId;
  const fragments = [
    flowsToGraph(data.flows ?? [], data.flowOwners, context, defaultTenant, data.flowDetails ?? [], names),
    flowDetailsToGraph(data.flowDetails ?? [], context),
    flowOwnersToGraph(data.flowOwners ?? [], context, defaultTenant, names),
    flowRunsToGraph(data.flowRuns ?? [], context),
    connectionsToGraph(data.connections ?? [], context, defaultTenant),
  ];
  return { nodes: fragments.flatMap((f) => f.nodes), edges: fragments.flatMap((f) => f.edges) };
}

/**
 * Power Automate's part of the graph. `tenantId`: the Entra tenant of the Power Platform, whose groups and service
 * principals (read by the Entra steps) name the flow owners the permissions give only by id.
 */
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
      const names: PrincipalNames = {};
      if (tenantId) {
        const groups = await read<OwnerGroup>(entraDatasets(tenantId).groups);
        const servicePrincipals = await read<ServicePrincipal>(entraDatasets(tenantId).servicePrincipals);
        if (groups) names.groups = new Map(groups.flatMap((g) => (g.displayName ? [[g.id, g.displayName] as const] : [])));
        if (servicePrincipals) names.servicePrincipals = new Map(servicePrincipals.map((sp) => [sp.id, servicePrincipalName(sp)] as const));
      }
      return { fragment: powerAutomateToGraph(data, context, tenantId, names) };
    },
  };
}
