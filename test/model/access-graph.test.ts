/**
 * The access graph's edge store (src/model/graph.ts): edges kept by slot in typed arrays must behave as the list of
 * edge objects they replaced. Adjacency in insertion order, a stronger basis replacing a weaker one, lookups by ends
 * on both sides of the indexed degree, merges, removals and dangling ends.
 */
import { AccessGraph } from '../../src/model/graph';
import type { GraphEdge } from '../../src/model/schema';
import { appliesTo, authenticatesTo, credential, grants, hasRole, jiraProject, permission, role, servicePrincipal } from '../support/graph-fixtures';

const ends = (edges: readonly GraphEdge[]) => edges.map((e) => `${e.kind} ${e.from} -> ${e.to} ${e.basis}`);

describe('AccessGraph edges', () => {
  it('keeps each node’s outgoing and incoming edges in the order added, with every value an edge was added with', () => {
    // Arrange
    const sp = servicePrincipal('Payroll Sync');
    const [r1, r2] = [role('Reader'), role('Writer')];
    const graph = new AccessGraph().addFragment({ nodes: [sp, r1, r2], edges: [] });

    // Act
    graph.addEdge(hasRole(sp, r2, { reason: 'assigned by admin' }));
    graph.addEdge({ ...hasRole(sp, r1), basis: 'correlated', confidence: 0.8, evidenced: false });

    // Assert
    expect(graph.out(sp.id)).toEqual([
      { kind: 'HAS_ROLE', from: sp.id, to: r2.id, basis: 'observed', reason: 'assigned by admin' },
      { kind: 'HAS_ROLE', from: sp.id, to: r1.id, basis: 'correlated', confidence: 0.8, evidenced: false },
    ]);
    expect(ends(graph.in(r1.id))).toEqual([`HAS_ROLE ${sp.id} -> ${r1.id} correlated`]);
    expect(graph.edgeCount).toBe(2);
  });

  it('replaces a weaker basis by a stronger one for the same ends and kind, and ignores a weaker one', () => {
    // Arrange
    const sp = servicePrincipal('Payroll Sync');
    const r = role('Reader');
    const graph = new AccessGraph().addFragment({ nodes: [sp, r], edges: [] });

    // Act
    graph.addEdge({ ...hasRole(sp, r), basis: 'inferred' });
    graph.addEdge({ ...hasRole(sp, r), basis: 'observed' });
    graph.addEdge({ ...hasRole(sp, r), basis: 'correlated' });

    // Assert
    expect(ends(graph.out(sp.id))).toEqual([`HAS_ROLE ${sp.id} -> ${r.id} observed`]);
    expect(ends(graph.in(r.id))).toEqual([`HAS_ROLE ${sp.id} -> ${r.id} observed`]);
    expect(graph.edgeCount).toBe(1);
  });

  it.each([3, 40])('finds edges by their ends the same way below and above the indexed degree (%i projects)', (count) => {
    // Arrange: one permission applying to `count` projects, and a second kind of edge between the same ends
    const perm = permission('BROWSE_PROJECTS');
    const projects = Array.from({ length: count }, (_, i) => jiraProject(`P${i}`));
    const graph = new AccessGraph().addFragment({ nodes: [perm, ...projects], edges: projects.map((p) => appliesTo(perm, p, { basis: 'inferred' })) });
    const last = projects[count - 1] as (typeof projects)[number];

    // Act: strengthen one edge, then read it back by its ends
    graph.addEdge(appliesTo(perm, last));

    // Assert
    expect(graph.out(perm.id)).toHaveLength(count);
    expect(graph.edgeBetween(perm.id, last.id)?.basis).toBe('observed');
    expect(graph.edgeBetween(last.id, perm.id)).toBeUndefined();
    expect(graph.out(perm.id).map((e) => e.to).slice(-1)).toEqual([last.id]);
    expect(graph.edgeBetween(perm.id, (projects[0] as (typeof projects)[number]).id)).toEqual(graph.out(perm.id)[0]);
  });

  it.each([0, 40])('gives the first edge added between two ends when several kinds join them (%i other targets)', (count) => {
    // Arrange: below and above the degree where edges are looked up by their ends
    const cred = credential('Shared secret');
    const sp = servicePrincipal('Payroll Sync');
    const others = Array.from({ length: count }, (_, i) => servicePrincipal(`Other ${i}`));
    const graph = new AccessGraph().addFragment({ nodes: [cred, sp, ...others], edges: others.map((o) => authenticatesTo(cred, o)) });

    // Act
    graph.addEdge(authenticatesTo(cred, sp, { basis: 'correlated' }));
    graph.addEdge({ kind: 'AUTHENTICATES_AS', from: cred.id, to: sp.id, basis: 'observed' });

    // Assert
    expect(graph.edgeBetween(cred.id, sp.id)?.kind).toBe('AUTHENTICATES_TO');
    expect(graph.edgeBetween(cred.id, sp.id)).toEqual(graph.edgesBetween(cred.id, sp.id)[0]);
    expect(graph.edgesOfKind('AUTHENTICATES_AS').map((e) => e.from)).toEqual([cred.id]);
  });

  it.each([2, 40])('lists every edge between two ends in the order added, as out().filter() would (%i other targets)', (count) => {
    // Arrange: a credential with two kinds of edge to one principal, added around `count` edges to other principals
    const cred = credential('Shared secret');
    const sp = servicePrincipal('Payroll Sync');
    const others = Array.from({ length: count }, (_, i) => servicePrincipal(`Other ${i}`));
    const graph = new AccessGraph().addFragment({ nodes: [cred, sp, ...others], edges: [] });
    graph.addEdge(authenticatesTo(cred, others[0] as (typeof others)[number]));
    graph.addEdge({ kind: 'AUTHENTICATES_AS', from: cred.id, to: sp.id, basis: 'observed' });
    for (const other of others.slice(1)) graph.addEdge(authenticatesTo(cred, other));
    graph.addEdge(authenticatesTo(cred, sp, { basis: 'correlated' }));

    // Act
    const between = graph.edgesBetween(cred.id, sp.id);

    // Assert
    expect(between.map((e) => e.kind)).toEqual(['AUTHENTICATES_AS', 'AUTHENTICATES_TO']);
    expect(between).toEqual(graph.out(cred.id).filter((e) => e.to === sp.id));
    expect(graph.edgesBetween(sp.id, cred.id)).toEqual([]);
    expect(graph.edgesBetween(cred.id, 'entra:identity:nobody')).toEqual([]);
  });

  it('visits the starts of a node\'s incoming edges of one kind as in() lists them, with their reasons', () => {
    // Arrange: two principals holding one role, one with a reason, and an edge of another kind into it
    const a = servicePrincipal('Payroll Sync');
    const b = servicePrincipal('CRM Sync');
    const cred = credential('Shared secret');
    const r = role('Reader');
    const graph = new AccessGraph().addFragment({ nodes: [a, b, cred, r], edges: [hasRole(b, r), { ...hasRole(a, r), reason: 'via group Ops' }, { kind: 'AUTHENTICATES_AS', from: cred.id, to: a.id, basis: 'observed' }, { kind: 'MEMBER_OF', from: a.id, to: r.id, basis: 'observed' }] }).seal();

    // Act
    const visited: Array<[string | undefined, string, string | undefined]> = [];
    graph.forEachIn(r.id, 'HAS_ROLE', (node, id, reason) => visited.push([node?.name, id, reason]));

    // Assert
    expect(visited).toEqual(graph.in(r.id, 'HAS_ROLE').map((e) => [graph.node(e.from)?.name, e.from, e.reason]));
    expect(visited).toEqual([['CRM Sync', b.id, undefined], ['Payroll Sync', a.id, 'via group Ops']]);
  });

  it("visits the ends of a node's outgoing edges of one kind as out() lists them, and every outgoing edge by index", () => {
    // Arrange: roles added in an order unlike their ids, a removed-then-stronger edge, an edge of another kind, and
    // an end not added yet (no node until seal drops it)
    const a = servicePrincipal('Payroll Sync');
    const cred = credential('Shared secret');
    const [r2, r1] = [role('Writer'), role('Reader')];
    const graph = new AccessGraph().addFragment({
      nodes: [a, cred, r1, r2],
      edges: [{ ...hasRole(a, r2), basis: 'inferred' }, hasRole(a, r1), { kind: 'AUTHENTICATES_TO', from: a.id, to: cred.id, basis: 'observed' }, hasRole(a, r2), { kind: 'HAS_ROLE', from: a.id, to: 'jira:role:later', basis: 'correlated', evidenced: true }],
    });

    // Act
    const visited: Array<[string | undefined, string, string, boolean | undefined]> = [];
    graph.forEachOut(a.id, 'HAS_ROLE', (node, id, basis, evidenced) => visited.push([node?.name, id, basis, evidenced]));
    const byIndex: Array<[string, string, string, boolean | undefined]> = [];
    graph.forEachOutAt(graph.indexOfId(a.id) as number, (kind, to, basis, evidenced) => byIndex.push([kind, graph.idAt(to), basis, evidenced]));

    // Assert
    expect(visited).toEqual(graph.out(a.id, 'HAS_ROLE').map((e) => [graph.node(e.to)?.name, e.to, e.basis, e.evidenced]));
    expect(visited).toEqual([['Reader', r1.id, 'observed', undefined], ['Writer', r2.id, 'observed', undefined], [undefined, 'jira:role:later', 'correlated', true]]);
    expect(byIndex).toEqual(graph.out(a.id).map((e) => [e.kind, e.to, e.basis, e.evidenced]));
    expect(byIndex.map(([, , basis]) => basis)).toEqual(['observed', 'observed', 'observed', 'correlated']);
  });

  it('walks by index what it walks by id: the same ends, their indexes, incoming starts, and each hop of a chain', () => {
    // Arrange: a role held twice (one holder by a weaker edge first, then replaced), a credential authenticating as a
    // holder, and a correlated link between the holders
    const [a, b] = [servicePrincipal('Payroll Sync'), servicePrincipal('HR Sync')];
    const cred = credential('Shared secret');
    const r = role('Reader');
    const graph = new AccessGraph()
      .addFragment({
        nodes: [a, b, cred, r],
        edges: [{ ...hasRole(b, r), basis: 'inferred' }, hasRole(a, r), hasRole(b, r), { kind: 'AUTHENTICATES_AS', from: cred.id, to: a.id, basis: 'declared', evidenced: false }, { kind: 'AUTHENTICATES_TO', from: a.id, to: b.id, basis: 'correlated', evidenced: true }],
      })
      .seal();
    const sorted = graph.sortedNodesOfKind('identity');

    // Act
    const indexes = graph.indexesOf(sorted);
    const byId: unknown[] = [];
    const byIndex: unknown[] = [];
    for (const node of sorted) graph.forEachIn(r.id, 'HAS_ROLE', (from, fromId, reason) => byId.push([node.id, from?.name, fromId, reason]));
    for (let i = 0; i < sorted.length; i++) graph.forEachInOfKindAt(graph.indexOfId(r.id) as number, 'HAS_ROLE', (from, fromId, reason, fromIndex) => byIndex.push([sorted[i]?.id, from?.name, graph.idAt(fromIndex) === fromId ? fromId : 'wrong index', reason]));
    const outById: unknown[] = [];
    const outByIndex: unknown[] = [];
    graph.forEachOut(a.id, 'AUTHENTICATES_TO', (to, toId, basis, evidenced, toIndex) => outById.push([to?.name, toId, basis, evidenced, graph.idAt(toIndex)]));
    graph.forEachOutOfKindAt(indexes[sorted.findIndex((n) => n.id === a.id)] as number, 'AUTHENTICATES_TO', (to, toId, basis, evidenced, toIndex) => outByIndex.push([to?.name, toId, basis, evidenced, graph.idAt(toIndex)]));

    // Assert
    expect([...indexes].map((i) => graph.idAt(i))).toEqual(sorted.map((n) => n.id));
    expect(graph.indexesOf(sorted)).toBe(indexes);
    expect(graph.indexesOf([servicePrincipal('Not in the graph')])).toEqual(Int32Array.from([-1]));
    expect(byIndex).toEqual(byId);
    expect(outByIndex).toEqual(outById);
    expect(outById).toEqual([['HR Sync', b.id, 'correlated', true, b.id]]);
    const visited: unknown[] = [];
    graph.forEachOutOfKindAt(-1, 'HAS_ROLE', () => visited.push('an edge of no node'));
    expect(visited).toEqual([]);
    const [ia, ib, ic] = [a.id, b.id, cred.id].map((id) => graph.indexOfId(id) as number) as [number, number, number];
    // The edge between two nodes, as edgeBetweenAt finds it, without its ids and reason
    expect(graph.hopBetweenAt(ia, ib)).toEqual({ kind: 'AUTHENTICATES_TO', basis: 'correlated', evidenced: true });
    expect(graph.hopBetweenAt(ic, ia)).toEqual({ kind: 'AUTHENTICATES_AS', basis: 'declared', evidenced: false });
    expect(graph.hopBetweenAt(ib, ia)).toBeUndefined();
    for (const [from, to] of [[ia, ib], [ic, ia]] as const) expect(graph.hopBetweenAt(from, to)).toEqual((({ kind, basis, evidenced }) => ({ kind, basis, evidenced }))(graph.edgeBetweenAt(from, to) as GraphEdge));
  });

  it('re-points every edge of a merged node and keeps the stronger of two edges that become one', () => {
    // Arrange: the same app seen twice, each copy holding a role
    const a = servicePrincipal('Payroll Sync', { appId: 'app-a' });
    const b = { ...servicePrincipal('Payroll Sync (Jira)', { appId: 'app-b' }), id: 'jira:identity:payroll' };
    const r = role('Reader');
    const graph = new AccessGraph().addFragment({ nodes: [a, b, r], edges: [{ ...hasRole(a, r), basis: 'inferred' }, hasRole(b, r)] });

    // Act
    graph.mergeNodeInto(b.id, a.id);

    // Assert
    expect(graph.node(b.id)).toBeUndefined();
    expect(ends(graph.out(a.id))).toEqual([`HAS_ROLE ${a.id} -> ${r.id} observed`]);
    expect(ends(graph.in(r.id))).toEqual([`HAS_ROLE ${a.id} -> ${r.id} observed`]);
    expect(graph.out(b.id)).toEqual([]);
    expect(graph.edgeCount).toBe(1);
  });

  it('drops an edge whose end was never added at seal, keeping it for the record, and refuses kinds the schema does not join', () => {
    // Arrange
    const r = role('Reader');
    const perm = permission('ADMINISTER');
    const graph = new AccessGraph().addFragment({ nodes: [r, perm], edges: [grants(r, perm), grants(r, permission('NOT_READ'))] });

    // Act
    graph.seal();

    // Assert
    expect(ends(graph.out(r.id))).toEqual([`GRANTS ${r.id} -> ${perm.id} observed`]);
    expect(graph.danglingEdges.map((e) => e.to)).toEqual([permission('NOT_READ').id]);
    expect(graph.edgeCount).toBe(1);
    expect(() => AccessGraph.from({ nodes: [r, perm], edges: [grants(perm, r)] })).toThrow(/cannot join permission/);
  });

  it('serialises the same graph to the same bytes whatever order the fragments arrived in', () => {
    // Arrange
    const sp = servicePrincipal('Payroll Sync');
    const r = role('Reader');
    const perm = permission('ADMINISTER');
    const nodes = [sp, r, perm];
    const edges = [hasRole(sp, r), grants(r, perm)];

    // Act
    const forward = AccessGraph.from({ nodes, edges });
    const backward = AccessGraph.from({ nodes: [...nodes].reverse(), edges: [...edges].reverse() });

    // Assert
    expect(JSON.stringify(backward.toJSON())).toBe(JSON.stringify(forward.toJSON()));
  });
});
