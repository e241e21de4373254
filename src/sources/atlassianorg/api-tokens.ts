/**
 * API tokens of the organization's accounts: people's own tokens and service accounts' scoped tokens (metadata only:
 * the API never returns a token value, and none is kept).
 * Endpoint: GET https://api.atlassian.com/admin/api-access/v1/orgs/{orgId}/api-tokens, scope read:tokens:admin,
 * `{data: [{id, label, status: ALLOWED | BLOCKED, createdAt, expiresAt, lastActiveAt, user: {id, orgId, name,
 * email}}], links: {self, next, prev}}`. https://developer.atlassian.com/cloud/admin/api-access/rest/api-group-api-token/
 * Quirks: tokens created since 15 Dec 2024 expire within a year, older ones were given an expiry between March and May
 * 2026 (https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/); an
 * `expiresAt` of null still says "no expiry" and is read as such, a missing one as unknown. BLOCKED = an admin
 * blocked it: it authenticates nothing and opens nothing.
 * A person's token belongs to that person (design.md "Owners", as a PAT belongs to its user); a service account's
 * token is a credential of the service account, which its creator owns.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { AtlassianOrgClient, OrgEndpoint } from './atlassian-org-client';
import { apiTokenCredentialId, atlassianAccountIdentityId, evidenceId, isoDate, personOwnerIdOf } from './node-ids';

export const API_TOKENS: OrgEndpoint = {
  path: (orgId) => `/admin/api-access/v1/orgs/${orgId}/api-tokens`,
  scope: 'read:tokens:admin',
  what: 'the API tokens',
};

export interface ApiToken {
  id: string;
  label?: string;
  status?: string;
  createdAt?: string;
  /** null = the API says it has no expiry; undefined = not said. */
  expiresAt?: string | null;
  lastActiveAt?: string;
  user: { id: string; name?: string; email?: string };
}

const str = z.string().nullish();
const time = z.union([z.string(), z.number()]);

export const apiTokenSchema = z
  .looseObject({
    id: z.string().min(1),
    label: str,
    status: str,
    createdAt: time.nullish(),
    expiresAt: time.nullish(),
    lastActiveAt: time.nullish(),
    user: z.looseObject({ id: z.string().min(1), name: str, email: str }),
  })
  .transform(
    (raw): ApiToken => ({
      id: raw.id,
      ...(raw.label ? { label: raw.label } : {}),
      ...(raw.status ? { status: raw.status } : {}),
      ...(isoDate(raw.createdAt) ? { createdAt: isoDate(raw.createdAt) } : {}),
      ...(raw.expiresAt === null ? { expiresAt: null } : isoDate(raw.expiresAt) ? { expiresAt: isoDate(raw.expiresAt) } : {}),
      ...(isoDate(raw.lastActiveAt) ? { lastActiveAt: isoDate(raw.lastActiveAt) } : {}),
      user: { id: raw.user.id, ...(raw.user.name ? { name: raw.user.name } : {}), ...(raw.user.email ? { email: raw.user.email.toLowerCase() } : {}) },
    }),
  );

export async function fetchApiTokens(client: AtlassianOrgClient): Promise<ParsedRecords<ApiToken>> {
  const items = await client.getAll(API_TOKENS, {});
  return parseRecords(items, apiTokenSchema, { system: 'atlassianorg', endpoint: API_TOKENS.path('{orgId}') });
}

export const tokenName = (token: Pick<ApiToken, 'id' | 'label'>) => `API token "${token.label ?? token.id}"`;

/**
 * Tokens as credentials of the account they sign in as. `serviceAccountIds`: the accounts the service-account read
 * named; undefined when it was not read, and then no token is given a person as owner (it may be a service
 * account's), so its ownership is unknown rather than guessed.
 */
export function apiTokensToGraph(tokens: readonly ApiToken[], orgId: string, serviceAccountIds: ReadonlySet<string> | undefined): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const token of tokens) {
    if (/^blocked$/i.test(token.status ?? '')) continue;
    const credentialId = apiTokenCredentialId(orgId, token.id);
    const holderId = atlassianAccountIdentityId(token.user.id);
    const holder = token.user.name ?? token.user.email ?? token.user.id;
    nodes.push({
      id: credentialId,
      kind: 'credential',
      system: 'jira',
      name: tokenName(token),
      props: {
        subtype: 'api_token',
        nativeId: token.id,
        ...(token.createdAt ? { createdAt: token.createdAt } : {}),
        ...(token.expiresAt !== undefined ? { expiresAt: token.expiresAt } : {}),
        ...(token.user.email ? { accountEmail: token.user.email } : {}),
      },
    });
    edges.push({ kind: 'AUTHENTICATES_AS', from: credentialId, to: holderId, basis: 'observed', reason: `API token of ${holder}` });
    const isServiceAccount = serviceAccountIds?.has(token.user.id);
    if (serviceAccountIds !== undefined && !isServiceAccount) {
      const person = ownerNode(personOwnerIdOf(token.user), token.user.name ?? token.user.email ?? token.user.id, { ...(token.user.email ? { email: token.user.email } : {}), atlassianAccountIds: [token.user.id] });
      nodes.push(person);
      edges.push({ kind: 'OWNED_BY', from: credentialId, to: person.id, basis: 'observed', reason: `API token of ${holder}` });
    }
    if (token.lastActiveAt) {
      // The token's last use is the account's activity too: a service account that only calls REST APIs leaves no
      // Jira audit record, so this is what shows it at work.
      const evidence = evidenceId(orgId, 'api-token', token.id);
      nodes.push({ id: evidence, kind: 'execution_evidence', system: 'jira', name: `Last use of ${tokenName(token)}`, props: { subtype: 'sign_in', lastAt: token.lastActiveAt, source: 'Atlassian API token last active' } });
      edges.push({ kind: 'EVIDENCES', from: evidence, to: credentialId, basis: 'observed' });
      edges.push({ kind: 'EVIDENCES', from: evidence, to: holderId, basis: 'observed' });
    }
  }
  return { nodes, edges };
}
