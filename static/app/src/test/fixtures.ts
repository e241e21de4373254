/** Minimal, named fixtures for component tests (shapes from the resolver contract). */
import type { FindingDetail as Detail } from '../api/types';

export const driftDetail: Detail = {
  finding: {
    id: 'F-1',
    check: 'scope_drift',
    title: 'A non-human identity reaches more than it used to',
    severity: 'HIGH',
    status: 'open',
    subject: { id: 'pa:w', kind: 'workload', name: 'Sync Deal Issues to Teams' },
    summary: 'Flow now also reaches CONTENT.',
    chain: ['pa:w', 'jira:r'],
    chainNodes: [
      { id: 'pa:w', kind: 'workload', name: 'Sync Deal Issues to Teams', system: 'powerautomate' },
      { id: 'jira:r', kind: 'resource', name: 'CONTENT Content Pipeline', system: 'jira' },
    ],
    evidence: [{ class: 'structural_authority', text: 'Added since baseline: CONTENT Content Pipeline' }],
    projectKeys: ['CONTENT'],
    identityFields: [],
    firstSeenAt: '2026-11-20T06:00:00.000Z',
    lastSeenAt: '2026-11-20T06:00:00.000Z',
    intervals: [{ openedAt: '2026-11-20T06:00:00.000Z' }],
    fingerprint: 'x',
  },
  check: { id: 'scope_drift', title: 'A non-human identity reaches more than it used to', severity: 'HIGH', description: 'd', risk: 'r', remediation: ['Check why.', 'Acknowledge it.'], references: [] },
  sections: { whatHappened: 'Flow now also reaches CONTENT.', amIExposed: 'Access flows into automations.', whoOwnsIt: 'No owner is recorded for it.', howToFix: ['Check why.', 'Acknowledge it.'] },
  owners: [],
};
