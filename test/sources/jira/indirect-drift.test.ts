/**
 * scope_drift is about the reach set, whatever moved it (design.md "scope_drift"; issue 11 item 4). Here the
 * principal itself never changes between the two syncs: a group it belongs to is added to a project role, a project's
 * permission scheme is swapped, a project changes hands. Each graph is built from named minimal Jira records by the
 * real jiraToGraph, reach by src/chains/reach.ts, the baseline by src/diff/baselines.ts (first complete observation),
 * and the finding by the scope_drift check. Record shapes: see jira-records.ts.
 */
import { computeAllReach } from '../../../src/chains/reach';
import { extendBaselines } from '../../../src/diff/baselines';
import { scopeDrift } from '../../../src/checks/scope-drift';
import { reachableSensitiveDomain } from '../../../src/checks/reachable-sensitive-domain';
import type { CheckContext, FailResult } from '../../../src/checks/check';
import { AccessGraph } from '../../../src/model/graph';
import { nodeId, type GraphNode } from '../../../src/model/schema';
import { defaultSettings, type Settings } from '../../../src/settings/settings';
import { jiraToGraph, type JiraDatasets } from '../../../src/sources/jira/to-graph';
import { jiraIdentityId } from '../../../src/sources/jira/users';
import { authenticatesAs, connector, credential, flow, invokes, sealedGraphOf, uses, type GraphPart } from '../../support/graph-fixtures';
import { appUser, browse, browseByRole, group, jiraContext, person, project, role, scheme, serviceAccount, SYNC_CLOCK } from './jira-records';

const OPS = project('11201', 'OPS');
const PHRM = project('11214', 'PHRM');
const KAM = project('11207', 'KAM');
const resourceOf = (p: { id: string }) => nodeId('jira', 'resource', p.id);
const SENSITIVITY: Partial<Settings> = {
  sensitivity: {
    jiraProjects: { OPS: { level: 'internal' }, PHRM: { level: 'restricted' }, KAM: { level: 'confidential' } },
    sharePointSites: {},
    mailboxes: {},
    adoProjects: {},
  },
};

const MEMBERS = '10200';
const ADDONS = '10003';
const membersBrowse = (p: { id: string }) => scheme(p.id, 'Members browse', [browseByRole(MEMBERS)]);

function graphOf(data: JiraDatasets, extra: GraphPart[] = [], settings: Partial<Settings> = {}): AccessGraph {
  return sealedGraphOf(jiraToGraph(data, jiraContext({ ...SENSITIVITY, ...settings }), 'example.atlassian.net'), ...extra);
}

function contextOf(graph: AccessGraph, baselines: Record<string, string[]>, settings: Partial<Settings> = {}): CheckContext {
  return {
    graph,
    reach: computeAllReach(graph),
    settings: { ...defaultSettings(), ...SENSITIVITY, ...settings },
    observedAt: SYNC_CLOCK,
    coverage: { gapFor: () => undefined },
    baselines: { reachOf: (id) => baselines[id] },
  };
}

/** The drift findings of `after` against baselines taken, as the sync does, at the first complete observation `before`. */
function driftBetween(before: AccessGraph, after: AccessGraph): FailResult[] {
  const baselines = extendBaselines({}, computeAllReach(before), true);
  return scopeDrift.evaluate(contextOf(after, baselines)).filter((r): r is FailResult => r.outcome === 'fail');
}

const addedOf = (finding: FailResult | undefined) => finding?.evidence.map((e) => e.text);

describe('scope_drift from indirect changes', () => {
  const svc = serviceAccount('svc-edi', 'svc-edi-gateway');
  const svcId = jiraIdentityId('svc-edi');
  const ediGroup = group('g-edi', 'edi-integrations', ['svc-edi']);

  it('fires when a group the principal belongs to is added to a role that browses a project', () => {
    const base: JiraDatasets = { projects: [OPS, PHRM], users: [svc], groups: [ediGroup], permissionSchemes: [membersBrowse(OPS), membersBrowse(PHRM)] };
    const before = graphOf({ ...base, projectRoles: [role(OPS.id, MEMBERS, 'Members', { groups: [{ groupId: 'g-edi', name: 'edi-integrations' }] }), role(PHRM.id, MEMBERS, 'Members')] });
    // The actor names the group by name only, as Jira sends older group actors.
    const after = graphOf({ ...base, projectRoles: [role(OPS.id, MEMBERS, 'Members', { groups: [{ groupId: 'g-edi', name: 'edi-integrations' }] }), role(PHRM.id, MEMBERS, 'Members', { groups: [{ name: 'edi-integrations' }] })] });

    const findings = driftBetween(before, after);

    expect(findings.map((f) => f.subjectId)).toEqual([svcId]);
    expect(addedOf(findings[0])).toEqual(['Added since baseline: PHRM project']);
    expect(findings[0]?.summary).toBe('Jira service account "svc-edi-gateway" now also reaches PHRM project (restricted), beyond its baseline of OPS project.');
    expect(findings[0]?.chain).toEqual([svcId, nodeId('jira', 'role', PHRM.id, MEMBERS), nodeId('jira', 'permission', PHRM.id, 'BROWSE_PROJECTS'), resourceOf(PHRM)]);
  });

  it("fires for a workload running on a person's connection when that person's group is added to a role", () => {
    const sanne = person('sanne', 'sanne@example.eu');
    const alerts = flow('Shipment Exception Alerts');
    const connection = connector('Jira connection of sanne');
    const token = credential('Jira token of sanne', { system: 'powerautomate', subtype: 'oauth_refresh_token' });
    const runsOnSanne: GraphPart[] = [alerts, connection, token, invokes(alerts, connection), uses(connection, token), authenticatesAs(token, jiraIdentityId('sanne'))];
    const base: JiraDatasets = { projects: [OPS, KAM], users: [sanne], groups: [group('g-ops', 'customer-ops', ['sanne'])], permissionSchemes: [membersBrowse(OPS), membersBrowse(KAM)] };
    const opsMembers = role(OPS.id, MEMBERS, 'Members', { groups: [{ groupId: 'g-ops', name: 'customer-ops' }] });
    const before = graphOf({ ...base, projectRoles: [opsMembers, role(KAM.id, MEMBERS, 'Members')] }, runsOnSanne);
    const after = graphOf({ ...base, projectRoles: [opsMembers, role(KAM.id, MEMBERS, 'Members', { groups: [{ groupId: 'g-ops', name: 'customer-ops' }] })] }, runsOnSanne);

    const findings = driftBetween(before, after);

    expect(findings.map((f) => f.subjectId)).toEqual([alerts.id]);
    expect(addedOf(findings[0])).toEqual(['Added since baseline: KAM project']);
  });

  it("fires when a project's permission scheme is swapped for one that grants Browse to a role the principal holds", () => {
    const portlink = appUser('portlink', 'Portlink for Jira');
    const roles = [role(OPS.id, ADDONS, 'atlassian-addons-project-access', { users: ['portlink'] }), role(KAM.id, ADDONS, 'atlassian-addons-project-access', { users: ['portlink'] })];
    const restricted = (p: { id: string }) => scheme(p.id, 'Restricted', [browseByRole(MEMBERS), browseByRole(ADDONS)]);
    const confidential = scheme(KAM.id, 'Confidential', [browseByRole(MEMBERS), browse('user', { parameter: 'lead', value: 'lead' })]);
    const before = graphOf({ projects: [OPS, KAM], users: [portlink], projectRoles: roles, permissionSchemes: [restricted(OPS), confidential] });
    const after = graphOf({ projects: [OPS, KAM], users: [portlink], projectRoles: roles, permissionSchemes: [restricted(OPS), restricted(KAM)] });

    const findings = driftBetween(before, after);

    expect(findings.map((f) => f.subjectId)).toEqual([jiraIdentityId('portlink')]);
    expect(addedOf(findings[0])).toEqual(['Added since baseline: KAM project']);
  });

  it('fires when a project changes hands and its scheme grants Browse to the project lead', () => {
    const leadBrowse = scheme(KAM.id, 'Lead browses', [browse('projectLead'), browseByRole(MEMBERS)]);
    const data = (lead: string): JiraDatasets => ({ projects: [OPS, project(KAM.id, 'KAM', lead)], users: [svc, person('thijs', 'thijs@example.eu')], permissionSchemes: [leadBrowse] });

    const findings = driftBetween(graphOf(data('thijs')), graphOf(data('svc-edi')));

    expect(findings.map((f) => f.subjectId)).toEqual([svcId]);
    expect(findings[0]?.chain).toEqual([svcId, nodeId('jira', 'role', KAM.id, 'lead'), nodeId('jira', 'permission', KAM.id, 'BROWSE_PROJECTS'), resourceOf(KAM)]);
  });

  it('fires when a scheme grants Browse to a group the principal is in, named by parameter only', () => {
    const before = graphOf({ projects: [OPS], users: [svc], groups: [ediGroup], permissionSchemes: [membersBrowse(OPS)] });
    const after = graphOf({ projects: [OPS], users: [svc], groups: [ediGroup], permissionSchemes: [scheme(OPS.id, 'Internal', [browseByRole(MEMBERS), browse('group', { parameter: 'edi-integrations' })])] });
    expect(driftBetween(before, after).map((f) => f.subjectId)).toEqual([svcId]);
  });

  describe('does not fire when nothing in the reach set changed', () => {
    const opsMembers = role(OPS.id, MEMBERS, 'Members', { groups: [{ groupId: 'g-edi' }] });
    const base: JiraDatasets = { projects: [OPS, PHRM], users: [svc], groups: [ediGroup], projectRoles: [opsMembers, role(PHRM.id, MEMBERS, 'Members')], permissionSchemes: [membersBrowse(OPS), membersBrowse(PHRM)] };

    it('nothing changed', () => {
      expect(driftBetween(graphOf(base), graphOf(base))).toEqual([]);
    });

    it('a scheme swapped for another that grants the principal the same', () => {
      const swapped = scheme(OPS.id, 'Another scheme', [browseByRole(MEMBERS), browseByRole('10002'), browse('reporter')]);
      expect(driftBetween(graphOf(base), graphOf({ ...base, permissionSchemes: [swapped, membersBrowse(PHRM)] }))).toEqual([]);
    });

    it('the group added to a role the scheme grants nothing to', () => {
      const viewers = role(PHRM.id, '10201', 'Viewers', { groups: [{ groupId: 'g-edi' }] });
      expect(driftBetween(graphOf(base), graphOf({ ...base, projectRoles: [...(base.projectRoles ?? []), viewers] }))).toEqual([]);
    });

    it('a project opened to anyone or to every product user: an audience, not a grant to the principal', () => {
      const open = scheme(PHRM.id, 'Open', [browseByRole(MEMBERS), browse('anyone'), browse('applicationRole', { parameter: 'jira-software' })]);
      const after = graphOf({ ...base, permissionSchemes: [membersBrowse(OPS), open] });
      expect(driftBetween(graphOf(base), after)).toEqual([]);
      expect((after.node(resourceOf(PHRM))?.props as { browseAudiences?: string[] }).browseAudiences).toEqual(['anyone', 'product:jira-software']);
    });

    it('reach that shrank (the group left the role)', () => {
      expect(driftBetween(graphOf(base), graphOf({ ...base, projectRoles: [role(OPS.id, MEMBERS, 'Members')] }))).toEqual([]);
    });

    it("a person's own reach grew, with no workload running as them", () => {
      const people: JiraDatasets = { ...base, users: [svc, person('ana', 'ana@example.eu')] };
      const after = { ...people, projectRoles: [opsMembers, role(PHRM.id, MEMBERS, 'Members', { users: ['ana'] })] };
      expect(driftBetween(graphOf(people), graphOf(after))).toEqual([]);
    });
  });
});

describe('a vendor-operated Jira app user reaching a restricted project', () => {
  const organisation = { domains: ['example.eu'], complete: true };
  const settingsFor = (appKey: string): Partial<Settings> => ({ jiraAppScopeDeclarations: [{ accountId: 'app-1', appKey, scopes: ['READ'] }] });
  const data: JiraDatasets = {
    projects: [PHRM],
    users: [appUser('app-1', 'Cargo app')],
    projectRoles: [role(PHRM.id, ADDONS, 'atlassian-addons-project-access', { users: ['app-1'] })],
    permissionSchemes: [scheme(PHRM.id, 'GDP', [browseByRole(ADDONS)])],
    organisation,
  };
  const findingsFor = (appKey: string) => {
    const graph = graphOf(data, [], settingsFor(appKey));
    return reachableSensitiveDomain.evaluate(contextOf(graph, {}, settingsFor(appKey))).filter((r): r is FailResult => r.outcome === 'fail');
  };

  it('is reachable_sensitive_domain: the vendor is an audience the project never had', () => {
    const [finding, ...rest] = findingsFor('io.vendor.cargo');
    expect(rest).toEqual([]);
    expect(finding?.subjectId).toBe(jiraIdentityId('app-1'));
    expect(finding?.summary).toBe('Jira app user "Cargo app" can reach PHRM project (restricted).');
    expect(finding?.evidence[0]?.text).toBe('Cargo app is run by a third party, outside the organisation\'s control');
  });

  it("is not, for the organisation's own app (its key is under a verified domain)", () => {
    expect(findingsFor('eu.example.gdp-checklist')).toEqual([]);
  });

  it('the identity carries the origin the check reads', () => {
    const node = graphOf(data, [], settingsFor('io.vendor.cargo')).node(jiraIdentityId('app-1')) as GraphNode<'identity'>;
    expect(node.props).toMatchObject({ origin: 'third_party', appKey: 'io.vendor.cargo' });
  });
});
