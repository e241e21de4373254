/**
 * What changed in Jira's access configuration since the last complete sync, as the audit log tells it, so a resync
 * re-reads only those projects' roles and those groups' members instead of every one (one call per project role
 * and per 50 members otherwise). https://support.atlassian.com/jira-cloud-administration/docs/audit-activities-in-jira-applications/
 *
 * The audit log is trusted only where it is complete: the incremental path needs this sync's audit records (read
 * before these steps, from before the last sync's clock), the last sync's datasets, and a full read no older than
 * FULL_READ_EVERY_DAYS. Anything it cannot place (a role change without its project, a group event without its
 * group, any permission scheme change) widens the re-read rather than narrowing it.
 */
import type { AuditRecord } from './audit-records';
import { parseJiraTime } from './audit-records';

/** "User added to group", "User removed from group": a membership change that names its user. */
const MEMBERSHIP_EVENT = /^user (added to|removed from) group$/;

/** Audit records can land a little after the change; the window reaches this far back before the last sync. */
export const AUDIT_OVERLAP_MS = 60 * 60 * 1000;

export interface JiraChanges {
  /** Projects (by id) whose role actors changed. `all` when a change could not be placed. */
  roleProjects: Set<string> | 'all';
  /** Groups (by id or name) to read again in full. `all` when a change could not be placed. */
  groups: Set<string> | 'all';
  /**
   * Groups (by id or name) whose only changes were users added or removed, each with the users the log names (by
   * the id it gives them: an accountId, or on some sites a user key). The groups step asks those users' groups
   * instead of reading the whole group again; a group also in `groups` is read in full.
   */
  members: Map<string, Set<string>>;
  /** A permission scheme changed or was (re)assigned: every project's scheme is read again. */
  schemes: boolean;
}

const items = (record: AuditRecord) => [record.objectItem, ...(record.associatedItems ?? [])].filter((i): i is NonNullable<typeof i> => i !== undefined);

/** The changes recorded after `since` (ISO), less the overlap. */
export function jiraChangesSince(records: readonly AuditRecord[], since: string): JiraChanges {
  const from = Date.parse(since) - AUDIT_OVERLAP_MS;
  const changes: JiraChanges = { roleProjects: new Set(), groups: new Set(), members: new Map(), schemes: false };
  for (const record of records) {
    if (!(parseJiraTime(record.created) >= from)) continue;
    const summary = (record.summary ?? '').toLowerCase();
    const category = (record.category ?? '').toLowerCase();
    if (category === 'permissions' || summary.includes('permission scheme')) changes.schemes = true;
    if (summary.includes('role')) {
      const projects = items(record).filter((i) => i.typeName === 'PROJECT' && i.id);
      if (projects.length === 0) changes.roleProjects = 'all';
      else if (changes.roleProjects !== 'all') for (const p of projects) changes.roleProjects.add(String(p.id));
    }
    if (category === 'group management' || /\bgroup\b/.test(summary)) {
      const groups = items(record).filter((i) => i.typeName === 'GROUP' && (i.id || i.name));
      const users = items(record).filter((i) => i.typeName === 'USER' && i.id);
      if (groups.length === 0) changes.groups = 'all';
      else if (MEMBERSHIP_EVENT.test(summary.trim()) && users.length > 0) {
        for (const g of groups) {
          const key = String(g.id ?? g.name);
          const named = changes.members.get(key) ?? new Set<string>();
          for (const u of users) named.add(String(u.id));
          changes.members.set(key, named);
        }
      } else if (changes.groups !== 'all') for (const g of groups) changes.groups.add(String(g.id ?? g.name));
    }
  }
  if (changes.groups !== 'all') for (const key of changes.groups) changes.members.delete(key);
  return changes;
}
