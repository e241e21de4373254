/**
 * Graph ids of what the Atlassian organization APIs describe. They live in the `jira` graph system (an Atlassian
 * account is the Jira identity with the same account id, so a service account Jira lists is one node, not two);
 * native ids carry `atlassianorg/<orgId>` so they never collide with what the Jira source reads.
 */
import { nodeId } from '../../model/schema';
import { ownerIdForAtlassianAccount, ownerIdForEmail } from '../owner-ids';

export { jiraIdentityId as atlassianAccountIdentityId } from '../jira/users';

export const apiTokenCredentialId = (orgId: string, tokenId: string) => nodeId('jira', 'credential', 'atlassianorg', orgId, 'api-token', tokenId);
export const oauthClientCredentialId = (orgId: string, clientId: string) => nodeId('jira', 'credential', 'atlassianorg', orgId, 'oauth-client', clientId);
export const apiKeyCredentialId = (orgId: string, keyId: string) => nodeId('jira', 'credential', 'atlassianorg', orgId, 'api-key', keyId);
/** An MCP client seen in the audit log, by the client app the events name, else by the API token it calls with. */
export const mcpClientWorkloadId = (orgId: string, key: string) => nodeId('jira', 'workload', 'atlassianorg', orgId, 'mcp', key);
export const mcpConnectionId = (orgId: string, key: string) => nodeId('jira', 'connection', 'atlassianorg', orgId, 'mcp', key);
export const evidenceId = (orgId: string, ...parts: string[]) => nodeId('jira', 'execution_evidence', 'atlassianorg', orgId, ...parts);

/** The person behind an Atlassian account: by e-mail when the API gives one (so it joins the Jira and Entra person). */
export const personOwnerIdOf = (account: { id: string; email?: string }) => (account.email ? ownerIdForEmail(account.email) : ownerIdForAtlassianAccount(account.id));

/** ISO 8601 from the API's timestamps, which come as ISO strings or epoch milliseconds; undefined when unreadable. */
export function isoDate(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const at = typeof value === 'number' ? value : /^\d{10,}$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}
