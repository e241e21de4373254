/**
 * The access review lists who can browse each Jira project. A group is one row with its size, whether the
 * scheme grants browse to the group itself or to a project role the group is an actor of.
 */
import { AccessGraph } from '../../src/model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../src/model/schema';
import { jiraGroupsToGraph, type JiraGroupWithMembers } from '../../src/sources/jira/groups';
import { jiraProjectRolesToGraph, jiraProjectRoleId } from '../../src/sources/jira/project-roles';
import { jiraIdentityId } from '../../src/sources/jira/users';
import { accessReviewRows, buildAccessReview } from '../../src/sync/read-models';

const person = (accountId: string): GraphNode => ({
  id: jiraIdentityId(accountId),
  kind: 'identity',
  system: 'jira',
  name: `Person ${accountId}`,
  props: { subtype: 'jira_user', nativeId: accountId, human: true, enabled: true, origin: 'first_party' },
});

function reviewOf(groups: JiraGroupWithMembers[], browseHolders: string[]) {
  const project: GraphNode = { id: nodeId('jira', 'resource', '10000'), kind: 'resource', system: 'jira', name: 'Deals', props: { subtype: 'jira_project', nativeId: '10000', key: 'DEALS', sensitivity: 'restricted' } };
  const browse: GraphNode = {
    id: nodeId('jira', 'permission', '10000', 'BROWSE_PROJECTS'),
    kind: 'permission',
    system: 'jira',
    name: 'Browse projects',
    props: { subtype: 'jira_project', key: 'BROWSE_PROJECTS', highPrivilege: false, tenantWide: false, write: false, impersonation: false },
  };
  const people = [...new Set(groups.flatMap((g) => g.memberAccountIds).concat('direct-1'))].map(person);
  const roles = jiraProjectRolesToGraph(
    [{ projectId: '10000', roleId: '10002', name: 'Developers', userAccountIds: ['direct-1'], groups: [{ groupId: 'g-devs', name: 'developers' }] }],
    groups,
    new Map([['10000', 'DEALS']]),
  );
  const edges: GraphEdge[] = [
    { kind: 'APPLIES_TO', from: browse.id, to: project.id, basis: 'declared' },
    ...browseHolders.map((from): GraphEdge => ({ kind: 'GRANTS', from, to: browse.id, basis: 'observed' })),
  ];
  return buildAccessReview(AccessGraph.from({ nodes: [project, browse, ...people], edges }, jiraGroupsToGraph(groups, 'site'), roles), new Map());
}

const members = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('buildAccessReview', () => {
  it('lists a group granted browse as one row with its member count, not a row per member', () => {
    const everyone: JiraGroupWithMembers = { groupId: 'g-all', name: 'everyone', admin: false, memberAccountIds: members('p', 500) };
    const rows = reviewOf([everyone], [nodeId('jira', 'role', 'group', 'g-all')]);
    expect(rows).toEqual([{ projectKey: 'DEALS', projectName: 'Deals', sensitivity: 'restricted', who: 'Jira group everyone', whoKind: 'group', how: 'granted to the group (500 active members)' }]);
  });

  it('folds the members a project role gets through a group actor into one row, and keeps direct holders as people', () => {
    const devs: JiraGroupWithMembers = { groupId: 'g-devs', name: 'developers', admin: false, memberAccountIds: members('d', 40) };
    const rows = reviewOf([devs], [jiraProjectRoleId('10000', '10002')]);
    expect(rows.map((r) => [r.who, r.whoKind, r.how])).toEqual([
      ['Jira group developers', 'group', 'DEALS Developers (40 active members through the group)'],
      ['Person direct-1', 'person', 'DEALS Developers'],
    ]);
  });
});

describe('accessReviewRows', () => {
  it('yields project by project in the order of one sort over every row, projects the collator holds equal included', () => {
    // Keys that sort differently by code unit and by collator, and two (café composed and decomposed) the collator
    // holds equal: their rows interleave by who, so yielding one project after the other would be out of order.
    const keys = ['beta', 'Alpha', 'café', 'alpha', 'ÉCLAIR', 'delta', 'cafe\u0301', 'Zulu', 'éclair', 'ALPHA'];
    const nodes: GraphNode[] = [];
    const edges: GraphEdge[] = [];
    keys.forEach((key, i) => {
      const project: GraphNode = { id: nodeId('jira', 'resource', `p${i}`), kind: 'resource', system: 'jira', name: `Project ${key}`, props: { subtype: 'jira_project', nativeId: `p${i}`, key, sensitivity: 'internal' } };
      const browse: GraphNode = {
        id: nodeId('jira', 'permission', `p${i}`, 'BROWSE_PROJECTS'),
        kind: 'permission',
        system: 'jira',
        name: 'Browse projects',
        props: { subtype: 'jira_project', key: 'BROWSE_PROJECTS', highPrivilege: false, tenantWide: false, write: false, impersonation: false },
      };
      const role: GraphNode = { id: nodeId('jira', 'role', `p${i}`), kind: 'role', system: 'jira', name: `${key} Users`, props: { subtype: 'jira_project_role', nativeId: `r${i}` } };
      nodes.push(project, browse, role);
      edges.push({ kind: 'APPLIES_TO', from: browse.id, to: project.id, basis: 'declared' }, { kind: 'GRANTS', from: role.id, to: browse.id, basis: 'observed' });
      for (const who of ['zed', 'Ann', 'bob', `x${(i * 7) % 5}`]) {
        const holder = person(`${who}-${i % 3}`);
        if (!nodes.some((n) => n.id === holder.id)) nodes.push(holder);
        edges.push({ kind: 'HAS_ROLE', from: holder.id, to: role.id, basis: 'observed' });
      }
    });
    const graph = AccessGraph.from({ nodes, edges });
    const streamed = [...accessReviewRows(graph, new Map())];
    const order = new Intl.Collator().compare;
    const sortedOnce = [...streamed].sort((a, b) => order(a.projectKey, b.projectKey) || order(a.who, b.who));
    expect(streamed.length).toBe(keys.length * 4);
    expect(streamed).toEqual(sortedOnce);
    expect(new Set(streamed.map((r) => r.projectKey))).toEqual(new Set(keys));
  });
});
