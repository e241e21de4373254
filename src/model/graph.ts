/**
 * The in-memory access graph of one sync: nodes and edges keyed by id, with adjacency for traversal. Extractors
 * return fragments; fragments merge here. Merging is deterministic: for the same inputs the graph serialises to the
 * same bytes.
 */
import { EDGE_KINDS, edgeId, type EdgeKind, type GraphEdge, type GraphNode, type NodeKind } from './schema';

export interface GraphFragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const emptyFragment = (): GraphFragment => ({ nodes: [], edges: [] });

export class AccessGraph {
  private readonly nodeMap = new Map<string, GraphNode>();
  /**
   * Every edge, in the order it was added (a Set of the edge objects themselves). An edge is found by its ends: a
   * scan of its source's outgoing list, or, for a source with more than INDEXED_DEGREE outgoing edges, `byEnds`
   * (to -> edges of any kind). A key string per edge (`kind|from|to`) was 1.5 million new strings at 140,000 people
   * (at M, 11% of the sealed graph’s heap), and a Map per source node another 9% (190 -> 172 MB): most nodes have a
   * few edges.
   */
  private readonly edgeSet = new Set<GraphEdge>();
  private readonly byEnds = new Map<string, Map<string, GraphEdge | GraphEdge[]>>();
  private readonly outgoing = new Map<string, GraphEdge[]>();
  private readonly incoming = new Map<string, GraphEdge[]>();
  /** Node lists derived from nodeMap (all, by kind, sorted), built on first use and dropped when a node changes. */
  private nodeViews: { all?: GraphNode[]; sorted?: GraphNode[]; byKind?: Map<NodeKind, GraphNode[]> } = {};
  /**
   * One instance of each id and edge reason while the graph is built: sources spell an edge's ends afresh
   * (`jira:user:${accountId}` per membership), so 1.5 million edges held 3 million copies of 400,000 ids. Interning
   * replaces a copy by the first instance of the same text, which no caller can tell apart; dropped at seal().
   */
  private strings: Map<string, string> | undefined = new Map();
  /** Edges dropped because an endpoint was never added (e.g. a grant to an object outside the read scope). */
  readonly danglingEdges: GraphEdge[] = [];

  static from(...fragments: GraphFragment[]): AccessGraph {
    const graph = new AccessGraph();
    for (const fragment of fragments) graph.addFragment(fragment);
    return graph.seal();
  }

  addFragment(fragment: GraphFragment): this {
    for (const node of fragment.nodes) this.addNode(node);
    for (const edge of fragment.edges) this.addEdge(edge);
    return this;
  }

  /** Adds a node; a second node with the same id merges its props over the first (same kind required). */
  addNode(node: GraphNode): this {
    node.id = this.intern(node.id);
    const existing = this.nodeMap.get(node.id);
    if (existing && existing.kind !== node.kind) {
      throw new Error(`Node ${node.id} added as ${node.kind} but already is a ${existing.kind}`);
    }
    this.nodeMap.set(node.id, existing ? { ...existing, ...node, props: mergeProps(existing.props, node.props) } : node);
    this.nodeViews = {};
    return this;
  }

  /**
   * Adds an edge; a stronger basis replaces a weaker one for the same (kind, from, to). Adjacency is kept up to date
   * as edges come and go, so correlate/ can walk the graph before it is sealed.
   */
  addEdge(edge: GraphEdge): this {
    edge.from = this.intern(edge.from);
    edge.to = this.intern(edge.to);
    if (edge.reason !== undefined) edge.reason = this.intern(edge.reason);
    const existing = this.findEdge(edge.kind, edge.from, edge.to);
    if (existing && BASIS_STRENGTH[edge.basis] <= BASIS_STRENGTH[existing.basis]) return this;
    if (existing) this.removeEdge(existing);
    this.edgeSet.add(edge);
    const outgoing = push(this.outgoing, edge.from, edge);
    push(this.incoming, edge.to, edge);
    const index = this.byEnds.get(edge.from);
    if (index) indexByTarget(index, edge);
    else if (outgoing.length > INDEXED_DEGREE) {
      const built = new Map<string, GraphEdge | GraphEdge[]>();
      for (const e of outgoing) indexByTarget(built, e);
      this.byEnds.set(edge.from, built);
    }
    return this;
  }

  private intern(text: string): string {
    if (!this.strings) return text;
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }

  /** The edge of this kind between these ends, if any (at most one: addEdge keeps the strongest basis). */
  private findEdge(kind: EdgeKind, from: string, to: string): GraphEdge | undefined {
    const index = this.byEnds.get(from);
    if (!index) {
      for (const e of this.outgoing.get(from) ?? []) if (e.to === to && e.kind === kind) return e;
      return undefined;
    }
    const between = index.get(to);
    if (between === undefined) return undefined;
    if (!Array.isArray(between)) return between.kind === kind ? between : undefined;
    return between.find((e) => e.kind === kind);
  }

  private removeEdge(edge: GraphEdge): void {
    if (!this.edgeSet.delete(edge)) return;
    const targets = this.byEnds.get(edge.from);
    const between = targets?.get(edge.to);
    if (targets && between !== undefined) {
      const rest = Array.isArray(between) ? between.filter((e) => e !== edge) : [];
      if (rest.length === 0) targets.delete(edge.to);
      else targets.set(edge.to, rest.length === 1 ? (rest[0] as GraphEdge) : rest);
    }
    this.unlink(edge);
  }

  private unlink(edge: GraphEdge): void {
    const drop = (map: Map<string, GraphEdge[]>, key: string) => {
      const list = map.get(key)?.filter((e) => e !== edge);
      if (list && list.length > 0) map.set(key, list);
      else map.delete(key);
    };
    drop(this.outgoing, edge.from);
    drop(this.incoming, edge.to);
  }

  /**
   * Folds node `fromId` into `toId` (same kind): props merge, every edge is re-pointed, `fromId` disappears.
   * Used by correlate/ to join one person or app seen in several systems. Call before seal().
   */
  mergeNodeInto(fromId: string, toId: string): this {
    const from = this.nodeMap.get(fromId);
    const to = this.nodeMap.get(toId);
    if (!from || fromId === toId) return this;
    this.addNode(to ? { ...from, id: toId, name: to.name || from.name } : { ...from, id: toId });
    this.nodeMap.delete(fromId);
    this.nodeViews = {};
    for (const edge of [...this.out(fromId), ...this.in(fromId)]) {
      this.removeEdge(edge);
      this.addEdge({ ...edge, from: edge.from === fromId ? toId : edge.from, to: edge.to === fromId ? toId : edge.to });
    }
    return this;
  }

  /** Drops edges with a missing endpoint, and refuses an edge joining kinds the schema does not allow. */
  seal(): this {
    this.strings = undefined;
    for (const edge of [...this.edgeSet]) {
      const from = this.nodeMap.get(edge.from);
      const to = this.nodeMap.get(edge.to);
      const rule = EDGE_KINDS[edge.kind];
      if (!from || !to) {
        this.danglingEdges.push(edge);
        this.removeEdge(edge);
        continue;
      }
      if (!(rule.from as readonly NodeKind[]).includes(from.kind) || !(rule.to as readonly NodeKind[]).includes(to.kind)) {
        throw new Error(`Edge ${edge.kind} cannot join ${from.kind} ${from.id} to ${to.kind} ${to.id}`);
      }
    }
    return this;
  }

  node(id: string): GraphNode | undefined {
    return this.nodeMap.get(id);
  }

  /** A fresh array each call (callers sort and filter it); the index behind it is built once per node change. */
  nodesOfKind<K extends NodeKind>(kind: K): Array<GraphNode<K>> {
    if (!this.nodeViews.byKind) {
      const byKind = new Map<NodeKind, GraphNode[]>();
      for (const node of this.nodeMap.values()) {
        const list = byKind.get(node.kind);
        if (list) list.push(node);
        else byKind.set(node.kind, [node]);
      }
      this.nodeViews.byKind = byKind;
    }
    return [...((this.nodeViews.byKind.get(kind) ?? []) as Array<GraphNode<K>>)];
  }

  out(id: string, kind?: EdgeKind): GraphEdge[] {
    const edges = this.outgoing.get(id) ?? [];
    return kind ? edges.filter((e) => e.kind === kind) : edges;
  }

  in(id: string, kind?: EdgeKind): GraphEdge[] {
    const edges = this.incoming.get(id) ?? [];
    return kind ? edges.filter((e) => e.kind === kind) : edges;
  }

  get nodes(): GraphNode[] {
    this.nodeViews.all ??= [...this.nodeMap.values()];
    return [...this.nodeViews.all];
  }

  /** Every node by id, as toJSON orders them, without sorting the edges (the snapshot digest and the inventory). */
  sortedNodes(): readonly GraphNode[] {
    this.nodeViews.sorted ??= [...this.nodeMap.values()].sort((a, b) => compare(a.id, b.id));
    return this.nodeViews.sorted;
  }

  get edges(): GraphEdge[] {
    return [...this.edgeSet];
  }

  get edgeCount(): number {
    return this.edgeSet.size;
  }

  /** Sorted, so two graphs with the same content serialise identically. Ids are computed once, not per comparison. */
  toJSON(): GraphFragment {
    const edges = [...this.edgeSet].map((edge) => ({ edge, id: edgeId(edge) })).sort((a, b) => compare(a.id, b.id)).map(({ edge }) => edge);
    return { nodes: [...this.sortedNodes()], edges };
  }
}

/**
 * Two sources describing the same node (a person seen in Entra and in Jira): arrays are unioned, a `departed: true`
 * from any source wins (any one departure signal suffices), reasons accumulate, the earliest departure date stays,
 * and otherwise a defined value
 * overrides an undefined one, the later source winning.
 */
function mergeProps<P extends GraphNode['props']>(a: P, b: P): P {
  const merged: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const previous = merged[key];
    if (value === undefined) continue;
    if (Array.isArray(previous) && Array.isArray(value)) merged[key] = [...new Set([...previous, ...value])].sort();
    else if (key === 'departed') merged[key] = previous === true || value === true;
    else if (key === 'departedReason' && typeof previous === 'string' && previous !== value) merged[key] = `${previous}; ${String(value)}`;
    else if (key === 'departedAt' && typeof previous === 'string' && typeof value === 'string') merged[key] = previous < value ? previous : value;
    else merged[key] = value;
  }
  return merged as P;
}

const BASIS_STRENGTH = { inferred: 0, correlated: 1, declared: 2, observed: 3 } as const;

/** Outgoing lists up to this long are scanned to find an edge; longer ones are indexed by target. */
const INDEXED_DEGREE = 16;

function indexByTarget(index: Map<string, GraphEdge | GraphEdge[]>, edge: GraphEdge): void {
  const between = index.get(edge.to);
  if (between === undefined) index.set(edge.to, edge);
  else if (Array.isArray(between)) between.push(edge);
  else index.set(edge.to, [between, edge]);
}

function push(map: Map<string, GraphEdge[]>, key: string, edge: GraphEdge): GraphEdge[] {
  const list = map.get(key);
  if (list) {
    list.push(edge);
    return list;
  }
  const created = [edge];
  map.set(key, created);
  return created;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
