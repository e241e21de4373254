/**
 * Azure DevOps users of the organization.
 * Endpoint: GET https://vssps.dev.azure.com/{org}/_apis/graph/users?api-version=7.1-preview.1, {count, value},
 * continued with x-ms-continuationtoken. https://learn.microsoft.com/rest/api/azure/devops/graph/users/list
 * Quirks: `descriptor` (aad.<base64>) is the id the other APIs take (tokenadmin); origin "aad" users carry their
 * Entra object id in originId and the tenant in domain. The API has no enabled flag: a listed user is a member.
 * The list includes Azure DevOps' own service identities (descriptor `svc.`: "<project> Build Service (<org>)",
 * origin vsts, domain Build, principalName a project id, empty mailAddress): platform plumbing like Microsoft's
 * first-party service principals, never a person and never a subject of ownership findings.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import { NO_IDS, type GraphEdge, type GraphNode } from '../../model/schema';
import { ownerIdForEmail, ownerIdForEntraUser, ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import { adoEmail, adoIdentityId, isAdoPlatformIdentity } from './node-ids';

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

/** The user's e-mail: mailAddress, else a principalName that is an address (never a platform id). */
export function adoUserEmail(user: AdoUser): string | undefined {
  return adoEmail(user.mailAddress) ?? adoEmail(user.principalName);
}

/** A person's own account (not a service account, not a platform identity). */
export function isAdoPerson(user: AdoUser): boolean {
  return !isAdoPlatformIdentity(user) && !isAdoServiceAccount(user);
}

/**
 * The owner node of the person behind a user account, with the id every other source gives that person: by e-mail
 * when known, else (an Entra-backed user) `people:owner:entra/<tenant>/<objectId>`, which correlate/ folds into the
 * person with that Entra object id. Service accounts and platform identities are not people: none.
 */
export function personOfAdoUser(user: AdoUser): GraphNode<'owner'> | undefined {
  if (!isAdoPerson(user)) return undefined;
  const email = adoUserEmail(user);
  const aad = user.origin?.toLowerCase() === 'aad';
  const entraUserIds = aad && user.originId ? [user.originId] : NO_IDS;
  const name = user.displayName ?? email ?? user.descriptor;
  if (email) return ownerNode(ownerIdForEmail(email), name, { email, adoUserIds: [user.descriptor], entraUserIds });
  if (aad && user.originId && user.domain) return ownerNode(ownerIdForEntraUser(user.domain, user.originId), name, { adoUserIds: [user.descriptor], entraUserIds });
  return undefined;
}

export function adoUsersToGraph(users: readonly AdoUser[], _context: GraphContext, organization: string): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const user of users) {
    const id = adoIdentityId(organization, user.descriptor);
    const email = adoUserEmail(user);
    const platform = isAdoPlatformIdentity(user);
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
        human: isAdoPerson(user),
        enabled: true,
        // The service's own identities are plumbing, as Microsoft's first-party service principals are.
        origin: platform ? 'microsoft' : 'first_party',
        ...(email ? { email } : {}),
      },
    });
    // A person's own account belongs to that person; a service account's owner comes from elsewhere (sponsors).
    const person = personOfAdoUser(user);
    if (person) {
      nodes.push(person);
      edges.push({ kind: 'OWNED_BY', from: id, to: person.id, basis: 'observed', reason: 'the person’s own Azure DevOps account' });
    }
  }
  return { nodes, edges };
}
