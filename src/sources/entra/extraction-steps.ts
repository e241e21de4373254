/**
 * The Entra extraction steps of one tenant, in order. Later steps read earlier datasets: owners need the service
 * principals and applications (and the agent identities, blueprints and blueprint principals, when read), app-role
 * assignments and provisioning jobs the service principals, groups the owners and the agents' and blueprints'
 * sponsors, federated credentials the applications and blueprints.
 * Dataset names: entra.<tenantId>.<entity>. A 401/403 on any endpoint surfaces as SOURCE_UNAUTHORIZED naming the
 * endpoint, the tenant and the missing application permission (graph-client.ts toSourceError).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { fetchAgentIdentities, sponsorGroupIds, withAgents, type AgentIdentity } from './agent-identities';
import { blueprintAsApplication, blueprintPrincipalAsServicePrincipal, blueprintSponsorGroupIds, fetchAgentBlueprintPrincipals, fetchAgentBlueprints, mergeById, type AgentBlueprint, type AgentBlueprintPrincipal } from './agent-blueprints';
import { fetchAgentUsers } from './agent-users';
import { fetchDirectoryRoles } from './directory-roles';
import { applicationsWithFederatedCredentials, fetchFederatedCredentials } from './federated-credentials';
import { fetchCredentialSignIns } from './credential-sign-ins';
import { AppError } from '../../shared/errors';
import type { ExtractionStep, StepContext } from '../source-step';
import { fetchAppRoleAssignments, resourcesWithApplicationRoles } from './app-role-assignments';
import { fetchApplications, type Application } from './applications';
import { auditWindowStart, fetchDirectoryAudits, ownerChangesSince, type DirectoryAudit } from './directory-audits';
import { incrementalBase, parseReadMark } from '../read-mark';
import type { BatchOptions } from './graph-client';
import { fetchOwnerGroups, ownerGroupIds } from './groups';
import { fetchOAuth2PermissionGrants } from './oauth2-permission-grants';
import { fetchOrganization } from './organization';
import { fetchOwners, servicePrincipalsWithPossibleOwners, type EntraOwner } from './owners';
import { fetchServicePrincipals, type ServicePrincipal } from './service-principals';
import { fetchServicePrincipalSignInActivities } from './sign-in-activities';
import { canHaveProvisioningJobs, fetchSynchronizationJobs } from './synchronization-jobs';
import { fetchUsers } from './users';

export const entraDatasets = (tenantId: string) =>
  ({
    organization: `entra.${tenantId}.organization`,
    servicePrincipals: `entra.${tenantId}.servicePrincipals`,
    applications: `entra.${tenantId}.applications`,
    owners: `entra.${tenantId}.owners`,
    appRoleAssignments: `entra.${tenantId}.appRoleAssignments`,
    oauth2PermissionGrants: `entra.${tenantId}.oauth2PermissionGrants`,
    users: `entra.${tenantId}.users`,
    groups: `entra.${tenantId}.groups`,
    signInActivities: `entra.${tenantId}.signInActivities`,
    directoryAudits: `entra.${tenantId}.directoryAudits`,
    synchronizationJobs: `entra.${tenantId}.synchronizationJobs`,
    directoryRoles: `entra.${tenantId}.directoryRoles`,
    federatedCredentials: `entra.${tenantId}.federatedCredentials`,
    credentialSignIns: `entra.${tenantId}.credentialSignIns`,
    agentIdentities: `entra.${tenantId}.agentIdentities`,
    agentBlueprints: `entra.${tenantId}.agentBlueprints`,
    agentBlueprintPrincipals: `entra.${tenantId}.agentBlueprintPrincipals`,
    agentUsers: `entra.${tenantId}.agentUsers`,
  }) as const;

export interface EntraStepOptions {
  /** The sync's clock; directory audits older than 30 days before it are not stored. Without it, all are kept. */
  observedAt?: () => string | undefined;
  /** Group ids owning something in another system (a Power Automate flow), read with the Entra group owners. */
  extraOwnerGroupIds?: (context: StepContext) => Promise<readonly string[]>;
  /** Batch tuning (tests): sleep between throttled inner requests, retry rounds. */
  batch?: BatchOptions;
}

export function entraExtractionSteps(tenant: { tenantId: string; displayName?: string }, graphFor: (tenantId: string) => Promise<Client>, options: EntraStepOptions = {}): ExtractionStep[] {
  const { tenantId } = tenant;
  const datasets = entraDatasets(tenantId);
  const label = (what: string) => `${what} (${tenant.displayName ?? tenantId})`;
  const graph = () => graphFor(tenantId);
  const required = async <T>({ read }: StepContext, dataset: string, what: string): Promise<T[]> => {
    const records = await read<T>(dataset);
    if (!records) throw new AppError('SOURCE_UNAVAILABLE', `Entra ${what} of tenant ${tenantId} were not read, so this step cannot run`, { system: 'entra', tenantId });
    return records;
  };
  // The last complete sync's records of a collection and its deltaLink: a resync asks Graph only for changes.
  const tracked = async (context: StepContext, dataset: string) => {
    const items = context.previousCursor ? await context.previous(dataset) : undefined;
    return { ...(items ? { items } : {}), ...(context.previousCursor ? { cursor: context.previousCursor } : {}) };
  };
  /**
   * What a resync may keep of the last sync's owners: everything but new objects and objects whose owners the
   * directory audit log says changed, while the log was read in this sync and the last full read is under a week
   * old (jira/changes.ts has the same rule). Undefined: read every object's owners.
   */
  const ownersSinceLast = async (context: StepContext, sps: readonly ServicePrincipal[], apps: readonly Application[], now: string) => {
    const mark = parseReadMark(context.previousCursor);
    const previous = mark ? await context.previous<EntraOwner>(datasets.owners) : undefined;
    const audits = await context.read<DirectoryAudit>(datasets.directoryAudits);
    const base = incrementalBase(mark, previous, audits, now);
    if (!base || !previous || !audits) return undefined;
    const changed = ownerChangesSince(audits, base.readAt);
    if (changed === 'all') return undefined;
    const previousOf = async (dataset: string) => ((await context.previous<{ id: string }>(dataset)) ?? []).map((o) => o.id);
    const known = new Set((await Promise.all([datasets.servicePrincipals, datasets.agentIdentities, datasets.agentBlueprintPrincipals, datasets.applications, datasets.agentBlueprints].map(previousOf))).flat());
    const reread = new Set([...changed, ...[...sps, ...apps].map((o) => o.id).filter((id) => !known.has(id))]);
    return { previous, reread, fullAt: base.fullAt };
  };
  // Agent objects are service principals and applications: every per-object read covers them, when they were read.
  const allServicePrincipals = async (context: StepContext, listed: readonly ServicePrincipal[]) => {
    const agents = (await context.read<AgentIdentity>(datasets.agentIdentities)) ?? [];
    const principals = (await context.read<AgentBlueprintPrincipal>(datasets.agentBlueprintPrincipals)) ?? [];
    return mergeById(withAgents(listed, agents), principals.map(blueprintPrincipalAsServicePrincipal));
  };
  const allApplications = async (context: StepContext, listed: readonly Application[]) => mergeById(listed, ((await context.read<AgentBlueprint>(datasets.agentBlueprints)) ?? []).map(blueprintAsApplication));
  const step = (id: string, what: string, dataset: string, run: ExtractionStep['run'], collection: ExtractionStep['collection'] = 'objects'): ExtractionStep => ({ id: `entra:${tenantId}:${id}`, system: 'entra', tenantId, label: label(what), dataset, collection, run });
  return [
    step('organization', 'Entra organization and verified domains', datasets.organization, async () => fetchOrganization(await graph(), tenantId)),
    step('service-principals', 'Entra service principals', datasets.servicePrincipals, async (context) => fetchServicePrincipals(await graph(), tenantId, await tracked(context, datasets.servicePrincipals))),
    // Agent identities (with their sponsors) before owners: an agent's owners are read like any service principal's.
    step('agent-identities', 'Entra agent identities and their sponsors', datasets.agentIdentities, async () => fetchAgentIdentities(await graph(), tenantId, options.batch)),
    step('agent-blueprints', 'Entra agent identity blueprints and their sponsors', datasets.agentBlueprints, async () => fetchAgentBlueprints(await graph(), tenantId, options.batch)),
    step('agent-blueprint-principals', 'Entra agent identity blueprint principals and their sponsors', datasets.agentBlueprintPrincipals, async () => fetchAgentBlueprintPrincipals(await graph(), tenantId, options.batch)),
    step('agent-users', 'Entra agent users', datasets.agentUsers, async () => fetchAgentUsers(await graph(), tenantId)),
    step('applications', 'Entra app registrations', datasets.applications, async (context) => fetchApplications(await graph(), tenantId, await tracked(context, datasets.applications))),
    // Directory audits before owners: a resync re-reads the owners of objects the log says changed hands, and of new objects.
    step('directory-audits', 'Entra directory audits', datasets.directoryAudits, async () => {
      const observedAt = options.observedAt?.();
      return fetchDirectoryAudits(await graph(), tenantId, observedAt ? { since: auditWindowStart(observedAt) } : {});
    }, 'events'),
    step('owners', 'Entra app owners', datasets.owners, async (context) => {
      const listed = await required<ServicePrincipal>(context, datasets.servicePrincipals, 'service principals');
      // Agents not read (the permission is missing): their owners are not read either, and no agent is judged.
      const sps = await allServicePrincipals(context, listed);
      const apps = await allApplications(context, await required<Application>(context, datasets.applications, 'app registrations'));
      const subjects = { servicePrincipalIds: servicePrincipalsWithPossibleOwners(sps, tenantId).map((sp) => sp.id), applicationIds: apps.map((a) => a.id) };
      const now = options.observedAt?.() ?? new Date().toISOString();
      const unchanged = await ownersSinceLast(context, sps, apps, now);
      const result = await fetchOwners(await graph(), tenantId, subjects, options.batch, unchanged);
      return { ...result, cursor: JSON.stringify({ fullAt: unchanged?.fullAt ?? now, readAt: now }) };
    }),
    step('app-role-assignments', 'Entra application permissions', datasets.appRoleAssignments, async (context) => {
      // Assignments are read per resource (appRoleAssignedTo): an agent or blueprint principal holding a role is
      // among each resource's principals; one exposing app roles is itself a resource.
      const sps = await allServicePrincipals(context, await required<ServicePrincipal>(context, datasets.servicePrincipals, 'service principals'));
      return fetchAppRoleAssignments(await graph(), tenantId, resourcesWithApplicationRoles(sps).map((sp) => sp.id), options.batch);
    }),
    step('oauth2-permission-grants', 'Entra delegated permission grants', datasets.oauth2PermissionGrants, async () => fetchOAuth2PermissionGrants(await graph(), tenantId)),
    step('users', 'Entra users', datasets.users, async (context) => fetchUsers(await graph(), tenantId, await tracked(context, datasets.users))),
    step('groups', 'Entra groups that own apps or flows', datasets.groups, async (context) => {
      const owners = await required<EntraOwner>(context, datasets.owners, 'app owners');
      const extra = options.extraOwnerGroupIds ? await options.extraOwnerGroupIds(context) : [];
      const sponsors = [
        ...sponsorGroupIds((await context.read<AgentIdentity>(datasets.agentIdentities)) ?? []),
        ...blueprintSponsorGroupIds((await context.read<AgentBlueprint>(datasets.agentBlueprints)) ?? [], (await context.read<AgentBlueprintPrincipal>(datasets.agentBlueprintPrincipals)) ?? []),
      ];
      return fetchOwnerGroups(await graph(), tenantId, [...new Set([...ownerGroupIds(owners), ...sponsors, ...extra])], options.batch);
    }),
    step('federated-credentials', 'Entra federated identity credentials', datasets.federatedCredentials, async (context) => {
      // A blueprint's federated credentials are what its agents authenticate with: read with the applications'.
      // Blueprints are asked always (a handful); applications only when the advanced query names them as holding any.
      const listed = await required<Application>(context, datasets.applications, 'app registrations');
      const apps = await allApplications(context, listed);
      const listedIds = new Set(listed.map((a) => a.id));
      const holding = await applicationsWithFederatedCredentials(await graph(), tenantId);
      return fetchFederatedCredentials(await graph(), tenantId, apps.filter((a) => !holding || holding.has(a.id) || !listedIds.has(a.id)).map((a) => a.id), options.batch);
    }),
    step('directory-roles', 'Entra directory roles and PIM eligibility', datasets.directoryRoles, async () => fetchDirectoryRoles(await graph(), tenantId)),
    step('sign-in-activity', 'Entra app sign-in activity', datasets.signInActivities, async () => fetchServicePrincipalSignInActivities(await graph(), tenantId), 'events'),
    step('credential-sign-ins', 'Entra app credential sign-in activity', datasets.credentialSignIns, async () => fetchCredentialSignIns(await graph(), tenantId), 'events'),
    step('synchronization-jobs', 'Entra provisioning (synchronization) jobs', datasets.synchronizationJobs, async (context) => {
      const sps = await required<ServicePrincipal>(context, datasets.servicePrincipals, 'service principals');
      return fetchSynchronizationJobs(await graph(), tenantId, sps.filter((sp) => canHaveProvisioningJobs(sp, tenantId)).map((sp) => sp.id), options.batch);
    }),
  ];
}
