/**
 * The Power Automate extraction steps, in order. Environments first; flows and connections for every environment
 * (or only those named); then per flow its definition, owners and latest runs; then, when a directory reader is
 * given, the Entra groups that co-own flows with their members; then, when a Dataverse client is given, the Copilot
 * Studio agents of every environment with a Dataverse organization, their tools and their latest conversation.
 * Dataset names: powerautomate.<entity>; every record carries its environmentName (and flowName or botId).
 * The owner groups are read here, in the Power Automate lane after the flow owners, not by the Entra groups step:
 * each source system's steps run in a lane of their own alongside the others (src/sync/run-sync.ts), so a step of
 * another lane cannot count on the flow owners being read yet.
 */
import { AppError } from '../../shared/errors';
import { readEvidenceWhereDue } from '../evidence-horizon';
import type { ExtractionStep, StepContext, StepOutput } from '../source-step';
import { fetchAgentConversations } from './agent-conversations';
import { fetchAgentTools } from './agent-tools';
import { fetchConnections } from './connections';
import { fetchCopilotAgents, type CopilotAgent, type DataverseEnvironment } from './copilot-agents';
import { dataverseOrigin, type DataverseClient } from './dataverse-client';
import { fetchEnvironments, type PowerPlatformEnvironment } from './environments';
import { fetchFlowDetails, type FlowDetail } from './flow-details';
import { fetchFlowOwners, flowOwnerGroupIds, type FlowOwner } from './flow-owners';
import type { OwnerGroup } from '../entra/groups';
import type { ParsedRecords } from '../parse-records';
import { fetchFlowRuns, type FlowRun } from './flow-runs';
import { fetchFlows, type Flow } from './flows';
import type { PowerPlatformClient } from './power-platform-client';

export const POWER_AUTOMATE_DATASETS = {
  environments: 'powerautomate.environments',
  flows: 'powerautomate.flows',
  flowDetails: 'powerautomate.flowDetails',
  flowOwners: 'powerautomate.flowOwners',
  ownerGroups: 'powerautomate.ownerGroups',
  flowRuns: 'powerautomate.flowRuns',
  connections: 'powerautomate.connections',
  copilotAgents: 'powerautomate.copilotAgents',
  agentTools: 'powerautomate.agentTools',
  agentConversations: 'powerautomate.agentConversations',
} as const;

export interface PowerAutomateStepOptions {
  /** Only these environments (names such as Default-<tenantId>); all when absent. */
  environments?: readonly string[];
  /** Reads Entra groups with their members (entra/groups.ts fetchOwnerGroups in the Power Platform's tenant). */
  ownerGroups?: (groupIds: readonly string[]) => Promise<ParsedRecords<OwnerGroup>>;
  /** Reads each environment's Dataverse organization (Copilot Studio agents); no agent steps without it. */
  dataverse?: DataverseClient;
  /** The sync's clock (Jira's serverTime), which decides whose runs are read again. */
  observedAt?: () => string | undefined;
}

const flowKey = (flow: { environmentName: string; name: string }) => `${flow.environmentName}/${flow.name}`;

/**
 * Flow definitions, read only for flows that changed since the last complete sync. A flow's definition (triggers,
 * actions, connection references) changes only when the flow is saved, and saving moves the list's
 * `properties.lastModifiedTime` (the maker portal's "Modified"; a run or an owner change does not). A flow whose
 * list record is the same as last time in every property (modified time, state, name, trigger summary) keeps its
 * last definition; a flow without a modified time, a new one, or one with no stored definition is read.
 */
async function readChangedFlowDetails(client: PowerPlatformClient, context: StepContext, refs: readonly { environmentName: string; name: string }[]): Promise<ParsedRecords<FlowDetail>> {
  const [listed, listedBefore, detailsBefore] = await Promise.all([context.read<Flow>(POWER_AUTOMATE_DATASETS.flows), context.previous<Flow>(POWER_AUTOMATE_DATASETS.flows), context.previous<FlowDetail>(POWER_AUTOMATE_DATASETS.flowDetails)]);
  const kept = new Map<string, FlowDetail>();
  if (listed && listedBefore && detailsBefore) {
    const before = new Map(listedBefore.map((flow) => [flowKey(flow), JSON.stringify(flow.properties)]));
    const detailBefore = new Map(detailsBefore.map((detail) => [flowKey(detail), detail]));
    for (const flow of listed) {
      const detail = detailBefore.get(flowKey(flow));
      if (detail && flow.properties.lastModifiedTime && before.get(flowKey(flow)) === JSON.stringify(flow.properties)) kept.set(flowKey(flow), detail);
    }
  }
  const read = await fetchFlowDetails(client, refs.filter((ref) => !kept.has(flowKey(ref))), context.map);
  const fresh = new Map(read.records.map((detail) => [flowKey(detail), detail]));
  // In the list's order, as a full read stores them, so an unchanged dataset is written as unchanged.
  return { records: refs.flatMap((ref) => kept.get(flowKey(ref)) ?? fresh.get(flowKey(ref)) ?? []), quarantined: read.quarantined };
}

/**
 * Flow runs, read again only where they could change a finding (src/sources/evidence-horizon.ts): a flow whose list
 * record is unchanged and whose latest run, as last read, is still well inside the dormancy window keeps its runs.
 */
async function readFlowRunsWhereDue(client: PowerPlatformClient, context: StepContext, observedAt: string): Promise<StepOutput> {
  const flows = await context.read<Flow>(POWER_AUTOMATE_DATASETS.flows);
  if (!flows) throw new AppError('SOURCE_UNAVAILABLE', 'Power Automate flows were not read, so their runs cannot be', { system: 'powerautomate', tenantId: client.credentials.tenantId });
  return readEvidenceWhereDue(context, observedAt, {
    objects: flows,
    objectsDataset: POWER_AUTOMATE_DATASETS.flows,
    objectKey: flowKey,
    objectState: (flow) => flow.properties,
    dataset: POWER_AUTOMATE_DATASETS.flowRuns,
    keyOf: (run: FlowRun) => `${run.environmentName}/${run.flowName}`,
    timeOf: (run) => run.startTime,
    read: (keys) => {
      const wanted = new Set(keys);
      return fetchFlowRuns(client, flows.filter((flow) => wanted.has(flowKey(flow))).map((f) => ({ environmentName: f.environmentName, name: f.name })), context.map);
    },
  });
}

export function powerAutomateExtractionSteps(client: PowerPlatformClient, options: PowerAutomateStepOptions = {}): ExtractionStep[] {
  const tenantId = client.credentials.tenantId;
  const environmentNames = async ({ read }: StepContext) => {
    const environments = await read<PowerPlatformEnvironment>(POWER_AUTOMATE_DATASETS.environments);
    if (!environments) throw new AppError('SOURCE_UNAVAILABLE', 'Power Platform environments were not read, so their flows and connections cannot be', { system: 'powerautomate', tenantId });
    const names = environments.map((e) => e.name);
    return options.environments ? names.filter((n) => options.environments?.includes(n)) : names;
  };
  const flowRefs = async ({ read }: StepContext) => {
    const flows = await read<Flow>(POWER_AUTOMATE_DATASETS.flows);
    if (!flows) throw new AppError('SOURCE_UNAVAILABLE', 'Power Automate flows were not read, so their details, owners and runs cannot be', { system: 'powerautomate', tenantId });
    return flows.map((f) => ({ environmentName: f.environmentName, name: f.name }));
  };
  const dataverseEnvironments = async (context: StepContext): Promise<DataverseEnvironment[]> => {
    const environments = await context.read<PowerPlatformEnvironment>(POWER_AUTOMATE_DATASETS.environments);
    if (!environments) throw new AppError('SOURCE_UNAVAILABLE', 'Power Platform environments were not read, so their Copilot Studio agents cannot be', { system: 'powerautomate', tenantId });
    const wanted = new Set(await environmentNames(context));
    // An environment without a Dataverse organization has no agents; one whose URL is not a Dataverse host is never called.
    return environments.flatMap((e) => {
      const origin = dataverseOrigin(e.properties?.linkedEnvironmentMetadata?.instanceUrl);
      return wanted.has(e.name) && origin ? [{ environmentName: e.name, origin }] : [];
    });
  };
  const agents = async ({ read }: StepContext) => {
    const records = await read<CopilotAgent>(POWER_AUTOMATE_DATASETS.copilotAgents);
    // Optional like the agents' own read: when that step was skipped or failed, it says so and holds what it must.
    if (!records) throw new AppError('SOURCE_UNAVAILABLE', 'Copilot Studio agents were not read, so their tools and conversations cannot be', { system: 'powerautomate', tenantId, optional: true });
    return records;
  };
  const dataverse = options.dataverse;
  const step = (id: string, label: string, dataset: string, run: ExtractionStep['run'], collection: ExtractionStep['collection'] = 'objects'): ExtractionStep => ({ id: `powerautomate:${id}`, system: 'powerautomate', tenantId, label, dataset, collection, run });
  return [
    step('environments', 'Power Platform environments', POWER_AUTOMATE_DATASETS.environments, () => fetchEnvironments(client)),
    step('flows', 'Power Automate flows', POWER_AUTOMATE_DATASETS.flows, async (context) => fetchFlows(client, await environmentNames(context))),
    step('flow-details', 'Power Automate flow definitions', POWER_AUTOMATE_DATASETS.flowDetails, async (context) => readChangedFlowDetails(client, context, await flowRefs(context))),
    step('flow-owners', 'Power Automate flow owners', POWER_AUTOMATE_DATASETS.flowOwners, async (context) => fetchFlowOwners(client, await flowRefs(context), context.map)),
    ...(options.ownerGroups
      ? [
          step('owner-groups', 'Entra groups that co-own flows', POWER_AUTOMATE_DATASETS.ownerGroups, async ({ read }) => {
            const owners = await read<FlowOwner>(POWER_AUTOMATE_DATASETS.flowOwners);
            if (!owners) throw new AppError('SOURCE_UNAVAILABLE', 'Power Automate flow owners were not read, so the groups among them cannot be', { system: 'powerautomate', tenantId });
            return options.ownerGroups?.(flowOwnerGroupIds(owners)) ?? { records: [], quarantined: [] };
          }),
        ]
      : []),
    step('flow-runs', 'Power Automate flow runs', POWER_AUTOMATE_DATASETS.flowRuns, async (context) => readFlowRunsWhereDue(client, context, options.observedAt?.() ?? new Date().toISOString()), 'events'),
    step('connections', 'Power Platform connections', POWER_AUTOMATE_DATASETS.connections, async (context) => fetchConnections(client, await environmentNames(context))),
    ...(dataverse
      ? [
          step('copilot-agents', 'Copilot Studio agents', POWER_AUTOMATE_DATASETS.copilotAgents, async (context) => fetchCopilotAgents(dataverse, await dataverseEnvironments(context))),
          step('agent-tools', 'Copilot Studio agent tools', POWER_AUTOMATE_DATASETS.agentTools, async (context) => fetchAgentTools(dataverse, await dataverseEnvironments(context), await agents(context))),
          step('agent-conversations', 'Copilot Studio agent conversations', POWER_AUTOMATE_DATASETS.agentConversations, async (context) => fetchAgentConversations(dataverse, await dataverseEnvironments(context), await agents(context), context.map), 'events'),
        ]
      : []),
  ];
}
