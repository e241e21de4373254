/**
 * Power Automate datasets -> graph fragment (docs/graph-mapping.md "Power Automate"). Missing datasets contribute
 * nothing; flows without their owners dataset get no sharedWith (unknown, not zero).
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphBuilder, GraphContext } from '../source-step';
import { entraDatasets } from '../entra/extraction-steps';
import { entraDirectory, entraDirectoryOf } from '../entra/directory';
import { groupsToGraph, type OwnerGroup } from '../entra/groups';
import type { EntraUser } from '../entra/users';
import { directoryObjectType } from '../entra/owners';
import { POWER_AUTOMATE_DATASETS } from './extraction-steps';
import { agentConversationsToGraph, type AgentConversation } from './agent-conversations';
import { agentToolsToGraph, type AgentTool } from './agent-tools';
import { copilotAgentsToGraph, type CopilotAgent } from './copilot-agents';
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
  /** Entra groups that co-own flows, with their members (read in the Power Platform's tenant). */
  ownerGroups?: OwnerGroup[];
  flowRuns?: FlowRun[];
  connections?: PowerPlatformConnection[];
  copilotAgents?: CopilotAgent[];
  agentTools?: AgentTool[];
  agentConversations?: AgentConversation[];
}

/**
 * `tenantId` (the Entra tenant of the Power Platform) names people and groups the API gives no tenant for. `names`:
 * display names of groups and service principals the flow permissions name only by id, so an owner node carries
 * the same name whichever source adds it. `users`: that tenant's Entra users, whose state decides which members of
 * a co-owning group are active.
 */
export function powerAutomateToGraph(data: PowerAutomateDatasets, context: GraphContext, tenantId?: string, names: PrincipalNames = {}, users: readonly EntraUser[] = []): GraphFragment {
  const defaultTenant = tenantId ?? data.environments?.find((e) => e.properties?.tenantId)?.properties?.tenantId;
  const fragments = [
    // Group co-owners with activeMembers, by the rule the Entra groups use (members enabled and not past their leave date).
    ...(defaultTenant && data.ownerGroups ? [groupsToGraph(data.ownerGroups, users, context, defaultTenant)] : []),
    flowsToGraph(data.flows ?? [], data.flowOwners, context, defaultTenant, data.flowDetails ?? [], names),
    flowDetailsToGraph(data.flowDetails ?? [], context),
    flowOwnersToGraph(data.flowOwners ?? [], context, defaultTenant, names),
    flowRunsToGraph(data.flowRuns ?? [], context),
    connectionsToGraph(data.connections ?? [], context, defaultTenant),
    // Agents without their tools dataset are marked: who they act as is unknown, not "nobody".
    copilotAgentsToGraph(data.copilotAgents ?? [], context, defaultTenant, data.agentTools !== undefined),
    agentToolsToGraph(data.agentTools ?? [], context),
    agentConversationsToGraph(data.agentConversations ?? [], context),
  ];
  return { nodes: fragments.flatMap((f) => f.nodes), edges: fragments.flatMap((f) => f.edges) };
}

/**
 * Power Automate's part of the graph. `tenantId`: the Entra tenant of the Power Platform, whose groups, service
 * principals and users (read by the Entra steps) name the flow owners the permissions give only by id and decide
 * which members of a co-owning group are still here.
 */
export function powerAutomateGraphBuilder(tenantId?: string): GraphBuilder<GraphFragment> {
  return {
    system: 'powerautomate',
    async build(read, context) {
      const data: PowerAutomateDatasets = {
        environments: await read(POWER_AUTOMATE_DATASETS.environments),
        flows: await read(POWER_AUTOMATE_DATASETS.flows),
        flowDetails: await read(POWER_AUTOMATE_DATASETS.flowDetails),
        flowOwners: await read(POWER_AUTOMATE_DATASETS.flowOwners),
        ownerGroups: await read(POWER_AUTOMATE_DATASETS.ownerGroups),
        flowRuns: await read(POWER_AUTOMATE_DATASETS.flowRuns),
        connections: await read(POWER_AUTOMATE_DATASETS.connections),
        copilotAgents: await read(POWER_AUTOMATE_DATASETS.copilotAgents),
        agentTools: await read(POWER_AUTOMATE_DATASETS.agentTools),
        agentConversations: await read(POWER_AUTOMATE_DATASETS.agentConversations),
      };
      const names: PrincipalNames = {};
      let users: EntraUser[] = [];
      if (tenantId) {
        // The Entra builder's lookups when it ran before this one (it read these records already), else read here.
        const directory = await entraDirectory(read, context, tenantId, { groups: true });
        names.groups = new Map([...entraDirectoryOf(undefined, data.ownerGroups).groupNames, ...directory.groupNames]);
        if (directory.servicePrincipalNames) names.servicePrincipals = directory.servicePrincipalNames;
        // The users decide only which members of a co-owning group are still here: read (at 140,000 people some
        // 12 MB compressed, the build step's largest repeated read) only when such a group has a user member.
        const usersNeeded = (data.ownerGroups ?? []).some((g) => g.members.some((m) => directoryObjectType(m) === 'user'));
        users = usersNeeded ? ((await read<EntraUser>(entraDatasets(tenantId).users)) ?? []) : [];
      }
      return { fragment: powerAutomateToGraph(data, context, tenantId, names, users) };
    },
  };
}
