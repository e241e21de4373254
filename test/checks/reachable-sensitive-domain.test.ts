/**
 * reachable_sensitive_domain: a non-human principal reaches restricted or confidential resources through proven
 * chains, and that reach is wider than the resource's audience (a shared flow, a third-party-run app, an
 * application permission over every mailbox or site). This check never answers unknown: it reads the graph only.
 */
import { reachableSensitiveDomain } from '../../src/checks/reachable-sensitive-domain';
import type { GraphNode } from '../../src/model/schema';
import {
  authenticatesAs,
  automationRule,
  browseProjects,
  checkContext,
  connector,
  correlatedPair,
  credential,
  failsOf,
  flow,
  grant,
  graphAppPermission,
  graphOf,
  invokes,
  jiraAppUser,
  jiraPersonAccount,
  jiraProject,
  mailboxScope,
  only,
  resource,
  role,
  runsAs,
  scimDirectory,
  scopeMember,
  servicePrincipal,
  siteScope,
  triggersOn,
  uses,
} from '../support/graph-fixtures';

const legal = jiraProject('LEGAL', { sensitivity: 'restricted', businessDomain: 'Contracts' });
const helpdesk = jiraProject('HELP', { sensitivity: 'internal' });
const boardMinutes = resource('Board Minutes', { subtype: 'sharepoint_site', sensitivity: 'confidential' });

/** A flow running on a person's Jira connection, the person browsing `project`. */
function flowOnPersonalConnection(sharedWith: number | undefined, project: GraphNode<'resource'>) {
  const digest = flow('Contract Digest', { sharedWith });
  const connection = connector('Jira connection of ana');
  const token = credential('Jira token of ana', { system: 'powerautomate', subtype: 'oauth_refresh_token', expiresAt: undefined });
  const ana = jiraPersonAccount('ana@example.test', { name: 'Ana Example' });
  const member = role('Member of the project', { projectId: project.props.nativeId });
  return {
    digest,
    graph: graphOf(digest, connection, token, ana, invokes(digest, connection), uses(connection, token), authenticatesAs(token, ana), grant(ana, browseProjects(project), project, { role: member })),
  };
}

describe('reachable_sensitive_domain', () => {
  describe('a shared flow', () => {
    it('fails when it lends its owner’s access to a restricted project', () => {
      // Arrange
      const { digest, graph } = flowOnPersonalConnection(4, legal);
      const context = checkContext(graph);

      // Act
      const result = only(failsOf(reachableSensitiveDomain.evaluate(context)));

      // Assert
      expect(result.subjectId).toBe(digest.id);
      expect(result.identityFields).toEqual([]);
      expect(result.summary).toBe('Power Automate flow "Contract Digest" can reach LEGAL (restricted).');
      expect(result.chain[0]).toBe(digest.id);
      expect(result.chain[result.chain.length - 1]).toBe(legal.id);
      expect(result.projectKeys).toEqual(['LEGAL']);
      expect(result.evidence.map((e) => e.text)).toContain('Contract Digest is shared with 4 more people, who use its owner\'s access');
    });

    it('names the first five of many sensitive resources, each name and sensitivity once, and counts the rest', () => {
      // Arrange: seven restricted projects, a confidential site named like one of them, and a second site with
      // the same name and sensitivity as the first (two resources, one name in the sentence)
      const projects = Array.from({ length: 7 }, (_, i) => jiraProject(`P${i}`, { sensitivity: 'restricted' }));
      const sites = [resource('P3', { subtype: 'sharepoint_site', sensitivity: 'confidential' }), { ...resource('P3', { subtype: 'sharepoint_site', sensitivity: 'confidential' }), id: 'm365:resource:site-p3-copy' }];
      const digest = flow('Contract Digest', { sharedWith: 3 });
      const connection = connector('Jira connection of ana');
      const token = credential('Jira token of ana', { system: 'powerautomate', subtype: 'oauth_refresh_token', expiresAt: undefined });
      const ana = jiraPersonAccount('ana@example.test', { name: 'Ana Example' });
      const graph = graphOf(digest, connection, token, ana, invokes(digest, connection), uses(connection, token), authenticatesAs(token, ana), ...[...projects, ...sites].map((r) => grant(ana, browseProjects(r), r)));

      // Act
      const result = only(failsOf(reachableSensitiveDomain.evaluate(checkContext(graph))));

      // Assert: 7 restricted names and one confidential: 8, five named
      expect(result.summary).toBe('Power Automate flow "Contract Digest" can reach P0 (restricted), P1 (restricted), P2 (restricted), P3 (restricted), P4 (restricted) and 3 more.');
      expect(result.evidence.filter((e) => e.text.includes(' reaches '))).toHaveLength(9);
    });

    it('passes when the flow is not shared', () => {
      const { graph } = flowOnPersonalConnection(undefined, legal);

      expect(reachableSensitiveDomain.evaluate(checkContext(graph))).toEqual([]);
    });

    it('passes when what it reaches is not sensitive', () => {
      const { graph } = flowOnPersonalConnection(4, helpdesk);

      expect(reachableSensitiveDomain.evaluate(checkContext(graph))).toEqual([]);
    });
  });

  describe('a third-party app', () => {
    it('fails when it reaches a confidential site', () => {
      const vendorApp = servicePrincipal('Doc Vendor Connector', { origin: 'third_party' });
      const context = checkContext(graphOf(vendorApp, grant(vendorApp, graphAppPermission('Sites.Selected'), boardMinutes)));

      const result = only(failsOf(reachableSensitiveDomain.evaluate(context)));

      expect(result.subjectId).toBe(vendorApp.id);
      expect(result.summary).toBe('Service principal "Doc Vendor Connector" can reach Board Minutes (confidential).');
      expect(result.chain[0]).toBe(vendorApp.id);
      expect(result.chain[result.chain.length - 1]).toBe(boardMinutes.id);
      expect(result.evidence.map((e) => e.text)).toContain('Doc Vendor Connector is run by a third party, outside the organisation\'s control');
    });

    it('passes for a first-party app with the same reach to a single site', () => {
      const ownApp = servicePrincipal('Doc Archiver', { origin: 'first_party' });
      const context = checkContext(graphOf(ownApp, grant(ownApp, graphAppPermission('Sites.Selected'), boardMinutes)));

      expect(reachableSensitiveDomain.evaluate(context)).toEqual([]);
    });
  });

  describe('an application permission over every mailbox', () => {
    const mailboxes = mailboxScope({
      members: [scopeMember('ceo@example.test', 'restricted', 'Executive'), scopeMember('legal@example.test', 'confidential'), scopeMember('info@example.test', 'internal')],
    });

    it('fails, reporting the sensitive members and not the scope itself', () => {
      const mailer = servicePrincipal('Mail Archiver', { origin: 'first_party' });
      const context = checkContext(graphOf(mailer, grant(mailer, graphAppPermission('Mail.Read', { highPrivilege: false }), mailboxes)));

      const result = only(failsOf(reachableSensitiveDomain.evaluate(context)));

      expect(result.subjectId).toBe(mailer.id);
      expect(result.summary).toBe('Service principal "Mail Archiver" can reach ceo@example.test (restricted) and legal@example.test (confidential).');
      expect(result.summary).not.toContain('Every mailbox');
      expect(result.summary).not.toContain('info@example.test');
      expect(result.chain[0]).toBe(mailer.id);
      expect(result.chain[result.chain.length - 1]).toBe(mailboxes.id);
      expect(result.evidence.map((e) => e.text)).toContain('Mail Archiver holds an application permission over every mailbox or site of the tenant');
    });

    it('fails the same way for every site of the tenant', () => {
      const sites = siteScope({ members: [scopeMember('https://example.sharepoint.test/sites/hr', 'restricted')] });
      const indexer = servicePrincipal('Search Indexer');
      const context = checkContext(graphOf(indexer, grant(indexer, graphAppPermission('Sites.Read.All'), sites)));

      const result = only(failsOf(reachableSensitiveDomain.evaluate(context)));

      expect(result.summary).toBe('Service principal "Search Indexer" can reach https://example.sharepoint.test/sites/hr (restricted).');
    });

    it('passes when settings mark no member sensitive', () => {
      const mailer = servicePrincipal('Mail Archiver');
      const plain = mailboxScope({ members: [scopeMember('info@example.test', 'internal')] });
      const context = checkContext(graphOf(mailer, grant(mailer, graphAppPermission('Mail.Read'), plain)));

      expect(reachableSensitiveDomain.evaluate(context)).toEqual([]);
    });

    it('raises nothing for a Microsoft first-party service principal', () => {
      const platform = servicePrincipal('Platform Mail Service', { origin: 'microsoft' });
      const context = checkContext(graphOf(platform, grant(platform, graphAppPermission('Mail.Read'), mailboxes)));

      expect(reachableSensitiveDomain.evaluate(context)).toEqual([]);
    });
  });

  it('does not fire for an unshared first-party rule reaching a restricted project', () => {
    const rule = automationRule('Legal Reminder', { scopeProjectIds: [legal.props.nativeId] });
    const actor = jiraAppUser('Automation for Jira', { origin: 'atlassian' });
    const context = checkContext(graphOf(rule, legal, actor, triggersOn(rule, legal), runsAs(rule, actor)));

    expect(context.reach.get(rule.id)?.reached.map((r) => r.resourceId)).toEqual([legal.id]);
    expect(reachableSensitiveDomain.evaluate(context)).toEqual([]);
  });

  it('raises nothing for a derived principal itself', () => {
    const provisioner = servicePrincipal('directory-provisioner');
    const base = scimDirectory(provisioner);
    const derived: GraphNode<'identity'> = { ...base, props: { ...base.props, origin: 'third_party' } };
    const context = checkContext(graphOf(provisioner, derived, grant(derived, browseProjects(legal), legal)));

    expect(reachableSensitiveDomain.evaluate(context)).toEqual([]);
  });

  describe('a correlated pair (one vendor seen as an Entra app and a Jira app user)', () => {
    function vendorPair(evidenced: boolean) {
      const vendorSp = servicePrincipal('Ticket Bridge', { origin: 'third_party', publisherDomain: 'bridge.example.com' });
      const vendorAppUser = jiraAppUser('Ticket Bridge for Jira', { appKey: 'com.example.bridge' });
      const graph = graphOf(vendorSp, vendorAppUser, correlatedPair(vendorSp, vendorAppUser, { evidenced }), grant(vendorAppUser, browseProjects(legal), legal));
      return { vendorSp, vendorAppUser, graph };
    }

    it('counts as ONE finding on the representative when the link is proven by use', () => {
      const { vendorSp, vendorAppUser, graph } = vendorPair(true);
      const context = checkContext(graph);

      const result = only(failsOf(reachableSensitiveDomain.evaluate(context)));

      expect(result.subjectId).toBe(vendorSp.id);
      expect(result.summary).toBe('Service principal "Ticket Bridge" can reach LEGAL (restricted) together with "Ticket Bridge for Jira".');
      expect(result.chain).toEqual(expect.arrayContaining([vendorSp.id, vendorAppUser.id, legal.id]));
      expect(result.chain[0]).toBe(vendorSp.id);
    });

    it('does not count an unproven (correlated, not evidenced) chain', () => {
      const { graph } = vendorPair(false);

      expect(reachableSensitiveDomain.evaluate(checkContext(graph))).toEqual([]);
    });
  });

  it('gives the same findings for the same graph built in another order', () => {
    const { graph: first } = flowOnPersonalConnection(4, legal);
    const reordered = graphOf({ nodes: [...first.nodes].reverse(), edges: [...first.edges].reverse() });

    expect(reachableSensitiveDomain.evaluate(checkContext(reordered))).toEqual(reachableSensitiveDomain.evaluate(checkContext(first)));
  });
});
