/**
 * The Azure DevOps extraction steps of one organization, in order. Later steps read earlier datasets: notifications
 * need the subscriptions, service endpoints the projects, their execution records the endpoints, PATs the users.
 * Dataset names: azuredevops.<org>.<entity>.
 */
import { AppError } from '../../shared/errors';
import { readEvidenceWhereDue } from '../evidence-horizon';
import type { ExtractionStep, StepContext } from '../source-step';
import type { AzureDevOpsClient } from './azure-devops-client';
import { fetchAdoUsers, type AdoUser } from './graph-users';
import { fetchHookNotifications, type HookNotification } from './hook-notifications';
import { fetchPersonalAccessTokens, type PersonalAccessToken } from './personal-access-tokens';
import { fetchTokenAudit, patChangesSince, withLapsedTokensInvalid, type TokenAuditRecord } from './token-audit';
import { incrementalBase, parseReadMark } from '../read-mark';
import { fetchAdoProjects, type AdoProject } from './projects';
import { fetchServiceEndpointExecutions, type ServiceEndpointExecution } from './service-endpoint-executions';
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
    tokenAudit: `azuredevops.${organization}.tokenAudit`,
    personalAccessTokens: `azuredevops.${organization}.personalAccessTokens`,
  }) as const;

export function azureDevOpsExtractionSteps(client: AzureDevOpsClient, observedAt: () => string | undefined = () => undefined): ExtractionStep[] {
  const organization = client.organization;
  const now = () => observedAt() ?? new Date().toISOString();
  const markOf = (fullAt: string | undefined) => JSON.stringify({ fullAt: fullAt ?? now(), readAt: now() });
  /**
   * What a resync may keep of the last sync's tokens: every user's but new users', users the audit log places a
   * token change on (token-audit.ts); a kept token past its validTo is kept as invalid, while the last full read is under
   * a week old (read-mark.ts). Undefined: read every user's tokens.
   */
  const tokensSinceLast = async (context: StepContext, users: readonly AdoUser[]) => {
    const mark = parseReadMark(context.previousCursor);
    const previous = mark ? await context.previous<PersonalAccessToken>(datasets.personalAccessTokens) : undefined;
    const previousUsers = mark ? await context.previous<AdoUser>(datasets.users) : undefined;
    const audit = await context.read<TokenAuditRecord>(datasets.tokenAudit);
    const base = incrementalBase(mark, previous, audit, now());
    if (!base || !previous || !previousUsers || !audit) return undefined;
    const changed = patChangesSince(audit, base.readAt, users, previous);
    if (changed === 'all') return undefined;
    const known = new Set(previousUsers.map((u) => u.descriptor));
    const reread = new Set([...changed, ...users.map((u) => u.descriptor).filter((d) => !known.has(d))]);
    return { previous: withLapsedTokensInvalid(previous, now()), reread, fullAt: base.fullAt };
  };
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
    // Activity evidence (deliveries, executions) is read again only where it could change a finding (evidence-horizon.ts).
    step('notifications', 'Azure DevOps service hook deliveries', datasets.notifications, async (context) => {
      const subscriptions = await required<ServiceHookSubscription>(context, datasets.subscriptions, 'service hooks');
      return readEvidenceWhereDue(context, now(), {
        objects: subscriptions,
        objectsDataset: datasets.subscriptions,
        objectKey: (sub) => sub.id,
        dataset: datasets.notifications,
        keyOf: (n: HookNotification) => n.subscriptionId,
        timeOf: (n) => n.createdDate,
        read: (ids) => fetchHookNotifications(client, ids, context.map),
      });
    }, 'events'),
    step('service-endpoints', 'Azure DevOps service connections', datasets.serviceEndpoints, async (context) =>
      fetchServiceEndpoints(client, (await required<AdoProject>(context, datasets.projects, 'projects')).map((p) => p.name), context.map),
    ),
    step('service-endpoint-executions', 'Azure DevOps service connection executions', datasets.serviceEndpointExecutions, async (context) => {
      const endpoints = await required<ServiceEndpoint>(context, datasets.serviceEndpoints, 'service connections');
      const endpointKey = (e: { projectName: string; id: string }) => `${e.projectName}/${e.id}`;
      const byKey = new Map(endpoints.map((e) => [endpointKey(e), { projectName: e.projectName, id: e.id }]));
      return readEvidenceWhereDue(context, now(), {
        objects: endpoints,
        objectsDataset: datasets.serviceEndpoints,
        objectKey: endpointKey,
        dataset: datasets.serviceEndpointExecutions,
        keyOf: (x: ServiceEndpointExecution) => `${x.projectName}/${x.endpointId}`,
        timeOf: (x) => x.at,
        read: (keys) => fetchServiceEndpointExecutions(client, keys.flatMap((k) => byKey.get(k) ?? []), context.map),
      });
    }, 'events'),
    step('users', 'Azure DevOps users', datasets.users, () => fetchAdoUsers(client)),
    // The audit log before the tokens: a resync re-reads only the users whose tokens it says changed, and new users.
    step('token-audit', 'Azure DevOps audit log (token events)', datasets.tokenAudit, async (context) => {
      const result = await fetchTokenAudit(client, parseReadMark(context.previousCursor)?.readAt, now());
      return { ...result, cursor: markOf(undefined) };
    }, 'events'),
    step('personal-access-tokens', 'Azure DevOps personal access tokens', datasets.personalAccessTokens, async (context) => {
      const users = await required<AdoUser>(context, datasets.users, 'users');
      const unchanged = await tokensSinceLast(context, users);
      const result = await fetchPersonalAccessTokens(client, users.map((u) => u.descriptor), context.map, unchanged);
      return { ...result, cursor: markOf(unchanged?.fullAt) };
    }),
  ];
}
