/**
 * Azure DevOps datasets of one organization -> graph fragment (docs/graph-mapping.md "Azure DevOps"). Missing
 * datasets contribute nothing.
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphBuilder, GraphContext } from '../source-step';
import { azureDevOpsDatasets } from './extraction-steps';
import { adoUsersToGraph, type AdoUser } from './graph-users';
import { hookNotificationsToGraph, type HookNotification } from './hook-notifications';
import { personalAccessTokensToGraph, type PersonalAccessToken } from './personal-access-tokens';
import { adoProjectsToGraph, type AdoProject } from './projects';
import { serviceEndpointsToGraph, type ServiceEndpoint, type ServicePrincipalLookup } from './service-endpoints';
import type { ServiceEndpointExecution } from './service-endpoint-executions';
import { entraDirectory } from '../entra/directory';
import { serviceHooksToGraph, type ServiceHookSubscription } from './service-hooks';

export interface AzureDevOpsDatasets {
  projects?: AdoProject[];
  subscriptions?: ServiceHookSubscription[];
  notifications?: HookNotification[];
  serviceEndpoints?: ServiceEndpoint[];
  serviceEndpointExecutions?: ServiceEndpointExecution[];
  users?: AdoUser[];
  personalAccessTokens?: PersonalAccessToken[];
}

/**
 * `servicePrincipal` finds the Entra service principal a service connection names by tenant and application id
 * (read from the Entra datasets of that tenant); without it no connection is linked to an Entra identity.
 */
export function azureDevOpsToGraph(data: AzureDevOpsDatasets, context: GraphContext, organization: string, servicePrincipal?: ServicePrincipalLookup): GraphFragment {
  const fragments = [
    adoProjectsToGraph(data.projects ?? [], context, organization),
    serviceHooksToGraph(data.subscriptions ?? [], context, organization),
    hookNotificationsToGraph(data.notifications ?? [], context, organization),
    serviceEndpointsToGraph({ endpoints: data.serviceEndpoints ?? [], executions: data.serviceEndpointExecutions ?? [], ...(servicePrincipal ? { servicePrincipal } : {}) }, context, organization),
    adoUsersToGraph(data.users ?? [], context, organization),
    personalAccessTokensToGraph(data.personalAccessTokens ?? [], data.projects ?? [], context, organization, data.users ?? []),
  ];
  return { nodes: fragments.flatMap((f) => f.nodes), edges: fragments.flatMap((f) => f.edges) };
}

/**
 * One Azure DevOps organization's part of the graph. The service principals of every Entra tenant a service
 * connection names are read from that tenant's dataset (undefined when the tenant is not configured).
 */
export function azureDevOpsGraphBuilder(organization: string): GraphBuilder<GraphFragment> {
  const datasets = azureDevOpsDatasets(organization);
  return {
    system: 'azuredevops',
    async build(read, context) {
      const data: AzureDevOpsDatasets = {
        projects: await read(datasets.projects),
        subscriptions: await read(datasets.subscriptions),
        notifications: await read(datasets.notifications),
        serviceEndpoints: await read(datasets.serviceEndpoints),
        serviceEndpointExecutions: await read(datasets.serviceEndpointExecutions),
        users: await read(datasets.users),
        personalAccessTokens: await read(datasets.personalAccessTokens),
      };
      const tenants = [...new Set((data.serviceEndpoints ?? []).flatMap((e) => (e.account?.tenantId ? [e.account.tenantId.toLowerCase()] : [])))].sort();
      // A tenant's service principal ids by application id, as the Entra builder looked them up when it ran before
      // this one, else read here; only the map is kept, not the records (30,000 at the largest size).
      const byTenant = new Map<string, ReadonlyMap<string, string>>();
      for (const tenantId of tenants) {
        const ids = (await entraDirectory(read, context, tenantId, { groups: false })).servicePrincipalIdsByAppId;
        if (ids) byTenant.set(tenantId, ids);
      }
      const servicePrincipal: ServicePrincipalLookup = (tenantId, appId) => {
        const id = byTenant.get(tenantId.toLowerCase())?.get(appId.toLowerCase());
        return id ? { id } : undefined;
      };
      return { fragment: azureDevOpsToGraph(data, context, organization, servicePrincipal) };
    },
  };
}
