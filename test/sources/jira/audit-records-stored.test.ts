/**
 * What the Jira audit step stores of each record: the fields the app reads (author, summary, category, the items,
 * when), not the author's IP address, the description or the changed values, which nothing reads and which on a
 * real site are most of a record's bytes. The account ends and the change detection still see what they need.
 */
import { fetchAuditRecords, fetchAuditRecordsSince, jiraAccountEnds } from '../../../src/sources/jira/audit-records';
import type { AuditRecord } from '../../../src/sources/jira/audit-records';
import { JiraClient } from '../../../src/sources/jira/jira-client';

const record = {
  id: 7001,
  summary: 'User deactivated',
  remoteAddress: '203.0.113.9',
  authorAccountId: '5b10ac8d82e05b22cc7d4ef5',
  created: '2026-11-03T09:15:00.000+0000',
  category: 'user management',
  eventSource: 'admin',
  description: 'Deactivated after the leaver process',
  objectItem: { id: '70121:departed', name: 'carla', typeName: 'USER', parentId: '10000', parentName: 'com.atlassian.jira' },
  associatedItems: [{ id: 'jira-software-users', name: 'jira-software-users', typeName: 'GROUP', parentId: '1', parentName: 'Jira Internal Directory' }],
  changedValues: [{ fieldName: 'Active / Inactive', changedFrom: 'Active', changedTo: 'Inactive' }],
};

const jira = new JiraClient(
  async () => ({ status: 200, headers: { get: () => null }, text: async () => JSON.stringify({ offset: 0, limit: 1000, total: 1, records: [record] }) }),
  async () => undefined,
);

describe('Jira audit records as stored', () => {
  it('keeps the fields the app reads and drops the IP address, description and changed values', async () => {
    const { records, quarantined } = await fetchAuditRecords(jira, '2026-08-22T00:00:00.000Z');
    expect(quarantined).toEqual([]);
    expect(records).toEqual([
      {
        id: 7001,
        summary: 'User deactivated',
        authorAccountId: '5b10ac8d82e05b22cc7d4ef5',
        created: '2026-11-03T09:15:00.000+0000',
        category: 'user management',
        objectItem: { id: '70121:departed', name: 'carla', typeName: 'USER' },
        associatedItems: [{ id: 'jira-software-users', name: 'jira-software-users', typeName: 'GROUP' }],
      },
    ]);
    expect(JSON.stringify(records)).not.toContain('203.0.113.9');
    expect(jiraAccountEnds(records)).toEqual([{ at: '2026-11-03T09:15:00.000Z', accountId: '70121:departed', system: 'jira' }]);
  });
});

describe('Jira audit records carried over from the last sync', () => {
  it('trims records stored with every field to the fields the app reads', async () => {
    const empty = new JiraClient(async () => ({ status: 200, headers: { get: () => null }, text: async () => JSON.stringify({ offset: 0, limit: 1000, total: 0, records: [] }) }), async () => undefined);
    const { records } = await fetchAuditRecordsSince(empty, [record as AuditRecord], '2026-11-19T06:00:00.000Z', '2026-08-22T00:00:00.000Z');
    expect(records).toHaveLength(1);
    expect(Object.keys(records[0] ?? {}).sort()).toEqual(['associatedItems', 'authorAccountId', 'category', 'created', 'id', 'objectItem', 'summary']);
  });
});
