/**
 * Azure DevOps datasets of one organization -> graph fragment (docs/graph-mapping.md "Azure DevOps"). Missing
 * datasets contribute nothing.
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphBuilder, GraphContext } from '../source-step';
import { azureDevOpsDatasets } from './steps';
import { adoUsersToGraph, type AdoUser } from './graph-users';
import { hookNotificationsToGraph, type HookNotification } from './hook-notifications';
import { personalAccessTokensToGraph, type PersonalAccessToken } from './personal-access-tokens';
import { adoProjectsToGraph, type AdoProject } from './projects';
import { serviceEndpointsToGraph, type ServiceEndpoint } from './service-endpoints';
import { serviceHooksToGraph, type ServiceHookSubscription } from './service-hooks';

export interface AzureDevOpsDatasets {
  projects?: AdoProject[];
  subscriptions?: ServiceHookSubscription[];
  notifications?: HookNotification[];
  serviceEndpoints?: ServiceEndpoint[];
  users?: AdoUser[];
  personalAccessTokens?: PersonalAccessToken[];
}

export function azureDevOpsToGraph(data: AzureDevOpsDatasets, context: GraphContext, organization: string): GraphFragment {
  const fragments = [
    adoProjectsToGraph(data.projects ?? [], context, organization),
    serviceHooksToGraph(data.subscriptions ?? [], context, organization),
    hookNotificationsToGraph(data.notifications ?? [], context, organization),
    serviceEndpointsToGraph(data.serviceEndpoints ?? [], context, organization),
    adoUsersToGraph(data.users ?? [], context, organization),
    personalAccessTokensToGraph(data.personalAccessTokens ?? [], data.projects ?? [], context, organization),
  ];
  return { nodes: fragments.flatMap((f) => f.nodes), edges: fragments.flatMap((f) => f.edges) };
}

/** One Azure DevOps organization's part of the graph. */
export function azureDevOpsGraphBuilder(organization: string): GraphBuilder {
  const datasets = azureDevOpsDatasets(organization);
  return {
    system: 'azuredevops',
    async build(read, context) {
      const data: AzureDevOpsDatasets = {
        projects: await read(datasets.projects),
        subscriptions: await read(datasets.subscriptions),
        notifications: await read(datasets.notifications),
        serviceEndpoints: await read(datasets.serviceEndpoints),
        users: await read(datasets.users),
        personalAccessTokens: await read(datasets.personalAccessTokens),
      };
      return { fragment: azureDevOpsToGraph(data, context, organization) };
    },
  };
}
