/**
 * Access chains (design.md "Reach follows recorded grants only"): breadth-first over the schema's path edges, an
 * automation rule reaching its scope only, a person's account entered only through a credential, scope resources
 * reached once with their sensitive members, deterministic chains, and `proven` false through an unproven link.
 */
import { computeAllReach, computeReach, highestSensitivity, isPrincipal, isProvenEdge, reachKey, WalkCache, walkEdges } from '../../src/chains/reach';
import { edgeId, type GraphNode } from '../../src/model/schema';
import {
  authenticatesAs,
  authenticatesTo,
  automationRule,
  browseProjects,
  calls,
  connector,
  credential,
  flow,
  grant,
  graphAppPermission,
  hasRole,
  jiraAdminister,
  jiraAppUser,
  jiraPersonAccount,
  jiraProject,
  mailboxScope,
  memberOf,
  ownedBy,
  person,
  invokes,
  role,
  runsAs,
  scimDirectory,
  scopeMember,
  sealedGraphOf,
  sendsTo,
  servicePrincipal,
  triggersOn,
  uses,
  webRequest,
  edge,
  type GraphPart,
} from '../support/graph-fixtures';

const sales = jiraProject('SALES', { sensitivity: 'internal' });
const legal = jiraProject('LEGAL', { sensitivity: 'restricted' });
const hr = jiraProject('HR', { sensitivity: 'confidential' });

const reachedIds = (graphParts: GraphPart[], principalId: string) => new Set(computeReach(sealedGraphOf(...graphParts), principalId).reached.map((r) => reachKey(r)));

describe('computeReach', () => {
  it('follows recorded grants only: role -> permission -> resource', () => {
    // Arrange
    const app = jiraAppUser('Ticket Bridge for Jira');
    const unrelated = jiraProject('UNRELATED');
    const parts = [app, unrelated, grant(app, browseProjects(sales), sales)];

    // Act
    const reach = computeReach(sealedGraphOf(...parts), app.id);

    // Assert
    expect(reach.reached.map((r) => r.resourceId)).toEqual([sales.id]);
    expect(reach.permissions.map((p) => p.permissionId)).toEqual([browseProjects(sales).id]);
  });

  it('does not walk ownership, egress or trigger edges of a non-rule workload', () => {
    const digest = flow('Deal Digest');
    const ana = person('ana@example.test');
    const hook = webRequest('hooks.example.com');
    const parts = [digest, ana, hook, legal, ownedBy(digest, ana), sendsTo(digest, hook), triggersOn(digest, legal)];

    expect(reachedIds(parts, digest.id)).toEqual(new Set());
  });

  it('expands group membership (MEMBER_OF) like a role', () => {
    const app = jiraAppUser('Ticket Bridge for Jira');
    const group = role('bridge-users', { subtype: 'jira_group' });
    const parts = [app, group, memberOf(app, group), grant(app, browseProjects(hr), hr, { role: group })];

    expect(reachedIds(parts, app.id)).toEqual(new Set([hr.id]));
  });

  it('reaches through another identity the principal authenticates to', () => {
    const sp = servicePrincipal('Ticket Bridge', { origin: 'third_party' });
    const app = jiraAppUser('Ticket Bridge for Jira');
    const parts = [sp, app, authenticatesTo(sp, app), grant(app, browseProjects(sales), sales)];

    expect(reachedIds(parts, sp.id)).toEqual(new Set([sales.id]));
  });

  describe('an automation rule', () => {
    it('reaches its TRIGGERS_ON scope, not its actor’s other projects', () => {
      const rule = automationRule('Legal Reminder', { scopeProjectIds: [legal.props.nativeId] });
      const actor = jiraAppUser('Automation for Jira');
      const parts = [rule, actor, legal, triggersOn(rule, legal), runsAs(rule, actor), grant(actor, browseProjects(sales), sales), grant(actor, browseProjects(hr), hr)];

      const reach = computeReach(sealedGraphOf(...parts), rule.id);

      expect(reach.reached.map((r) => r.resourceId)).toEqual([legal.id]);
      expect(reach.reached[0]?.chain).toEqual([rule.id, legal.id]);
      expect(reach.permissions).toEqual([]);
    });

    it('with a global scope reaches every project it triggers on', () => {
      const rule = automationRule('Global Cleanup');
      const parts = [rule, sales, legal, hr, triggersOn(rule, sales), triggersOn(rule, legal), triggersOn(rule, hr)];

      expect(reachedIds(parts, rule.id)).toEqual(new Set([sales.id, legal.id, hr.id]));
    });

    it('is not entered by another workload without CALLS', () => {
      const rule = automationRule('Legal Reminder');
      const digest = flow('Deal Digest');
      const actor = jiraAppUser('Automation for Jira');
      const parts = [rule, digest, actor, legal, triggersOn(rule, legal), runsAs(rule, actor), runsAs(digest, actor)];

      expect(reachedIds(parts, digest.id)).toEqual(new Set());
    });

    it('when CALLed by another workload, lends the caller its scope, not its actor’s other projects', () => {
      // reach.ts applies the TRIGGERS_ON-only rule to the start node alone (`startIsRule && id === principalId`): a
      // rule entered through CALLS is walked like any node, so the caller follows RUNS_AS into the actor's projects
      // and never reaches the rule's scope (TRIGGERS_ON is not a path edge). No extractor emits CALLS yet.
      const rule = automationRule('Legal Reminder', { scopeProjectIds: [legal.props.nativeId] });
      const caller = flow('Caller Flow');
      const actor = jiraAppUser('Automation for Jira');
      const parts = [rule, caller, actor, legal, triggersOn(rule, legal), runsAs(rule, actor), grant(actor, browseProjects(sales), sales), calls(caller, rule)];

      expect(reachedIds(parts, caller.id)).toEqual(new Set([legal.id]));
    });
  });

  describe('a person’s account', () => {
    it('is entered through a credential that authenticates as it (a flow’s connection)', () => {
      const digest = flow('Deal Digest');
      const connection = connector('Jira connection of ana');
      const token = credential('Jira token of ana', { system: 'powerautomate', subtype: 'oauth_refresh_token' });
      const ana = jiraPersonAccount('ana@example.test');
      const parts = [digest, connection, token, ana, invokes(digest, connection), uses(connection, token), authenticatesAs(token, ana), grant(ana, browseProjects(legal), legal)];

      const reach = computeReach(sealedGraphOf(...parts), digest.id);

      const toLegal = reach.reached.find((r) => r.resourceId === legal.id);
      expect(toLegal?.chain[0]).toBe(digest.id);
      expect(toLegal?.chain).toEqual([digest.id, connection.id, token.id, ana.id, expect.stringContaining(':role:'), browseProjects(legal).id, legal.id]);
      expect(toLegal?.proven).toBe(true);
    });

    it('is not entered by RUNS_AS', () => {
      const digest = flow('Deal Digest');
      const ana = jiraPersonAccount('ana@example.test');

      expect(reachedIds([digest, ana, runsAs(digest, ana), grant(ana, browseProjects(legal), legal)], digest.id)).toEqual(new Set());
    });

    it('is not entered by AUTHENTICATES_TO', () => {
      const sp = servicePrincipal('crm-sync');
      const ana = jiraPersonAccount('ana@example.test');

      expect(reachedIds([sp, ana, authenticatesTo(sp, ana), grant(ana, browseProjects(legal), legal)], sp.id)).toEqual(new Set());
    });
  });

  it('reports a scope resource once, and each of its sensitive members with the same chain', () => {
    const mailer = servicePrincipal('Mail Archiver');
    const mailboxes = mailboxScope({ members: [scopeMember('ceo@example.test', 'restricted', 'Executive'), scopeMember('legal@example.test', 'confidential')] });
    const parts = [mailer, grant(mailer, graphAppPermission('Mail.Read'), mailboxes)];

    const reach = computeReach(sealedGraphOf(...parts), mailer.id);

    expect(new Set(reach.reached.map(reachKey))).toEqual(new Set([mailboxes.id, `${mailboxes.id}#ceo@example.test`, `${mailboxes.id}#legal@example.test`]));
    const ceo = reach.reached.find((r) => r.memberId === 'ceo@example.test');
    expect(ceo).toMatchObject({ resourceId: mailboxes.id, name: 'ceo@example.test', sensitivity: 'restricted', businessDomain: 'Executive' });
    expect(ceo?.chain).toEqual(reach.reached.find((r) => r.memberId === undefined)?.chain);
    expect(highestSensitivity(reach)).toBe('restricted');
  });

  describe('chains', () => {
    /** Two equally short ways from the app to LEGAL: through role "a-role" and through role "b-role". */
    function twoWays(order: 'a-first' | 'b-first') {
      const app = jiraAppUser('Ticket Bridge for Jira');
      const viaA = role('a-role');
      const viaB = role('b-role');
      const browse = browseProjects(legal);
      const a = [viaA, hasRole(app, viaA), edge('GRANTS', viaA, browse)];
      const b = [viaB, hasRole(app, viaB), edge('GRANTS', viaB, browse)];
      const parts: GraphPart[] = [app, browse, legal, edge('APPLIES_TO', browse, legal), ...(order === 'a-first' ? [...a, ...b] : [...b, ...a])];
      return { app, viaA, graph: sealedGraphOf(...parts) };
    }

    it('are deterministic whatever order the graph was built in, and start at the principal', () => {
      const first = twoWays('a-first');
      const second = twoWays('b-first');

      const chainA = computeReach(first.graph, first.app.id).reached[0]?.chain;
      const chainB = computeReach(second.graph, second.app.id).reached[0]?.chain;

      expect(chainA).toEqual(chainB);
      expect(chainA?.[0]).toBe(first.app.id);
      expect(chainA?.[chainA.length - 1]).toBe(legal.id);
      expect(chainA).toContain(first.viaA.id);
    });

    it('are the shortest way', () => {
      const sp = servicePrincipal('Ticket Bridge');
      const app = jiraAppUser('Ticket Bridge for Jira');
      const parts = [sp, app, authenticatesTo(sp, app), grant(app, browseProjects(legal), legal), grant(sp, browseProjects(legal), legal, { role: role('direct-role') })];

      const chain = computeReach(sealedGraphOf(...parts), sp.id).reached[0]?.chain;

      expect(chain).toHaveLength(4);
      expect(chain?.[1]).toBe(role('direct-role').id);
    });
  });

  describe('proven', () => {
    function throughLink(options: { basis: 'observed' | 'declared' | 'correlated' | 'inferred'; evidenced?: boolean }) {
      const sp = servicePrincipal('Ticket Bridge', { origin: 'third_party' });
      const app = jiraAppUser('Ticket Bridge for Jira');
      const parts = [sp, app, authenticatesTo(sp, app, options), grant(app, browseProjects(legal), legal), grant(app, jiraAdminister())];
      return computeReach(sealedGraphOf(...parts), sp.id);
    }

    it('is false through a correlated, unevidenced edge, for resources and permissions alike', () => {
      const reach = throughLink({ basis: 'correlated', evidenced: false });

      expect(reach.reached.map((r) => r.proven)).toEqual([false]);
      expect(reach.permissions.every((p) => !p.proven)).toBe(true);
    });

    it('is false through an inferred edge', () => {
      expect(throughLink({ basis: 'inferred' }).reached[0]?.proven).toBe(false);
    });

    it('is true through an evidenced correlation, an observed or a declared edge', () => {
      expect(throughLink({ basis: 'correlated', evidenced: true }).reached[0]?.proven).toBe(true);
      expect(throughLink({ basis: 'observed' }).reached[0]?.proven).toBe(true);
      expect(throughLink({ basis: 'declared' }).reached[0]?.proven).toBe(true);
    });
  });

  it('returns nothing for an unknown principal', () => {
    expect(computeReach(sealedGraphOf(), 'entra:identity:nobody')).toEqual({ principalId: 'entra:identity:nobody', reached: [], permissions: [] });
  });
});

describe('isPrincipal and computeAllReach', () => {
  it('counts workloads and non-human identities, but not people, Microsoft plumbing or derived hops', () => {
    const sp = servicePrincipal('crm-sync');
    const platform = servicePrincipal('Platform Service', { origin: 'microsoft' });
    const ana = jiraPersonAccount('ana@example.test');
    const rule = automationRule('Nightly Ticket Export');
    const directory = scimDirectory(sp);
    const graph = sealedGraphOf(sp, platform, ana, rule, directory, sales);

    expect([sp, rule].every(isPrincipal)).toBe(true);
    expect([platform, ana, directory, sales].some(isPrincipal)).toBe(false);
    expect(new Set(computeAllReach(graph).keys())).toEqual(new Set([sp.id, rule.id]));
  });
});

describe('isProvenEdge', () => {
  it('trusts observed and declared edges, and correlations only once evidenced', () => {
    const sp = servicePrincipal('crm-sync');
    const app = jiraAppUser('crm-sync for Jira');

    expect(isProvenEdge(authenticatesTo(sp, app))).toBe(true);
    expect(isProvenEdge(authenticatesTo(sp, app, { basis: 'declared' }))).toBe(true);
    expect(isProvenEdge(authenticatesTo(sp, app, { basis: 'correlated' }))).toBe(false);
    expect(isProvenEdge(authenticatesTo(sp, app, { basis: 'correlated', evidenced: true }))).toBe(true);
    expect(isProvenEdge(authenticatesTo(sp, app, { basis: 'inferred' }))).toBe(false);
  });
});

describe('walk order', () => {
  it("takes a node's edges in edgeId order", () => {
    // Walk edges are compared by kind rank and target, not by a built id string: the order must stay edgeId's,
    // whatever order the edges were added in.
    const app = servicePrincipal('Ordering app');
    const other = servicePrincipal('Other app');
    const [b, a, c] = ['b', 'a', 'c'].map((key) => role(`Role ${key}`, { id: `jira:role:${key}` })) as [GraphNode<'role'>, GraphNode<'role'>, GraphNode<'role'>];
    const graph = sealedGraphOf(app, other, b, a, c, hasRole(app, b), memberOf(app, a), authenticatesTo(app, other), hasRole(app, c), memberOf(app, b), hasRole(app, a));
    const ids = walkEdges(graph, app).map(edgeId);
    expect(ids).toHaveLength(6);
    expect(ids).toEqual([...ids].sort());
  });

  it('lists what a walk reaches in id order, whatever order the graph holds it in', () => {
    // Ends are sorted by a rank worked out once per graph (WalkCache.ranks), not by comparing ids per walk.
    const app = jiraAppUser('Reporting app');
    const projects = ['ZETA', 'ALPHA', 'MID', 'BETA'].map((key) => jiraProject(key, { sensitivity: 'internal' }));
    const parts: GraphPart[] = [app, ...projects.flatMap((project) => [project, grant(app, browseProjects(project), project)])];

    const reach = computeReach(sealedGraphOf(...parts), app.id);

    const resources = reach.reached.map((r) => r.resourceId);
    const permissions = reach.permissions.map((p) => p.permissionId);
    expect(resources).toHaveLength(4);
    expect(resources).toEqual([...resources].sort());
    expect(permissions).toHaveLength(4);
    expect(permissions).toEqual([...permissions].sort());
  });

  it("walks by index exactly the edges walkEdges lists, in its order, each with walkEdges' proof", () => {
    // Reach works out each node's steps from the graph's index (WalkCache.stepOf); blast radii use walkEdges. One
    // graph with every rule in play: a rule (scope only), a person entered only through a credential, a workload
    // entered only by CALLS, non-path edges, and an unproven correlation.
    const rule = automationRule('Legal Reminder', { scopeProjectIds: [legal.props.nativeId] });
    const actor = jiraAppUser('Automation for Jira');
    const caller = flow('Caller Flow');
    const digest = flow('Deal Digest');
    const connection = connector('Jira connection of ana');
    const token = credential('Jira token of ana', { system: 'powerautomate', subtype: 'oauth_refresh_token' });
    const ana = jiraPersonAccount('ana@example.test');
    const sp = servicePrincipal('Ticket Bridge', { origin: 'third_party' });
    const app = jiraAppUser('Ticket Bridge for Jira');
    const owner = person('ana@example.test');
    const parts: GraphPart[] = [rule, actor, caller, digest, connection, token, ana, sp, app, owner, legal, sales, hr];
    parts.push(triggersOn(rule, legal), runsAs(rule, actor), ownedBy(rule, owner), grant(actor, browseProjects(sales), sales), calls(caller, rule), runsAs(caller, actor));
    parts.push(invokes(digest, connection), uses(connection, token), authenticatesAs(token, ana), grant(ana, browseProjects(hr), hr), runsAs(digest, actor), ownedBy(digest, owner));
    parts.push(authenticatesTo(sp, app, { basis: 'correlated' }), grant(app, jiraAdminister()), grant(app, browseProjects(legal), legal), authenticatesTo(sp, ana), ownedBy(sp, owner));
    const graph = sealedGraphOf(...parts);
    const cache = new WalkCache(graph);

    for (const node of graph.nodes) {
      const expected = walkEdges(graph, node);
      const step = cache.stepOf(graph.indexOfId(node.id) as number);
      expect({ node: node.id, to: [...step.to].map((i) => graph.idAt(i)), proven: [...step.proven].map(Boolean) }).toEqual({ node: node.id, to: expected.map((e) => e.to), proven: expected.map(isProvenEdge) });
    }
    expect(walkEdges(graph, sp).map((e) => e.to)).toEqual([app.id]); // AUTHENTICATES_TO a person's account is not walked
    expect(walkEdges(graph, rule).map((e) => e.to)).toEqual([legal.id]);
  });
});
