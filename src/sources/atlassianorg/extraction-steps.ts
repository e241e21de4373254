/**
 * The Atlassian organization steps of one organization, in order: service accounts first (the token and audit
 * graph asks which accounts are service accounts), then API tokens, OAuth clients, API keys, and the audit log over
 * the dormancy window before the sync's clock. Each step reads one endpoint and needs only its own scope, so a key
 * without one scope loses that dataset alone. Dataset names: atlassianorg.<orgId>.<entity>.
 */
import type { ExtractionStep } from '../source-step';
import type { AtlassianOrgClient } from './atlassian-org-client';
import { fetchApiKeys } from './api-keys';
import { fetchApiTokens } from './api-tokens';
import { fetchOrgEvents } from './audit-events';
import { fetchOAuthClients } from './oauth-clients';
import { fetchServiceAccounts } from './service-accounts';

export const atlassianOrgDatasets = (orgId: string) =>
  ({
    serviceAccounts: `atlassianorg.${orgId}.serviceAccounts`,
    apiTokens: `atlassianorg.${orgId}.apiTokens`,
    oauthClients: `atlassianorg.${orgId}.oauthClients`,
    apiKeys: `atlassianorg.${orgId}.apiKeys`,
    events: `atlassianorg.${orgId}.events`,
  }) as const;

export function atlassianOrgExtractionSteps(client: AtlassianOrgClient, observedAt: () => string | undefined = () => undefined): ExtractionStep[] {
  const orgId = client.orgId;
  const datasets = atlassianOrgDatasets(orgId);
  const step = (id: string, label: string, dataset: string, run: ExtractionStep['run'], collection: ExtractionStep['collection'] = 'objects'): ExtractionStep => ({
    id: `atlassianorg:${orgId}:${id}`,
    system: 'atlassianorg',
    label: `${label} (organization ${orgId})`,
    dataset,
    collection,
    run,
  });
  return [
    step('service-accounts', 'Atlassian service accounts', datasets.serviceAccounts, () => fetchServiceAccounts(client)),
    step('api-tokens', 'Atlassian API tokens', datasets.apiTokens, () => fetchApiTokens(client)),
    step('oauth-clients', 'Atlassian OAuth 2.0 clients', datasets.oauthClients, () => fetchOAuthClients(client)),
    step('api-keys', 'Atlassian organization API keys', datasets.apiKeys, () => fetchApiKeys(client)),
    // A window of the log, not a directory: absence of an event is no news (collection 'events').
    step('events', 'Atlassian organization audit log (API tokens, Rovo MCP)', datasets.events, ({ settings }) => fetchOrgEvents(client, observedAt() ?? new Date().toISOString(), settings.dormancyWindowDays), 'events'),
  ];
}
