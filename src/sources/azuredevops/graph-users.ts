/**
 * Azure DevOps users of the organization.
 * Endpoint: GET https://vssps.dev.azure.com/{org}/_apis/graph/users?api-version=7.1-preview.1, {count, value},
 * continued with x-ms-continuationtoken. https://learn.microsoft.com/rest/api/azure/devops/graph/users/list
 * Quirks: `descriptor` (aad.<base64>) is the id the other APIs take (tokenadmin); origin "aad" users carry their
 * Entra object id in originId and the tenant in domain. The API has no enabled flag: a listed user is a member.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { ownerIdForEmail, ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import { adoIdentityId } from './node-ids';

const str = z.string().nullish();

export const adoUserSchema = z.looseObject({
  descriptor: z.string().min(1),
  subjectKind: str,
  principalName: str,
  mailAddress: str,
  displayName: str,
  directoryAlias: str,
  origin: str,
  originId: str,
  domain: str,
});
export type AdoUser = z.infer<typeof adoUserSchema>;

export async function fetchAdoUsers(client: AzureDevOpsClient): Promise<ParsedRecords<AdoUser>> {
  const items = await client.getAll(ADO_HOSTS.vssps, client.orgPath('_apis/graph/users'), { 'api-version': '7.1-preview.1' });
  return parseRecords(items, adoUserSchema, { system: 'azuredevops', endpoint: '/{org}/_apis/graph/users' });
}

/** Same convention as the Jira users (src/sources/jira/users.ts): svc-, service, bot, sync, integration, automation. */
const SERVICE_ACCOUNT_NAME = /(^|[\s._-])(svc|service|bot|sync|integration|automation)([\s._-]|$)|sync user|service account/i;

export function isAdoServiceAccount(user: AdoUser): boolean {
  const local = (user.mailAddress ?? user.principalName ?? '').split('@')[0] ?? '';
  return [user.displayName ?? '', user.directoryAlias ?? '', local].some((name) => SERVICE_ACCOUNT_NAME.test(name));
}

export function adoUsersToGraph(users: readonly AdoUser[], _context: GraphContext, organization: string): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const user of users) {
    const id = adoIdentityId(organization, user.descriptor);
    const email = (user.mailAddress ?? (user.principalName?.includes('@') ? user.principalName : undefined))?.toLowerCase();
    const human = !isAdoServiceAccount(user);
    const aad = user.origin?.toLowerCase() === 'aad';
    nodes.push({
      id,
      kind: 'identity',
      system: 'azuredevops',
      name: user.displayName ?? user.principalName ?? user.descriptor,
      props: {
        subtype: 'ado_user',
        nativeId: user.descriptor,
        ...(aad && user.domain ? { tenantId: user.domain } : {}),
        human,
        enabled: true,
        origin: 'first_party',
        ...(email ? { email } : {}),
      },
    });
    // A person's own account belongs to that person; a service account's owner comes from elsewhere (sponsors).
    if (human && email) {
      const ownerId = ownerIdForEmail(email);
      nodes.push(ownerNode(ownerId, user.displayName ?? email, { email, adoUserIds: [user.descriptor], entraUserIds: aad && user.originId ? [user.originId] : [] }));
      edges.push({ kind: 'OWNED_BY', from: id, to: ownerId, basis: 'observed', reason: 'the person’s own Azure DevOps account' });
    }
  }
  return { nodes, edges };
}
