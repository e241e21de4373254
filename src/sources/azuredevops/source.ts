/** Azure DevOps: service hooks, service connections, users and their PATs, with an admin's PAT from the secret store. */
import type { SourceDescriptor } from '../source-descriptor';
import { ADO_HOSTS, AzureDevOpsClient } from './azure-devops-client';
import { azureDevOpsExtractionSteps } from './extraction-steps';
import { azureDevOpsGraphBuilder } from './to-graph';

/** Secret store key of the Azure DevOps PAT. */
export const AZURE_DEVOPS_PAT_KEY = 'secret:azuredevops:pat';

export const azureDevOpsSource: SourceDescriptor = {
  id: 'azuredevops',
  label: 'Azure DevOps',
  describes: ['azuredevops', 'people'],
  // Service connection executions are the evidence that a connection was used, as deliveries are for hooks.
  coverage: { evidence: ['notifications', 'service-endpoint-executions'], ownership: ['subscriptions', 'users', 'personal-access-tokens'] },
  egress: Object.values(ADO_HOSTS).map((host) => `https://${host}`),
  extractionSteps: (settings, ports, observedAt) => {
    if (!settings.azureDevOps) return [];
    const client = new AzureDevOpsClient({ organization: settings.azureDevOps.organization, readPat: () => ports.secret(AZURE_DEVOPS_PAT_KEY) }, ports.egressFetch, ports.sleep);
    return azureDevOpsExtractionSteps(client, observedAt);
  },
  graphBuilders: (settings) => (settings.azureDevOps ? [azureDevOpsGraphBuilder(settings.azureDevOps.organization)] : []),
};
