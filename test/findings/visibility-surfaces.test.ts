/** A blast radius and a finding's fixes as someone who is not a Jira administrator may see them. */
import type { BlastRadius } from '../../src/chains/blast-radius';
import type { FindingInsight } from '../../src/findings/insights';
import { hiddenInRadius, RESTRICTED_NODE, visibleBlast, visibleInsight } from '../../src/findings/visibility-surfaces';

const radius: BlastRadius = {
  principalId: 'flow',
  nodes: [
    { id: 'flow', kind: 'workload', system: 'powerautomate', name: 'Deal Sync', depth: 0 },
    { id: 'role-content', kind: 'role', system: 'jira', name: 'CONTENT Member', depth: 1 },
    { id: 'deals', kind: 'resource', system: 'jira', name: 'DEALS Deals', subtype: 'jira_project', projectKey: 'DEALS', sensitivity: 'restricted', depth: 2 },
    { id: 'content', kind: 'resource', system: 'jira', name: 'CONTENT Pipeline', subtype: 'jira_project', projectKey: 'CONTENT', sensitivity: 'restricted', depth: 2 },
    { id: 'sites#hr', kind: 'resource', system: 'm365', name: 'HR', sensitivity: 'restricted', memberOf: 'sites', depth: 3 },
  ],
  edges: [{ from: 'flow', to: 'role-content', kind: 'HAS_ROLE', basis: 'observed', crossSystem: true, reason: 'member of CONTENT' }],
  reached: { restricted: 3 },
  summarised: 0,
};
const lead = { all: false, browsableProjects: new Set(['DEALS']) };

it('draws what the caller may not see as a restricted resource, and scrubs its name everywhere else', () => {
  const names = hiddenInRadius(radius, lead);
  expect(names.sort()).toEqual(['CONTENT', 'CONTENT Pipeline', 'HR'].sort());
  const seen = visibleBlast(radius, lead, names);
  expect(seen.nodes.map((n) => n.name)).toEqual(['Deal Sync', 'a restricted resource Member', 'DEALS Deals', RESTRICTED_NODE, RESTRICTED_NODE]);
  expect(seen.nodes.find((n) => n.id === 'content')?.projectKey).toBeUndefined();
  expect(seen.edges[0]?.reason).toBe('member of a restricted resource');
  expect(visibleBlast(radius, { all: true, browsableProjects: new Set() }, [])).toBe(radius);
});

it('scrubs fixes and drops a link into a hidden project', () => {
  const insight: FindingInsight = {
    findingId: 'F-1',
    highlight: [],
    fixes: [{ label: 'Remove Maria from the Member role of CONTENT', links: [{ label: 'People of CONTENT', url: '/plugins/servlet/project-config/CONTENT/people' }], impact: { closes: [], cuts: [{ name: 'CONTENT Pipeline', sensitivity: 'restricted' }], cutCount: 1, text: 'Removing Maria closes no finding and cuts its reach to CONTENT Pipeline.' } }],
  };
  const seen = visibleInsight(insight, lead, hiddenInRadius(radius, lead));
  expect(seen.fixes[0]?.label).toBe('Remove Maria from the Member role of a restricted resource');
  expect(seen.fixes[0]?.links).toEqual([]);
  expect(seen.fixes[0]?.impact?.cuts[0]?.name).toBe('a restricted resource');
});
