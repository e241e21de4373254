/**
 * Wires the extractors to Forge: Jira as the app, Graph and the other clouds through egress with the secrets kept
 * in Forge secret storage. Each configured system contributes its extraction steps and its graph builder.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError } from '../shared/errors';
import { HOST_CONCURRENCY, HostGates } from '../shared/concurrency';
import { realSleep, type EgressFetch, type ProductRequest } from '../shared/http';
import { JiraClient } from '../sources/jira/jira-client';
import { jiraExtractionSteps } from '../sources/jira/steps';
import { jiraGraphBuilder } from '../sources/jira/to-graph';
import { createTokenProvider } from '../sources/entra/acquire-token';
import { createGraphClient } from '../sources/entra/graph-client';
import { fetchOwnerGroups } from '../sources/entra/groups';
import { entraExtractionSteps } from '../sources/entra/steps';
import { entraGraphBuilder } from '../sources/entra/to-graph';
import { AutomationClient } from '../sources/automation/automation-client';
import { AUTOMATION_DATASETS, automationExtractionSteps } from '../sources/automation/steps';
import { automationGraphBuilder } from '../sources/automation/to-graph';
import { PowerPlatformClient } from '../sources/powerautomate/power-platform-client';
import { powerAutomateExtractionSteps } from '../sources/powerautomate/steps';
import { powerAutomateGraphBuilder } from '../sources/powerautomate/to-graph';
import { AzureDevOpsClient } from '../sources/azuredevops/azure-devops-client';
import { azureDevOpsExtractionSteps } from '../sources/azuredevops/steps';
import { azureDevOpsGraphBuilder } from '../sources/azuredevops/to-graph';
import type { ExtractionStep, GraphBuilder } from '../sources/source-step';
import { AUTOMATION_TOKEN_KEY, AZURE_DEVOPS_PAT_KEY, entraSecretKey, readSettings, type Settings } from '../settings/settings';
import { readDataset } from '../store/dataset-store';
import type { SyncSources } from '../sync/steps';
import { JiraWriter } from '../tickets/jira-writer';
import { egressFetch as forgeEgressFetch, jiraAsApp } from './adapters/http';
import { kvsStore } from './adapters/kvs-store';
import { findingEntityStore } from './adapters/finding-entity-store';

/** Where the last uploaded automation export is kept (outside any sync), and the step that brings it into a sync. */
export const UPLOAD_SCOPE = 'uploads';

const entraCredentials = (settings: Settings, tenantId: string) => {
  const tenant = settings.entraTenants.find((t) => t.tenantId === tenantId);
  if (!tenant) throw new AppError('NOT_CONFIGURED', `Entra tenant ${tenantId} is not configured`, { tenantId });
  return { tenantId, clientId: tenant.clientId, readClientSecret: () => kvsStore.getSecret(entraSecretKey(tenantId)) };
};

/** `cloudId` is the Jira site's (from the invocation's installContext); the Automation API is addressed by it. */
export function createForgeSyncSources(cloudId?: string): SyncSources {
  // Every extraction request passes its host's gate: bounded requests in flight, and Retry-After / NearLimit
  // answers slow the whole host down, not only the request that got them.
  const gates = new HostGates(HOST_CONCURRENCY, realSleep);
  const jiraRequest: ProductRequest = (path, init) => gates.for('jira').run(() => jiraAsApp(path, init));
  const egressFetch: EgressFetch = (url, init) => gates.for(new URL(url).host).run(() => forgeEgressFetch(url, init));
  const jira = new JiraClient(jiraRequest, realSleep);
  const graphClients = new Map<string, Client>();
  const graphFor = async (tenantId: string): Promise<Client> => {
    const existing = graphClients.get(tenantId);
    if (existing) return existing;
    const getToken = createTokenProvider(entraCredentials(await readSettings(kvsStore), tenantId), egressFetch, realSleep);
    // Fail here, with the token endpoint's own explanation, rather than inside the Graph SDK, which wraps every
    // middleware error into a status-less GraphError. The token is cached for the calls that follow.
    await getToken();
    const client = createGraphClient(getToken, egressFetch);
    graphClients.set(tenantId, client);
    return client;
  };

  function extractionSteps(settings: Settings, observedAt: () => string | undefined): ExtractionStep[] {
    const steps: ExtractionStep[] = [...jiraExtractionSteps(jira, observedAt)];
    if (settings.automation.source === 'api' && settings.automation.adminEmail && cloudId) {
      const client = new AutomationClient({ cloudId, email: settings.automation.adminEmail, readApiToken: () => kvsStore.getSecret(AUTOMATION_TOKEN_KEY) }, egressFetch, realSleep);
      steps.push(...automationExtractionSteps(client));
    } else {
      steps.push({
        id: 'automation:export',
        system: 'automation',
        label: 'Jira automation rules (uploaded export)',
        dataset: AUTOMATION_DATASETS.exportedRules,
        run: async () => {
          const rules = await readDataset(kvsStore, UPLOAD_SCOPE, AUTOMATION_DATASETS.exportedRules);
          if (!rules) throw new AppError('NOT_CONFIGURED', 'No automation export has been uploaded yet: upload one in Settings > Automation rules', { system: 'automation', optional: true });
          return { records: rules, quarantined: [] };
        },
      });
    }
    for (const tenant of settings.entraTenants) steps.push(...entraExtractionSteps(tenant, graphFor, { observedAt }));
    if (settings.powerPlatform) {
      const client = new PowerPlatformClient(entraCredentials(settings, settings.powerPlatform.tenantId), egressFetch, realSleep);
      const environments = settings.powerPlatform.environments;
      // The Entra groups that co-own flows, read in the Power Automate lane right after the flow owners: a group
      // co-owner counts while it has an active member. (Entra's own groups step runs in another lane, alongside.)
      const tenantId = settings.powerPlatform.tenantId;
      const ownerGroups = async (groupIds: readonly string[]) => fetchOwnerGroups(await graphFor(tenantId), tenantId, groupIds);
      steps.push(...powerAutomateExtractionSteps(client, { ...(environments.length > 0 ? { environments } : {}), ownerGroups }));
    }
    if (settings.azureDevOps) {
      const client = new AzureDevOpsClient({ organization: settings.azureDevOps.organization, readPat: () => kvsStore.getSecret(AZURE_DEVOPS_PAT_KEY) }, egressFetch, realSleep);
      steps.push(...azureDevOpsExtractionSteps(client));
    }
    return steps;
  }

  function graphBuilders(settings: Settings, siteHost: string): GraphBuilder[] {
    const builders: GraphBuilder[] = [jiraGraphBuilder(siteHost), automationGraphBuilder(), ...settings.entraTenants.map((t) => entraGraphBuilder(t.tenantId))];
    if (settings.powerPlatform) builders.push(powerAutomateGraphBuilder(settings.powerPlatform.tenantId));
    if (settings.azureDevOps) builders.push(azureDevOpsGraphBuilder(settings.azureDevOps.organization));
    return builders;
  }

  return { jira, findings: findingEntityStore, ticketWriter: new JiraWriter(jiraAsApp, realSleep), sleep: realSleep, extractionSteps, graphBuilders };
}
