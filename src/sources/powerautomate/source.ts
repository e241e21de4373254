/**
 * Power Automate flows, their owners, runs and connections, through the Power Platform admin APIs of one tenant, and
 * the Copilot Studio agents of its environments, through each environment's Dataverse Web API (same app registration).
 */
import type { SourceDescriptor } from '../source-descriptor';
import { entraCredentials, entraGraphFor } from '../entra/source';
import { fetchOwnerGroups } from '../entra/groups';
import { DataverseClient } from './dataverse-client';
import { POWER_PLATFORM_HOSTS, PowerPlatformClient } from './power-platform-client';
import { powerAutomateExtractionSteps } from './extraction-steps';
import { powerAutomateGraphBuilder } from './to-graph';

export const powerAutomateSource: SourceDescriptor = {
  id: 'powerautomate',
  label: 'Power Automate',
  describes: ['powerautomate', 'people'],
  // An agent's owner comes with its own row (copilot-agents): an unread agent list leaves no agent to judge.
  coverage: { evidence: ['flow-runs', 'agent-conversations'], ownership: ['flows', 'flow-owners', 'owner-groups'] },
  // Dataverse organizations are per environment ({org}.crm{N}.dynamics.com): one wildcard, narrowed in dataverse-client.ts.
  egress: ['https://login.microsoftonline.com', ...Object.values(POWER_PLATFORM_HOSTS).map((host) => `https://${host}`), 'https://*.dynamics.com'],
  extractionSteps: (settings, ports, observedAt) => {
    if (!settings.powerPlatform) return [];
    const { tenantId, environments } = settings.powerPlatform;
    const credentials = entraCredentials(settings, ports, tenantId);
    const client = new PowerPlatformClient(credentials, ports.egressFetch, ports.sleep);
    const dataverse = new DataverseClient(credentials, ports.egressFetch, ports.sleep);
    // The Entra groups that co-own flows, read in the Power Automate lane right after the flow owners: a group
    // co-owner counts while it has an active member. (Entra's own groups step runs in another lane, alongside.)
    const graphFor = entraGraphFor(settings, ports);
    const ownerGroups = async (groupIds: readonly string[]) => fetchOwnerGroups(await graphFor(tenantId), tenantId, groupIds);
    return powerAutomateExtractionSteps(client, { ...(environments.length > 0 ? { environments } : {}), ownerGroups, dataverse, observedAt });
  },
  graphBuilders: (settings) => (settings.powerPlatform ? [powerAutomateGraphBuilder(settings.powerPlatform.tenantId)] : []),
};
