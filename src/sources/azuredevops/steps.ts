/**
 * The Azure DevOps extraction steps of one organization, in order. Later steps read earlier datasets: notifications
 * need the subscriptions, service endpoints the projects, their execution records the endpoints, PATs the users.
 * Dataset names: azuredevops.<org>.<entity>.
 */
import { AppError } from '../../shared/errors';
import type { ExtractionStep, StepContext } from '../source-step';
import type { AzureDevOpsClient } from './azure-devops-client';
import { fetchAdoUsers, type AdoUser } from './graph-users';
import { fetchHookNotifications } from './hook-notifications';
import { fetchPersonalAccessTokens } from './personal-access-tokens';
import { fetchAdoProjects, type AdoProject } from './projects';
import { fetchServiceEndpointExecutions } from './service-endpoint-executions';
import { fetchServiceEndpoints, type ServiceEndpoint } from './service-endpoints';
import { fetchServiceHooks, type ServiceHookSubscription } from './service-hooks';

export const azureDevOpsDatasets = (organization: string) =>
  ({
    projects: `azuredevops.${organization}.projects`,
    subscriptions: `azuredevops.${organization}.subscriptions`,
    notifications: `azuredevops.${organization}.notifications`,
    serviceEndpoints: `azuredevops.${organization}.serviceEndpoints`,
    serviceEndpointExecutions: `azuredevops.${organization}.serviceEndpointExecutions`,
    users: `azuredevops.${organization}.users`,
    personalAccessTokens: `azuredevops.${organization}.personalAccessTokens`,
  }) as const;

export function azureDevOpsExtractionSteps(client: AzureDevOpsClient): ExtractionStep[] {
  const organization = client.organization;
  const datasets = azureDevOpsDatasets(organization);
  const required = async <T>({ read }: StepContext, dataset: string, what: string): Promise<T[]> => {
    const records = await read<T>(dataset);
    if (!records) throw new AppError('SOURCE_UNAVAILABLE', `Azure DevOps ${what} of ${organization} were not read, so this step cannot run`, { system: 'azuredevops', organization });
    return records;
  };
  const step = (id: string, label: string, dataset: string, run: ExtractionStep['run'], collection: ExtractionStep['collection'] = 'objects'): ExtractionStep => ({
    id: `azuredevops:${organization}:${id}`,
    system: 'azuredevops',
    label: `${label} (${organization})`,
    dataset,
    collection,
    run,
  });
  return [
    step('projects', 'Azure DevOps projects', datasets.projects, () => fetchAdoProjects(client)),
    step('subscriptions', 'Azure DevOps service hooks', datasets.subscriptions, () => fetchServiceHooks(client)),
    step('notifications', 'Azure DevOps service hook deliveries', datasets.notifications, async (context) =>
      fetchHookNotifications(client, (await required<ServiceHookSubscription>(context, datasets.subscriptions, 'service hooks')).map((s) => s.id), context.map),
    'events'),
    step('service-endpoints', 'Azure DevOps service connections', datasets.serviceEndpoints, async (context) =>
      fetchServiceEndpoints(client, (await required<AdoProject>(context, datasets.projects, 'projects')).map((p) => p.name), context.map),
    ),
    step('service-endpoint-executions', 'Azure DevOps service connection executions', datasets.serviceEndpointExecutions, async (context) =>
      fetchServiceEndpointExecutions(client, (await required<ServiceEndpoint>(context, datasets.serviceEndpoints, 'service connections')).map((e) => ({ projectName: e.projectName, id: e.id })), context.map),
    'events'),
    step('users', 'Azure DevOps users', datasets.users, () => fetchAdoUsers(client)),
    step('personal-access-tokens', 'Azure DevOps personal access tokens', datasets.personalAccessTokens, async (context) =>
      fetchPersonalAccessTokens(client, (await required<AdoUser>(context, datasets.users, 'users')).map((u) => u.descriptor), context.map),
    ),
  ];
}
