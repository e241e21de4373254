/** Minimal, named fixtures for component tests (shapes from the resolver contract). */
import type { BlastRadius, FindingDetail as Detail, FindingRow, Overview } from '../api/types';

const FLOW = 'pa:w';
const CONN = 'pa:c';
const MARIA = 'jira:maria';
const DEALS_ROLE = 'jira:role:deals';
const CONTENT_ROLE = 'jira:role:content';
const DEALS_PERM = 'jira:perm:deals';
const CONTENT_PERM = 'jira:perm:content';
const DEALS = 'jira:deals';
const CONTENT = 'jira:content';

/** A flow reaching DEALS (baseline) and CONTENT (new) through Maria's membership. */
export const driftRadius: BlastRadius = {
  principalId: FLOW,
  nodes: [
    { id: FLOW, kind: 'workload', system: 'powerautomate', name: 'Sync Deal Issues to Teams', depth: 0 },
    { id: CONN, kind: 'connection', system: 'powerautomate', name: 'Jira connection', depth: 1 },
    { id: MARIA, kind: 'identity', system: 'jira', name: 'Maria Garcia', depth: 2 },
    { id: DEALS_ROLE, kind: 'role', system: 'jira', name: 'DEALS Member', depth: 3 },
    { id: CONTENT_ROLE, kind: 'role', system: 'jira', name: 'CONTENT Member', depth: 3 },
    { id: DEALS_PERM, kind: 'permission', system: 'jira', name: 'BROWSE_PROJECTS on DEALS', key: 'BROWSE_PROJECTS', depth: 4 },
    { id: CONTENT_PERM, kind: 'permission', system: 'jira', name: 'BROWSE_PROJECTS on CONTENT', key: 'BROWSE_PROJECTS', depth: 4 },
    { id: DEALS, kind: 'resource', system: 'jira', name: 'DEALS Sports Rights Deals', sensitivity: 'restricted', projectKey: 'DEALS', depth: 5 },
    { id: CONTENT, kind: 'resource', system: 'jira', name: 'CONTENT Content Pipeline', sensitivity: 'restricted', projectKey: 'CONTENT', depth: 5 },
  ],
  edges: [
    { from: FLOW, to: CONN, kind: 'INVOKES', basis: 'observed', crossSystem: false },
    { from: CONN, to: MARIA, kind: 'AUTHENTICATES_AS', basis: 'correlated', crossSystem: true, reason: 'signed in as maria.garcia@mediapro.tv' },
    { from: MARIA, to: DEALS_ROLE, kind: 'HAS_ROLE', basis: 'observed', crossSystem: false },
    { from: MARIA, to: CONTENT_ROLE, kind: 'HAS_ROLE', basis: 'observed', crossSystem: false },
    { from: DEALS_ROLE, to: DEALS_PERM, kind: 'GRANTS', basis: 'observed', crossSystem: false },
    { from: CONTENT_ROLE, to: CONTENT_PERM, kind: 'GRANTS', basis: 'observed', crossSystem: false },
    { from: DEALS_PERM, to: DEALS, kind: 'APPLIES_TO', basis: 'observed', crossSystem: false },
    { from: CONTENT_PERM, to: CONTENT, kind: 'APPLIES_TO', basis: 'observed', crossSystem: false },
  ],
  reached: { restricted: 2 },
  summarised: 0,
};

export const driftDetail: Detail = {
  finding: {
    id: 'F-1',
    check: 'scope_drift',
    title: 'A non-human identity reaches more than it used to',
    severity: 'HIGH',
    status: 'open',
    subject: { id: FLOW, kind: 'workload', name: 'Sync Deal Issues to Teams' },
    summary: 'Flow now also reaches CONTENT.',
    chain: [FLOW, CONN, MARIA, CONTENT_ROLE, CONTENT_PERM, CONTENT],
    chainNodes: [
      { id: FLOW, kind: 'workload', name: 'Sync Deal Issues to Teams', system: 'powerautomate' },
      { id: CONTENT, kind: 'resource', name: 'CONTENT Content Pipeline', system: 'jira' },
    ],
    evidence: [{ class: 'structural_authority', text: 'Added since baseline: CONTENT Content Pipeline' }],
    projectKeys: ['CONTENT'],
    identityFields: [],
    firstSeenAt: '2026-11-20T06:00:00.000Z',
    lastSeenAt: '2026-11-20T06:00:00.000Z',
    intervals: [{ openedAt: '2026-11-20T06:00:00.000Z' }],
    fingerprint: 'x',
    ticketKey: 'ITSM-11',
  },
  check: { id: 'scope_drift', title: 'A non-human identity reaches more than it used to', severity: 'HIGH', description: 'd', risk: 'Access flows into automations.', remediation: ['Check why.', 'Acknowledge it.'], references: [] },
  sections: { whatHappened: 'Flow now also reaches CONTENT.', amIExposed: 'Access flows into automations.', whoOwnsIt: 'Maria Garcia, Carlos Ruiz (left on 2026-11-03)', howToFix: ['Check why.', 'Acknowledge it.'] },
  owners: [
    { name: 'Maria Garcia', email: 'maria.garcia@mediapro.tv', kind: 'person', departed: false },
    { name: 'Carlos Ruiz', email: 'carlos.ruiz@mediapro.tv', kind: 'person', departed: true, leftAt: '2026-11-03T09:02:11.874Z', leftAtSource: 'jira-audit', reason: 'Atlassian account inactive' },
  ],
  insight: {
    findingId: 'F-1',
    principalId: FLOW,
    highlight: [FLOW, CONN, MARIA, CONTENT_ROLE, CONTENT_PERM, CONTENT],
    added: [CONTENT],
    causes: [{ from: MARIA, to: CONTENT_ROLE, kind: 'HAS_ROLE', text: 'Maria Garcia was given the Member role of CONTENT' }],
    fixes: [
      {
        label: 'Remove Maria Garcia from the Member role of CONTENT',
        links: [{ label: 'People and roles of CONTENT (Jira project settings)', url: '/plugins/servlet/project-config/CONTENT/people' }],
        removes: { from: MARIA, to: CONTENT_ROLE, kind: 'HAS_ROLE' },
        impact: { closes: [{ id: 'F-1', title: 'A non-human identity reaches more than it used to', subject: 'Sync Deal Issues to Teams', severity: 'HIGH' }], cuts: [{ name: 'CONTENT Content Pipeline', sensitivity: 'restricted' }], cutCount: 1, text: 'Removing Maria Garcia from the Member role of CONTENT closes 1 finding and cuts its reach to CONTENT Content Pipeline.' },
      },
      {
        label: 'Run Sync Deal Issues to Teams under its own account instead of Maria Garcia\'s',
        links: [{ label: 'Flow "Sync Deal Issues to Teams" (Power Automate)', url: 'https://make.powerautomate.com/environments/env/flows/f/details' }],
      },
    ],
  },
  blast: driftRadius,
  groups: [{ id: 'G-1', kind: 'subject', title: 'Sync Deal Issues to Teams', size: 3 }],
};

export const row = (id: string, severity: FindingRow['severity'], more: Partial<FindingRow> = {}): FindingRow => ({
  id,
  check: 'orphaned_ownership',
  title: 'Every owner has left',
  severity,
  status: 'open',
  subject: { id: `s-${id}`, kind: 'workload', name: `Rule ${id}` },
  systems: ['jira'],
  owners: ['Carlos Ruiz'],
  ownerDetails: [{ name: 'Carlos Ruiz', kind: 'person', departed: true, leftAt: '2026-11-03T09:02:11.874Z', leftAtSource: 'jira-audit' }],
  summary: `Rule ${id} is owned only by Carlos Ruiz, who has left.`,
  lastSeenAt: '2026-11-20T06:00:00.000Z',
  ...more,
});

export const overview: Overview = {
  verdict: '5 critical and 6 high findings need an owner’s attention.',
  bySeverity: { CRITICAL: 5, HIGH: 6 },
  severityCounts: [
    { severity: 'CRITICAL', count: 5, filters: { severity: ['CRITICAL'], status: ['open'] } },
    { severity: 'HIGH', count: 6, filters: { severity: ['HIGH'], status: ['open'] } },
    { severity: 'MEDIUM', count: 0, filters: { severity: ['MEDIUM'], status: ['open'] } },
    { severity: 'LOW', count: 0, filters: { severity: ['LOW'], status: ['open'] } },
  ],
  byCheck: [{ check: 'orphaned_ownership', title: 'Every owner has left', severity: 'CRITICAL', count: 5, filters: { check: ['orphaned_ownership'], status: ['open'] } }],
  triaged: [
    { status: 'acknowledged', count: 1, filters: { status: ['acknowledged'] } },
    { status: 'risk_accepted', count: 0, filters: { status: ['risk_accepted'] } },
  ],
  health: [
    {
      id: 'entra-secret-t1',
      level: 'warning',
      title: 'The client secret SecurityV0 uses in Grup MediaPro expires on {date}',
      detail: 'In 24 days scans of this tenant start to fail.',
      at: '2026-12-15T00:00:00Z',
      actions: [
        { label: 'New client secret (Entra)', kind: 'link', url: 'https://portal.azure.com/#@t1/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/a1' },
        { label: 'Enter the new secret', kind: 'settings', section: 'entra', tenantId: 't1' },
      ],
    },
  ],
  setup: { entraConnected: true, automationConnected: true, scanned: true },
  lastSync: { syncId: 's2', status: 'partial', trigger: 'scheduled', requestedAt: '2026-11-20T06:00:00Z', observedAt: '2026-11-20T06:00:00Z', finishedAt: '2026-11-20T06:01:00Z', steps: [{ id: 'graph', label: 'Entra service principals', status: 'partial', count: 4, reason: 'HTTP 429' }] },
  running: null,
  trend: [],
  ticketsWaiting: 0,
};
