/**
 * Personal access tokens of each user (metadata only: the API never returns a token value, and none is kept).
 * Endpoint: GET https://vssps.dev.azure.com/{org}/_apis/tokenadmin/personalaccesstokens/{subjectDescriptor}
 * ?isPublic=false&pageSize=100&api-version=7.1-preview.1, TokenAdminPagedSessionTokens {value, continuationToken}.
 * https://learn.microsoft.com/rest/api/azure/devops/tokenadmin/personal-access-tokens/list
 * Quirks: needs an organization administrator (scope vso.tokenadministration). `scope` is a space-separated list
 * (vso.work_write vso.code ...; "app_token" = full access). isValid is false once revoked or expired. validFrom and
 * validTo come without a UTC offset ("2027-05-31T00:00:00", as the service's DateTime values are UTC): read as UTC,
 * never in the runtime's local zone.
 * A PAT belongs to its user (design.md "Owners": PAT -> its user): the credential is OWNED_BY that user's person,
 * so the same departure rule as every other owner decides whether it is orphaned.
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import { adoIdentityId, adoPatCredentialId, adoPatRoleId, adoPermissionId, adoProjectResourceId } from './node-ids';
import type { AdoProject } from './projects';
import { personOfAdoUser, type AdoUser } from './graph-users';

export const PAT_PAGE_SIZE = 100;

export interface PersonalAccessToken {
  subjectDescriptor: string;
  authorizationId: string;
  /** The owner's user id (the id the audit log gives its actors as actorUserId). */
  userId?: string;
  displayName?: string;
  scopes: string[];
  validFrom?: string;
  validTo?: string;
  isValid?: boolean;
  /** Organizations (ids) the token is limited to; absent = all accessible organizations. */
  targetAccounts?: string[];
}

const str = z.string().nullish();

/** An explicit pick: the token and alternateToken fields are never read. */
export const personalAccessTokenSchema = z
  .looseObject({
    subjectDescriptor: z.string().min(1),
    authorizationId: z.string().min(1),
    userId: str,
    displayName: str,
    scope: str,
    validFrom: str,
    validTo: str,
    isValid: z.boolean().nullish(),
    targetAccounts: z.array(z.string()).nullish(),
  })
  .transform(
    (raw): PersonalAccessToken => ({
      subjectDescriptor: raw.subjectDescriptor,
      authorizationId: raw.authorizationId,
      ...(raw.userId ? { userId: raw.userId } : {}),
      ...(raw.displayName ? { displayName: raw.displayName } : {}),
      scopes: (raw.scope ?? '').split(/\s+/).filter(Boolean).sort(),
      ...(raw.validFrom ? { validFrom: raw.validFrom } : {}),
      ...(raw.validTo ? { validTo: raw.validTo } : {}),
      ...(typeof raw.isValid === 'boolean' ? { isValid: raw.isValid } : {}),
      ...(raw.targetAccounts ? { targetAccounts: raw.targetAccounts } : {}),
    }),
  );

/**
 * The PATs of each user. A resync passes `unchanged`: the last complete sync's tokens, kept for every user not in
 * `reread` (new users, users the audit log names); only those are asked.
 */
export async function fetchPersonalAccessTokens(
  client: AzureDevOpsClient,
  subjectDescriptors: readonly string[],
  map: ConcurrentMap = allAtOnce,
  unchanged?: { previous: readonly PersonalAccessToken[]; reread: ReadonlySet<string> },
): Promise<ParsedRecords<PersonalAccessToken>> {
  const records: PersonalAccessToken[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const toRead = unchanged ? subjectDescriptors.filter((d) => unchanged.reread.has(d)) : [...subjectDescriptors];
  if (unchanged) {
    const kept = new Set(subjectDescriptors.filter((d) => !unchanged.reread.has(d)));
    records.push(...unchanged.previous.filter((t) => kept.has(t.subjectDescriptor)));
  }
  const answers = await map(toRead, (subjectDescriptor) => unlessNotFound(() => client.getAll(ADO_HOSTS.vssps, client.orgPath('_apis/tokenadmin/personalaccesstokens', subjectDescriptor), {
        isPublic: 'false',
        pageSize: String(PAT_PAGE_SIZE),
        'api-version': '7.1-preview.1',
      })));
  for (const [i, subjectDescriptor] of toRead.entries()) {
    const items = answers[i];
    if (items === undefined) continue; // deleted since it was listed
    const tagged = items.map((item) => (typeof item === 'object' && item !== null ? { ...item, subjectDescriptor } : item));
    const parsed = parseRecords(tagged, personalAccessTokenSchema, { system: 'azuredevops', endpoint: '/{org}/_apis/tokenadmin/personalaccesstokens/{descriptor}' });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

/**
 * What a PAT scope allows. https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/oauth#scopes
 * write: _write, _manage, _full, _execute, app_token (full access); high privilege: full access, _manage/_full, and
 * the scopes that administer security, identities, tokens, service connections or memberships.
 */
export function classifyPatScope(scope: string): { write: boolean; highPrivilege: boolean } {
  const s = scope.toLowerCase();
  const fullAccess = s === 'app_token';
  const write = fullAccess || /_(write|manage|full|execute)$/.test(s) || s === 'vso.tokenadministration' || s === 'vso.tokens';
  const highPrivilege =
    fullAccess ||
    /_(manage|full)$/.test(s) ||
    ['vso.security_manage', 'vso.identity_manage', 'vso.tokenadministration', 'vso.tokens', 'vso.memberentitlementmanagement_write', 'vso.serviceendpoint_manage'].includes(s);
  return { write, highPrivilege };
}

/** A date-time with no zone designator: ECMAScript would read it in the runtime's local zone. */
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * ISO 8601 in UTC, or undefined for a missing or unreadable date (expiry unknown rather than a dropped token). A
 * value without an offset is UTC (Azure DevOps serializes UTC DateTimes without one).
 */
export function adoUtcDate(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const at = Date.parse(NO_OFFSET.test(text.trim()) ? `${text.trim()}Z` : text);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/**
 * PATs as credentials of their user, each with a role granting its scopes over the organization's projects. The
 * scopes reach what the user can reach; without project memberships, every project of the organization is assumed.
 * `users` (graph users) name the person each PAT belongs to; a PAT of a service account has no person behind it.
 */
export function personalAccessTokensToGraph(tokens: readonly PersonalAccessToken[], projects: readonly AdoProject[], _context: GraphContext, organization: string, users: readonly AdoUser[] = []): GraphFragment {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const userByDescriptor = new Map(users.map((u) => [u.descriptor, u]));
  for (const token of tokens) {
    if (token.isValid === false) continue; // revoked or expired: it opens nothing
    const credentialId = adoPatCredentialId(organization, token.authorizationId);
    const roleId = adoPatRoleId(organization, token.authorizationId);
    const identityId = adoIdentityId(organization, token.subjectDescriptor);
    nodes.set(credentialId, {
      id: credentialId,
      kind: 'credential',
      system: 'azuredevops',
      name: `PAT ${token.displayName ?? token.authorizationId}`,
      props: {
        subtype: 'pat',
        nativeId: token.authorizationId,
        ...(adoUtcDate(token.validFrom) ? { createdAt: adoUtcDate(token.validFrom) } : {}),
        ...(adoUtcDate(token.validTo) ? { expiresAt: adoUtcDate(token.validTo) } : {}),
        scopes: token.scopes,
      },
    });
    nodes.set(roleId, { id: roleId, kind: 'role', system: 'azuredevops', name: `Scopes of PAT ${token.displayName ?? token.authorizationId}`, props: { subtype: 'ado_scope', nativeId: token.authorizationId } });
    edges.push({ kind: 'AUTHENTICATES_AS', from: credentialId, to: identityId, basis: 'observed', reason: 'personal access token of this user' });
    const user = userByDescriptor.get(token.subjectDescriptor);
    const person = user ? personOfAdoUser(user) : undefined;
    if (person) {
      nodes.set(person.id, person);
      edges.push({ kind: 'OWNED_BY', from: credentialId, to: person.id, basis: 'observed', reason: `personal access token of ${user?.displayName ?? person.name}` });
    }
    edges.push({ kind: 'HAS_ROLE', from: identityId, to: roleId, basis: 'observed', reason: `PAT ${token.displayName ?? token.authorizationId}` });
    for (const scope of token.scopes) {
      const permissionId = adoPermissionId(organization, scope);
      const { write, highPrivilege } = classifyPatScope(scope);
      const scopeSeen = nodes.has(permissionId);
      nodes.set(permissionId, {
        id: permissionId,
        kind: 'permission',
        system: 'azuredevops',
        name: `Azure DevOps ${scope}`,
        props: { subtype: 'ado', key: scope, highPrivilege, tenantWide: true, write, impersonation: false },
      });
      edges.push({ kind: 'GRANTS', from: roleId, to: permissionId, basis: 'observed' });
      // A scope's permission node is shared by every PAT with that scope: its reach is emitted once, not once per PAT
      // (at 7,000 users with a few PATs each and 500 projects, a million copies of the same edges).
      if (scopeSeen) continue;
      for (const project of projects) {
        edges.push({ kind: 'APPLIES_TO', from: permissionId, to: adoProjectResourceId(organization, project.id), basis: 'observed', reason: 'a PAT scope covers every project its user can reach (memberships are not read)' });
      }
    }
  }
  return { nodes: [...nodes.values()], edges };
}
