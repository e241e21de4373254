/**
 * A resync's Jira groups from the audit log's membership events: a group whose only changes are users joining or
 * leaving keeps its other members, and each named user's groups are asked (GET /rest/api/3/user/groups) instead of
 * every page of the group; any other group change, or a user the log names by an id this sync did not list, reads
 * the group in full.
 */
import type { AuditRecord } from '../../../src/sources/jira/audit-records';
import { jiraChangesSince } from '../../../src/sources/jira/changes';
import { fetchJiraGroups, type JiraGroupWithMembers } from '../../../src/sources/jira/groups';
import { JiraClient } from '../../../src/sources/jira/jira-client';

const SINCE = '2026-11-19T06:00:00.000Z';
const record = (id: number, summary: string, group: string, users: string[] = []): AuditRecord => ({
  id,
  summary,
  created: '2026-11-19T12:00:00.000+0000',
  category: 'group management',
  objectItem: { name: group, typeName: 'GROUP' },
  associatedItems: users.map((u) => ({ id: u, name: u, typeName: 'USER' })),
});

describe('jiraChangesSince', () => {
  it('keeps membership events that name their users apart from other group changes', () => {
    const changes = jiraChangesSince(
      [
        record(1, 'User added to group', 'devs', ['acc-c']),
        record(2, 'User removed from group', 'devs', ['acc-b']),
        record(3, 'User added to group', 'ops', []), // no user named: the group is read in full
        record(4, 'Group renamed', 'legacy'),
        record(5, 'User added to group', 'legacy', ['acc-d']), // also renamed: read in full
      ],
      SINCE,
    );
    expect(changes.members).toEqual(new Map([['devs', new Set(['acc-c', 'acc-b'])]]));
    expect(changes.groups).toEqual(new Set(['ops', 'legacy']));
  });
});

function jiraServing(answers: Record<string, unknown>): { jira: JiraClient; asked: string[] } {
  const asked: string[] = [];
  const request = async (path: string) => {
    asked.push(path);
    const key = Object.keys(answers).find((k) => path.startsWith(k));
    const body = key === undefined ? undefined : answers[key];
    return { status: body === undefined ? 404 : 200, headers: { get: () => null }, text: async () => JSON.stringify(body ?? { errorMessages: ['not found'] }) };
  };
  return { jira: new JiraClient(request, async () => undefined), asked };
}

const page = (values: unknown[]) => ({ startAt: 0, maxResults: 50, total: values.length, isLast: true, values });
const groupBulk = page([{ groupId: 'g-devs', name: 'devs' }, { groupId: 'g-ops', name: 'ops' }]);
const previous: JiraGroupWithMembers[] = [
  { groupId: 'g-devs', name: 'devs', admin: false, memberAccountIds: ['acc-a', 'acc-b'] },
  { groupId: 'g-ops', name: 'ops', admin: false, memberAccountIds: ['acc-o'] },
];
const accounts = { known: new Set(['acc-a', 'acc-b', 'acc-c', 'acc-o', 'acc-x']), active: new Set(['acc-a', 'acc-b', 'acc-c', 'acc-o']) };
const common = {
  '/rest/api/3/group/bulk?accessType': page([]),
  '/rest/api/3/group/bulk': groupBulk,
  '/rest/api/3/group/member?groupId=g-devs': page([{ accountId: 'acc-a', active: true }, { accountId: 'acc-c', active: true }]),
  '/rest/api/3/user/groups?accountId=acc-c': [{ name: 'devs', groupId: 'g-devs' }],
  '/rest/api/3/user/groups?accountId=acc-b': [{ name: 'ops', groupId: 'g-ops' }],
};

it('patches a group from its joiners’ and leavers’ groups without reading its members', async () => {
  const { jira, asked } = jiraServing(common);
  const result = await fetchJiraGroups(jira, undefined, { previous, changed: new Set(), members: new Map([['devs', new Set(['acc-c', 'acc-b'])]]), accounts });
  expect(result.records.find((g) => g.groupId === 'g-devs')?.memberAccountIds).toEqual(['acc-a', 'acc-c']);
  expect(result.records.find((g) => g.groupId === 'g-ops')?.memberAccountIds).toEqual(['acc-o']);
  expect(asked.filter((p) => p.includes('/group/member'))).toEqual([]);
  expect(asked.filter((p) => p.includes('/user/groups')).sort()).toEqual(['/rest/api/3/user/groups?accountId=acc-b', '/rest/api/3/user/groups?accountId=acc-c']);
});

it('drops an inactive joiner without asking, and reads the group in full for a user this sync did not list', async () => {
  const inactive = jiraServing(common);
  const patched = await fetchJiraGroups(inactive.jira, undefined, { previous, changed: new Set(), members: new Map([['g-devs', new Set(['acc-x'])]]), accounts });
  expect(patched.records.find((g) => g.groupId === 'g-devs')?.memberAccountIds).toEqual(['acc-a', 'acc-b']);
  expect(inactive.asked.filter((p) => p.includes('/user/groups') || p.includes('/group/member'))).toEqual([]);

  const unknown = jiraServing(common);
  const full = await fetchJiraGroups(unknown.jira, undefined, { previous, changed: new Set(), members: new Map([['devs', new Set(['ug:5b10-key'])]]), accounts });
  expect(full.records.find((g) => g.groupId === 'g-devs')?.memberAccountIds).toEqual(['acc-a', 'acc-c']);
  expect(unknown.asked.some((p) => p.startsWith('/rest/api/3/group/member?groupId=g-devs'))).toBe(true);
});
