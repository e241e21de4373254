/** When departed owners left: a leave date first, then the record that ended the account, then the first scan that saw them gone. */
import { nextFirstSeen, ownerDepartures } from '../../src/correlate/departures';
import { jiraAccountEnds } from '../../src/sources/jira/audit-records';
import { entraAccountEnds } from '../../src/sources/entra/directory-audits';
import { OBSERVED_AT, person, sealedGraphOf } from '../support/graph-fixtures';

const carlos = { ...person('carlos@example.test', { departed: true, reason: 'Atlassian account inactive' }), props: { ...person('carlos@example.test').props, departed: true, departedReason: 'Atlassian account inactive', atlassianAccountIds: ['acc-carlos'], entraUserIds: ['u-carlos'] } };
const ana = person('ana@example.test', { departed: false });

describe('ownerDepartures', () => {
  it('dates a departure by the earliest record that ended one of the accounts', () => {
    const audits = [
      ...jiraAccountEnds([{ summary: 'User deactivated', created: '2026-11-03T09:02:11.874+0000', objectItem: { id: 'acc-carlos' } }, { summary: 'Project roles changed', created: '2026-10-01T00:00:00.000+0000', objectItem: { id: 'acc-carlos' } }]),
      ...entraAccountEnds([{ activityDisplayName: 'Disable account', activityDateTime: '2026-10-31T08:00:00Z', result: 'success', targetResources: [{ id: 'u-carlos', type: 'User' }] }]),
    ];
    const departures = ownerDepartures(sealedGraphOf(carlos, ana), audits, {}, OBSERVED_AT);
    expect(departures.get(carlos.id)).toEqual({ at: '2026-10-31T08:00:00.000Z', source: 'entra-audit', reason: 'Atlassian account inactive' });
    expect(departures.has(ana.id)).toBe(false);
  });

  it('takes only the audits that ended an account and succeeded', () => {
    const audit = (activityDisplayName: string, result: string | null) => ({ activityDisplayName, activityDateTime: '2026-10-31T08:00:00Z', result, targetResources: [{ id: 'u-carlos', type: 'User' }] });
    expect(entraAccountEnds([audit('Disable account', 'success'), audit('Hard delete user', null), audit(' Delete user ', 'success')]).map((e) => e.accountId)).toEqual(['u-carlos', 'u-carlos', 'u-carlos']);
    expect(entraAccountEnds([audit('Delete user', 'failure'), audit('Disable account', 'timeout'), audit('Update user', 'success')])).toEqual([]);
  });

  it('dates a departure by the ends after the account was last restored', () => {
    const entra = (activityDisplayName: string, activityDateTime: string) => ({ activityDisplayName, activityDateTime, result: 'success', targetResources: [{ id: 'u-carlos', type: 'User' }] });
    // Disabled in September, enabled again, disabled for good in November: he left in November.
    const audits = entraAccountEnds([entra('Disable account', '2026-09-01T08:00:00Z'), entra('Enable account', '2026-09-02T08:00:00Z'), entra('Disable account', '2026-11-02T08:00:00Z'), entra('Delete user', '2026-11-10T08:00:00Z')]);
    expect(audits.map((a) => a.at)).toEqual(['2026-11-02T08:00:00.000Z', '2026-11-10T08:00:00.000Z']);
    expect(ownerDepartures(sealedGraphOf(carlos), audits, {}, OBSERVED_AT).get(carlos.id)).toMatchObject({ at: '2026-11-02T08:00:00.000Z', source: 'entra-audit' });
    // The same on Jira's side, and a restored deletion ends nothing.
    const jira = (summary: string, created: string) => ({ summary, created, objectItem: { id: 'acc-carlos', typeName: 'USER' } });
    expect(jiraAccountEnds([jira('User deactivated', '2026-09-01T08:00:00.000+0000'), jira('User activated', '2026-09-03T08:00:00.000+0000'), jira('User deactivated', '2026-11-04T08:00:00.000+0000')]).map((a) => a.at)).toEqual(['2026-11-04T08:00:00.000Z']);
    expect(entraAccountEnds([entra('Delete user', '2026-10-01T08:00:00Z'), entra('Restore user', '2026-10-02T08:00:00Z')])).toEqual([]);
  });

  it('does not take a membership ending for the end of an account', () => {
    // Jira's log names the user as the record's object on some sites: being removed from a group is not leaving.
    const removed = [
      { summary: 'User removed from group', created: '2026-09-01T08:00:00.000+0000', objectItem: { id: 'acc-carlos', typeName: 'USER' } },
      { summary: 'User deleted', created: '2026-09-01T08:00:00.000+0000', objectItem: { id: 'jira-software-users', typeName: 'GROUP' } },
    ];
    expect(jiraAccountEnds(removed)).toEqual([]);
    expect(jiraAccountEnds([{ summary: 'User deleted', created: '2026-11-05T08:00:00.000+0000', objectItem: { id: 'acc-carlos' } }]).map((a) => a.accountId)).toEqual(['acc-carlos']);
  });

  it('prefers a leave date that has passed', () => {
    const left = { ...carlos, props: { ...carlos.props, departedAt: '2026-10-30T00:00:00.000Z' } };
    expect(ownerDepartures(sealedGraphOf(left), [], {}, OBSERVED_AT).get(left.id)?.source).toBe('leave-date');
  });

  it('falls back to the first scan that saw the person gone, and keeps that date across scans', () => {
    const graph = sealedGraphOf(carlos);
    const firstSeen = nextFirstSeen({}, graph, '2026-11-20T06:00:00.000Z');
    expect(firstSeen).toEqual({ [carlos.id]: '2026-11-20T06:00:00.000Z' });
    expect(nextFirstSeen(firstSeen, graph, '2026-11-21T06:00:00.000Z')).toEqual(firstSeen);
    expect(ownerDepartures(graph, [], firstSeen, '2026-11-21T06:00:00.000Z').get(carlos.id)).toMatchObject({ at: '2026-11-20T06:00:00.000Z', source: 'first-seen' });
  });
});
