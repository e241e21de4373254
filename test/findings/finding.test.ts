/**
 * A finding's identity (hash of check, subject and identity fields) and its lifecycle across syncs:
 * open -> acknowledged | risk_accepted (until a date) -> resolved when a complete sync no longer sees it; seen again,
 * it reopens with a new interval on the same id. A partial sync never resolves anything.
 */
import type { CheckMetadata, FailResult } from '../../src/checks/check';
import { boundedFinding, findingId, MAX_FINDING_BYTES, reconcileFindings, surfaceFinding, type Detection, type Finding } from '../../src/findings/finding';

const SYNC_1 = '2026-08-20T06:00:00.000Z';
const SYNC_2 = '2026-09-20T06:00:00.000Z';
const SYNC_3 = '2026-10-20T06:00:00.000Z';
const SYNC_4 = '2026-11-20T06:00:00.000Z';

const GAP_CHECK: CheckMetadata = {
  id: 'privilege_justification_gap',
  title: 'A high-risk grant has no recorded justification',
  severity: 'MEDIUM',
  description: 'd',
  risk: 'r',
  remediation: ['fix it'],
  references: [],
};
const ORPHAN_CHECK: CheckMetadata = { ...GAP_CHECK, id: 'orphaned_ownership', title: 'Every owner has left', severity: 'CRITICAL' };

const CRM_SYNC = 'entra:identity:0c0ffee0-0000-4000-8000-00000000000a/sp-crm-sync';

/** A detection of `check` on crm-sync; summary and identity fields as given. */
function detection(options: { check?: CheckMetadata; subjectId?: string; identityFields?: string[]; summary?: string } = {}): Detection {
  const subjectId = options.subjectId ?? CRM_SYNC;
  const result: FailResult = {
    outcome: 'fail',
    subjectId,
    identityFields: options.identityFields ?? ['Sites.ReadWrite.All'],
    summary: options.summary ?? 'Service principal "crm-sync" holds Sites.ReadWrite.All with no recorded justification.',
    chain: [subjectId],
    evidence: [{ class: 'structural_authority', text: 'Sites.ReadWrite.All is tenant-wide write access' }],
    projectKeys: [],
  };
  return { metadata: options.check ?? GAP_CHECK, result, subject: { id: subjectId, kind: 'identity', name: 'crm-sync' }, chainNodes: [] };
}

/** The finding a first sync stores for `d`. */
function firstSeen(d: Detection, at = SYNC_1): Finding {
  return only(reconcileFindings([], [d], true, at).findings);
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

describe('findingId', () => {
  it('is stable for the same check, subject and identity fields', () => {
    expect(findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All'])).toBe(findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All']));
    expect(findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All'])).toMatch(/^F-[0-9a-f]{16}$/);
  });

  it('changes with the check, the subject or any identity field', () => {
    const base = findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All']);

    const variants = [
      findingId('dormant_authority', CRM_SYNC, ['Sites.ReadWrite.All']),
      findingId('privilege_justification_gap', `${CRM_SYNC}-2`, ['Sites.ReadWrite.All']),
      findingId('privilege_justification_gap', CRM_SYNC, ['Mail.ReadWrite']),
      findingId('privilege_justification_gap', CRM_SYNC, []),
      findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All', 'credential:client_secret']),
    ];

    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('does not confuse fields that only differ in where they are split', () => {
    expect(findingId('c', 'a', ['b'])).not.toBe(findingId('c', 'ab', []));
    expect(findingId('c', 's', ['a', 'b'])).not.toBe(findingId('c', 's', ['ab']));
  });
});

describe('findingId keyed by the install secret', () => {
  it('cannot be worked out from public ids without the key, and is stable with it', () => {
    const plain = findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All']);
    const keyed = findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All'], 'install-secret-1');
    expect(keyed).toMatch(/^F-[0-9a-f]{16}$/);
    expect(keyed).not.toBe(plain);
    expect(findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All'], 'install-secret-1')).toBe(keyed);
    expect(findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All'], 'install-secret-2')).not.toBe(keyed);
  });

  it('moves a finding stored under its old id to the keyed id, history and triage kept', () => {
    const acknowledged: Finding = { ...firstSeen(detection()), status: 'acknowledged', acknowledgedBy: 'acc-admin', ticketKey: 'SEC-4' };

    const outcome = reconcileFindings([acknowledged], [detection()], true, SYNC_2, { idKey: 'install-secret-1' });

    const finding = only(outcome.findings);
    expect(finding.id).toBe(findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All'], 'install-secret-1'));
    expect(finding).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'acc-admin', ticketKey: 'SEC-4', firstSeenAt: SYNC_1 });
    expect(outcome.renamed).toEqual([{ from: acknowledged.id, to: finding.id }]);
    expect(outcome.opened).toEqual([]);
  });
});

describe('reconcileFindings when only some sources were read completely', () => {
  const reach = (projects: string[]): Detection => {
    const d = detection({ check: ORPHAN_CHECK, identityFields: [], summary: `reaches ${projects.join(', ')}` });
    return { ...d, result: { ...d.result, chain: [CRM_SYNC, ...projects.map((p) => `jira:resource:${p}`)], projectKeys: projects }, chainNodes: [{ id: CRM_SYNC, kind: 'identity', name: 'crm-sync', system: 'entra' }] };
  };
  const entraHeld = (f: Pick<Finding, 'chainNodes'>) => !f.chainNodes.some((n) => n.system === 'entra');

  it('resolves an undetected finding only when what it rests on was read completely', () => {
    const onEntra = firstSeen(reach(['DEALS']));
    const onJira: Finding = { ...firstSeen(detection({ identityFields: ['ADMINISTER'] })), chainNodes: [{ id: 'jira:identity:x', kind: 'identity', name: 'x', system: 'jira' }] };

    const outcome = reconcileFindings([onEntra, onJira], [], entraHeld, SYNC_2);

    expect(outcome.resolved).toEqual([onJira.id]);
    expect(outcome.findings.find((f) => f.id === onEntra.id)).toEqual(onEntra);
  });

  it('never rewrites a finding with less reach from a partial read', () => {
    const before = firstSeen(reach(['DEALS', 'CONTENT']));

    const outcome = reconcileFindings([before], [reach(['DEALS'])], entraHeld, SYNC_2);

    const finding = only(outcome.findings);
    expect(finding.summary).toBe('reaches DEALS, CONTENT');
    expect(finding.projectKeys).toEqual(['DEALS', 'CONTENT']);
    expect(finding.fingerprint).toBe(before.fingerprint);
    expect(finding.lastSeenAt).toBe(SYNC_2);
    expect(outcome.changed).toEqual([]);
  });

  it('still says more when a partial read found more', () => {
    const before = firstSeen(reach(['DEALS']));

    const outcome = reconcileFindings([before], [reach(['DEALS', 'HR'])], entraHeld, SYNC_2);

    expect(only(outcome.findings).projectKeys).toEqual(['DEALS', 'HR']);
    expect(outcome.changed).toEqual([before.id]);
  });
});

describe('reconcileFindings', () => {
  it('opens a new finding with one open interval', () => {
    // Arrange
    const d = detection();

    // Act
    const outcome = reconcileFindings([], [d], true, SYNC_1);

    // Assert
    const finding = only(outcome.findings);
    expect(finding).toMatchObject({ status: 'open', check: 'privilege_justification_gap', severity: 'MEDIUM', firstSeenAt: SYNC_1, lastSeenAt: SYNC_1, intervals: [{ openedAt: SYNC_1 }] });
    expect(finding.id).toBe(findingId('privilege_justification_gap', CRM_SYNC, ['Sites.ReadWrite.All']));
    expect(outcome.opened).toEqual([finding.id]);
    expect(outcome.reopened).toEqual([]);
    expect(outcome.resolved).toEqual([]);
  });

  it('keeps the status of a re-detected finding and moves lastSeen', () => {
    const acknowledged: Finding = { ...firstSeen(detection()), status: 'acknowledged', acknowledgedBy: 'acc-admin', acknowledgedAt: SYNC_1 };

    const outcome = reconcileFindings([acknowledged], [detection()], true, SYNC_2);

    const finding = only(outcome.findings);
    expect(finding).toMatchObject({ id: acknowledged.id, status: 'acknowledged', acknowledgedBy: 'acc-admin', firstSeenAt: SYNC_1, lastSeenAt: SYNC_2, intervals: [{ openedAt: SYNC_1 }] });
    expect(outcome.opened).toEqual([]);
    expect(outcome.changed).toEqual([]);
  });

  it('reports a changed fingerprint when what the finding says changed', () => {
    const previous = firstSeen(detection());

    const outcome = reconcileFindings([previous], [detection({ summary: 'Service principal "crm-sync (renamed)" holds Sites.ReadWrite.All with no recorded justification.' })], true, SYNC_2);

    const finding = only(outcome.findings);
    expect(outcome.changed).toEqual([previous.id]);
    expect(finding.id).toBe(previous.id);
    expect(finding.fingerprint).not.toBe(previous.fingerprint);
    expect(finding.summary).toContain('crm-sync (renamed)');
  });

  it('resolves an undetected finding after a complete sync, closing its interval', () => {
    const previous = firstSeen(detection());

    const outcome = reconcileFindings([previous], [], true, SYNC_2);

    const finding = only(outcome.findings);
    expect(outcome.resolved).toEqual([previous.id]);
    expect(finding).toMatchObject({ status: 'resolved', resolvedAt: SYNC_2, lastSeenAt: SYNC_1, intervals: [{ openedAt: SYNC_1, resolvedAt: SYNC_2 }] });
  });

  it('leaves an undetected finding unchanged after a partial sync', () => {
    const previous = firstSeen(detection());

    const outcome = reconcileFindings([previous], [], false, SYNC_2);

    expect(outcome.findings).toEqual([previous]);
    expect(outcome.resolved).toEqual([]);
  });

  it('reopens a resolved finding seen again with a new interval on the same id', () => {
    const resolved = only(reconcileFindings([firstSeen(detection())], [], true, SYNC_2).findings);

    const outcome = reconcileFindings([resolved], [detection()], true, SYNC_3);

    const finding = only(outcome.findings);
    expect(outcome.reopened).toEqual([resolved.id]);
    expect(outcome.opened).toEqual([]);
    expect(finding.id).toBe(resolved.id);
    expect(finding.status).toBe('open');
    expect(finding.resolvedAt).toBeUndefined();
    expect(finding.firstSeenAt).toBe(SYNC_1);
    expect(finding.lastSeenAt).toBe(SYNC_3);
    expect(finding.intervals).toEqual([{ openedAt: SYNC_1, resolvedAt: SYNC_2 }, { openedAt: SYNC_3 }]);
  });

  it('resolves a reopened finding again on its second interval only', () => {
    const reopened = only(reconcileFindings([only(reconcileFindings([firstSeen(detection())], [], true, SYNC_2).findings)], [detection()], true, SYNC_3).findings);

    const finding = only(reconcileFindings([reopened], [], true, SYNC_4).findings);

    expect(finding.intervals).toEqual([{ openedAt: SYNC_1, resolvedAt: SYNC_2 }, { openedAt: SYNC_3, resolvedAt: SYNC_4 }]);
  });

  it('keeps a resolved finding resolved (and its dates) while it stays undetected', () => {
    const resolved = only(reconcileFindings([firstSeen(detection())], [], true, SYNC_2).findings);

    const outcome = reconcileFindings([resolved], [], true, SYNC_3);

    expect(outcome.findings).toEqual([resolved]);
    expect(outcome.resolved).toEqual([]);
  });

  it('opens a risk-accepted finding again once its acceptance lapsed', () => {
    const accepted: Finding = { ...firstSeen(detection()), status: 'risk_accepted', riskAcceptedUntil: '2026-09-01T00:00:00.000Z', justification: 'Vendor migration' };

    const finding = only(reconcileFindings([accepted], [detection()], true, SYNC_2).findings);

    expect(finding.status).toBe('open');
    expect(finding.riskAcceptedUntil).toBeUndefined();
  });

  it('keeps a risk acceptance that has not lapsed', () => {
    const accepted: Finding = { ...firstSeen(detection()), status: 'risk_accepted', riskAcceptedUntil: '2027-01-01T00:00:00.000Z' };

    const finding = only(reconcileFindings([accepted], [detection()], true, SYNC_2).findings);

    expect(finding.status).toBe('risk_accepted');
    expect(finding.riskAcceptedUntil).toBe('2027-01-01T00:00:00.000Z');
  });

  it('makes one finding of duplicate detections of the same id', () => {
    const outcome = reconcileFindings([], [detection(), detection({ summary: 'another path to the same risk' })], true, SYNC_1);

    expect(outcome.findings).toHaveLength(1);
    expect(outcome.opened).toHaveLength(1);
  });

  it('keeps findings of different identity fields apart', () => {
    const outcome = reconcileFindings([], [detection(), detection({ identityFields: ['credential:client_secret'] })], true, SYNC_1);

    expect(new Set(outcome.findings.map((f) => f.identityFields.join()))).toEqual(new Set(['Sites.ReadWrite.All', 'credential:client_secret']));
  });

  it('handles opening, keeping and resolving in one sync', () => {
    const kept = firstSeen(detection());
    const gone = firstSeen(detection({ check: ORPHAN_CHECK, identityFields: [] }));
    const fresh = detection({ identityFields: ['Mail.ReadWrite'] });

    const outcome = reconcileFindings([kept, gone], [detection(), fresh], true, SYNC_2);

    const statusById = new Map(outcome.findings.map((f) => [f.id, f.status]));
    expect(statusById.get(kept.id)).toBe('open');
    expect(statusById.get(gone.id)).toBe('resolved');
    expect(outcome.opened).toEqual([findingId('privilege_justification_gap', CRM_SYNC, ['Mail.ReadWrite'])]);
    expect(outcome.resolved).toEqual([gone.id]);
  });
});

describe('boundedFinding', () => {
  it('cuts the longest lists of a finding too large for one stored value, records how long they were, and is stable', () => {
    const d = detection();
    const reachesEverything: Detection = {
      ...d,
      result: {
        ...d.result,
        evidence: Array.from({ length: 5000 }, (_, i) => ({ class: 'structural_authority' as const, text: `reaches project P${i} through a role granted to everyone on the site` })),
        projectKeys: Array.from({ length: 3000 }, (_, i) => `P${i}`),
      },
    };
    const finding = firstSeen(reachesEverything);
    expect(Buffer.byteLength(JSON.stringify(finding))).toBeLessThanOrEqual(MAX_FINDING_BYTES);
    expect(finding.truncated?.evidence).toBe(5000);
    expect(finding.evidence.length).toBeGreaterThan(100);
    expect(finding.evidence[0]?.text).toContain('P0 ');
    // The same detection next sync gives the same stored finding: nothing to rewrite.
    const again = only(reconcileFindings([finding], [reachesEverything], true, SYNC_2).findings);
    expect({ ...again, lastSeenAt: finding.lastSeenAt }).toEqual(finding);
  });

  it('leaves a finding that fits untouched', () => {
    const finding = firstSeen(detection());
    expect(boundedFinding(finding)).toBe(finding);
    expect(finding.truncated).toBeUndefined();
  });
});

describe('surfaceFinding', () => {
  it('keeps what the surfaces read, passes every node id and project key through intern, and drops the rest', () => {
    const d = detection();
    const finding: Finding = {
      ...firstSeen({ ...d, result: { ...d.result, chain: [CRM_SYNC, 'jira:resource:10000'], projectKeys: ['OPS'], evidence: [{ class: 'structural_authority', text: 'reaches OPS', nodeIds: ['jira:role:10000/10200'] }, { class: 'structural_authority', text: 'no nodes' }] } }),
      chainNodes: [{ id: CRM_SYNC, kind: 'identity', name: 'crm-sync', system: 'entra' }],
    };
    // As read back from storage: every occurrence its own string.
    const read = JSON.parse(JSON.stringify(finding)) as Finding;
    const held = new Map<string, string>();
    const intern = (text: string) => held.get(text) ?? (held.set(text, text), text);
    const surface = surfaceFinding(read, intern);
    expect(surface).toEqual({
      id: finding.id,
      check: finding.check,
      title: finding.title,
      severity: finding.severity,
      status: finding.status,
      subject: finding.subject,
      chain: [CRM_SYNC, 'jira:resource:10000'],
      projectKeys: ['OPS'],
      evidence: [{ nodeIds: ['jira:role:10000/10200'] }, {}],
    });
    // Every id and key went through intern (a string's instance is not observable; what intern was asked is).
    expect([...held.keys()].sort()).toEqual(['OPS', CRM_SYNC, 'jira:resource:10000', 'jira:role:10000/10200'].sort());
  });
});
