/**
 * scope_drift: the resources a principal reaches grew beyond its baseline (its reach when first seen in a complete
 * sync, moved only when an admin acknowledges). No baseline yet means nothing to compare: no finding. This check
 * never answers unknown.
 */
import { scopeDrift } from '../../src/checks/scope-drift';
import {
  authenticatesAs,
  baselinesOf,
  browseProjects,
  checkContext,
  connector,
  credential,
  failsOf,
  flow,
  grant,
  graphAppPermission,
  graphOf,
  invokes,
  jiraPersonAccount,
  jiraProject,
  mailboxScope,
  only,
  resource,
  scopeMember,
  servicePrincipal,
  uses,
} from '../support/graph-fixtures';

const sales = jiraProject('SALES', { sensitivity: 'internal' });
const legal = jiraProject('LEGAL', { sensitivity: 'restricted' });

/** A flow on a person's connection; the person browses `projects`. */
function digestFlowReaching(...projects: Array<typeof sales>) {
  const digest = flow('Deal Digest', { sharedWith: 2 });
  const connection = connector('Jira connection of ana');
  const token = credential('Jira token of ana', { system: 'powerautomate', subtype: 'oauth_refresh_token' });
  const ana = jiraPersonAccount('ana@example.test');
  return {
    digest,
    graph: graphOf(digest, connection, token, ana, invokes(digest, connection), uses(connection, token), authenticatesAs(token, ana), ...projects.map((p) => grant(ana, browseProjects(p), p))),
  };
}

describe('scope_drift', () => {
  it('fails when reach grew beyond the baseline, naming the added resource', () => {
    // Arrange
    const { digest, graph } = digestFlowReaching(sales, legal);
    const context = checkContext(graph, { baselines: baselinesOf({ [digest.id]: [sales.id] }) });

    // Act
    const result = only(failsOf(scopeDrift.evaluate(context)));

    // Assert
    expect(result.subjectId).toBe(digest.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toBe('Power Automate flow "Deal Digest" now also reaches LEGAL (restricted), beyond its baseline of SALES.');
    expect(result.chain[0]).toBe(digest.id);
    expect(result.chain[result.chain.length - 1]).toBe(legal.id);
    expect(result.projectKeys).toEqual(['LEGAL']);
    expect(result.evidence.map((e) => e.text)).toEqual(['Added since baseline: LEGAL']);
  });

  it('fails against an empty baseline, saying it reached nothing', () => {
    const { digest, graph } = digestFlowReaching(sales);

    const result = only(failsOf(scopeDrift.evaluate(checkContext(graph, { baselines: baselinesOf({ [digest.id]: [] }) }))));

    expect(result.summary).toContain('beyond its baseline of nothing');
  });

  it('passes when reach equals the baseline', () => {
    const { digest, graph } = digestFlowReaching(sales, legal);

    expect(scopeDrift.evaluate(checkContext(graph, { baselines: baselinesOf({ [digest.id]: [legal.id, sales.id] }) }))).toEqual([]);
  });

  it('passes when reach shrank below the baseline', () => {
    const { digest, graph } = digestFlowReaching(sales);

    expect(scopeDrift.evaluate(checkContext(graph, { baselines: baselinesOf({ [digest.id]: [legal.id, sales.id] }) }))).toEqual([]);
  });

  it('names a new sensitive member of a scope resource, keyed resource#member', () => {
    const mailer = servicePrincipal('Mail Archiver');
    const before = mailboxScope({ members: [scopeMember('ceo@example.test', 'restricted')] });
    const now = mailboxScope({ members: [scopeMember('ceo@example.test', 'restricted'), scopeMember('hr@example.test', 'confidential')] });
    const baseline = [before.id, `${before.id}#ceo@example.test`];
    const context = checkContext(graphOf(mailer, grant(mailer, graphAppPermission('Mail.Read'), now)), { baselines: baselinesOf({ [mailer.id]: baseline }) });

    const result = only(failsOf(scopeDrift.evaluate(context)));

    expect(result.subjectId).toBe(mailer.id);
    expect(result.summary).toBe('Service principal "Mail Archiver" now also reaches hr@example.test (confidential), beyond its baseline of Every mailbox.');
  });

  it('names a baseline by its resources: members under their resource, keys whose resource is gone as they are', () => {
    // Arrange: the baseline holds a mailbox scope and a member of it, a member whose scope key is missing, a project
    // whose id is a prefix of another's, and two members of a scope no longer in the graph
    const mailer = servicePrincipal('Mail Archiver');
    const scope = mailboxScope({ members: [scopeMember('ceo@example.test', 'restricted'), scopeMember('hr@example.test', 'confidential')] });
    const [p1, p10] = [jiraProject('P1', { sensitivity: 'internal' }), jiraProject('P10', { sensitivity: 'internal' })];
    const gone = 'm365:scope:retired';
    const baseline = [`${gone}#a@example.test`, `${gone}#b@example.test`, p1.id, p10.id, `${scope.id}#ceo@example.test`].sort();
    const graph = graphOf(mailer, p1, p10, grant(mailer, graphAppPermission('Mail.Read'), scope));
    const context = checkContext(graph, { baselines: baselinesOf({ [mailer.id]: baseline }) });

    // Act
    const result = only(failsOf(scopeDrift.evaluate(context)));

    // Assert: each named once, in the baseline's order
    const named = baseline.map((key) => (key.startsWith(gone) ? key : key.startsWith(scope.id) ? 'Every mailbox' : key === p1.id ? 'P1' : 'P10'));
    expect(result.summary).toContain(`beyond its baseline of ${[...new Set(named)].join(', ').replace(/, ([^,]*)$/, ' and $1')}.`);
  });

  it('names at most five resources of a large baseline and says how many more, so the summary stays a sentence', () => {
    const baseline = Array.from({ length: 40 }, (_, i) => jiraProject(`P${String(i).padStart(2, '0')}`, { sensitivity: 'internal' }));
    const { digest, graph } = digestFlowReaching(...baseline, legal);
    const context = checkContext(graph, { baselines: baselinesOf({ [digest.id]: baseline.map((p) => p.id) }) });

    const result = only(failsOf(scopeDrift.evaluate(context)));

    expect(result.summary).toBe('Power Automate flow "Deal Digest" now also reaches LEGAL (restricted), beyond its baseline of P00, P01, P02, P03, P04 and 35 more.');
  });

  it('judges a baseline the same whatever its order and repeats (one written by hand or by an older version)', () => {
    // Arrange: 40 projects reached before, LEGAL added; the stored baseline sorted, reversed, and with a repeat
    const before = Array.from({ length: 40 }, (_, i) => jiraProject(`P${String(i).padStart(2, '0')}`, { sensitivity: 'internal' }));
    const { digest, graph } = digestFlowReaching(...before, legal);
    const sorted = before.map((p) => p.id).sort();
    const outcome = (baseline: string[]) => scopeDrift.evaluate(checkContext(graph, { baselines: baselinesOf({ [digest.id]: baseline }) }));

    // Act
    const [inOrder, reversed, repeated] = [outcome(sorted), outcome([...sorted].reverse()), outcome([...sorted, sorted[3] as string])];
    const [withLegal, withLegalReversed] = [outcome([...sorted, legal.id].sort()), outcome([legal.id, ...sorted].reverse())];

    // Assert
    expect(only(failsOf(inOrder)).evidence.map((e) => e.text)).toEqual(['Added since baseline: LEGAL']);
    const added = (results: typeof inOrder) => results.map((r) => r.outcome === 'fail' && [r.evidence.map((e) => e.text), r.chain]);
    expect(added(reversed)).toEqual(added(inOrder));
    expect(added(repeated)).toEqual(added(inOrder));
    expect(withLegal).toEqual([]);
    expect(withLegalReversed).toEqual([]);
  });

  it('finds the same additions for every baseline, whatever order reach lists members in and ids that sort before "#"', () => {
    // Arrange: a mailbox scope with members listed in key order or not, with or without a resource whose id is the
    // scope's id and a "!" (which sorts before the "#" of the scope's member keys, so reach lists it after the members
    // though its key sorts before theirs)
    const mailer = servicePrincipal('Mail Archiver');
    const members = [scopeMember('hr@example.test', 'confidential'), scopeMember('ceo@example.test', 'restricted'), scopeMember('legal@example.test', 'restricted')];
    const graphFor = (listed: typeof members, withOdd: boolean) => {
      const scope = mailboxScope({ members: listed });
      const odd = { ...resource('Odd site'), id: `${scope.id}!` };
      const oddGrant = withOdd ? [grant(mailer, graphAppPermission('Sites.Read.All'), odd)] : [];
      return { scope, odd, graph: graphOf(mailer, grant(mailer, graphAppPermission('Mail.Read'), scope), ...oddGrant) };
    };
    const sorted = [...members].sort((a, b) => (a.id < b.id ? -1 : 1));
    const cases = [members, sorted].flatMap((listed) => [false, true].map((withOdd) => ({ listed, withOdd })));

    for (const { listed, withOdd } of cases) {
      const { scope, odd, graph } = graphFor(listed, withOdd);
      const keyed = [
        { key: scope.id, name: 'Every mailbox' },
        ...listed.map((m) => ({ key: `${scope.id}#${m.id}`, name: m.name })),
        ...(withOdd ? [{ key: odd.id, name: 'Odd site' }] : []),
      ];
      // Every subset of the keys as a stored (sorted) baseline
      for (let subset = 0; subset < 1 << keyed.length; subset++) {
        const held = keyed.filter((_, i) => subset & (1 << i));
        const context = checkContext(graph, { baselines: baselinesOf({ [mailer.id]: held.map((k) => k.key).sort() }) });

        // Act
        const results = failsOf(scopeDrift.evaluate(context));

        // Assert: the additions are exactly the keys the baseline does not hold, in reach order
        const expected = keyed.filter((k) => !held.includes(k)).map((k) => k.name);
        const added = results.flatMap((r) => r.evidence.map((e) => e.text.replace('Added since baseline: ', '')));
        expect([...added].sort()).toEqual([...expected].sort());
      }
    }
  });

  it('raises nothing for a principal without a baseline', () => {
    const { graph } = digestFlowReaching(sales, legal);

    expect(scopeDrift.evaluate(checkContext(graph))).toEqual([]);
  });
});
