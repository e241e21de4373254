/**
 * Wires the extractors to Forge: Jira as the app, Graph and the other clouds through egress with the secrets kept
 * in Forge secret storage. Each configured system contributes its extraction steps and its graph builder.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError } from '../shared/errors';
import { realSleep } from '../shared/http';
import { JiraClient } from '../sources/jira/jira-client';
import { jiraExtractionSteps } from '../sources/jira/steps';
import { jiraGraphBuilder } from '../sources/jira/to-graph';
import { createTokenProvider } from '../sources/entra/acquire-token';
import { createGraphClient } from '../sources/entra/graph-client';
import { entraSecretKey, readSettings, type Settings } from '../settings/settings';
import type { SyncSources } from '../sync/steps';
import type { ExtractionStep } from '../sources/source-step';
import { fetchServicePrincipals } from '../sources/entra/fetch-service-principals';
import { egressFetch, requestJiraAsApp } from './adapters/http';
import { kvsStore } from './adapters/kvs-store';
import { findingEntityStore } from './adapters/finding-entity-store';

export function createForgeSyncSources(): SyncSources {
  const jira = new JiraClient(requestJiraAsApp, realSleep);
  const graphClients = new Map<string, Client>();
  const graphFor = async (tenantId: string): Promise<Client> => {
    const existing = graphClients.get(tenantId);
    if (existing) return existing;
    const settings = await readSettings(kvsStore);
    const tenant = settings.entraTenants.find((t) => t.tenantId === tenantId);
    if (!tenant) throw new AppError('NOT_CONFIGURED', `Entra tenant ${tenantId} is not configured`, { tenantId });
    const getToken = createTokenProvider(
      { tenantId, clientId: tenant.clientId, readClientSecret: () => kvsStore.getSecret(entraSecretKey(tenantId)) },
      egressFetch,
      realSleep,
    );
    // Fail here, with the token endpoint's own explanation, rather than inside the Graph SDK, which wraps every
    // middleware error into a status-less GraphError. The token is cached for the calls that follow.
    await getToken();
    const client = createGraphClient(getToken, egressFetch);
    graphClients.set(tenantId, client);
    return client;
  };
  return {
    jira,
    findings: findingEntityStore,
    extractionSteps: (settings: Settings, observedAt) => [...jiraExtractionSteps(jira, observedAt), ...entraSteps(settings, graphFor)],
    graphBuilders: (_settings, siteHost) => [jiraGraphBuilder(siteHost)],
  };
}

function entraSteps(settings: Settings, graphFor: (tenantId: string) => Promise<Client>): ExtractionStep[] {
  return settings.entraTenants.map((tenant) => ({
    id: `entra:${tenant.tenantId}:service-principals`,
    system: 'entra' as const,
    tenantId: tenant.tenantId,
    label: `Entra service principals (${tenant.displayName ?? tenant.tenantId})`,
    dataset: `entra.${tenant.tenantId}.servicePrincipals`,
    run: async () => fetchServicePrincipals(await graphFor(tenant.tenantId), tenant.tenantId),
  }));
}
