/**
 * The Atlassian organization: service accounts and their credentials, people's API tokens, organization API keys,
 * and the audit log's API-token and Rovo MCP activity, read with an organization admin API key from the secret store.
 * Off until an admin saves its settings: Forge apps cannot call the organization admin APIs, so this needs a key an
 * admin creates (the same trade-off as the Automation API token in the README).
 */
import { z } from 'zod';
import { readSourceSettings, type SourceConnectionCheck, type SourceDescriptor } from '../source-descriptor';
import { ATLASSIAN_API_HOST, AtlassianOrgClient, ORG_ID, type OrgEndpoint } from './atlassian-org-client';
import { API_KEYS } from './api-keys';
import { API_TOKENS } from './api-tokens';
import { EVENTS } from './audit-events';
import { atlassianOrgExtractionSteps } from './extraction-steps';
import { OAUTH_CLIENTS } from './oauth-clients';
import { SERVICE_ACCOUNTS } from './service-accounts';
import { atlassianOrgGraphBuilder } from './to-graph';

/** Secret store key of the organization API key. */
export const ATLASSIAN_ORG_API_KEY = 'secret:atlassianorg:api-key';

export const atlassianOrgSettingsSchema = z.object({
  orgId: z.string().trim().regex(ORG_ID, 'must be the organization id from admin.atlassian.com/o/<organization id> (letters, digits and dashes)'),
});

/** Each scope, the least read that proves it, and what is not seen without it. */
const PROBES: ReadonlyArray<{ endpoint: OrgEndpoint; query: Record<string, string>; why: string }> = [
  { endpoint: SERVICE_ACCOUNTS, query: {}, why: 'service accounts and who created them (ownership)' },
  { endpoint: API_TOKENS, query: {}, why: 'API tokens of people and service accounts: expiry, last use, owner' },
  { endpoint: OAUTH_CLIENTS, query: { pageSize: '1' }, why: 'OAuth 2.0 clients of service accounts' },
  { endpoint: API_KEYS, query: {}, why: 'organization API keys: expiry and the admin who created each' },
  { endpoint: EVENTS, query: { limit: '1' }, why: 'audit log: API-token activity and Rovo MCP tool calls (evidence; needs Atlassian Guard)' },
];

const clientOf = (settings: Parameters<SourceDescriptor['extractionSteps']>[0], ports: Parameters<SourceDescriptor['extractionSteps']>[1]) => {
  const slice = readSourceSettings(settings, 'atlassianorg', atlassianOrgSettingsSchema);
  return slice ? ports.shared(`atlassianorg:client:${slice.orgId}`, () => new AtlassianOrgClient({ orgId: slice.orgId, readApiKey: () => ports.secret(ATLASSIAN_ORG_API_KEY) }, ports.egressFetch, ports.sleep)) : undefined;
};

export const atlassianOrgSource: SourceDescriptor = {
  id: 'atlassianorg',
  label: 'Atlassian organization',
  describes: ['jira', 'people'],
  // The audit log proves use; service accounts (their creators) and API tokens (their owners) prove who answers.
  coverage: { evidence: ['events'], ownership: ['service-accounts', 'api-tokens'] },
  egress: [`https://${ATLASSIAN_API_HOST}`],
  extractionSteps: (settings, ports, observedAt) => {
    const client = clientOf(settings, ports);
    return client ? atlassianOrgExtractionSteps(client, observedAt) : [];
  },
  graphBuilders: (settings) => {
    const slice = readSourceSettings(settings, 'atlassianorg', atlassianOrgSettingsSchema);
    return slice ? [atlassianOrgGraphBuilder(slice.orgId)] : [];
  },
  unseenWhenOff: {
    what: 'service accounts and their credentials, people’s API tokens (expiry, last use) and the audit log’s API-token and Rovo MCP activity',
    checks: ['credential_expired', 'credential_expiring', 'credential_never_expires', 'dormant_authority', 'human_credential_as_workload', 'orphaned_ownership'],
  },
  settings: {
    description:
      'Service accounts and their API tokens and OAuth 2.0 clients, people’s API tokens, organization API keys, and the audit log’s API-token and Rovo MCP activity. ' +
      'Forge apps cannot call the organization admin APIs, so this needs an organization admin API key (admin.atlassian.com → Settings → API keys, scopes read:service-accounts:admin, read:service-accounts-tokens:admin, read:tokens:admin, read:events:admin), kept in Forge secret storage and sent only to api.atlassian.com as a Bearer token. ' +
      'Off by default: until it is on, those credentials and that activity are not seen, and nothing is concluded from their absence.',
    fields: [
      { key: 'orgId', label: 'Organization ID', help: 'The id in admin.atlassian.com/o/<organization id>, also shown when you create an API key.', kind: 'text', placeholder: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' },
      { key: 'apiKey', label: 'Organization API key', help: 'A key with the read scopes above (or without scopes). It lasts at most a year: renew it before it expires.', kind: 'secret', secretKey: ATLASSIAN_ORG_API_KEY },
    ],
    schema: atlassianOrgSettingsSchema,
  },
  async testConnection(settings, ports): Promise<SourceConnectionCheck> {
    const client = clientOf(settings, ports);
    if (!client) return { ok: false, error: 'The Atlassian organization is not configured: enter the organization ID and API key', permissions: [] };
    const permissions: SourceConnectionCheck['permissions'] = [];
    for (const probe of PROBES) {
      const { status } = await client.probe(probe.endpoint, probe.query);
      if (status === 401) {
        return { ok: false, error: `Atlassian did not accept the organization API key for organization ${client.orgId} (HTTP 401): it is wrong, expired or revoked`, permissions: [] };
      }
      // 403 is the documented answer to a missing scope; anything else neither proves nor disproves it.
      permissions.push({ name: `${probe.endpoint.scope} (${probe.endpoint.what})`, why: probe.why, granted: status >= 200 && status < 300 ? true : status === 403 ? false : 'unknown' });
    }
    return { ok: permissions.every((p) => p.granted === true), ...(permissions.some((p) => p.granted !== true) ? { error: `Not every scope is granted: ${permissions.filter((p) => p.granted !== true).map((p) => `${p.name}: ${p.granted === false ? 'missing' : 'unknown'}`).join(', ')}` } : {}), permissions };
  },
};
