/**
 * The Atlassian organization records on named minimal payloads (the documented shapes), their part of the graph,
 * and what the checks make of it: a person's API token driven by an MCP client fails human_credential_as_workload,
 * a service account's does not, a service account token without expiry never expires, and an audit log not read
 * leaves dormancy unknown.
 */
import { humanCredentialAsWorkload } from '../../../src/checks/human-credential-as-workload';
import { credentialNeverExpires } from '../../../src/checks/credential-hygiene';
import { dormantAuthority } from '../../../src/checks/dormant-authority';
import { parseRecords } from '../../../src/sources/parse-records';
import { apiKeySchema } from '../../../src/sources/atlassianorg/api-keys';
import { apiTokenSchema } from '../../../src/sources/atlassianorg/api-tokens';
import { orgEventSchema } from '../../../src/sources/atlassianorg/audit-events';
import { oauthClientSchema } from '../../../src/sources/atlassianorg/oauth-clients';
import { serviceAccountSchema } from '../../../src/sources/atlassianorg/service-accounts';
import { atlassianOrgToGraph, type AtlassianOrgData } from '../../../src/sources/atlassianorg/to-graph';
import { checkContext, coverageWithGap, daysBefore, failsOf, grant, graphOf, jiraAdminister, jiraPersonAccount, only, unknownsOf } from '../../support/graph-fixtures';

const ORG = 'org-0001';
const PERSON = '5b10a2844c20165700ede21g';
const SERVICE = '712020:svc-0001';
const where = { system: 'atlassianorg', endpoint: 'test' };

const serviceAccountItem = { atlassianId: SERVICE, id: 'sa-1', email: 'svc-reports@serviceaccount.atlassian.com', displayName: 'svc-reports', status: 'ACTIVE', createdById: PERSON, updatedAt: 1764642980899 };
const personToken = { id: 'tok-person', label: 'cursor', status: 'ALLOWED', createdAt: '2026-09-01T00:00:00.000Z', expiresAt: '2027-09-01T00:00:00.000Z', lastActiveAt: '2026-11-19T10:00:00.000Z', user: { id: PERSON, orgId: ORG, name: 'Ada Admin', email: 'Ada@Example.com' } };
const serviceToken = { id: 'tok-svc', label: 'nightly', status: 'ALLOWED', createdAt: '2025-11-01T00:00:00.000Z', expiresAt: null, user: { id: SERVICE, orgId: ORG, name: 'svc-reports', email: 'svc-reports@serviceaccount.atlassian.com' } };
const mcpEvent = (id: string, time: string, tokenId: string, actorId: string) => ({
  id,
  type: 'events',
  attributes: { time, action: 'mcp_tool_invoked', actor: { id: actorId, name: actorId === PERSON ? 'Ada Admin' : 'svc-reports', auth: { authType: 'api-token', tokenId, tokenLabel: tokenId === 'tok-person' ? 'cursor' : 'nightly' } }, context: [{ id: 'issue-1', type: 'jira-issue' }] },
  links: { self: 'https://api.atlassian.com/admin/v1/orgs/org-0001/events/' + id },
});

const parsed = <T>(items: unknown[], schema: Parameters<typeof parseRecords<T>>[1]) => parseRecords(items, schema, where);

describe('parsers', () => {
  it('reads a service account by its Atlassian account id and quarantines one without it', () => {
    const result = parsed([serviceAccountItem, { id: 'sa-2', displayName: 'no account id' }], serviceAccountSchema);
    expect(result.records).toEqual([{ accountId: SERVICE, id: 'sa-1', email: 'svc-reports@serviceaccount.atlassian.com', displayName: 'svc-reports', status: 'ACTIVE', createdById: PERSON, updatedAt: '2025-12-02T02:36:20.899Z' }]);
    expect(result.quarantined).toEqual([expect.objectContaining({ index: 1, id: 'sa-2' })]);
  });

  it('reads an API token: a null expiresAt is no expiry, a missing one unknown, the user e-mail in lower case', () => {
    const { records } = parsed([personToken, serviceToken, { ...serviceToken, id: 'tok-3', expiresAt: undefined }], apiTokenSchema);
    expect(records[0]).toMatchObject({ id: 'tok-person', expiresAt: '2027-09-01T00:00:00.000Z', lastActiveAt: '2026-11-19T10:00:00.000Z', user: { id: PERSON, email: 'ada@example.com' } });
    expect(records[1]?.expiresAt).toBeNull();
    expect(records[2] && 'expiresAt' in records[2]).toBe(false);
  });

  it('reads OAuth clients (epoch milliseconds) and API keys with their creator and scopes', () => {
    expect(parsed([{ clientId: 'c-1', name: 'roster', createdAt: 1763149545609, updatedAt: 1763149545609, status: 'ACTIVE' }], oauthClientSchema).records).toEqual([{ clientId: 'c-1', name: 'roster', createdAt: '2025-11-14T19:45:45.609Z', status: 'ACTIVE' }]);
    const key = parsed([{ id: 'k-1', label: 'scanner', createdAt: '2026-08-01T00:00:00Z', expiresAt: '2027-08-01T00:00:00Z', createdBy: { id: PERSON, name: 'Ada Admin', email: 'ada@example.com' }, scopes: ['read:tokens:admin', 'read:events:admin'] }], apiKeySchema).records;
    expect(key).toEqual([expect.objectContaining({ id: 'k-1', scopes: ['read:events:admin', 'read:tokens:admin'], createdBy: { id: PERSON, name: 'Ada Admin', email: 'ada@example.com' } })]);
  });

  it('reads an event: the token it used, whether it is a Rovo MCP call; a record without a time is quarantined', () => {
    const login = { id: 'e-2', attributes: { time: '2026-11-18T08:00:00Z', action: 'user_logged_in', actor: { id: PERSON } } };
    const { records, quarantined } = parsed([mcpEvent('e-1', '2026-11-19T10:00:00Z', 'tok-person', PERSON), login, { id: 'e-3', attributes: { action: 'x', actor: { id: PERSON } } }], orgEventSchema);
    expect(records).toEqual([
      { id: 'e-1', time: '2026-11-19T10:00:00.000Z', action: 'mcp_tool_invoked', actor: { id: PERSON, name: 'Ada Admin' }, token: { id: 'tok-person', label: 'cursor' }, mcp: true },
      { id: 'e-2', time: '2026-11-18T08:00:00.000Z', action: 'user_logged_in', actor: { id: PERSON }, mcp: false },
    ]);
    expect(quarantined.map((q) => q.id)).toEqual(['e-3']);
  });
});

function data(): AtlassianOrgData {
  return {
    serviceAccounts: parsed([serviceAccountItem], serviceAccountSchema).records,
    apiTokens: parsed([personToken, serviceToken], apiTokenSchema).records,
    events: parsed([mcpEvent('e-1', '2026-11-19T10:00:00Z', 'tok-person', PERSON), mcpEvent('e-2', '2026-11-18T10:00:00Z', 'tok-svc', SERVICE)], orgEventSchema).records,
  };
}

describe('toGraph', () => {
  it('makes the service account a non-human Jira identity owned by its creator, and tokens credentials of their accounts', () => {
    const fragment = atlassianOrgToGraph(data(), ORG);
    expect(fragment.nodes.find((n) => n.id === `jira:identity:${SERVICE}`)?.props).toMatchObject({ subtype: 'jira_service_account', human: false, enabled: true, origin: 'first_party' });
    expect(fragment.edges).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'OWNED_BY', from: `jira:identity:${SERVICE}`, to: `people:owner:atlassian/${PERSON}` }),
      expect.objectContaining({ kind: 'AUTHENTICATES_AS', from: `jira:credential:atlassianorg/${ORG}/api-token/tok-person`, to: `jira:identity:${PERSON}` }),
      expect.objectContaining({ kind: 'OWNED_BY', from: `jira:credential:atlassianorg/${ORG}/api-token/tok-person`, to: 'people:owner:ada@example.com' }),
    ]));
    // A service account's token has no person as owner: its account does (through the creator).
    expect(fragment.edges.filter((e) => e.kind === 'OWNED_BY' && e.from.endsWith('/api-token/tok-svc'))).toEqual([]);
    expect(fragment.nodes.find((n) => n.id.endsWith('/api-token/tok-svc'))?.props).toMatchObject({ subtype: 'api_token', expiresAt: null });
  });

  it('makes each MCP client a workload invoking the Rovo MCP server with the token it called with', () => {
    const fragment = atlassianOrgToGraph(data(), ORG);
    const workloads = fragment.nodes.filter((n) => n.kind === 'workload');
    expect(workloads.map((w) => [w.name, w.props])).toEqual([
      ['Rovo MCP calls with API token "cursor"', { subtype: 'mcp_client', nativeId: 'tok-person', enabled: true, executionMode: 'autonomous', trigger: 'MCP tool calls' }],
      ['Rovo MCP calls with API token "nightly"', { subtype: 'mcp_client', nativeId: 'tok-svc', enabled: true, executionMode: 'autonomous', trigger: 'MCP tool calls' }],
    ]);
    expect(fragment.edges).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'USES', from: `jira:connection:atlassianorg/${ORG}/mcp/tok-person`, to: `jira:credential:atlassianorg/${ORG}/api-token/tok-person` }),
      expect.objectContaining({ kind: 'OWNED_BY', from: `jira:workload:atlassianorg/${ORG}/mcp/tok-person`, to: 'people:owner:atlassian/' + PERSON }),
    ]));
  });

  it('gives no person as owner when the service accounts were not read: a token might be a service account’s', () => {
    const { serviceAccounts: _unread, ...rest } = data();
    const fragment = atlassianOrgToGraph(rest, ORG);
    expect(fragment.edges.filter((e) => e.kind === 'OWNED_BY')).toEqual([]);
  });

  it('contributes nothing for datasets not read', () => {
    expect(atlassianOrgToGraph({}, ORG)).toEqual({ nodes: [], edges: [] });
  });
});

describe('what the checks make of it', () => {
  const ada = jiraPersonAccount('ada@example.com', { accountId: PERSON, name: 'Ada Admin' });

  it('fails human_credential_as_workload for an MCP client on a person’s own API token', () => {
    const context = checkContext(graphOf(ada, atlassianOrgToGraph(data(), ORG)));
    const result = only(failsOf(humanCredentialAsWorkload.evaluate(context)));
    expect(result.summary).toBe('MCP client "Rovo MCP calls with API token "cursor"" acts with Ada Admin\'s own account through the connection "Atlassian Rovo MCP server, API token "cursor"".');
    expect(result.chain).toEqual([`jira:workload:atlassianorg/${ORG}/mcp/tok-person`, `jira:connection:atlassianorg/${ORG}/mcp/tok-person`, `jira:credential:atlassianorg/${ORG}/api-token/tok-person`, ada.id]);
  });

  it('passes an MCP client on a service account’s token (an identity of its own)', () => {
    const context = checkContext(graphOf(ada, atlassianOrgToGraph(data(), ORG)));
    expect(humanCredentialAsWorkload.evaluate(context).map((r) => r.subjectId)).not.toContain(`jira:workload:atlassianorg/${ORG}/mcp/tok-svc`);
  });

  it('says a service account token without expiry never expires', () => {
    const context = checkContext(graphOf(ada, atlassianOrgToGraph(data(), ORG)));
    expect(credentialNeverExpires.evaluate(context).map((r) => r.outcome === 'fail' && r.summary)).toEqual(['API token "nightly" of "svc-reports" never expires.']);
  });

  it('answers dormancy of a service account with admin rights from its token use, and unknown when the log was not read', () => {
    const { apiTokens: _tokens, events: _events, ...accountsOnly } = data();
    const parts = [atlassianOrgToGraph(accountsOnly, ORG), grant(ada, jiraAdminister())];
    const svcAdmin = (graph: ReturnType<typeof graphOf>) => {
      const account = graph.node(`jira:identity:${SERVICE}`);
      if (!account) throw new Error('the service account is not in the graph');
      return graph.addFragment(grant(account, jiraAdminister()));
    };
    const gap = checkContext(svcAdmin(graphOf(...parts)), { coverage: coverageWithGap('Atlassian organization audit log was not read completely (HTTP 403, read:events:admin)') });
    expect(unknownsOf(dormantAuthority.evaluate(gap)).map((u) => u.subjectId)).toEqual([`jira:identity:${SERVICE}`]);
    const used = checkContext(svcAdmin(graphOf(atlassianOrgToGraph({ ...data(), apiTokens: parsed([{ ...serviceToken, lastActiveAt: daysBefore(2) }], apiTokenSchema).records }, ORG), grant(ada, jiraAdminister()))));
    expect(dormantAuthority.evaluate(used).filter((r) => r.subjectId === `jira:identity:${SERVICE}`)).toEqual([]);
  });
});
