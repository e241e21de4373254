/** Graph ids of Azure DevOps objects (docs/graph-mapping.md "Azure DevOps"), shared by the entity modules. */
import { nodeId } from '../../model/schema';
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

export interface AdoIdentityRef {
  id?: string;
  uniqueName?: string;
  displayName?: string;
  descriptor?: string;
}

/** The owner node of an Azure DevOps identity reference (createdBy): by e-mail when uniqueName is one, else by id. */
export function ownerForIdentityRef(organization: string, ref: AdoIdentityRef): GraphNode<'owner'> | undefined {
  const adoId = ref.descriptor ?? ref.id;
  const adoUserIds = adoId ? [adoId] : [];
  if (ref.uniqueName?.includes('@')) return ownerNode(ownerIdForEmail(ref.uniqueName), ref.displayName ?? ref.uniqueName, { email: ref.uniqueName, adoUserIds });
  if (!adoId) return undefined;
  return ownerNode(ownerIdForAdoUser(organization, adoId), ref.displayName ?? adoId, { adoUserIds });
}
