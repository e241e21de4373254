/**
 * Findings that share a root cause, so they can be looked at and triaged as one: every finding a departed person
 * left without an owner, and every finding about one identity or workload (one app over-granted). Pure; a group
 * needs at least two findings.
 */
import { SEVERITY_RANK, type Severity } from '../checks/check';
import type { SurfaceFinding } from './finding';
import { stableId } from './insights';
import type { OwnerDetail } from './owner-detail';

export interface RootCauseGroup {
  id: string;
  kind: 'owner_left' | 'subject';
  /** "Carlos Ruiz left", "SharePoint for Jira App". */
  title: string;
  /** One line on what the findings share. */
  detail: string;
  findingIds: string[];
  /** The most severe finding's severity. */
  severity: Severity;
  /** owner_left: when they left, when known (OwnerDetail.leftAt and its source). */
  at?: string;
  atSource?: OwnerDetail['leftAtSource'];
}

const OWNERSHIP_CHECKS = new Set(['orphaned_ownership', 'ownership_degraded']);

export function buildRootCauseGroups(findings: readonly SurfaceFinding[], ownersOf: (subjectId: string) => readonly OwnerDetail[]): RootCauseGroup[] {
  const active = findings.filter((f) => f.status !== 'resolved');
  const groups: RootCauseGroup[] = [];
  const worst = (list: readonly SurfaceFinding[]): Severity => list.reduce<Severity>((best, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[best] ? f.severity : best), 'LOW');

  const byOwner = new Map<string, { owner: OwnerDetail; findings: SurfaceFinding[] }>();
  for (const finding of active.filter((f) => OWNERSHIP_CHECKS.has(f.check))) {
    for (const owner of ownersOf(finding.subject.id).filter((o) => o.departed && o.kind === 'person')) {
      const key = owner.email?.toLowerCase() ?? owner.name;
      const entry = byOwner.get(key) ?? { owner, findings: [] };
      entry.findings.push(finding);
      byOwner.set(key, entry);
    }
  }
  for (const [key, { owner, findings: list }] of byOwner) {
    if (list.length < 2) continue;
    groups.push({
      id: stableId('G', `owner_left|${key}`),
      kind: 'owner_left',
      title: `${owner.name} left`,
      detail: `${list.length} automations and integrations have no owner since ${owner.name} left.`,
      findingIds: list.map((f) => f.id).sort(),
      severity: worst(list),
      ...(owner.leftAt ? { at: owner.leftAt } : {}),
      ...(owner.leftAtSource ? { atSource: owner.leftAtSource } : {}),
    });
  }

  const bySubject = new Map<string, SurfaceFinding[]>();
  for (const finding of active) {
    const list = bySubject.get(finding.subject.id);
    if (list) list.push(finding);
    else bySubject.set(finding.subject.id, [finding]);
  }
  for (const [subjectId, list] of bySubject) {
    if (list.length < 2) continue;
    const subject = list[0]?.subject;
    groups.push({
      id: stableId('G', `subject|${subjectId}`),
      kind: 'subject',
      title: subject?.name ?? subjectId,
      detail: `${list.length} findings about this one ${subject?.kind === 'workload' ? 'workload' : subject?.kind === 'identity' ? 'identity' : subject?.kind ?? 'object'}: ${[...new Set(list.map((f) => f.title))].length} different risks.`,
      findingIds: list.map((f) => f.id).sort(),
      severity: worst(list),
    });
  }
  return groups.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.findingIds.length - a.findingIds.length || (a.title < b.title ? -1 : 1));
}
