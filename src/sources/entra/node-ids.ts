/**
 * Node ids of the Entra extractors (docs/graph-mapping.md "Entra"). Every Entra-side native id is prefixed with its
 * tenant, so two tenants never collide. Built here only, so the per-entity transforms agree on them.
 */
import { nodeId } from '../../model/schema';

/** A service principal (or an Entra user referenced by another system): `entra:identity:<T>/<objectId>`. */
export const entraIdentityId = (tenantId: string, objectId: string) => nodeId('entra', 'identity', tenantId, objectId);

export const servicePrincipalCredentialId = (tenantId: string, spId: string, keyId: string) => nodeId('entra', 'credential', tenantId, 'sp', spId, keyId);
export const applicationCredentialId = (tenantId: string, appObjectId: string, keyId: string) => nodeId('entra', 'credential', tenantId, 'app', appObjectId, keyId);

/** An app role of a resource service principal. */
export const appRoleNodeId = (tenantId: string, resourceSpId: string, appRoleId: string) => nodeId('entra', 'role', tenantId, resourceSpId, appRoleId);
/** An application permission, by the resource's appId (the same in every tenant) and the role's value. */
export const applicationPermissionId = (tenantId: string, resourceAppId: string, value: string) => nodeId('entra', 'permission', tenantId, resourceAppId, value);

/** The delegated grants of one client to one resource, held as one role. */
export const delegatedRoleId = (tenantId: string, clientSpId: string, resourceSpId: string) => nodeId('entra', 'role', tenantId, clientSpId, 'delegated', resourceSpId);
export const delegatedPermissionId = (tenantId: string, resourceAppId: string, scope: string) => nodeId('entra', 'permission', tenantId, resourceAppId, 'delegated', scope);

/** Scope resources: one node per tenant-wide scope, never one per mailbox or site. */
export const mailboxScopeId = (tenantId: string) => nodeId('m365', 'resource', tenantId, 'mailboxes');
export const scopedMailboxesId = (tenantId: string, appId: string) => nodeId('m365', 'resource', tenantId, 'mailboxes', `${appId}-scoped`);
export const siteScopeId = (tenantId: string) => nodeId('m365', 'resource', tenantId, 'sites');
export const directoryResourceId = (tenantId: string) => nodeId('entra', 'resource', tenantId, 'directory');

export const signInEvidenceId = (tenantId: string, appId: string) => nodeId('entra', 'execution_evidence', tenantId, appId, 'sign-in');
export const auditEvidenceId = (tenantId: string, spId: string) => nodeId('entra', 'execution_evidence', tenantId, spId, 'audit');

/** The parts of one provisioning (synchronization) job of a service principal. */
export const provisioningIds = (tenantId: string, spId: string, jobId: string) => ({
  workload: nodeId('entra', 'workload', tenantId, spId, jobId),
  connection: nodeId('entra', 'connection', tenantId, spId, jobId),
  credential: nodeId('entra', 'credential', tenantId, spId, jobId, 'secret-token'),
  evidence: nodeId('entra', 'execution_evidence', tenantId, spId, jobId, 'provisioning'),
  scimIdentity: nodeId('jira', 'identity', 'scim', jobId),
  scimRole: nodeId('jira', 'role', 'scim', jobId),
});

export const ATLASSIAN_DIRECTORY_PERMISSION_ID = nodeId('jira', 'permission', 'atlassian-directory', 'provision');
export const ATLASSIAN_DIRECTORY_RESOURCE_ID = nodeId('jira', 'resource', 'atlassian-directory');
