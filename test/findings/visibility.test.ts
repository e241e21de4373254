/**
 * A finding shown to someone who is not a Jira administrator names only the projects they may browse: every other
 * project, site and mailbox reads "a restricted resource", in the summary, the evidence, the chain and the project
 * list, and the count of what was hidden is given.
 */
import type { Finding } from '../../src/findings/finding';
import { RESTRICTED, scrub, visibleFinding, visibleRow, type NamedResource } from '../../src/findings/visibility';
import type { FindingRow } from '../../src/findings/query';

const RESOURCES: NamedResource[] = [
  { name: 'DEALS Sports Rights Deals', system: 'jira', subtype: 'jira_project', key: 'DEALS' },
  { name: 'CONTENT Content Pipeline', system: 'jira', subtype: 'jira_project', key: 'CONTENT' },
  { name: 'every SharePoint site in MediaPro', system: 'm365', subtype: 'site_scope' },
  { name: 'HR', system: 'm365', subtype: 'site_scope_member' },
  { name: 'ceo@mediapro.tv', system: 'm365', subtype: 'mailbox_scope_member' },
];

const finding: Finding = {
  id: 'F-1',
  check: 'reachable_sensitive_domain',
  title: 't',
  severity: 'HIGH',
  status: 'open',
  subject: { id: 'powerautomate:workload:flow-1', kind: 'workload', name: 'Sync Deal Issues to Teams' },
  summary: 'Power Automate flow "Sync Deal Issues to Teams" can reach CONTENT Content Pipeline (restricted), DEALS Sports Rights Deals (restricted), HR (restricted) and ceo@mediapro.tv (confidential).',
  chain: ['powerautomate:workload:flow-1', 'jira:resource:project/10011', 'm365:resource:sites'],
  chainNodes: [
    { id: 'powerautomate:workload:flow-1', kind: 'workload', name: 'Sync Deal Issues to Teams', system: 'powerautomate' },
    { id: 'jira:resource:project/10011', kind: 'resource', name: 'CONTENT Content Pipeline', system: 'jira', subtype: 'jira_project', key: 'CONTENT', sensitivity: 'restricted' },
    { id: 'm365:resource:sites', kind: 'resource', name: 'every SharePoint site in MediaPro', system: 'm365', subtype: 'site_scope', sensitivity: 'restricted', members: [{ name: 'HR', sensitivity: 'restricted' }] },
  ],
  evidence: [{ class: 'structural_authority', text: 'Added since baseline: CONTENT Content Pipeline' }],
  projectKeys: ['CONTENT', 'DEALS'],
  identityFields: [],
  firstSeenAt: '2026-11-20T06:00:00.000Z',
  lastSeenAt: '2026-11-20T06:00:00.000Z',
  intervals: [{ openedAt: '2026-11-20T06:00:00.000Z' }],
  fingerprint: 'x',
};

describe('visibleFinding', () => {
  it('shows a DEALS-only person no name from CONTENT, nor any site or mailbox', () => {
    const seen = visibleFinding(finding, RESOURCES, { all: false, browsableProjects: new Set(['DEALS']) });
    const text = JSON.stringify(seen);
    for (const hidden of ['CONTENT', 'Content Pipeline', '"HR"', 'HR (restricted)', 'ceo@mediapro.tv', 'every SharePoint site']) expect(text).not.toContain(hidden);
    expect(seen.summary).toContain('DEALS Sports Rights Deals');
    expect(seen.summary).toContain(RESTRICTED);
    expect(seen.projectKeys).toEqual(['DEALS']);
    expect(seen.chainNodes[1]).toMatchObject({ name: 'Restricted resource', sensitivity: 'restricted' });
    expect(seen.chainNodes[1]?.key).toBeUndefined();
    expect(seen.chainNodes[2]?.members).toEqual([]);
    expect(seen.evidence[0]?.text).toBe(`Added since baseline: ${RESTRICTED}`);
    expect(seen.restricted).toBe(4);
  });

  it('shows an administrator everything', () => {
    expect(visibleFinding(finding, RESOURCES, { all: true, browsableProjects: new Set() })).toBe(finding);
  });

  it('scrubs whole names only, longest first', () => {
    expect(scrub('HR and HRM and hr@x and CONTENT Content Pipeline', ['HR', 'CONTENT', 'CONTENT Content Pipeline'])).toBe(`${RESTRICTED} and HRM and hr@x and ${RESTRICTED}`);
  });
});

it('visibleRow scrubs the summary of a list row', () => {
  const row = { id: 'F-1', summary: finding.summary } as FindingRow;
  expect(visibleRow(row, RESOURCES, { all: false, browsableProjects: new Set(['CONTENT', 'DEALS']) }).summary).not.toContain('ceo@mediapro.tv');
});
