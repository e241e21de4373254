/**
 * Provisioning (synchronization) jobs of service principals: Entra pushing users and groups into another directory
 * over SCIM, with a bearer token Graph never returns.
 * Endpoint: GET /v1.0/servicePrincipals/{id}/synchronization/jobs, through POST /v1.0/$batch in chunks of 20, only
 * for service principals that can have provisioning (enterprise apps instantiated from an application template, or
 * tagged as gallery / on-premises provisioning apps, registered in this tenant).
 * Permission: Synchronization.Read.All.
 * https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-list
 * Quirks: a 404 means the service principal has no provisioning; the SCIM token is write-only
 * (PUT …/synchronization/secrets), so its existence follows from the job and it never expires unless the target
 * says so; status.lastSuccessfulExecution is the last completed cycle; schedule.state is Active | Paused | Disabled;
 * the job does not name its target URL: the target host follows from the template (atlassianCloud → Atlassian's SCIM
 * API at api.atlassian.com).
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { batchGetCollections, type BatchOptions } from './graph-client';
import { ATLASSIAN_DIRECTORY_PERMISSION_ID, ATLASSIAN_DIRECTORY_RESOURCE_ID, entraIdentityId, provisioningIds } from './node-ids';
import { originOf, servicePrincipalName, type ServicePrincipal } from './service-principals';

export const SYNCHRONIZATION_PERMISSION = 'Synchronization.Read.All';
const ENDPOINT = '/v1.0/servicePrincipals/{id}/synchronization/jobs';

const executionSchema = z.looseObject({ timeBegan: z.string().nullish(), timeEnded: z.string().nullish(), state: z.string().nullish() }).nullish();

export const synchronizationJobSchema = z.looseObject({
  /** The service principal the job belongs to (added by fetchSynchronizationJobs; Graph does not repeat it). */
  servicePrincipalId: z.string().min(1),
  id: z.string().min(1),
  templateId: z.string().nullish(),
  schedule: z.looseObject({ state: z.string().nullish(), interval: z.string().nullish() }).nullish(),
  status: z
    .looseObject({
      code: z.string().nullish(),
      lastExecution: executionSchema,
      lastSuccessfulExecution: executionSchema,
      steadyStateFirstAchievedTime: z.string().nullish(),
    })
    .nullish(),
});
export type SynchronizationJob = z.infer<typeof synchronizationJobSchema>;

/** Tags Entra puts on enterprise apps that can provision (gallery apps, on-premises provisioning). */
const PROVISIONING_TAGS = /^WindowsAzureActiveDirectory(Gallery|OnPrem|CustomSingleSignOn)/i;

/** Service principals worth asking for jobs: this tenant's enterprise apps created from a template or tagged as such. */
export function canHaveProvisioningJobs(sp: ServicePrincipal, tenantId: string): boolean {
  if (sp.servicePrincipalType !== 'Application' || originOf(sp, tenantId) !== 'first_party') return false;
  return Boolean(sp.applicationTemplateId) || (sp.tags ?? []).some((tag) => PROVISIONING_TAGS.test(tag));
}

export async function fetchSynchronizationJobs(client: Client, tenantId: string, servicePrincipalIds: readonly string[], options: BatchOptions = {}): Promise<ParsedRecords<SynchronizationJob>> {
  const pages = await batchGetCollections(
    client,
    servicePrincipalIds.map((id) => ({ key: id, url: `/servicePrincipals/${encodeURIComponent(id)}/synchronization/jobs` })),
    { endpoint: ENDPOINT, tenantId, permission: SYNCHRONIZATION_PERMISSION },
    options,
  );
  const items = [...pages].flatMap(([servicePrincipalId, jobs]) => jobs.map((job) => (typeof job === 'object' && job !== null ? { ...job, servicePrincipalId } : job)));
  return parseRecords(items, synchronizationJobSchema, { system: 'entra', endpoint: ENDPOINT });
}

/** Templates whose target is the Atlassian organization directory, and the host they provision to. */
const ATLASSIAN_TEMPLATE = /atlassian/i;
const TEMPLATE_HOSTS: ReadonlyArray<[RegExp, string]> = [[ATLASSIAN_TEMPLATE, 'api.atlassian.com']];

/**
 * Per job: workload (entra_provisioning_job, derived from the SP) RUNS_AS the SP, INVOKES the scim_provisioning
 * connection, which USES the never-expiring secret token; for an Atlassian template the token AUTHENTICATES_AS the
 * Atlassian SCIM directory key `jira:identity:scim/<jobId>` (the SP AUTHENTICATES_TO it), which holds the
 * atlassian_directory permission "provision users and groups" over `jira:resource:atlassian-directory`; the last
 * successful cycle EVIDENCES the workload and the SP.
 */
export function synchronizationJobsToGraph(jobs: readonly SynchronizationJob[], servicePrincipals: readonly ServicePrincipal[], context: GraphContext, tenantId: string): GraphFragment {
  const spById = new Map(servicePrincipals.map((sp) => [sp.id, sp]));
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const edge = (kind: GraphEdge['kind'], from: string, to: string, reason: string) => edges.push({ kind, from, to, basis: 'observed', reason });
  for (const job of jobs) {
    const sp = spById.get(job.servicePrincipalId);
    const spName = sp ? servicePrincipalName(sp) : job.servicePrincipalId;
    const spIdentity = entraIdentityId(tenantId, job.servicePrincipalId);
    const ids = provisioningIds(tenantId, job.servicePrincipalId, job.id);
    const template = job.templateId ?? 'custom';
    const atlassian = ATLASSIAN_TEMPLATE.test(template);
    const host = TEMPLATE_HOSTS.find(([pattern]) => pattern.test(template))?.[1];
    const state = job.schedule?.state ?? job.status?.code ?? 'unknown';
    nodes.set(ids.workload, {
      id: ids.workload,
      kind: 'workload',
      system: 'entra',
      name: `Provisioning of ${spName} (${template})`,
      props: {
        subtype: 'entra_provisioning_job',
        nativeId: `${job.servicePrincipalId}/${job.id}`,
        enabled: state === 'Active',
        executionMode: 'autonomous',
        trigger: `schedule ${job.schedule?.interval ?? '(unknown interval)'}, ${state}`,
        derivedFrom: spIdentity,
      },
    });
    nodes.set(ids.connection, {
      id: ids.connection,
      kind: 'connection',
      system: 'entra',
      name: `SCIM provisioning to ${host ?? template}`,
      props: { subtype: 'scim_provisioning', nativeId: `${job.servicePrincipalId}/${job.id}`, ...(host ? { host } : {}), sendsCredential: true, credentialMechanism: 'SCIM bearer token' },
    });
    nodes.set(ids.credential, {
      id: ids.credential,
      kind: 'credential',
      system: 'entra',
      name: `SCIM secret token of ${spName}`,
      // Write-only in Graph; SCIM tokens carry no expiry Entra knows of.
      props: { subtype: 'bearer_token', nativeId: `${job.servicePrincipalId}/${job.id}/secret-token`, tenantId, expiresAt: null },
    });
    edge('RUNS_AS', ids.workload, spIdentity, 'provisioning job of the service principal');
    edge('INVOKES', ids.workload, ids.connection, `provisions users and groups (${template})`);
    edge('USES', ids.connection, ids.credential, 'the provisioning secret token (write-only in Graph)');
    if (atlassian) {
      nodes.set(ids.scimIdentity, {
        id: ids.scimIdentity,
        kind: 'identity',
        system: 'jira',
        name: `Atlassian SCIM directory key of ${spName}`,
        props: { subtype: 'atlassian_scim_directory', tenantId, nativeId: job.id, human: false, enabled: true, origin: 'atlassian', derivedFrom: spIdentity },
      });
      nodes.set(ids.scimRole, { id: ids.scimRole, kind: 'role', system: 'jira', name: 'Atlassian directory provisioning', props: { subtype: 'atlassian_provisioning', nativeId: `scim/${job.id}` } });
      nodes.set(ATLASSIAN_DIRECTORY_PERMISSION_ID, {
        id: ATLASSIAN_DIRECTORY_PERMISSION_ID,
        kind: 'permission',
        system: 'jira',
        name: 'Provision users and groups',
        props: { subtype: 'atlassian_directory', key: 'PROVISION_USERS_AND_GROUPS', highPrivilege: true, tenantWide: true, write: true, impersonation: false },
      });
      nodes.set(ATLASSIAN_DIRECTORY_RESOURCE_ID, {
        id: ATLASSIAN_DIRECTORY_RESOURCE_ID,
        kind: 'resource',
        system: 'jira',
        name: 'Atlassian organization directory',
        props: { subtype: 'atlassian_directory', nativeId: 'atlassian-directory', sensitivity: context.settings.defaultSensitivity },
      });
      edge('AUTHENTICATES_AS', ids.credential, ids.scimIdentity, 'the SCIM token is the directory API key');
      edge('AUTHENTICATES_TO', spIdentity, ids.scimIdentity, 'provisions through the SCIM directory API key');
      edge('HAS_ROLE', ids.scimIdentity, ids.scimRole, 'SCIM directory API key');
      edge('GRANTS', ids.scimRole, ATLASSIAN_DIRECTORY_PERMISSION_ID, 'SCIM create, update and deactivate of users and groups');
      edge('APPLIES_TO', ATLASSIAN_DIRECTORY_PERMISSION_ID, ATLASSIAN_DIRECTORY_RESOURCE_ID, 'the Atlassian organization directory');
    }
    const last = job.status?.lastSuccessfulExecution;
    const lastAt = last?.timeEnded ?? last?.timeBegan ?? undefined;
    if (lastAt) {
      nodes.set(ids.evidence, {
        id: ids.evidence,
        kind: 'execution_evidence',
        system: 'entra',
        name: `Last provisioning cycle of ${spName}`,
        props: { subtype: 'provisioning_run', lastAt, source: 'Entra provisioning: last successful cycle' },
      });
      edge('EVIDENCES', ids.evidence, ids.workload, `last successful cycle ended ${lastAt}`);
      edge('EVIDENCES', ids.evidence, spIdentity, `last successful provisioning cycle ${lastAt}`);
    }
  }
  return { nodes: [...nodes.values()], edges };
}
