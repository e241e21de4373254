/**
 * The people evaluation can do without are those tied to nothing but by membership; the ones who own something, are
 * run as, or are joined to such a person stay. Dropping them leaves the access review as it was, given the holders
 * taken before.
 */
import { peopleOnlyHoldingAccess } from '../../src/chains/evaluation-slice';
import { computeAllReach } from '../../src/chains/reach';
import { AccessGraph } from '../../src/model/graph';
import type { GraphFragment } from '../../src/model/graph';
import { viaGroupReason } from '../../src/sources/jira/project-roles';
import { accessReviewHolders, buildAccessReview, accessReviewRows } from '../../src/sync/read-models';
import { appliesTo, automationRule, browseProjects, grants, hasRole, jiraAppUser, jiraPersonAccount, jiraProject, memberOf, ownedBy, person, role, runsAs, servicePrincipal } from '../support/graph-fixtures';

const deals = jiraProject('DEALS', { sensitivity: 'restricted' });
const browse = browseProjects(deals);
const developers = role('Developers', { system: 'jira', subtype: 'jira_project_role' });
const everyone = role('everyone', { system: 'jira', subtype: 'jira_group' });
const syncApp = servicePrincipal('crm-sync');
const olga = person('olga@example.test');
const olgaAccount = jiraPersonAccount('olga@example.test');
const rule = automationRule('Nightly export');
const pat = person('pat@example.test');
const patAccount = jiraPersonAccount('pat@example.test');
const dana = person('dana@example.test');
const danaAccount = jiraPersonAccount('dana@example.test');
const eve = jiraPersonAccount('eve@example.test');
const bot = jiraAppUser('Deploy bot');

function estate(): GraphFragment {
  return {
    nodes: [deals, browse, developers, everyone, syncApp, olga, olgaAccount, rule, pat, patAccount, dana, danaAccount, eve, bot],
    edges: [
      appliesTo(browse, deals),
      grants(developers, browse),
      grants(everyone, browse),
      // Olga owns an app; her account is hers.
      ownedBy(syncApp, olga),
      ownedBy(olgaAccount, olga),
      // The rule runs as Pat's account, which holds the role.
      runsAs(rule, patAccount),
      ownedBy(patAccount, pat),
      hasRole(patAccount, developers),
      // Dana and Eve only hold access: a role directly, a group, the role through the group.
      ownedBy(danaAccount, dana),
      hasRole(danaAccount, developers),
      memberOf(danaAccount, everyone),
      memberOf(eve, everyone),
      hasRole(eve, developers, { reason: viaGroupReason('everyone') }),
      hasRole(bot, developers),
    ],
  };
}

describe('peopleOnlyHoldingAccess', () => {
  it('picks the people tied to nothing but by membership, and keeps owners, run-as accounts and their people', () => {
    const graph = AccessGraph.from(estate());

    const dropped = peopleOnlyHoldingAccess(graph).map((index) => graph.idAt(index)).sort();

    expect(dropped).toEqual([dana.id, danaAccount.id, eve.id].sort());
  });

  it('takes them out with their edges, and nothing else', () => {
    const graph = AccessGraph.from(estate());
    const edges = graph.edgeCount;

    graph.dropNodesAt(peopleOnlyHoldingAccess(graph));

    expect(graph.node(dana.id)).toBeUndefined();
    expect(graph.node(eve.id)).toBeUndefined();
    expect(graph.nodesOfKind('owner').map((n) => n.id).sort()).toEqual([olga.id, pat.id].sort());
    expect(graph.edgeCount).toBe(edges - 5);
    const holders: string[] = [];
    graph.forEachIn(developers.id, 'HAS_ROLE', (_node, id) => holders.push(id));
    expect(holders).toEqual([patAccount.id, bot.id]);
    expect([...computeAllReach(graph).keys()].sort()).toEqual([...computeAllReach(AccessGraph.from(estate())).keys()].sort());
  });

  it('leaves the access review as it was when given the holders taken before', () => {
    const whole = AccessGraph.from(estate());
    const expected = buildAccessReview(whole, computeAllReach(whole));
    expect(expected.map((row) => row.who)).toEqual(expect.arrayContaining([danaAccount.name, 'Jira group everyone']));

    const graph = AccessGraph.from(estate());
    const holders = accessReviewHolders(graph);
    graph.dropNodesAt(peopleOnlyHoldingAccess(graph));
    const reach = computeAllReach(graph);

    expect([...accessReviewRows(graph, reach, holders)]).toEqual(expected);
    // Without them the review would lose the people who were dropped.
    expect([...accessReviewRows(graph, reach)].map((row) => row.who)).not.toContain(danaAccount.name);
  });
});
