/**
 * A finding's identity and lifecycle across syncs.
 * Identity = hash(check, subject, identity fields): the same risk on the same subject keeps its id for ever.
 * Lifecycle: open -> acknowledged | risk_accepted (until a date) -> resolved when a complete sync no longer sees it;
 * seen again later, it reopens with a new interval on the same id. A partial sync never resolves anything.
 */
import { createHmac, hash } from 'node:crypto';
import type { Evidence, FailResult, Severity } from '../checks/check';
import { SEVERITY_RANK } from '../checks/check';
import type { ChainNode, Detection, FindingSubject } from '../checks/detection';

// What a check detects is defined by checks/ (src/checks/detection.ts); re-exported for the readers of findings.
export type { ChainNode, Detection, FindingSubject } from '../checks/detection';

export type FindingStatus = 'open' | 'acknowledged' | 'risk_accepted' | 'resolved';

export interface Finding {
  id: string;
  check: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  subject: FindingSubject;
  summary: string;
  /** Node ids, principal first. */
  chain: string[];
  /** The chain's nodes as they were when last seen, so pages can draw it without the snapshot. */
  chainNodes: ChainNode[];
  evidence: Evidence[];
  projectKeys: string[];
  identityFields: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt?: string;
  intervals: Array<{ openedAt: string; resolvedAt?: string }>;
  riskAcceptedUntil?: string;
  justification?: string;
  /** Who acknowledged or accepted it, and when (Atlassian account id). */
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  /** Hash of what the finding says (summary, chain, evidence); a change is what ticket comments report. */
  fingerprint: string;
  /** The JSM request the app created for this finding, as the app recorded it: the only ticket it follows. */
  ticketKey?: string;
  /** Its issue id, which survives a move to another project (the key does not). */
  ticketId?: string;
  /** The fingerprint the ticket last described, and the ticket's status when last read. */
  ticketFingerprint?: string;
  ticketStatus?: string;
  /** Why the app last refused what the ticket asked (a risk acceptance without a reason): said on the ticket once. */
  ticketRefusal?: string;
  /** How many items a long list had before it was cut to fit one stored value (evidence, chain, ...). */
  truncated?: Partial<Record<'evidence' | 'chain' | 'projectKeys' | 'summary', number>>;
}

/**
 * What the pages' surfaces read of a finding (insights and fix previews, project reach, root causes): the publish
 * step keeps only this of each stored finding, not the chain's node snapshots, texts and history.
 */
export type SurfaceFinding = Pick<Finding, 'id' | 'check' | 'title' | 'severity' | 'status' | 'subject' | 'chain' | 'projectKeys'> & { evidence: ReadonlyArray<Pick<Evidence, 'nodeIds'>> };

/**
 * A finding as the surfaces read it. `intern` gives one instance of each node id and project key: a stored finding
 * read back spells them afresh in every chain, evidence and project list (at 140,000 people some 15,000 findings
 * named a few hundred projects and nodes a million times over).
 */
export function surfaceFinding(finding: Finding, intern: (text: string) => string = (text) => text): SurfaceFinding {
  const { id, check, title, severity, status, subject } = finding;
  return {
    id,
    check,
    title,
    severity,
    status,
    subject,
    chain: finding.chain.map(intern),
    projectKeys: finding.projectKeys.map(intern),
    evidence: finding.evidence.map((e) => (e.nodeIds ? { nodeIds: e.nodeIds.map(intern) } : {})),
  };
}

/** A finding is one Forge entity value (240 KiB at most, with its indexed attributes); it is kept well under. */
export const MAX_FINDING_BYTES = 160 * 1024;

/**
 * The finding, cut to fit one stored value: the longest list (evidence, the chain with its nodes, project keys)
 * is halved until it fits, and the original length recorded. A subject that reaches thousands of resources still
 * gets its finding; the lists keep their first (most relevant) items.
 */
export function boundedFinding(finding: Finding, maxBytes: number = MAX_FINDING_BYTES): Finding {
  const size = (f: Finding) => Buffer.byteLength(JSON.stringify(f), 'utf8');
  if (size(finding) <= maxBytes) return finding;
  let f: Finding = { ...finding, truncated: { ...finding.truncated } };
  const note = (key: keyof NonNullable<Finding['truncated']>, length: number) => {
    f.truncated = { ...f.truncated, [key]: f.truncated?.[key] ?? length };
  };
  for (let round = 0; round < 64 && size(f) > maxBytes; round++) {
    const lists = [
      { key: 'evidence' as const, length: f.evidence.length },
      { key: 'chain' as const, length: f.chainNodes.length },
      { key: 'projectKeys' as const, length: f.projectKeys.length },
    ].sort((a, b) => b.length - a.length);
    const longest = lists[0];
    if (!longest || longest.length <= 1) {
      note('summary', f.summary.length);
      f = { ...f, summary: `${f.summary.slice(0, Math.max(200, Math.floor(f.summary.length / 2)))}…` };
      continue;
    }
    note(longest.key, longest.length);
    const half = Math.ceil(longest.length / 2);
    if (longest.key === 'evidence') f = { ...f, evidence: f.evidence.slice(0, half) };
    else if (longest.key === 'chain') f = { ...f, chainNodes: f.chainNodes.slice(0, half), chain: f.chain.slice(0, Math.ceil(f.chain.length / 2)) };
    else f = { ...f, projectKeys: f.projectKeys.slice(0, half) };
  }
  return f;
}

/**
 * A finding's id. With the install's secret key (the sync passes it), the id is an HMAC: nobody can work out a
 * finding's id, and so its ticket labels, from public ids before the app itself publishes it. Without a key (unit
 * tests of the lifecycle), a plain hash.
 */
export function findingId(check: string, subjectId: string, identityFields: readonly string[], key?: string): string {
  const text = [check, subjectId, ...identityFields].join('\u0000');
  return `F-${(key ? createHmac('sha256', key).update(text).digest('hex') : hash('sha256', text, 'hex')).slice(0, 16)}`;
}

function fingerprintOf(result: Pick<FailResult, 'summary' | 'chain' | 'evidence'>): string {
  return hash('sha256', JSON.stringify([result.summary, result.chain, result.evidence.map((e) => e.text)]), 'hex').slice(0, 16);
}

export interface ReconcileOutcome {
  findings: Finding[];
  opened: string[];
  reopened: string[];
  changed: string[];
  resolved: string[];
  /** Stored findings whose id changed (ids keyed by the install secret since): the old id is gone. */
  renamed: Array<{ from: string; to: string }>;
}

/**
 * Whether the sources a finding rests on were read completely in this sync. `true`/`false` for the whole sync, or
 * per finding (a partial Power Automate read says nothing about a Jira-only finding).
 */
export type ReadCompleteness = boolean | ((finding: Pick<Finding, 'subject' | 'chainNodes'>) => boolean);

export interface ReconcileOptions {
  /** The install's secret key for finding ids (findingId). */
  idKey?: string;
}

const nodeSet = (f: Pick<Finding, 'chain' | 'projectKeys'>) => new Set([...f.chain, ...f.projectKeys.map((k) => `project:${k}`)]);

/** What `next` says reaches nothing `before` did not: a read that saw less cannot have found more. */
function reachesNoMore(next: Pick<Finding, 'chain' | 'projectKeys'>, before: Pick<Finding, 'chain' | 'projectKeys'>): boolean {
  const known = nodeSet(before);
  return [...nodeSet(next)].every((id) => known.has(id));
}

/** The order reconciliation leaves findings in: most severe first, then by check, then by id. */
export function compareFindings(a: Pick<Finding, 'severity' | 'check' | 'id'>, b: Pick<Finding, 'severity' | 'check' | 'id'>): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.check < b.check ? -1 : a.check > b.check ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Joins this sync's detections with the stored findings. A finding that was not detected is resolved only when the
 * sources it rests on were read completely (`complete`: every collection read, none held by its deletion breaker).
 * A finding detected while its sources were read only partly keeps what it said unless it now says more: a partial
 * read never rewrites a finding (or comments on its ticket) with less reach.
 */
export function reconcileFindings(previous: readonly Finding[], detections: readonly Detection[], complete: ReadCompleteness, observedAt: string, options: ReconcileOptions = {}): ReconcileOutcome {
  const outcome: ReconcileOutcome = { findings: [], opened: [], reopened: [], changed: [], resolved: [], renamed: [] };
  const readFully = (f: Pick<Finding, 'subject' | 'chainNodes'>) => (typeof complete === 'boolean' ? complete : complete(f));
  const idOf = (check: string, subjectId: string, fields: readonly string[]) => findingId(check, subjectId, fields, options.idKey);
  // Findings stored before ids were keyed (or under another key) keep their history under the id they have now.
  previous = previous.map((f) => {
    const id = idOf(f.check, f.subject.id, f.identityFields);
    if (id === f.id) return f;
    outcome.renamed.push({ from: f.id, to: id });
    return { ...f, id };
  });
  const before = new Map(previous.map((f) => [f.id, f]));
  const seen = new Set<string>();
  for (const { metadata, result, subject, chainNodes } of detections) {
    const id = idOf(metadata.id, result.subjectId, result.identityFields);
    if (seen.has(id)) continue; // two paths to the same risk: one finding
    seen.add(id);
    const old = before.get(id);
    const fingerprint = fingerprintOf(result);
    const base = {
      id,
      check: metadata.id,
      title: metadata.title,
      severity: metadata.severity,
      subject,
      summary: result.summary,
      chain: result.chain,
      chainNodes,
      evidence: result.evidence,
      projectKeys: result.projectKeys,
      identityFields: result.identityFields,
      lastSeenAt: observedAt,
      fingerprint,
    };
    if (!old) {
      outcome.opened.push(id);
      outcome.findings.push({ ...base, status: 'open', firstSeenAt: observedAt, intervals: [{ openedAt: observedAt }] });
      continue;
    }
    if (old.status === 'resolved') {
      outcome.reopened.push(id);
      // A reopened finding starts a new interval: earlier acknowledgements and acceptances do not carry over.
      const { resolvedAt: _resolved, riskAcceptedUntil: _until, acknowledgedBy: _by, acknowledgedAt: _at, justification: _why, ...rest } = old;
      outcome.findings.push({ ...rest, ...base, status: 'open', intervals: [...old.intervals, { openedAt: observedAt }] });
      continue;
    }
    // Partly read and saying no more than before: keep what it said; only its last sighting moves.
    const keepsText = old.fingerprint !== fingerprint && !readFully(base) && reachesNoMore(base, old);
    if (old.fingerprint !== fingerprint && !keepsText) outcome.changed.push(id);
    const acceptanceLapsed = old.status === 'risk_accepted' && old.riskAcceptedUntil !== undefined && Date.parse(old.riskAcceptedUntil) <= Date.parse(observedAt);
    outcome.findings.push({ ...old, ...(keepsText ? { lastSeenAt: observedAt } : base), status: acceptanceLapsed ? 'open' : old.status, ...(acceptanceLapsed ? { riskAcceptedUntil: undefined } : {}) });
  }
  for (const old of previous) {
    if (seen.has(old.id)) continue;
    if (old.status === 'resolved' || !readFully(old)) {
      outcome.findings.push(old);
      continue;
    }
    outcome.resolved.push(old.id);
    const intervals = old.intervals.map((interval, i) => (i === old.intervals.length - 1 && !interval.resolvedAt ? { ...interval, resolvedAt: observedAt } : interval));
    outcome.findings.push({ ...old, status: 'resolved', resolvedAt: observedAt, intervals });
  }
  outcome.findings.sort(compareFindings);
  outcome.findings = outcome.findings.map((f) => boundedFinding(f));
  return outcome;
}
