import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError } from '../shared/errors';
import { realSleep } from '../shared/http';
import { JiraClient } from '../sources/jira/jira-client';
import { createTokenProvider } from '../sources/entra/acquire-token';
import { createGraphClient } from '../sources/entra/graph-client';
import { entraSecretKey, readSettings } from '../settings/settings';
import type { SyncSources } from '../sync/steps';
import { egressFetch, requestJiraAsApp } from './adapters/http';
import { kvsStore } from './adapters/kvs-store';

/** Wires the extractors to Forge: Jira as the app, Graph through egress with each tenant's stored secret. */
export function createForgeSyncSources(): SyncSources {
  const graphClients = new Map<string, Client>();
  return {
    jira: new JiraClient(requestJiraAsApp, realSleep),
    async graphFor(tenantId) {
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
      // Fail here, with the token endpoint's own explanation, rather than inside the Graph SDK, which wraps
      // every middleware error into a status-less GraphError. The token is cached for the calls that follow.
      await getToken();
      const client = createGraphClient(getToken, egressFetch);
      graphClients.set(tenantId, client);
      return client;
    },
  };
}
