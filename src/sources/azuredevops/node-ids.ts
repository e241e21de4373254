/** Graph ids of Azure DevOps objects (docs/graph-mapping.md "Azure DevOps"), shared by the entity modules. */
import { NO_IDS, nodeId } from '../../model/schema';
import { ownerIdForAdoUser, ownerIdForEmail, ownerNode } from '../owner-ids';
import type { GraphNode } from '../../model/schema';

/** Projects by id: names can be renamed, ids cannot (settings classify by "org/name", see projects.ts). */
export const adoProjectResourceId = (organization: string, projectId: string) => nodeId('azuredevops', 'resource', organization, projectId);
export const adoHookWorkloadId = (organization: string, subscriptionId: string) => nodeId('azuredevops', 'workload', organization, subscriptionId);
export const adoHookConnectionId = (organization: string, subscriptionId: string) => nodeId('azuredevops', 'connection', organization, subscriptionId);
export const adoHookCredentialId = (organization: string, subscriptionId: string) => nodeId('azuredevops', 'credential', organization, 'hook', subscriptionId);
export const adoHookEvidenceId = (organization: string, subscriptionId: string) => nodeId('azuredevops', 'execution_evidence', organization, subscriptionId, 'deliveries');
export const adoIdentityId = (organization: string, descriptor: string) => nodeId('azuredevops', 'identity', organization, descriptor);
export const adoPatCredentialId = (organization: string, authorizationId: string) => nodeId('azuredevops', 'credential', organization, authorizationId);
export const adoPatRoleId = (organization: string, authorizationId: string) => nodeId('azuredevops', 'role', organization, 'pat', authorizationId);
export const adoPermissionId = (organization: string, scope: string) => nodeId('azuredevops', 'permission', organization, scope);
export const adoServiceEndpointId = (organization: string, projectName: string, endpointId: string) => nodeId('azuredevops', 'connection', organization, projectName, endpointId);

export const adoServiceEndpointCredentialId = (organization: string, projectName: string, endpointId: string) => nodeId('azuredevops', 'credential', organization, 'endpoint', projectName, endpointId);
export const adoServiceEndpointEvidenceId = (organization: string, projectName: string, endpointId: string) =>
  nodeId('azuredevops', 'execution_evidence', organization, projectName, endpointId, 'executions');
/** The account at another service a service connection signs in as, when nothing else in the graph is that account. */
export const externalAccountId = (host: string, account: string) => nodeId('external', 'identity', host, account);

export interface AdoIdentityRef {
  id?: string;
  uniqueName?: string;
  displayName?: string;
  descriptor?: string;
}

/**
 * Graph subject descriptor types of Azure DevOps' own identities: `svc` (service identity: the project and
 * collection Build Service accounts) and `s2s` (service-to-service principal: "Microsoft.VisualStudio.Services.TFS"
 * and other first-party services). Users - List documents `subjectTypes` such as aad, msa, svc;
 * https://learn.microsoft.com/rest/api/azure/devops/graph/users/list
 */
const PLATFORM_DESCRIPTOR = /^(svc|s2s)\./i;
/** Legacy (IMS) account names of platform identities: `Build\<id>`, `TEAM FOUNDATION\<name>`. */
const PLATFORM_ACCOUNT = /^(build|team foundation)\\/i;

/** An Azure DevOps platform identity: plumbing of the service itself, never a person and never an owner who leaves. */
export function isAdoPlatformIdentity(ref: { descriptor?: string | null; uniqueName?: string | null; principalName?: string | null }): boolean {
  return PLATFORM_DESCRIPTOR.test(ref.descriptor ?? '') || [ref.uniqueName, ref.principalName].some((name) => PLATFORM_ACCOUNT.test(name ?? ''));
}

/** A real e-mail address: a platform identity's uniqueName `<guid>@<guid>` has no domain and is none. */
const EMAIL = /^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

export function adoEmail(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && EMAIL.test(trimmed) ? trimmed.toLowerCase() : undefined;
}

/**
 * The owner node of an Azure DevOps identity reference (createdBy): by e-mail when uniqueName is one, else by id. A
 * platform identity owns what it created as the platform: an owner that never departs, not a person.
 */
export function ownerForIdentityRef(organization: string, ref: AdoIdentityRef): GraphNode<'owner'> | undefined {
  const adoId = ref.descriptor ?? ref.id;
  const adoUserIds = adoId ? [adoId] : NO_IDS;
  if (isAdoPlatformIdentity(ref)) {
    if (!adoId) return undefined;
    const node = ownerNode(ownerIdForAdoUser(organization, adoId), ref.displayName ?? adoId, { subtype: 'service_principal', adoUserIds });
    return { ...node, props: { ...node.props, departed: false } };
  }
  const email = adoEmail(ref.uniqueName);
  if (email) return ownerNode(ownerIdForEmail(email), ref.displayName ?? email, { email, adoUserIds });
  if (!adoId) return undefined;
  return ownerNode(ownerIdForAdoUser(organization, adoId), ref.displayName ?? adoId, { adoUserIds });
}
