/** Power Automate flows, their owners, runs and connections, through the Power Platform admin APIs of one tenant. */
import type { SourceDescriptor } from '../source-descriptor';
import { entraCredentials, entraGraphFor } from '../entra/source';
import { fetchOwnerGroups } from '../entra/groups';
import { POWER_PLATFORM_HOSTS, PowerPlatformClient } from './power-platform-client';
import { powerAutomateExtractionSteps } from './extraction-steps';
import { powerAutomateGraphBuilder } from './to-graph';

export const powerAutomateSource: SourceDescriptor = {
  id: 'powerautomate',
  label: 'Power Automate',
  describes: ['powerautomate', 'people'],
  coverage: { evidence: ['flow-runs'], ownership: ['flows', 'flow-owners', 'owner-groups'] },
  egress: ['https://login.microsoftonline.com', ...Object.values(POWER_PLATFORM_HOSTS).map((host) => `https://${host}`)],
  extractionSteps: (settings, ports) => {
    if (!settings.powerPlatform) return [];
    const { tenantId, environments } = settings.powerPlatform;
    const client = new PowerPlatformClient(entraCredentials(settings, ports, tenantId), ports.egressFetch, ports.sleep);
    // The Entra groups that co-own flows, read in the Power Automate lane right after the flow owners: a group
    // co-owner counts while it has an active member. (Entra's own groups step runs in another lane, alongside.)
    const graphFor = entraGraphFor(settings, ports);
    const ownerGroups = async (groupIds: readonly string[]) => fetchOwnerGroups(await graphFor(tenantId), tenantId, groupIds);
    return powerAutomateExtractionSteps(client, { ...(environments.length > 0 ? { environments } : {}), ownerGroups });
  },
  graphBuilders: (settings) => (settings.powerPlatform ? [powerAutomateGraphBuilder(settings.powerPlatform.tenantId)] : []),
};
