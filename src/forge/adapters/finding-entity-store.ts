/**
 * Findings on Forge's Custom Entity Store: `finding` (indexed by status, check, ticket and subject) and
 * `findingproject` (one row per project a finding touches, for the project page).
 * https://developer.atlassian.com/platform/forge/storage-reference/storage-api-custom-entities/
 */
import { kvs, Sort, WhereConditions } from '@forge/kvs';
import { SEVERITY_RANK } from '../../checks/check';
import type { Finding, FindingStatus } from '../../findings/finding';
import { packFindingDetails, unpackFindingDetails, type FindingStore, type FindingWriter, type StoredFindingDetails } from '../../store/finding-store';
import { batchDeleteItems, batchGetItems, batchSetItems } from './kvs-store';

interface FindingEntity {
  check: string;
  severity: string;
  severityRank: number;
  status: string;
  subjectId: string;
  ticketKey?: string;
  lastSeen: string;
  /** Who wrote it last (store/finding-store.ts FindingWriter) and when, by the writer's clock: the `by-writer` index. */
  writtenBy: FindingWriter;
  writtenAt: string;
  /** The finding, compressed (store/finding-store.ts packFindingDetails); the indexed attributes above stay plain. */
  details: StoredFindingDetails;
  [key: string]: unknown;
}

const STATUSES: FindingStatus[] = ['open', 'acknowledged', 'risk_accepted', 'resolved'];
const PAGE = 100;

function toEntity(finding: Finding, writer: FindingWriter, writtenAt: string): FindingEntity {
  return {
    check: finding.check,
    severity: finding.severity,
    severityRank: SEVERITY_RANK[finding.severity],
    status: finding.status,
    subjectId: finding.subject.id,
    ...(finding.ticketKey ? { ticketKey: finding.ticketKey } : {}),
    lastSeen: finding.lastSeenAt,
    writtenBy: writer,
    writtenAt,
    details: packFindingDetails(finding),
  };
}

/** A query of `finding` entities, as it is asked for from a page's cursor on. */
type FindingQuery = ReturnType<ReturnType<ReturnType<typeof kvs.entity<FindingEntity>>['query']>['index']>;

/** Every finding a query answers, page by page. */
async function findingsOf(query: FindingQuery): Promise<Finding[]> {
  const found: Finding[] = [];
  let cursor: string | undefined;
  do {
    const page = await (cursor ? query.cursor(cursor) : query).getMany();
    found.push(...page.results.map((r) => unpackFindingDetails(r.value.details)));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

export function listFindingsByStatus(status: FindingStatus): Promise<Finding[]> {
  return findingsOf(kvs.entity<FindingEntity>('finding').query().index('by-status-severity', { partition: [status] }).sort(Sort.DESC).limit(PAGE));
}

/** Findings last written by an edit at or after `since` (the `by-writer` index: partition writtenBy, range writtenAt). */
function listEditedSince(since: string): Promise<Finding[]> {
  return findingsOf(kvs.entity<FindingEntity>('finding').query().index('by-writer', { partition: ['edit'] }).where(WhereConditions.greaterThanEqualTo(since)).limit(PAGE));
}

export const findingEntityStore: FindingStore = {
  async listAll() {
    return (await Promise.all(STATUSES.map(listFindingsByStatus))).flat();
  },
  listEditedSince,
  async get(id) {
    const entity = await kvs.entity<FindingEntity>('finding').get(id);
    return entity ? unpackFindingDetails(entity.details) : undefined;
  },
  // In batches (kvs-store.ts): at 20,000 findings one request per entity and per project row took most of an L
  // build step and most of the installation's per-minute write quota.
  async saveMany(findings, previous, writer = 'edit') {
    const stored = previous ?? new Map([...(await batchGetItems<FindingEntity>(findings.map((f) => ({ key: f.id, entityName: 'finding' })))).values()].map((e) => unpackFindingDetails(e.details)).map((f) => [f.id, f]));
    // The entities last: a crash before them leaves each finding differing from what is stored, so the next sync
    // writes it (and its rows) again.
    await batchSetItems(
      findings.flatMap((f) => f.projectKeys.map((key) => ({ key: `${key}:${f.id}`, entityName: 'findingproject', value: { projectKey: key, findingId: f.id, severityRank: SEVERITY_RANK[f.severity], status: f.status } }))),
    );
    const staleRows = findings.flatMap((f) => (stored.get(f.id)?.projectKeys ?? []).filter((key) => !f.projectKeys.includes(key)).map((key) => ({ key: `${key}:${f.id}`, entityName: 'findingproject' })));
    await batchDeleteItems(staleRows);
    const writtenAt = new Date().toISOString();
    await batchSetItems(findings.map((f) => ({ key: f.id, entityName: 'finding', value: toEntity(f, writer, writtenAt) })));
  },
  async deleteMany(ids) {
    const stored = await batchGetItems<FindingEntity>(ids.map((id) => ({ key: id, entityName: 'finding' })));
    const rows = [...stored.values()].map((e) => unpackFindingDetails(e.details)).flatMap((f) => f.projectKeys.map((key) => ({ key: `${key}:${f.id}`, entityName: 'findingproject' })));
    await batchDeleteItems(rows);
    await batchDeleteItems(ids.map((id) => ({ key: id, entityName: 'finding' })));
  },
};

/** Finding ids whose chain touches a project, most severe first. */
export async function findingIdsForProject(projectKey: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.entity<{ findingId: string }>('findingproject').query().index('by-project', { partition: [projectKey] }).where(WhereConditions.greaterThan(0)).limit(PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    ids.push(...page.results.map((r) => r.value.findingId));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** The finding stored with this ticket key (the `by-ticket` index), if any. */
export async function findingByTicket(issueKey: string): Promise<Finding | undefined> {
  const linked = await kvs.entity<FindingEntity>('finding').query().index('by-ticket').where(WhereConditions.equalTo(issueKey)).limit(1).getMany();
  const entity = linked.results[0]?.value;
  return entity ? unpackFindingDetails(entity.details) : undefined;
}
