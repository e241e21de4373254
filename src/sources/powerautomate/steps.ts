/**
 * The Power Automate extraction steps, in order. Environments first; flows and connections for every environment
 * (or only those named); then per flow its definition, owners and latest runs. Dataset names: powerautomate.<entity>;
 * every record carries its environmentName (and flowName).
 */
import { AppError } from '../../shared/errors';
import type { ExtractionStep, StepContext } from '../source-step';
import { fetchConnections } from './connections';
import { fetchEnvironments, type PowerPlatformEnvironment } from './environments';
import { fetchFlowDetails } from './flow-details';
import { fetchFlowOwners } from './flow-owners';
import { fetchFlowRuns } from './flow-runs';
import { fetchFlows, type Flow } from './flows';
import type { PowerPlatformClient } from './power-platform-client';

export const POWER_AUTOMATE_DATASETS = {
  environments: 'powerautomate.environments',
  flows: 'powerautomate.flows',
  flowDetails: 'powerautomate.flowDetails',
  flowOwners: 'powerautomate.flowOwners',
  flowRuns: 'powerautomate.flowRuns',
  connections: 'powerautomate.connections',
} as const;

export interface PowerAutomateStepOptions {
  /** Only these environments (names such as Default-<tenantId>); all when absent. */
  environments?: readonly string[];
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
  const step = (id: string, label: string, dataset: string, run: ExtractionStep['run'], collection: ExtractionStep['collection'] = 'objects'): ExtractionStep => ({ id: `powerautomate:${id}`, system: 'powerautomate', tenantId, label, dataset, collection, run });
  return [
    step('environments', 'Power Platform environments', POWER_AUTOMATE_DATASETS.environments, () => fetchEnvironments(client)),
    step('flows', 'Power Automate flows', POWER_AUTOMATE_DATASETS.flows, async (context) => fetchFlows(client, await environmentNames(context))),
    step('flow-details', 'Power Automate flow definitions', POWER_AUTOMATE_DATASETS.flowDetails, async (context) => fetchFlowDetails(client, await flowRefs(context), context.map)),
    step('flow-owners', 'Power Automate flow owners', POWER_AUTOMATE_DATASETS.flowOwners, async (context) => fetchFlowOwners(client, await flowRefs(context), context.map)),
    step('flow-runs', 'Power Automate flow runs', POWER_AUTOMATE_DATASETS.flowRuns, async (context) => fetchFlowRuns(client, await flowRefs(context), context.map), 'events'),
    step('connections', 'Power Platform connections', POWER_AUTOMATE_DATASETS.connections, async (context) => fetchConnections(client, await environmentNames(context))),
  ];
}
