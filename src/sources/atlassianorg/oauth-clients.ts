/**
 * OAuth 2.0 clients of the organization: the client-credentials a service account signs in with ("Create OAuth 2.0
 * credential for service accounts", https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/).
 * Endpoint: GET https://api.atlassian.com/admin/api-access/v1/orgs/{orgId}/oauth-clients?pageSize&cursor, scope
 * read:service-accounts-tokens:admin, `{data: [{clientId, name, createdAt (epoch ms), updatedAt, status: ACTIVE}],
 * links: {self, next, prev}}`. https://developer.atlassian.com/cloud/admin/api-access/rest/api-group-oauth-client/
 * Quirks: the documented response names neither the service account a client belongs to nor an expiry, so a client
 * is a credential with no known holder and an unknown expiry (never "never expires"). A client not ACTIVE is left out.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { AtlassianOrgClient, OrgEndpoint } from './atlassian-org-client';
import { isoDate, oauthClientCredentialId } from './node-ids';

export const OAUTH_CLIENTS: OrgEndpoint = {
  path: (orgId) => `/admin/api-access/v1/orgs/${orgId}/oauth-clients`,
  scope: 'read:service-accounts-tokens:admin',
  what: 'the OAuth 2.0 clients of service accounts',
};

export const OAUTH_CLIENT_PAGE_SIZE = 100;

export interface OAuthClient {
  clientId: string;
  name?: string;
  createdAt?: string;
  status?: string;
}

const str = z.string().nullish();

export const oauthClientSchema = z
  .looseObject({ clientId: z.string().min(1), name: str, createdAt: z.union([z.number(), z.string()]).nullish(), status: str })
  .transform(
    (raw): OAuthClient => ({
      clientId: raw.clientId,
      ...(raw.name ? { name: raw.name } : {}),
      ...(isoDate(raw.createdAt) ? { createdAt: isoDate(raw.createdAt) } : {}),
      ...(raw.status ? { status: raw.status } : {}),
    }),
  );

export async function fetchOAuthClients(client: AtlassianOrgClient): Promise<ParsedRecords<OAuthClient>> {
  const items = await client.getAll(OAUTH_CLIENTS, { pageSize: String(OAUTH_CLIENT_PAGE_SIZE) });
  return parseRecords(items, oauthClientSchema, { system: 'atlassianorg', endpoint: OAUTH_CLIENTS.path('{orgId}') });
}

export function oauthClientsToGraph(clients: readonly OAuthClient[], orgId: string): GraphFragment {
  const nodes: GraphNode[] = clients
    .filter((c) => c.status === undefined || /^active$/i.test(c.status))
    .map((c) => ({
      id: oauthClientCredentialId(orgId, c.clientId),
      kind: 'credential' as const,
      system: 'jira' as const,
      name: `OAuth 2.0 client "${c.name ?? c.clientId}"`,
      props: { subtype: 'client_secret' as const, nativeId: c.clientId, ...(c.createdAt ? { createdAt: c.createdAt } : {}) },
    }));
  return { nodes, edges: [] };
}
