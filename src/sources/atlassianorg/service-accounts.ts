/**
 * Service accounts of the organization: Atlassian accounts no person signs in to, made by an org admin for scripts
 * and integrations, authenticating with scoped API tokens or OAuth 2.0 client credentials.
 * Endpoint: GET https://api.atlassian.com/admin/api-access/v1/orgs/{orgId}/service-accounts (Experimental), scope
 * read:service-accounts:admin, `{links: {next, prev}, items: [{atlassianId, id, email, displayName, picture,
 * container, updatedAt (epoch ms), status, createdById, description}], total}`.
 * https://developer.atlassian.com/cloud/admin/api-access/rest/api-group-service-account/
 * https://support.atlassian.com/user-management/docs/understand-service-accounts/
 * Quirks: `status` is documented only as a string; a value naming an inactive state disables, anything else (or none)
 * does not. `createdById` is the admin who made it: the person who answers for it (as a hook's creator does).
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import { ownerNode } from '../owner-ids';
import { ownerIdForAtlassianAccount } from '../owner-ids';
import type { AtlassianOrgClient, OrgEndpoint } from './atlassian-org-client';
import { atlassianAccountIdentityId, isoDate } from './node-ids';

export const SERVICE_ACCOUNTS: OrgEndpoint = {
  path: (orgId) => `/admin/api-access/v1/orgs/${orgId}/service-accounts`,
  scope: 'read:service-accounts:admin',
  what: 'the service accounts',
};

export interface ServiceAccount {
  /** The Atlassian account id: the same id Jira gives the account (accountType app). */
  accountId: string;
  id?: string;
  email?: string;
  displayName?: string;
  status?: string;
  createdById?: string;
  updatedAt?: string;
  description?: string;
}

const str = z.string().nullish();

export const serviceAccountSchema = z
  .looseObject({
    atlassianId: z.string().min(1),
    id: str,
    email: str,
    displayName: str,
    status: str,
    createdById: str,
    updatedAt: z.union([z.number(), z.string()]).nullish(),
    description: str,
  })
  .transform(
    (raw): ServiceAccount => ({
      accountId: raw.atlassianId,
      ...(raw.id ? { id: raw.id } : {}),
      ...(raw.email ? { email: raw.email.toLowerCase() } : {}),
      ...(raw.displayName ? { displayName: raw.displayName } : {}),
      ...(raw.status ? { status: raw.status } : {}),
      ...(raw.createdById ? { createdById: raw.createdById } : {}),
      ...(isoDate(raw.updatedAt) ? { updatedAt: isoDate(raw.updatedAt) } : {}),
      ...(raw.description ? { description: raw.description } : {}),
    }),
  );

export async function fetchServiceAccounts(client: AtlassianOrgClient): Promise<ParsedRecords<ServiceAccount>> {
  const items = await client.getAll(SERVICE_ACCOUNTS, {});
  return parseRecords(items, serviceAccountSchema, { system: 'atlassianorg', endpoint: SERVICE_ACCOUNTS.path('{orgId}') });
}

const INACTIVE = /inactive|disabled|deactivated|suspended|deleted|closed/i;

/**
 * Service accounts as non-human Jira identities, keyed by account id so the node Jira's users give (accountType app)
 * is the same node. Each is owned by the admin who created it; without a creator it has no owner (ownership_unknown).
 */
export function serviceAccountsToGraph(accounts: readonly ServiceAccount[]): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const account of accounts) {
    const id = atlassianAccountIdentityId(account.accountId);
    nodes.push({
      id,
      kind: 'identity',
      system: 'jira',
      name: account.displayName ?? account.email ?? account.accountId,
      props: {
        subtype: 'jira_service_account',
        nativeId: account.accountId,
        human: false,
        enabled: !INACTIVE.test(account.status ?? ''),
        // Only an org admin can create one: the organisation's own.
        origin: 'first_party',
        ...(account.email ? { email: account.email } : {}),
      },
    });
    if (account.createdById) {
      const owner = ownerNode(ownerIdForAtlassianAccount(account.createdById), account.createdById, { atlassianAccountIds: [account.createdById] });
      nodes.push(owner);
      edges.push({ kind: 'OWNED_BY', from: id, to: owner.id, basis: 'observed', reason: 'the organization admin who created the service account' });
    }
  }
  return { nodes, edges };
}
