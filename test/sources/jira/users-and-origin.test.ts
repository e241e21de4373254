/**
 * Jira accounts as GET /rest/api/3/users/search returns them, parsed as the platform spec's User allows: accountType
 * (atlassian | app | customer | unknown), active and emailAddress ("may be returned as null") are optional
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-users-search-get).
 * App users' origin from the admin's declared app key against the organisation's verified domains (Entra
 * /organization verifiedDomains, https://learn.microsoft.com/graph/api/organization-list); Atlassian service accounts
 * are created by the organisation's admins (https://support.atlassian.com/user-management/docs/understand-service-accounts/).
 */
import { fetchJiraUsers, jiraUserSchema, jiraUsersToGraph, jiraIdentityId } from '../../../src/sources/jira/users';
import { appKeyVendorDomain, appUserOrigin, readOrganisationDomains, type OrganisationDomains } from '../../../src/sources/jira/app-origin';
import { jiraGraphBuilder, jiraToGraph } from '../../../src/sources/jira/to-graph';
import type { ContributedFragment } from '../../../src/sources/source-step';
import { JIRA_DATASETS } from '../../../src/sources/jira/extraction-steps';
import { entraDatasets } from '../../../src/sources/entra/extraction-steps';
import { parseJiraTime, auditRecordsToGraph } from '../../../src/sources/jira/audit-records';
import type { JiraClient } from '../../../src/sources/jira/jira-client';
import type { GraphNode } from '../../../src/model/schema';
import { defaultSettings } from '../../../src/settings/settings';
import { appUser, browseByRole, group, jiraContext, person, project, role, scheme, SYNC_CLOCK } from './jira-records';
import { AccessGraph, type GraphFragment } from '../../../src/model/graph';

const TENANT_A = '0c0ffee0-0000-4000-8000-00000000000a';
const TENANT_B = '0c0ffee0-0000-4000-8000-00000000000b';
const ORGANISATION: OrganisationDomains = { domains: ['example.eu', 'example-labs.de'], complete: true };

const identity = (nodes: readonly GraphNode[], accountId: string) => nodes.find((n) => n.id === jiraIdentityId(accountId)) as GraphNode<'identity'> | undefined;

describe('Jira users without the optional fields', () => {
  const answering = (users: unknown[]): JiraClient => ({ getJson: (path: string) => Promise.resolve(path.includes('startAt=0') ? users : []) }) as unknown as JiraClient;

  it('keeps a user without accountType, or with accountType unknown: nothing the checks need is missing', async () => {
    const { records, quarantined } = await fetchJiraUsers(
      answering([
        { accountId: '712020:lukas', displayName: 'Lukas Becker', emailAddress: 'Lukas.Becker@example-labs.de', active: true },
        { accountId: '712020:jonas', accountType: 'unknown', displayName: 'Jonas Richter', emailAddress: null, active: true },
        { displayName: 'no id' },
      ]),
    );
    expect(records.map((r) => r.accountId)).toEqual(['712020:lukas', '712020:jonas']);
    expect(quarantined).toHaveLength(1); // the record without accountId: every edge needs it
  });

  it('reads an account without accountType like an atlassian one: a person with an owner, origin unknown, never guessed non-human', () => {
    const { nodes, edges } = jiraUsersToGraph([jiraUserSchema.parse({ accountId: '712020:lukas', displayName: 'Lukas Becker', emailAddress: 'Lukas.Becker@example-labs.de', active: true })], jiraContext());
    const lukas = identity(nodes, '712020:lukas');
    expect(lukas?.props).toMatchObject({ subtype: 'jira_user', human: true, enabled: true, origin: 'unknown', email: 'lukas.becker@example-labs.de' });
    const owner = nodes.find((n) => n.kind === 'owner') as GraphNode<'owner'>;
    expect(owner.id).toBe('people:owner:lukas.becker@example-labs.de');
    expect(owner.props.departed).toBeUndefined(); // departure comes from the directories, by e-mail
    expect(edges).toEqual([{ kind: 'OWNED_BY', from: lukas?.id, to: owner.id, basis: 'observed', reason: 'the person’s own Atlassian account' }]);
  });

  it('still takes a service-like name or a declaration as non-human when accountType is absent', () => {
    const { nodes } = jiraUsersToGraph([jiraUserSchema.parse({ accountId: 's-1', displayName: 'svc-edi-gateway' }), jiraUserSchema.parse({ accountId: 's-2', displayName: 'Reporting' })], jiraContext({ serviceAccounts: ['s-2'] }));
    expect(identity(nodes, 's-1')?.props).toMatchObject({ subtype: 'jira_service_account', human: false });
    expect(identity(nodes, 's-2')?.props).toMatchObject({ subtype: 'jira_service_account', human: false });
  });

  it('takes only active: false as inactive; an absent flag neither disables nor departs', () => {
    const { nodes } = jiraUsersToGraph(
      [jiraUserSchema.parse({ accountId: 'a', accountType: 'atlassian', emailAddress: 'a@example.eu' }), jiraUserSchema.parse({ accountId: 'b', accountType: 'atlassian', emailAddress: 'b@example.eu', active: false })],
      jiraContext(),
    );
    expect(identity(nodes, 'a')?.props.enabled).toBe(true);
    expect(identity(nodes, 'b')?.props.enabled).toBe(false);
    const owners = nodes.filter((n): n is GraphNode<'owner'> => n.kind === 'owner');
    expect(owners.map((o) => [o.props.email, o.props.departed])).toEqual([
      ['a@example.eu', undefined],
      ['b@example.eu', true],
    ]);
  });

  it('skips JSM customers, who hold no Jira access', () => {
    expect(jiraUsersToGraph([jiraUserSchema.parse({ accountId: 'qm:1', accountType: 'customer', active: true })], jiraContext()).nodes).toEqual([]);
  });
});

describe('who operates a Jira app user', () => {
  const declared = (accountId: string, appKey: string) => ({ jiraAppScopeDeclarations: [{ accountId, appKey, scopes: ['READ'] }] });
  const app = (accountId: string) => jiraUserSchema.parse({ accountId, accountType: 'app', displayName: accountId, active: true });

  it('reads the vendor domain from a reverse-domain app key', () => {
    expect(appKeyVendorDomain('io.portlink.jira-cargo')).toBe('portlink.io');
    expect(appKeyVendorDomain('uk.co.acme.bridge')).toBe('acme.co.uk');
    expect(appKeyVendorDomain('de.example-labs.gdp-checklist')).toBe('example-labs.de');
    expect(appKeyVendorDomain('my-app')).toBeUndefined();
  });

  it('a vendor-operated app (key outside every verified domain) is third_party', () => {
    const { nodes } = jiraUsersToGraph([app('vendor')], jiraContext(declared('vendor', 'io.portlink.jira-cargo')), ORGANISATION);
    expect(identity(nodes, 'vendor')?.props).toMatchObject({ subtype: 'jira_app_user', human: false, origin: 'third_party', appKey: 'io.portlink.jira-cargo' });
  });

  it('an in-house app (key under a verified domain of any configured tenant) is first_party', () => {
    const { nodes } = jiraUsersToGraph([app('own')], jiraContext(declared('own', 'de.example-labs.gdp-checklist')), ORGANISATION);
    expect(identity(nodes, 'own')?.props.origin).toBe('first_party');
  });

  it('stays unknown when it cannot tell: no declared key, domains not all read, or a key naming a parent of a verified domain', () => {
    expect(appUserOrigin(undefined, ORGANISATION)).toBe('unknown');
    expect(appUserOrigin('io.portlink.jira-cargo', { domains: ['example.eu'], complete: false })).toBe('unknown');
    expect(appUserOrigin('io.portlink.jira-cargo', undefined)).toBe('unknown');
    expect(appUserOrigin('com.example.bridge', { domains: ['eu.example.com'], complete: true })).toBe('unknown');
    // A key inside a known verified domain is first-party even when another tenant's domains were not read.
    expect(appUserOrigin('eu.example.portal', { domains: ['example.eu'], complete: false })).toBe('first_party');
  });

  it("Atlassian's own apps are atlassian; Atlassian service accounts are the organisation's own", () => {
    expect(appUserOrigin('com.atlassian.jira.emcee', ORGANISATION)).toBe('atlassian');
    const { nodes } = jiraUsersToGraph([jiraUserSchema.parse({ accountId: 'svc', accountType: 'app', appType: 'service', displayName: 'BI Export', active: true })], jiraContext(), ORGANISATION);
    expect(identity(nodes, 'svc')?.props).toMatchObject({ subtype: 'jira_service_account', origin: 'first_party' });
  });

  it('reads the verified domains of every configured tenant from their organization datasets; one unread tenant makes them incomplete', async () => {
    const settings = { entraTenants: [{ tenantId: TENANT_A, clientId: TENANT_A }, { tenantId: TENANT_B, clientId: TENANT_B }] };
    const organization = (name: string) => [{ id: 'org', verifiedDomains: [{ name }] }];
    const both: Record<string, unknown[]> = { [entraDatasets(TENANT_A).organization]: organization('Example.EU'), [entraDatasets(TENANT_B).organization]: organization('example-labs.de') };
    const read = (datasets: Record<string, unknown[]>) => <T>(name: string) => Promise.resolve(datasets[name] as T[] | undefined);
    expect(await readOrganisationDomains(read(both), settings)).toEqual({ domains: ['example-labs.de', 'example.eu'], complete: true });
    expect(await readOrganisationDomains(read({ [entraDatasets(TENANT_A).organization]: organization('example.eu') }), settings)).toEqual({ domains: ['example.eu'], complete: false });
    expect(await readOrganisationDomains(read(both), { entraTenants: [] })).toEqual({ domains: [], complete: false });
  });

  it("the Jira builder judges app users against this sync's Entra domains", async () => {
    const settings = { ...defaultSettings(), entraTenants: [{ tenantId: TENANT_A, clientId: TENANT_A }], ...declared('vendor', 'io.portlink.jira-cargo') };
    const datasets: Record<string, unknown[]> = {
      [JIRA_DATASETS.users]: [{ accountId: 'vendor', accountType: 'app', displayName: 'Portlink', active: true }],
      [entraDatasets(TENANT_A).organization]: [{ id: 'org', verifiedDomains: [{ name: 'example.eu' }] }],
    };
    const fragment = await wholeFragment((await jiraGraphBuilder('example.atlassian.net').build(<T>(name: string) => Promise.resolve(datasets[name] as T[] | undefined), { settings, observedAt: SYNC_CLOCK })).fragment);
    expect(identity(fragment.nodes, 'vendor')?.props.origin).toBe('third_party');
  });
});

/** A contribution's fragments as one. */
async function wholeFragment(fragment: ContributedFragment): Promise<GraphFragment> {
  if (!(Symbol.asyncIterator in fragment)) return fragment;
  const whole: GraphFragment = { nodes: [], edges: [] };
  for await (const part of fragment) {
    whole.nodes.push(...part.nodes);
    whole.edges.push(...part.edges);
  }
  return whole;
}

describe('the Jira builder', () => {
  it('reads each dataset just before the part that uses it, and its parts make what jiraToGraph makes of the same datasets', async () => {
    const settings = { ...defaultSettings(), entraTenants: [] };
    const data = {
      projects: [project('10000', 'OPS', 'lead')],
      users: [person('lead', 'lead@example.eu'), person('gone', 'gone@example.eu', { active: false }), appUser('bot', 'Deploy bot')],
      // A group list kept from an earlier sync may still name an account deactivated since: the users list decides.
      groups: [group('g-ops', 'ops', ['lead', 'gone', 'bot'])],
      projectRoles: [role('10000', '10200', 'Members', { groups: [{ groupId: 'g-ops', name: 'ops' }], users: ['bot'] })],
      permissionSchemes: [scheme('10000', 'Default', [browseByRole('10200')])],
      auditRecords: [{ id: 1, created: '2026-11-19T10:00:00.000+0000', authorAccountId: 'bot', summary: 'Issue updated' }],
    };
    const byName: Record<string, unknown[]> = Object.fromEntries(Object.entries(data).map(([key, records]) => [JIRA_DATASETS[key as keyof typeof JIRA_DATASETS], records]));
    const log: string[] = [];
    const { fragment } = await jiraGraphBuilder('example.atlassian.net').build(<T>(name: string) => {
      log.push(`read ${name}`);
      return Promise.resolve(byName[name] as T[] | undefined);
    }, { settings, observedAt: SYNC_CLOCK });
    expect(log).toEqual([]);
    const streamed: GraphFragment = { nodes: [], edges: [] };
    if (!(Symbol.asyncIterator in fragment)) throw new Error('the Jira builder gives its fragments one after another');
    for await (const part of fragment) {
      // A part's edges may be made as they are taken (the group members', the role holders'): read once, as the graph reads them.
      if (!Array.isArray(part.edges)) log.push('streamed edges');
      const nodes = [...part.nodes];
      const edges = [...part.edges];
      log.push(`part of ${nodes.length} nodes, ${edges.length} edges`);
      streamed.nodes.push(...nodes);
      streamed.edges.push(...edges);
    }
    // The users come after the projects are in the graph, the audit records after the schemes: never all at once.
    expect(log.indexOf(`read ${JIRA_DATASETS.users}`)).toBeGreaterThan(log.findIndex((l) => l.startsWith('part')));
    expect(log.filter((l) => l.startsWith('read')).indexOf(`read ${JIRA_DATASETS.auditRecords}`)).toBe(5);
    expect(log.filter((l) => l.startsWith('part')).length).toBeGreaterThan(5);
    expect(log.filter((l) => l === 'streamed edges')).toHaveLength(2);
    expect(streamed.edges.filter((e) => e.kind === 'MEMBER_OF').map((e) => e.from).sort()).toEqual([jiraIdentityId('bot'), jiraIdentityId('lead')]);
    // The bot holds the role directly and through the group; the deactivated member through neither.
    expect(streamed.edges.filter((e) => e.kind === 'HAS_ROLE').map((e) => `${e.from} ${e.reason ?? 'direct'}`).sort()).toEqual([`${jiraIdentityId('bot')} direct`, `${jiraIdentityId('bot')} via group ops`, `${jiraIdentityId('lead')} via group ops`]);
    const active = [group('g-ops', 'ops', ['lead', 'bot'])];
    const whole = jiraToGraph({ ...data, groups: active, organisation: { domains: [], complete: false } }, { settings, observedAt: SYNC_CLOCK }, 'example.atlassian.net');
    expect(streamed).toEqual(whole);
    expect(AccessGraph.from(streamed).nodes.length).toBe(AccessGraph.from(whole).nodes.length);
  });
});

describe('Jira timestamps', () => {
  it('reads +0000 offsets, and a date-time without any offset as UTC (never the local zone)', () => {
    expect(new Date(parseJiraTime('2026-11-03T10:12:31.877+0000')).toISOString()).toBe('2026-11-03T10:12:31.877Z');
    expect(new Date(parseJiraTime('2026-11-03T12:12:31.877+0200')).toISOString()).toBe('2026-11-03T10:12:31.877Z');
    expect(new Date(parseJiraTime('2026-11-03T10:12:31.877')).toISOString()).toBe('2026-11-03T10:12:31.877Z');
    expect(new Date(parseJiraTime('2026-11-03T10:12')).toISOString()).toBe('2026-11-03T10:12:00.000Z');
  });

  it('dates evidence from an offset-less audit record in UTC', () => {
    const { nodes } = auditRecordsToGraph([{ id: 1, created: '2026-06-30T02:17:40', authorKey: 'svc' }]);
    expect((nodes[0] as GraphNode<'execution_evidence'>).props.lastAt).toBe('2026-06-30T02:17:40.000Z');
  });
});
