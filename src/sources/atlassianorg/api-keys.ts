/**
 * Organization API keys: the keys that call the admin APIs themselves (this app's own included), each lasting at
 * most a year, with scopes or without (https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/).
 * Endpoint: GET https://api.atlassian.com/admin/api-access/v1/orgs/{orgId}/api-keys, scope read:tokens:admin (a
 * later copy of the page names read:keys:admin), `{data: [{id, label, createdAt, expiresAt, lastActiveAt,
 * systemAccountId, resource, orgId, createdBy: {id, name, email}, scopes, targetResources}], links: {self, next,
 * prev}}`. https://developer.atlassian.com/cloud/admin/api-access/rest/api-group-api-key/
 * A key belongs to the admin who created it: Atlassian advises revoking a departed admin's keys, so their departure
 * orphans it. It signs in as its own system account, which no other API describes, so it has no holder here.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { AtlassianOrgClient, OrgEndpoint } from './atlassian-org-client';
import { apiKeyCredentialId, evidenceId, isoDate, personOwnerIdOf } from './node-ids';

export const API_KEYS: OrgEndpoint = {
  path: (orgId) => `/admin/api-access/v1/orgs/${orgId}/api-keys`,
  scope: 'read:tokens:admin',
  what: 'the organization API keys',
};

export interface ApiKey {
  id: string;
  label?: string;
  createdAt?: string;
  expiresAt?: string | null;
  lastActiveAt?: string;
  scopes: string[];
  createdBy?: { id: string; name?: string; email?: string };
}

const str = z.string().nullish();
const time = z.union([z.string(), z.number()]);

export const apiKeySchema = z
  .looseObject({
    id: z.string().min(1),
    label: str,
    createdAt: time.nullish(),
    expiresAt: time.nullish(),
    lastActiveAt: time.nullish(),
    scopes: z.array(z.string()).nullish(),
    createdBy: z.looseObject({ id: z.string().min(1), name: str, email: str }).nullish(),
  })
  .transform(
    (raw): ApiKey => ({
      id: raw.id,
      ...(raw.label ? { label: raw.label } : {}),
      ...(isoDate(raw.createdAt) ? { createdAt: isoDate(raw.createdAt) } : {}),
      ...(raw.expiresAt === null ? { expiresAt: null } : isoDate(raw.expiresAt) ? { expiresAt: isoDate(raw.expiresAt) } : {}),
      ...(isoDate(raw.lastActiveAt) ? { lastActiveAt: isoDate(raw.lastActiveAt) } : {}),
      scopes: [...(raw.scopes ?? [])].sort(),
      ...(raw.createdBy ? { createdBy: { id: raw.createdBy.id, ...(raw.createdBy.name ? { name: raw.createdBy.name } : {}), ...(raw.createdBy.email ? { email: raw.createdBy.email.toLowerCase() } : {}) } } : {}),
    }),
  );

export async function fetchApiKeys(client: AtlassianOrgClient): Promise<ParsedRecords<ApiKey>> {
  const items = await client.getAll(API_KEYS, {});
  return parseRecords(items, apiKeySchema, { system: 'atlassianorg', endpoint: API_KEYS.path('{orgId}') });
}

export function apiKeysToGraph(keys: readonly ApiKey[], orgId: string): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const key of keys) {
    const id = apiKeyCredentialId(orgId, key.id);
    const name = `Organization API key "${key.label ?? key.id}"`;
    nodes.push({
      id,
      kind: 'credential',
      system: 'jira',
      name,
      props: {
        subtype: 'api_token',
        nativeId: key.id,
        ...(key.createdAt ? { createdAt: key.createdAt } : {}),
        ...(key.expiresAt !== undefined ? { expiresAt: key.expiresAt } : {}),
        // An unscoped key can do everything the organization admin APIs allow.
        scopes: key.scopes.length > 0 ? key.scopes : ['(unscoped: every organization admin API)'],
      },
    });
    if (key.createdBy) {
      const person = ownerNode(personOwnerIdOf(key.createdBy), key.createdBy.name ?? key.createdBy.email ?? key.createdBy.id, { ...(key.createdBy.email ? { email: key.createdBy.email } : {}), atlassianAccountIds: [key.createdBy.id] });
      nodes.push(person);
      edges.push({ kind: 'OWNED_BY', from: id, to: person.id, basis: 'observed', reason: `created by ${person.name}` });
    }
    if (key.lastActiveAt) {
      const evidence = evidenceId(orgId, 'api-key', key.id);
      nodes.push({ id: evidence, kind: 'execution_evidence', system: 'jira', name: `Last use of ${name}`, props: { subtype: 'sign_in', lastAt: key.lastActiveAt, source: 'Atlassian organization API key last active' } });
      edges.push({ kind: 'EVIDENCES', from: evidence, to: id, basis: 'observed' });
    }
  }
  return { nodes, edges };
}
