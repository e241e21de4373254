/**
 * Permission-scheme holders of every type the Jira platform documents, each with one meaning (HOLDER_TYPES and
 * docs/graph-mapping.md "Permission-scheme holders"). Source of the types and of parameter/value: the "Holder object"
 * section of GET /rest/api/3/permissionscheme in the Jira platform OpenAPI spec
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permission-schemes/). "Any logged in user"
 * is applicationRole with an empty parameter (Adaptavist HAPI docs, docs.adaptavist.com/sr4js/latest/hapi/work-with-permission-schemes/).
 *
 * The principal here is a non-human identity (a service account or an app user) whose reach the tests read, since
 * reach is computed for non-human principals only.
 */
import { HOLDER_TYPES, browseAudiences, fetchPermissionSchemes } from '../../../src/sources/jira/permission-schemes';
import { jiraIdentityId } from '../../../src/sources/jira/users';
import type { JiraClient } from '../../../src/sources/jira/jira-client';
import { nodeId } from '../../../src/model/schema';
import { appUser, browse, browseByRole, graphOfJira, group, project, reachOf, role, scheme, serviceAccount } from './jira-records';

const DEALS = project('10000', 'DEALS');
const dealsId = nodeId('jira', 'resource', '10000');
const bot = serviceAccount('bot-1', 'svc-bot');
const botId = jiraIdentityId('bot-1');

/** The documented types, in the order the spec lists them. */
const DOCUMENTED = ['anyone', 'applicationRole', 'assignee', 'group', 'groupCustomField', 'projectLead', 'projectRole', 'reporter', 'sd.customer.portal.only', 'user', 'userCustomField'];

describe('permission-scheme holder types', () => {
  it('gives every documented holder type one meaning', () => {
    expect(Object.keys(HOLDER_TYPES).sort()).toEqual([...DOCUMENTED].sort());
    for (const type of DOCUMENTED) expect(HOLDER_TYPES[type]?.meaning.length).toBeGreaterThan(20);
  });

  it('projectRole: the role actors reach the project', () => {
    const graph = graphOfJira({ projects: [DEALS], users: [bot], projectRoles: [role('10000', '10100', 'Integrations', { users: ['bot-1'] })], permissionSchemes: [scheme('10000', 'S', [browseByRole('10100')])] });
    expect(reachOf(graph, botId)).toEqual([dealsId]);
  });

  it('projectRole: a role the scheme does not grant Browse to reaches nothing', () => {
    const graph = graphOfJira({ projects: [DEALS], users: [bot], projectRoles: [role('10000', '10100', 'Integrations', { users: ['bot-1'] })], permissionSchemes: [scheme('10000', 'S', [browseByRole('10002')])] });
    expect(reachOf(graph, botId)).toEqual([]);
  });

  it('group with value (group id): its active members reach the project', () => {
    const graph = graphOfJira({ projects: [DEALS], users: [bot], groups: [group('g-1', 'deal-bots', ['bot-1'])], permissionSchemes: [scheme('10000', 'S', [browse('group', { parameter: 'deal-bots', value: 'g-1' })])] });
    expect(reachOf(graph, botId)).toEqual([dealsId]);
  });

  it('group with a name only (no value): found by name, exactly or ignoring case when only one group matches', () => {
    for (const name of ['deal-bots', 'Deal-Bots']) {
      const graph = graphOfJira({ projects: [DEALS], users: [bot], groups: [group('g-1', 'deal-bots', ['bot-1'])], permissionSchemes: [scheme('10000', 'S', [browse('group', { parameter: name })])] });
      expect(reachOf(graph, botId)).toEqual([dealsId]);
      const granted = graph.in(nodeId('jira', 'permission', '10000', 'BROWSE_PROJECTS'), 'GRANTS').map((e) => e.from);
      expect(granted).toEqual([nodeId('jira', 'role', 'group', 'g-1')]);
    }
  });

  it('group that no group of the site has: no grant edge, no reach (never a dangling id built from a name)', () => {
    const graph = graphOfJira({ projects: [DEALS], users: [bot], groups: [group('g-1', 'deal-bots', ['bot-1'])], permissionSchemes: [scheme('10000', 'S', [browse('group', { parameter: 'someone-else' })])] });
    expect(graph.in(nodeId('jira', 'permission', '10000', 'BROWSE_PROJECTS'), 'GRANTS')).toEqual([]);
    expect(graph.danglingEdges).toEqual([]);
    expect(reachOf(graph, botId)).toEqual([]);
  });

  it('group stored by an earlier version (holder only): tried as an id, then as a name', () => {
    const byName = { permission: 'BROWSE_PROJECTS', holderType: 'group', holder: 'deal-bots' };
    const byId = { permission: 'BROWSE_PROJECTS', holderType: 'group', holder: 'g-1' };
    for (const stored of [byName, byId]) {
      const graph = graphOfJira({ projects: [DEALS], users: [bot], groups: [group('g-1', 'deal-bots', ['bot-1'])], permissionSchemes: [scheme('10000', 'S', [stored])] });
      expect(reachOf(graph, botId)).toEqual([dealsId]);
    }
  });

  it('user: that account reaches the project through a per-user grant', () => {
    const graph = graphOfJira({ projects: [DEALS], users: [bot], permissionSchemes: [scheme('10000', 'S', [browse('user', { parameter: 'bot-1', value: 'bot-1' })])] });
    expect(reachOf(graph, botId)).toEqual([dealsId]);
    expect(graph.node(nodeId('jira', 'role', '10000', 'user', 'bot-1'))?.name).toBe('direct grant in DEALS');
  });

  it('projectLead: the current lead reaches the project; no lead, no reach', () => {
    const led = graphOfJira({ projects: [project('10000', 'DEALS', 'bot-1')], users: [bot], permissionSchemes: [scheme('10000', 'S', [browse('projectLead')])] });
    expect(reachOf(led, botId)).toEqual([dealsId]);
    const leaderless = graphOfJira({ projects: [DEALS], users: [bot], permissionSchemes: [scheme('10000', 'S', [browse('projectLead')])] });
    expect(reachOf(leaderless, botId)).toEqual([]);
  });

  it('anyone, applicationRole and sd.customer.portal.only are audiences of the project, not grants to a principal', () => {
    const grants = [browse('anyone'), browse('applicationRole', { parameter: 'jira-software' }), browse('applicationRole'), browse('sd.customer.portal.only')];
    const graph = graphOfJira({ projects: [DEALS], users: [bot, appUser('app-1', 'Vendor app')], permissionSchemes: [scheme('10000', 'S', grants)] });
    expect(reachOf(graph, botId)).toEqual([]);
    expect(reachOf(graph, jiraIdentityId('app-1'))).toEqual([]);
    expect(graph.in(nodeId('jira', 'permission', '10000', 'BROWSE_PROJECTS'), 'GRANTS')).toEqual([]);
    const props = graph.node(dealsId)?.props as { browseAudiences?: string[] };
    expect(props.browseAudiences).toEqual(['anyone', 'logged_in', 'portal_customers', 'product:jira-software']);
  });

  it('reporter, assignee, userCustomField and groupCustomField are per issue: no project reach, recorded as issue-level audiences', () => {
    const grants = [browse('reporter'), browse('assignee'), browse('userCustomField', { parameter: 'customfield_10240', value: 'customfield_10240' }), browse('groupCustomField', { parameter: 'customfield_10231', value: 'customfield_10231' })];
    const graph = graphOfJira({ projects: [DEALS], users: [bot], groups: [group('g-1', 'deal-bots', ['bot-1'])], permissionSchemes: [scheme('10000', 'S', grants)] });
    expect(reachOf(graph, botId)).toEqual([]);
    expect((graph.node(dealsId)?.props as { browseAudiences?: string[] }).browseAudiences).toEqual([
      'issue:assignee',
      'issue:groupCustomField:customfield_10231',
      'issue:reporter',
      'issue:userCustomField:customfield_10240',
    ]);
  });

  it('a type this version does not know shows as other:<type> and grants nothing', () => {
    expect(browseAudiences(scheme('10000', 'S', [browse('someAppHolder', { parameter: 'x' })]))).toEqual(['other:someAppHolder']);
  });

  it('only Browse projects grants open the audience; a scheme naming principals only has none; an unread scheme is unknown', () => {
    expect(browseAudiences(scheme('10000', 'S', [browseByRole('10100'), { permission: 'ADD_COMMENTS', holderType: 'anyone' }]))).toEqual([]);
    const graph = graphOfJira({ projects: [DEALS, project('10001', 'NEWS')], permissionSchemes: [scheme('10000', 'S', [browseByRole('10100')])] });
    expect((graph.node(dealsId)?.props as { browseAudiences?: string[] }).browseAudiences).toEqual([]);
    expect((graph.node(nodeId('jira', 'resource', '10001'))?.props as { browseAudiences?: string[] }).browseAudiences).toBeUndefined();
  });
});

describe('reading permission schemes', () => {
  const answering = (body: unknown): JiraClient => ({ getJson: () => Promise.resolve(body) }) as unknown as JiraClient;

  it('keeps parameter and value apart, and takes value as the holder id', async () => {
    const body = {
      name: 'TWL Internal',
      permissions: [
        { permission: 'BROWSE_PROJECTS', holder: { type: 'group', parameter: 'staff', expand: 'group' } },
        { permission: 'BROWSE_PROJECTS', holder: { type: 'group', parameter: 'qa', value: 'g-qa' } },
        { permission: 'BROWSE_PROJECTS', holder: { type: 'anyone' } },
        { permission: 'BROWSE_PROJECTS', holder: { type: 'applicationRole', parameter: null } },
      ],
    };
    const { records, quarantined } = await fetchPermissionSchemes(answering(body), ['10000']);
    expect(quarantined).toEqual([]);
    expect(records[0]?.schemeId).toBe(''); // PermissionScheme.id is optional
    expect(records[0]?.grants).toEqual([
      { permission: 'BROWSE_PROJECTS', holderType: 'group', holder: 'staff', parameter: 'staff' },
      { permission: 'BROWSE_PROJECTS', holderType: 'group', holder: 'g-qa', parameter: 'qa', value: 'g-qa' },
      { permission: 'BROWSE_PROJECTS', holderType: 'anyone' },
      { permission: 'BROWSE_PROJECTS', holderType: 'applicationRole' },
    ]);
  });

  it("quarantines a project's scheme when a grant lacks its permission or its holder's type: its grants are unknown, not fewer", async () => {
    for (const bad of [{ holder: { type: 'anyone' } }, { permission: 'BROWSE_PROJECTS', holder: { parameter: 'x' } }]) {
      const { records, quarantined } = await fetchPermissionSchemes(answering({ id: 1, name: 'S', permissions: [bad] }), ['10000']);
      expect(records).toEqual([]);
      expect(quarantined).toHaveLength(1);
      expect(quarantined[0]?.id).toBe('10000');
    }
  });
});
