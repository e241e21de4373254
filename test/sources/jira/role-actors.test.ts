/**
 * Project-role actors of every kind, as GET /rest/api/3/project/{projectIdOrKey}/role/{id} returns them
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-project-roles/; components ProjectRole,
 * RoleActor, ProjectRoleUser, ProjectRoleGroup of the platform OpenAPI spec, where every field is optional): a
 * person, an app user (installed apps' users sit in atlassian-addons-project-access), a group by id, a group by name
 * only ("As a group's name can change, use of groupId is recommended"), and a deleted account ("Returns unknown if
 * the record is deleted and corrupted").
 */
import { fetchProjectRoles, jiraProjectRoleId } from '../../../src/sources/jira/project-roles';
import { jiraIdentityId } from '../../../src/sources/jira/users';
import type { JiraClient } from '../../../src/sources/jira/jira-client';
import { AppError } from '../../../src/shared/errors';
import { nodeId } from '../../../src/model/schema';
import { appUser, browseByRole, graphOfJira, group, person, project, reachOf, role, scheme, serviceAccount } from './jira-records';

/** A Jira that answers the given paths and 404s the rest, as the client does. */
function jiraAnswering(answers: Record<string, unknown>): JiraClient {
  return {
    getJson: (path: string) => {
      const key = path.split('?')[0] ?? path;
      if (key in answers) return Promise.resolve(answers[key]);
      return Promise.reject(new AppError('NOT_FOUND', `Jira has no ${key}`, { system: 'jira' }));
    },
  } as unknown as JiraClient;
}

const SITE_ROLES = [{ id: 10003, name: 'atlassian-addons-project-access' }, { id: 10200, name: 'Members' }];

describe('reading project-role actors', () => {
  it('reads user, app-user and group actors, keeping a group named only by name', async () => {
    const jira = jiraAnswering({
      '/rest/api/3/role': SITE_ROLES,
      '/rest/api/3/project/10000/role/10003': { id: 10003, name: 'atlassian-addons-project-access', actors: [{ type: 'atlassian-user-role-actor', displayName: 'Vendor app', actorUser: { accountId: 'app-1' } }] },
      '/rest/api/3/project/10000/role/10200': {
        name: 'Members',
        actors: [
          { type: 'atlassian-user-role-actor', actorUser: { accountId: 'ana' } },
          { type: 'atlassian-group-role-actor', displayName: 'deal-team', actorGroup: { name: 'deal-team', displayName: 'deal-team', groupId: 'g-deal' } },
          { type: 'atlassian-group-role-actor', displayName: 'edi-integrations', actorGroup: { name: 'edi-integrations', displayName: 'edi-integrations' } },
          { type: 'atlassian-user-role-actor', actorUser: { accountId: 'unknown' } },
        ],
      },
    });
    const { records, quarantined } = await fetchProjectRoles(jira, [{ id: '10000' }], undefined);
    expect(quarantined).toEqual([]);
    expect(records).toEqual([
      { projectId: '10000', roleId: '10003', name: 'atlassian-addons-project-access', userAccountIds: ['app-1'], groups: [] },
      // The body carries no id: the role is the one its URL names.
      { projectId: '10000', roleId: '10200', name: 'Members', userAccountIds: ['ana'], groups: [{ groupId: 'g-deal', name: 'deal-team' }, { name: 'edi-integrations' }] },
    ]);
  });

  it('quarantines a role whose actor names neither an account nor a group: who holds it is unknown, not nobody', async () => {
    const jira = jiraAnswering({
      '/rest/api/3/role': [{ id: 10200 }],
      '/rest/api/3/project/10000/role/10200': { id: 10200, name: 'Members', actors: [{ type: 'atlassian-group-role-actor', actorGroup: {} }] },
    });
    const { records, quarantined } = await fetchProjectRoles(jira, [{ id: '10000' }], undefined);
    expect(records).toEqual([]);
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]?.issues[0]).toMatch(/actors\.0/);
  });
});

describe('project-role actors in the graph', () => {
  const DEALS = project('10000', 'DEALS');
  const dealsId = nodeId('jira', 'resource', '10000');
  const browseMembers = scheme('10000', 'S', [browseByRole('10200'), browseByRole('10003')]);

  it('an app user actor reaches the project through its role', () => {
    const graph = graphOfJira({ projects: [DEALS], users: [appUser('app-1', 'Vendor app')], projectRoles: [role('10000', '10003', 'atlassian-addons-project-access', { users: ['app-1'] })], permissionSchemes: [browseMembers] });
    expect(reachOf(graph, jiraIdentityId('app-1'))).toEqual([dealsId]);
  });

  it('a group actor with a groupId expands to its active members', () => {
    const graph = graphOfJira({
      projects: [DEALS],
      users: [serviceAccount('svc-1', 'svc-edi-gateway')],
      groups: [group('g-edi', 'edi-integrations', ['svc-1'])],
      projectRoles: [role('10000', '10200', 'Members', { groups: [{ groupId: 'g-edi', name: 'edi-integrations' }] })],
      permissionSchemes: [browseMembers],
    });
    expect(reachOf(graph, jiraIdentityId('svc-1'))).toEqual([dealsId]);
    expect(graph.in(jiraProjectRoleId('10000', '10200'), 'HAS_ROLE').map((e) => e.reason)).toEqual(['via group edi-integrations']);
  });

  it('a group actor named only by name is found by that name', () => {
    const graph = graphOfJira({
      projects: [DEALS],
      users: [serviceAccount('svc-1', 'svc-edi-gateway')],
      groups: [group('g-edi', 'edi-integrations', ['svc-1'])],
      projectRoles: [role('10000', '10200', 'Members', { groups: [{ name: 'edi-integrations' }] })],
      permissionSchemes: [browseMembers],
    });
    expect(reachOf(graph, jiraIdentityId('svc-1'))).toEqual([dealsId]);
  });

  it('a group actor whose group the site does not list expands to nobody', () => {
    const graph = graphOfJira({
      projects: [DEALS],
      users: [serviceAccount('svc-1', 'svc-edi-gateway')],
      groups: [group('g-edi', 'edi-integrations', ['svc-1'])],
      projectRoles: [role('10000', '10200', 'Members', { groups: [{ name: 'gone' }, { groupId: 'g-gone' }] })],
      permissionSchemes: [browseMembers],
    });
    expect(reachOf(graph, jiraIdentityId('svc-1'))).toEqual([]);
  });

  it('a person actor holds the role too (reach is computed for the workloads that run as them)', () => {
    const graph = graphOfJira({ projects: [DEALS], users: [person('ana', 'ana@example.test')], projectRoles: [role('10000', '10200', 'Members', { users: ['ana'] })], permissionSchemes: [browseMembers] });
    expect(graph.in(jiraProjectRoleId('10000', '10200'), 'HAS_ROLE').map((e) => e.from)).toEqual([jiraIdentityId('ana')]);
  });
});
