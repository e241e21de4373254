/**
 * Directory changes an app made (initiatedBy.app): execution evidence for apps that act without signing in as
 * themselves in a way the sign-in report shows.
 * Endpoint: GET /v1.0/auditLogs/directoryAudits?$top=999, following @odata.nextLink.
 * Permission: AuditLog.Read.All (Entra keeps 30 days with P1/P2, 7 without).
 * https://learn.microsoft.com/graph/api/directoryaudit-list
 * Quirks: Graph filters server-side with $filter=activityDateTime ge <time>, but the fake Graph serves only
 * "<prop> eq '<value>'" filters, so the collection is read as served and the window (the last 30 days before the
 * sync's clock) and the app-initiated records are kept in code; initiatedBy.app carries appId and, usually,
 * servicePrincipalId; user-initiated records are dropped (people are not execution evidence of an app), except
 * owner changes and those that end or restore a user's account (fetchDirectoryAudits).
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { standingAccountEnds, type AccountAudit } from '../../model/person';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { GRAPH_MAX_PAGE_SIZE, getCollection } from './graph-client';
import { auditEvidenceId, entraIdentityId } from './node-ids';
import type { ServicePrincipal } from './service-principals';

export const DIRECTORY_AUDITS_PERMISSION = 'AuditLog.Read.All';
const ENDPOINT = '/v1.0/auditLogs/directoryAudits';
export const DIRECTORY_AUDIT_DAYS = 30;

export const directoryAuditSchema = z.looseObject({
  id: z.string().min(1),
  activityDateTime: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date-time'),
  activityDisplayName: z.string().nullish(),
  category: z.string().nullish(),
  result: z.string().nullish(),
  initiatedBy: z
    .looseObject({
      app: z
        .looseObject({ appId: z.string().nullish(), displayName: z.string().nullish(), servicePrincipalId: z.string().nullish(), servicePrincipalName: z.string().nullish() })
        .nullish(),
    })
    .nullish(),
  targetResources: z.array(z.looseObject({ id: z.string().nullish(), type: z.string().nullish(), userPrincipalName: z.string().nullish(), displayName: z.string().nullish() })).nullish(),
});
export type DirectoryAudit = z.infer<typeof directoryAuditSchema>;

/** The start of the audit window: DIRECTORY_AUDIT_DAYS before the sync's clock. */
export const auditWindowStart = (observedAt: string): string => new Date(Date.parse(observedAt) - DIRECTORY_AUDIT_DAYS * 86_400_000).toISOString();

const initiatedByApp = (audit: DirectoryAudit): boolean => Boolean(audit.initiatedBy?.app?.servicePrincipalId || audit.initiatedBy?.app?.appId);
/** "Add owner to application", "Remove owner from service principal", ...: who initiated them does not matter. */
const changesOwners = (audit: DirectoryAudit): boolean => /\bowner\b/i.test(audit.activityDisplayName ?? '');
/**
 * "Delete user" (soft delete, restorable for 30 days) and "Hard delete user": a deleted account no longer appears in
 * /users, so this record is how its owner's departure is known (design.md, "Departed").
 * https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities
 */
type AuditActivity = Pick<DirectoryAudit, 'activityDisplayName' | 'result'>;
const succeeded = (audit: AuditActivity): boolean => (audit.result ?? 'success').toLowerCase() === 'success';
const deletesUser = (audit: AuditActivity): boolean => /^(hard )?delete user$/i.test((audit.activityDisplayName ?? '').trim()) && succeeded(audit);
const disablesUser = (audit: AuditActivity): boolean => /^disable account$/i.test((audit.activityDisplayName ?? '').trim()) && succeeded(audit);
/** "Enable account", "Restore user": the account works again, so an end recorded before it is an earlier departure's. */
const restoresUser = (audit: AuditActivity): boolean => /^(enable account|restore user)$/i.test((audit.activityDisplayName ?? '').trim()) && succeeded(audit);
/** Records that end or restore a user account, whoever made them: when a departed owner left (entraAccountEnds). */
const changesAccountState = (audit: AuditActivity): boolean => deletesUser(audit) || disablesUser(audit) || restoresUser(audit);

export interface DeletedUser {
  objectId: string;
  userPrincipalName?: string;
  displayName?: string;
  deletedAt: string;
}

/** Users the directory audit says were deleted (latest deletion per object). */
export function deletedUsers(audits: readonly DirectoryAudit[]): DeletedUser[] {
  const byId = new Map<string, DeletedUser>();
  for (const audit of audits) {
    if (!deletesUser(audit)) continue;
    for (const target of audit.targetResources ?? []) {
      if (!target.id || (target.type && target.type.toLowerCase() !== 'user')) continue;
      const seen = byId.get(target.id);
      if (seen && Date.parse(seen.deletedAt) >= Date.parse(audit.activityDateTime)) continue;
      byId.set(target.id, { objectId: target.id, deletedAt: audit.activityDateTime, ...(target.userPrincipalName ? { userPrincipalName: target.userPrincipalName } : {}), ...(target.displayName ? { displayName: target.displayName } : {}) });
    }
  }
  return [...byId.values()].sort((a, b) => (a.objectId < b.objectId ? -1 : 1));
}

/**
 * Objects whose owners changed after `since` (ISO, less an hour for records that land late), by the audit log;
 * 'all' when an owner change names no object.
 */
export function ownerChangesSince(audits: readonly DirectoryAudit[], since: string): Set<string> | 'all' {
  const from = Date.parse(since) - 60 * 60 * 1000;
  const changed = new Set<string>();
  for (const audit of audits) {
    if (!changesOwners(audit) || !(Date.parse(audit.activityDateTime) >= from)) continue;
    const ids = (audit.targetResources ?? []).flatMap((t) => (t.id ? [t.id] : []));
    if (ids.length === 0) return 'all';
    for (const id of ids) changed.add(id);
  }
  return changed;
}

/**
 * App-initiated, owner-change and account-state (delete, disable, enable, restore a user) audit records since
 * `since` (when given); everything else is dropped before storing. Accounts are mostly disabled by people, not apps:
 * without their records a departure would be dated by the first scan that saw it, not by when the account ended.
 */
export async function fetchDirectoryAudits(client: Client, tenantId: string, options: { since?: string } = {}): Promise<ParsedRecords<DirectoryAudit>> {
  const items = await getCollection(client, tenantId, { path: '/auditLogs/directoryAudits', top: GRAPH_MAX_PAGE_SIZE }, DIRECTORY_AUDITS_PERMISSION);
  const parsed = parseRecords(items, directoryAuditSchema, { system: 'entra', endpoint: ENDPOINT });
  const since = options.since ? Date.parse(options.since) : undefined;
  // App-initiated records are execution evidence; owner changes let the next owners step re-read only those objects.
  return { records: parsed.records.filter((a) => (initiatedByApp(a) || changesOwners(a) || changesAccountState(a)) && (since === undefined || Date.parse(a.activityDateTime) >= since)), quarantined: parsed.quarantined };
}

/** evidence `entra:execution_evidence:T/<spId>/audit` (audit_record: latest app-initiated record, count) EVIDENCES the SP. */
export function directoryAuditsToGraph(audits: readonly DirectoryAudit[], servicePrincipals: readonly ServicePrincipal[], _context: GraphContext, tenantId: string): GraphFragment {
  const spIds = new Set(servicePrincipals.map((sp) => sp.id));
  const spIdByAppId = new Map(servicePrincipals.map((sp) => [sp.appId, sp.id]));
  const bySp = new Map<string, { latest: DirectoryAudit; count: number }>();
  for (const audit of audits) {
    if (!initiatedByApp(audit)) continue;
    const app = audit.initiatedBy?.app;
    const spId = app?.servicePrincipalId && spIds.has(app.servicePrincipalId) ? app.servicePrincipalId : app?.appId ? spIdByAppId.get(app.appId) : undefined;
    if (!spId) continue;
    const seen = bySp.get(spId);
    if (!seen) bySp.set(spId, { latest: audit, count: 1 });
    else bySp.set(spId, { latest: Date.parse(audit.activityDateTime) > Date.parse(seen.latest.activityDateTime) ? audit : seen.latest, count: seen.count + 1 });
  }
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const [spId, { latest, count }] of [...bySp].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const id = auditEvidenceId(tenantId, spId);
    const lastAt = latest.activityDateTime;
    nodes.push({
      id,
      kind: 'execution_evidence',
      system: 'entra',
      name: `Directory changes by ${latest.initiatedBy?.app?.displayName ?? spId}`,
      props: { subtype: 'audit_record', lastAt, count, source: `Entra directory audit${latest.activityDisplayName ? ` "${latest.activityDisplayName}"` : ''}` },
    });
    edges.push({ kind: 'EVIDENCES', from: id, to: entraIdentityId(tenantId, spId), basis: 'observed', reason: `${count} directory change${count === 1 ? '' : 's'} initiated by the app, the last ${lastAt}` });
  }
  return { nodes, edges };
}

/**
 * The audits that ended a user's account (a successful "Disable account" or "Delete user") since it was last
 * restored ("Enable account", "Restore user"), for when a departed person left (correlate/departures.ts).
 */
export function entraAccountEnds(records: ReadonlyArray<Pick<DirectoryAudit, 'activityDisplayName' | 'activityDateTime' | 'result' | 'targetResources'>>): AccountAudit[] {
  return standingAccountEnds(
    records.flatMap((r) => {
      const restores = restoresUser(r);
      if (!restores && !deletesUser(r) && !disablesUser(r)) return [];
      return (r.targetResources ?? []).flatMap((t) => (t.id && (!t.type || /user/i.test(t.type)) ? [{ at: new Date(Date.parse(r.activityDateTime)).toISOString(), accountId: t.id, system: 'entra' as const, restores }] : []));
    }),
  );
}
