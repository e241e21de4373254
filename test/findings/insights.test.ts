/**
 * Insights: a scope drift names what is new and the grant that brought it; every fix names where it happens and
 * what removing its grant would close and cut, computed by walking the graph again without that grant.
 */
import { runChecks } from '../../src/checks/run-checks';
import { reconcileFindings, type Finding } from '../../src/findings/finding';
import { buildInsights, gerund } from '../../src/findings/insights';
import { buildRootCauseGroups } from '../../src/findings/root-causes';
import { reachKey } from '../../src/chains/reach';
import {
  OBSERVED_AT,
  authenticatesAs,
  baselinesOf,
  browseProjects,
  checkContext,
  connector,
  credential,
  flow,
  grant,
  graphAppPermission,
  invokes,
  jiraPersonAccount,
  jiraProject,
  role,
  scopeMember,
  sealedGraphOf,
  servicePrincipal,
  siteScope,
  uses,
  type GraphPart,
} from '../support/graph-fixtures';

const deals = jiraProject('DEALS', { sensitivity: 'restricted' });
const content = jiraProject('CONTENT', { sensitivity: 'restricted' });
const maria = jiraPersonAccount('maria@example.test', { name: 'Maria' });
const dealSync = flow('Deal Sync', { sharedWith: 12 });
const jiraConnection = connector('Jira connection of maria');
const mariaSignIn = credential('Sign-in of maria', { system: 'powerautomate', subtype: 'oauth_refresh_token' });
const dealsMember = role('DEALS Member', { projectId: deals.props.nativeId });
const contentMember = role('CONTENT Member', { projectId: content.props.nativeId });

const flowParts: GraphPart[] = [
  dealSync,
  jiraConnection,
  mariaSignIn,
  maria,
  invokes(dealSync, jiraConnection),
  uses(jiraConnection, mariaSignIn),
  authenticatesAs(mariaSignIn, maria),
  grant(maria, browseProjects(deals), deals, { role: dealsMember }),
  grant(maria, browseProjects(content), content, { role: contentMember }),
];

function findingsOf(parts: GraphPart[], baselines: Record<string, string[]> = {}): { graph: ReturnType<typeof sealedGraphOf>; findings: Finding[] } {
  const graph = sealedGraphOf(...parts);
  const run = runChecks(checkContext(graph, { baselines: baselinesOf(baselines) }));
  return { graph, findings: reconcileFindings([], run.detections, true, OBSERVED_AT).findings };
}

describe('buildInsights', () => {
  it('marks what a scope drift added and names the role that brought it, with the fix and what it would change', () => {
    // Arrange
    const { graph, findings } = findingsOf(flowParts, { [dealSync.id]: [reachKey({ resourceId: deals.id })] });
    const drift = findings.find((f) => f.check === 'scope_drift') as Finding;

    // Act
    const insight = buildInsights({ graph, findings, baselineOf: (id) => (id === dealSync.id ? [deals.id] : undefined) }).get(drift.id);

    // Assert
    expect(insight?.principalId).toBe(dealSync.id);
    expect(insight?.added).toEqual([content.id]);
    expect(insight?.causes).toEqual([{ from: maria.id, to: contentMember.id, kind: 'HAS_ROLE', text: 'Maria was given the Member role of CONTENT' }]);
    const [first] = insight?.fixes ?? [];
    expect(first?.label).toBe('Remove Maria from the Member role of CONTENT');
    expect(first?.links).toEqual([{ label: 'People and roles of CONTENT (Jira project settings)', url: '/plugins/servlet/project-config/CONTENT/people' }]);
    expect(first?.impact?.closes.map((c) => c.id)).toContain(drift.id);
    expect(first?.impact?.cuts).toEqual([{ name: 'CONTENT', sensitivity: 'restricted' }]);
    expect(first?.impact?.text).toBe("Removing Maria from the Member role of CONTENT closes 1 finding and cuts Deal Sync's reach to CONTENT.");
  });

  it('offers to run the flow under its own account, which cuts everything the person gave it', () => {
    const { graph, findings } = findingsOf(flowParts);
    const sensitive = findings.find((f) => f.check === 'reachable_sensitive_domain' && f.subject.id === dealSync.id) as Finding;
    const insight = buildInsights({ graph, findings, baselineOf: () => undefined }).get(sensitive.id);
    const own = insight?.fixes.find((f) => f.removes?.kind === 'AUTHENTICATES_AS');
    expect(own?.label).toBe("Run Deal Sync under its own account instead of Maria's");
    expect(own?.impact?.closes.map((c) => c.id)).toContain(sensitive.id);
    expect(own?.impact?.cutCount).toBe(2);
  });

  it('previews revoking a tenant-wide permission: the sites it cuts, by name', () => {
    // Arrange
    const sp = servicePrincipal('Docs Bridge', { origin: 'third_party' });
    const sites = siteScope({ members: [scopeMember('HR', 'restricted'), scopeMember('Finance', 'confidential'), scopeMember('Legal', 'confidential')] });
    const { graph, findings } = findingsOf([sp, grant(sp, graphAppPermission('Sites.ReadWrite.All'), sites)]);
    const finding = findings.find((f) => f.subject.id === sp.id && f.check === 'reachable_sensitive_domain') as Finding;

    // Act
    const insight = buildInsights({ graph, findings, baselineOf: () => undefined }).get(finding.id);

    // Assert
    const revoke = insight?.fixes.find((f) => f.label === 'Revoke Sites.ReadWrite.All from Docs Bridge');
    expect(revoke?.impact?.cuts.map((c) => c.name)).toEqual(['HR', 'Finance', 'Legal']);
    expect(revoke?.impact?.closes.map((c) => c.id)).toContain(finding.id);
    expect(revoke?.links[0]?.url).toMatch(/^https:\/\/portal\.azure\.com\/#@.+\/view\/Microsoft_AAD_IAM\/ManagedAppMenuBlade\/~\/Permissions\/objectId\//);
  });

  it('gives up a preview past its walk budget rather than running long', () => {
    const { graph, findings } = findingsOf(flowParts);
    const insights = buildInsights({ graph, findings, baselineOf: () => undefined, walkBudget: 0 });
    const withPreview = [...insights.values()].flatMap((i) => i.fixes).filter((f) => f.removes && f.impact);
    expect(withPreview).toEqual([]);
  });
});

describe('gerund', () => {
  it.each([
    ['Revoke X from Y', 'revoking X from Y'],
    ['Remove Maria from the role', 'removing Maria from the role'],
    ['Run Deal Sync under its own account', 'running Deal Sync under its own account'],
    ['Take P out of R', 'taking P out of R'],
  ])('%s -> %s', (action, expected) => expect(gerund(action)).toBe(expected));
});

describe('buildRootCauseGroups', () => {
  it('groups the findings of one subject, and leaves a lone finding ungrouped', () => {
    const { findings } = findingsOf(flowParts);
    const groups = buildRootCauseGroups(findings, () => []);
    const ofFlow = groups.find((g) => g.kind === 'subject' && g.title === 'Deal Sync');
    expect(ofFlow?.findingIds.length).toBe(findings.filter((f) => f.subject.id === dealSync.id).length);
    expect(ofFlow?.findingIds.length).toBeGreaterThanOrEqual(2);
    expect(groups.every((g) => g.findingIds.length >= 2)).toBe(true);
  });

  it('groups the ownership findings a departed person left behind, with when they left', () => {
    const base = findingsOf(flowParts).findings[0] as Finding;
    const orphan = (id: string, subject: string): Finding => ({ ...base, id, check: 'orphaned_ownership', severity: 'CRITICAL', status: 'open', subject: { id: subject, kind: 'workload', name: subject } });
    const groups = buildRootCauseGroups([orphan('F-1', 'rule-a'), orphan('F-2', 'rule-b')], () => [{ name: 'Carlos', email: 'carlos@example.test', kind: 'person', departed: true, leftAt: '2026-11-03T09:02:11.874Z', leftAtSource: 'jira-audit' }]);
    expect(groups[0]).toMatchObject({ kind: 'owner_left', title: 'Carlos left', findingIds: ['F-1', 'F-2'], severity: 'CRITICAL', at: '2026-11-03T09:02:11.874Z', atSource: 'jira-audit' });
  });
});
