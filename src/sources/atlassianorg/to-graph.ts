/**
 * Atlassian organization datasets of one organization -> graph fragment. Missing datasets contribute nothing; a
 * missing service-account read also withholds every person-ownership the tokens and events would give (a token's
 * account might be a service account), so that ownership stays unknown rather than guessed.
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphBuilder } from '../source-step';
import { apiKeysToGraph, type ApiKey } from './api-keys';
import { apiTokensToGraph, type ApiToken } from './api-tokens';
import { orgEventsToGraph, type OrgEvent } from './audit-events';
import { atlassianOrgDatasets } from './extraction-steps';
import { oauthClientsToGraph, type OAuthClient } from './oauth-clients';
import { serviceAccountsToGraph, type ServiceAccount } from './service-accounts';

export interface AtlassianOrgData {
  serviceAccounts?: ServiceAccount[];
  apiTokens?: ApiToken[];
  oauthClients?: OAuthClient[];
  apiKeys?: ApiKey[];
  events?: OrgEvent[];
}

export function atlassianOrgToGraph(data: AtlassianOrgData, orgId: string): GraphFragment {
  const serviceAccountIds = data.serviceAccounts ? new Set(data.serviceAccounts.map((a) => a.accountId)) : undefined;
  const fragments = [
    serviceAccountsToGraph(data.serviceAccounts ?? []),
    apiTokensToGraph(data.apiTokens ?? [], orgId, serviceAccountIds),
    oauthClientsToGraph(data.oauthClients ?? [], orgId),
    apiKeysToGraph(data.apiKeys ?? [], orgId),
    orgEventsToGraph(data.events ?? [], orgId, { tokenIds: new Set((data.apiTokens ?? []).filter((t) => !/^blocked$/i.test(t.status ?? '')).map((t) => t.id)), serviceAccountIds }),
  ];
  return { nodes: fragments.flatMap((f) => f.nodes), edges: fragments.flatMap((f) => f.edges) };
}

export function atlassianOrgGraphBuilder(orgId: string): GraphBuilder<GraphFragment> {
  const datasets = atlassianOrgDatasets(orgId);
  return {
    system: 'atlassianorg',
    async build(read) {
      const data: AtlassianOrgData = {
        serviceAccounts: await read(datasets.serviceAccounts),
        apiTokens: await read(datasets.apiTokens),
        oauthClients: await read(datasets.oauthClients),
        apiKeys: await read(datasets.apiKeys),
        events: await read(datasets.events),
      };
      return { fragment: atlassianOrgToGraph(data, orgId) };
    },
  };
}
