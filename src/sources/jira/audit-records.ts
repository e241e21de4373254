/**
 * Jira audit records: who did what, when. Used as execution evidence (the last action of each account) and for
 * automation rule create/update/delete events.
 * Endpoint: GET /rest/api/3/auditing/record?offset&limit=1000&from=<ISO> (offset/limit/total/records).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-audit-records/
 * Needs Administer Jira (scope manage:jira-configuration). Real records carry authorAccountId (older ones authorKey).
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphNode, type GraphEdge } from '../../model/schema';
import { standingAccountEnds, type AccountAudit } from '../../model/person';
import { AppError } from '../../shared/errors';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { JiraClient } from './jira-client';
import { HOST_CONCURRENCY } from '../../shared/concurrency';
import { PageWalk, readOffsetPages } from '../../shared/paging';
import { jiraIdentityId } from './users';

export const AUDIT_PAGE_SIZE = 1000;

/**
 * The fields the app reads of a record, and only those are stored (z.object drops the rest): who (author), what
 * (summary, category, the items), when. A record also carries the author's IP address (remoteAddress), a description
 * and every changed value (changedValues, which on a real site can be most of a record's bytes); nothing here reads
 * them, and the app keeps neither people's addresses nor what they typed. The log is stored for 90 days and read by
 * four steps of each resync, so what is not kept is also what those reads do not pay for.
 */
const auditItemSchema = z.object({ id: z.string().optional(), name: z.string().optional(), typeName: z.string().optional() });
export const auditRecordSchema = z.object({
  id: z.number(),
  summary: z.string().optional(),
  created: z.string(),
  category: z.string().optional(),
  authorAccountId: z.string().optional(),
  authorKey: z.string().optional(),
  objectItem: auditItemSchema.optional(),
  associatedItems: z.array(auditItemSchema).optional(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

const pageSchema = z.looseObject({ offset: z.number(), limit: z.number(), total: z.number(), records: z.array(z.unknown()) });

/**
 * Jira timestamps end in +0000, which Date.parse does not accept everywhere; normalise to +00:00. A date-time without
 * any offset (the spec types `created` as a bare string) is read as UTC: Date.parse would otherwise take the
 * runtime's local zone, and the same record would land at another instant on another machine; UTC is the zone the
 * sync clock (Jira serverTime) is kept in.
 */
export function parseJiraTime(value: string): number {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) return Date.parse(`${text}Z`);
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

export async function fetchAuditRecords(jira: JiraClient, from: string): Promise<ParsedRecords<AuditRecord>> {
  const pageAt = async (offset: number) => {
    const page = pageSchema.safeParse(await jira.getJson(`/rest/api/3/auditing/record?offset=${offset}&limit=${AUDIT_PAGE_SIZE}&from=${encodeURIComponent(from)}`));
    if (!page.success) throw new AppError('SOURCE_BAD_RESPONSE', 'Jira audit records did not return a page', { system: 'jira', endpoint: '/rest/api/3/auditing/record' });
    return page.data;
  };
  // The first page says the total; the other pages are asked for concurrently by offset (the host gate bounds
  // them) until the total or the first empty page.
  const walk = new PageWalk({ system: 'jira', endpoint: 'Jira /rest/api/3/auditing/record' });
  walk.page();
  const first = await pageAt(0);
  walk.expectOffset(0, first.offset);
  const raw: unknown[] = [...first.records];
  const rest = await readOffsetPages(walk, { start: 0, size: first.records.length, total: first.total }, HOST_CONCURRENCY, async (offset) => {
    const page = await pageAt(offset);
    walk.expectOffset(offset, page.offset);
    return page;
  }, (page) => page.records.length);
  for (const page of rest) raw.push(...page.records);
  return parseRecords(raw, auditRecordSchema, { system: 'jira', endpoint: '/rest/api/3/auditing/record' });
}

/**
 * The last sync's records plus those created since its clock (less an hour, for records that land late), inside the
 * lookback window: a daily resync reads one day of the log, not ninety.
 */
export async function fetchAuditRecordsSince(jira: JiraClient, previous: readonly AuditRecord[], since: string, windowStart: string): Promise<ParsedRecords<AuditRecord>> {
  const fresh = await fetchAuditRecords(jira, new Date(Date.parse(since) - 60 * 60 * 1000).toISOString());
  const byId = new Map<number, AuditRecord>();
  const start = Date.parse(windowStart);
  for (const record of fresh.records) if (!byId.has(record.id) && parseJiraTime(record.created) >= start) byId.set(record.id, record);
  // Records stored before the schema kept only what the app reads are trimmed to it as they are carried over.
  for (const record of previous) if (!byId.has(record.id) && parseJiraTime(record.created) >= start) byId.set(record.id, auditRecordSchema.safeParse(record).data ?? record);
  return { records: [...byId.values()].sort((a, b) => b.id - a.id), quarantined: fresh.quarantined };
}

/** One evidence node per account: the time of its latest audit record and how many it made. */
export function auditRecordsToGraph(records: readonly AuditRecord[]): GraphFragment {
  const byAuthor = new Map<string, { last: number; count: number }>();
  for (const record of records) {
    const author = record.authorAccountId ?? record.authorKey;
    const at = parseJiraTime(record.created);
    if (!author || Number.isNaN(at)) continue;
    const seen = byAuthor.get(author) ?? { last: 0, count: 0 };
    byAuthor.set(author, { last: Math.max(seen.last, at), count: seen.count + 1 });
  }
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const [author, { last, count }] of [...byAuthor].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const id = nodeId('jira', 'execution_evidence', author, 'audit');
    nodes.push({ id, kind: 'execution_evidence', system: 'jira', name: `Jira audit records by ${author}`, props: { subtype: 'audit_record', lastAt: new Date(last).toISOString(), count, source: 'Jira audit log' } });
    edges.push({ kind: 'EVIDENCES', from: id, to: jiraIdentityId(author), basis: 'observed' });
  }
  return { nodes, edges };
}

/** "User deactivated", "User deleted", ...; not "User removed from group", which ends a membership, not the account. */
const ACCOUNT_ENDS = /^user (deactivated|deleted|removed)\b(?!.*\bgroups?\b)/i;
/** "User activated", "User reactivated", "User restored": the account works again. */
const ACCOUNT_RESTORES = /^user (activated|reactivated|restored)\b(?!.*\bgroups?\b)/i;

/**
 * The records that ended an account (objectItem = the account id) since it was last restored, for when a departed
 * person left (correlate/departures.ts). A record whose object is typed as anything but a user is not about an account.
 */
export function jiraAccountEnds(records: ReadonlyArray<Pick<AuditRecord, 'summary' | 'created' | 'objectItem'>>): AccountAudit[] {
  return standingAccountEnds(
    records.flatMap((r) => {
      const summary = (r.summary ?? '').trim();
      const restores = ACCOUNT_RESTORES.test(summary);
      if ((!restores && !ACCOUNT_ENDS.test(summary)) || !r.objectItem?.id) return [];
      if (r.objectItem.typeName && r.objectItem.typeName.toUpperCase() !== 'USER') return [];
      const ms = parseJiraTime(r.created);
      return [{ at: Number.isNaN(ms) ? r.created : new Date(ms).toISOString(), accountId: r.objectItem.id, system: 'jira' as const, restores }];
    }),
  );
}
