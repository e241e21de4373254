/**
 * The in-memory access graph of one sync: nodes and edges keyed by id, with adjacency for traversal. Extractors
 * return fragments; fragments merge here. Merging is deterministic: for the same inputs the graph serialises to the
 * same bytes.
 */
import { EDGE_KINDS, NODE_KINDS, edgeId, type EdgeBasis, type EdgeKind, type GraphEdge, type GraphNode, type NodeKind } from './schema';

export interface GraphFragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const emptyFragment = (): GraphFragment => ({ nodes: [], edges: [] });

/**
 * A fragment whose nodes or edges may be made as the graph takes them (a generator): a source with hundreds of
 * thousands of edges (Jira's group members at 140,000 people) then never holds them all as objects at once.
 */
export interface StreamedFragment {
  nodes: Iterable<GraphNode>;
  edges: Iterable<GraphEdge>;
}

export class AccessGraph {
  /**
   * Edges live in typed arrays, one slot per edge in the order it was added, not as objects: at 140,000 people
   * 1.5 million edge objects with their Set entry and two adjacency-list slots were about 145 bytes each (220 MB of
   * the build step's 1,024), a slot is 23. Ends are indexes into `ids`; every node's outgoing and incoming edges are
   * linked lists through the slots (nextOut, nextIn), so adjacency keeps insertion order. A removed edge's slot is
   * marked dead and skipped (removals are rare: a stronger basis replacing a weaker one, a merge, a dangling end).
   * Callers still get GraphEdge objects, made when asked for (out, in, edges) and never kept here.
   */
  private readonly idIndex = new Map<string, number>();
  private readonly ids: string[] = [];
  private outHead = new Int32Array(0);
  private outTail = new Int32Array(0);
  private inHead = new Int32Array(0);
  private inTail = new Int32Array(0);
  private outDegree = new Int32Array(0);
  private slots = 0;
  private live = 0;
  private edgeFrom = new Int32Array(0);
  private edgeTo = new Int32Array(0);
  private edgeReason = new Int32Array(0);
  private nextOut = new Int32Array(0);
  private nextIn = new Int32Array(0);
  private edgeKind = new Uint8Array(0);
  private edgeBasis = new Uint8Array(0);
  private edgeFlags = new Uint8Array(0);
  /** Confidence, for the few correlated and inferred edges that have one, by slot. */
  private readonly confidence = new Map<number, number>();
  /** Edge reasons, each text once (sources spell "scheme grant X to role Y" afresh per edge); interned until seal(). */
  private readonly reasons: string[] = [];
  private reasonIndex: Map<string, number> | undefined = new Map();
  /**
   * For a node with more than INDEXED_DEGREE outgoing edges, its edges by target (to -> slot, or slots of several
   * kinds): finding an edge by its ends scans a short list, and looks a long one up.
   */
  private readonly byEnds = new Map<number, Map<number, number | number[]>>();
  /** Node lists derived from the nodes (all, by kind, sorted), built on first use and dropped when a node changes. */
  private nodeViews: { all?: GraphNode[]; sorted?: GraphNode[]; byKind?: Map<NodeKind, GraphNode[]>; sortedByKind?: Map<NodeKind, GraphNode[]>; derived?: Map<string, unknown> } = {};
  /**
   * The node of each id index (undefined for an id seen only as an edge's end, or merged away): the only map of the
   * nodes. A Map by id beside it was 14 MB of hash table at L (400,000 entries) repeating `idIndex`.
   */
  private readonly nodeByIndex: Array<GraphNode | undefined> = [];
  /**
   * Indexes in the order their nodes were added, which is the order `nodes` lists them in (a merged-away node that
   * comes back is added again at the end); `addedAt` holds each live node's position here plus one, so a stale
   * entry is told apart.
   */
  private readonly nodeOrder: number[] = [];
  /** indexesOf's answers by list: a list the graph replaces when a node changes takes its answer with it. */
  private readonly listIndexes = new WeakMap<readonly GraphNode[], Int32Array>();
  private addedAt = new Int32Array(0);
  /** Each live node's kind as its index in NODE_KINDS: listing one kind reads these bytes, not every node object. */
  private kindAt = new Uint8Array(0);
  /** Edges dropped because an endpoint was never added (e.g. a grant to an object outside the read scope). */
  readonly danglingEdges: GraphEdge[] = [];

  static from(...fragments: GraphFragment[]): AccessGraph {
    const graph = new AccessGraph();
    for (const fragment of fragments) graph.addFragment(fragment);
    return graph.seal();
  }

  addFragment(fragment: GraphFragment | StreamedFragment): this {
    for (const node of fragment.nodes) this.addNode(node);
    for (const edge of fragment.edges) this.addEdge(edge);
    return this;
  }

  /** Adds a node; a second node with the same id merges its props over the first (same kind required). */
  addNode(node: GraphNode): this {
    const kindCode = KIND_OF_NODE.get(node.kind);
    if (kindCode === undefined) throw new Error(`Node ${node.id} has kind ${String(node.kind)}, which the schema does not know`);
    // One instance of each id: sources spell an id afresh per record (`jira:user:${accountId}` per membership).
    const index = this.indexOf(node.id);
    node.id = this.ids[index] as string;
    const existing = this.nodeByIndex[index];
    if (existing && existing.kind !== node.kind) {
      throw new Error(`Node ${node.id} added as ${node.kind} but already is a ${existing.kind}`);
    }
    // A literal of the five fields, not a spread of both nodes: the spread put some of them out of the object (40
    // bytes more for each of the 140,000 people merged at L). Every field of `node` wins, as the spread had it.
    const merged: GraphNode = existing ? { id: node.id, kind: node.kind, system: node.system, name: node.name, props: mergeProps(existing.props, node.props) } : node;
    this.nodeByIndex[index] = merged;
    if (!existing) this.addedAt[index] = this.nodeOrder.push(index);
    this.kindAt[index] = kindCode;
    this.nodeViews = {};
    return this;
  }

  /**
   * Adds an edge; a stronger basis replaces a weaker one for the same (kind, from, to). Adjacency is kept up to date
   * as edges come and go, so correlate/ can walk the graph before it is sealed. The graph keeps the edge's values,
   * not the object.
   */
  addEdge(edge: GraphEdge): this {
    const from = this.indexOf(edge.from);
    const to = this.indexOf(edge.to);
    const kind = KIND_CODE[edge.kind];
    const basis = BASIS_STRENGTH[edge.basis];
    const existing = this.findSlot(kind, from, to);
    if (existing !== NONE && basis <= (this.edgeBasis[existing] as number)) return this;
    if (existing !== NONE) this.removeSlot(existing);
    if (this.slots === this.edgeFrom.length) this.growSlots();
    const slot = this.slots++;
    this.live++;
    this.edgeFrom[slot] = from;
    this.edgeTo[slot] = to;
    this.edgeKind[slot] = kind;
    this.edgeBasis[slot] = basis;
    this.edgeReason[slot] = edge.reason === undefined ? NONE : this.reasonOf(edge.reason);
    this.edgeFlags[slot] = ALIVE | (edge.evidenced === undefined ? 0 : HAS_EVIDENCED | (edge.evidenced ? EVIDENCED : 0));
    if (edge.confidence !== undefined) this.confidence.set(slot, edge.confidence);
    this.nextOut[slot] = NONE;
    this.nextIn[slot] = NONE;
    if (this.outTail[from] === NONE) this.outHead[from] = slot;
    else this.nextOut[this.outTail[from] as number] = slot;
    this.outTail[from] = slot;
    if (this.inTail[to] === NONE) this.inHead[to] = slot;
    else this.nextIn[this.inTail[to] as number] = slot;
    this.inTail[to] = slot;
    const degree = (this.outDegree[from] as number) + 1;
    this.outDegree[from] = degree;
    const index = this.byEnds.get(from);
    if (index) indexByTarget(index, to, slot);
    else if (degree > INDEXED_DEGREE) {
      const built = new Map<number, number | number[]>();
      for (let s = this.outHead[from] as number; s !== NONE; s = this.nextOut[s] as number) if (this.alive(s)) indexByTarget(built, this.edgeTo[s] as number, s);
      this.byEnds.set(from, built);
    }
    return this;
  }

  /** The index of an id, given one the first time it is seen (as a node or as an edge's end). */
  private indexOf(id: string): number {
    const known = this.idIndex.get(id);
    if (known !== undefined) return known;
    const index = this.ids.length;
    // A flat copy: an id a source built by concatenation is a tree of string pieces (32 bytes a piece, and a Map
    // lookup flattens it into a copy the pieces keep alive); the graph keeps every id for its life, 400,000 at L.
    const flat = JSON.parse(JSON.stringify(id)) as string;
    this.ids.push(flat);
    this.idIndex.set(flat, index);
    if (index === this.outHead.length) {
      const size = Math.max(1024, index * 2);
      this.outHead = grown(this.outHead, size, NONE);
      this.outTail = grown(this.outTail, size, NONE);
      this.inHead = grown(this.inHead, size, NONE);
      this.inTail = grown(this.inTail, size, NONE);
      this.outDegree = grown(this.outDegree, size, 0);
      this.addedAt = grown(this.addedAt, size, 0);
      this.kindAt = grown(this.kindAt, size, 0);
    }
    return index;
  }

  private reasonOf(reason: string): number {
    const known = this.reasonIndex?.get(reason);
    if (known !== undefined) return known;
    this.reasons.push(reason);
    this.reasonIndex?.set(reason, this.reasons.length - 1);
    return this.reasons.length - 1;
  }

  private growSlots(): void {
    const size = Math.max(4096, this.edgeFrom.length * 2);
    this.edgeFrom = grown(this.edgeFrom, size, 0);
    this.edgeTo = grown(this.edgeTo, size, 0);
    this.edgeReason = grown(this.edgeReason, size, 0);
    this.nextOut = grown(this.nextOut, size, 0);
    this.nextIn = grown(this.nextIn, size, 0);
    this.edgeKind = grown(this.edgeKind, size, 0);
    this.edgeBasis = grown(this.edgeBasis, size, 0);
    this.edgeFlags = grown(this.edgeFlags, size, 0);
  }

  private alive(slot: number): boolean {
    return ((this.edgeFlags[slot] as number) & ALIVE) !== 0;
  }

  /** The slot of the edge of this kind between these ends, if any (at most one: addEdge keeps the strongest basis). */
  private findSlot(kind: number, from: number, to: number): number {
    const index = this.byEnds.get(from);
    if (!index) {
      for (let s = this.outHead[from] as number; s !== NONE; s = this.nextOut[s] as number) if (this.edgeTo[s] === to && this.edgeKind[s] === kind && this.alive(s)) return s;
      return NONE;
    }
    const between = index.get(to);
    if (between === undefined) return NONE;
    if (!Array.isArray(between)) return this.edgeKind[between] === kind ? between : NONE;
    return between.find((s) => this.edgeKind[s] === kind) ?? NONE;
  }

  private removeSlot(slot: number): void {
    if (!this.alive(slot)) return;
    this.edgeFlags[slot] = (this.edgeFlags[slot] as number) & ~ALIVE;
    this.live--;
    const from = this.edgeFrom[slot] as number;
    const to = this.edgeTo[slot] as number;
    this.outDegree[from] = (this.outDegree[from] as number) - 1;
    this.confidence.delete(slot);
    const targets = this.byEnds.get(from);
    const between = targets?.get(to);
    if (targets && between !== undefined) {
      const rest = Array.isArray(between) ? between.filter((s) => s !== slot) : between === slot ? [] : [between];
      if (rest.length === 0) targets.delete(to);
      else targets.set(to, rest.length === 1 ? (rest[0] as number) : rest);
    }
  }

  private removeEdge(edge: GraphEdge): void {
    const from = this.idIndex.get(edge.from);
    const to = this.idIndex.get(edge.to);
    if (from === undefined || to === undefined) return;
    const slot = this.findSlot(KIND_CODE[edge.kind], from, to);
    if (slot !== NONE) this.removeSlot(slot);
  }

  /** A new GraphEdge with the slot's values. */
  private edgeAt(slot: number): GraphEdge {
    const edge: GraphEdge = { kind: KINDS[this.edgeKind[slot] as number] as EdgeKind, from: this.ids[this.edgeFrom[slot] as number] as string, to: this.ids[this.edgeTo[slot] as number] as string, basis: BASES[this.edgeBasis[slot] as number] as EdgeBasis };
    const confidence = this.confidence.get(slot);
    if (confidence !== undefined) edge.confidence = confidence;
    const reason = this.edgeReason[slot] as number;
    if (reason !== NONE) edge.reason = this.reasons[reason] as string;
    const flags = this.edgeFlags[slot] as number;
    if (flags & HAS_EVIDENCED) edge.evidenced = (flags & EVIDENCED) !== 0;
    return edge;
  }

  /**
   * Folds node `fromId` into `toId` (same kind): props merge, every edge is re-pointed, `fromId` disappears.
   * Used by correlate/ to join one person or app seen in several systems. Call before seal().
   */
  mergeNodeInto(fromId: string, toId: string): this {
    const from = this.node(fromId);
    const to = this.node(toId);
    if (!from || fromId === toId) return this;
    this.addNode(to ? { ...from, id: toId, name: to.name || from.name } : { ...from, id: toId });
    const fromIndex = this.idIndex.get(fromId) as number;
    this.nodeByIndex[fromIndex] = undefined;
    this.addedAt[fromIndex] = 0;
    this.nodeViews = {};
    for (const edge of [...this.out(fromId), ...this.in(fromId)]) {
      this.removeEdge(edge);
      this.addEdge({ ...edge, from: edge.from === fromId ? toId : edge.from, to: edge.to === fromId ? toId : edge.to });
    }
    return this;
  }

  /** Drops edges with a missing endpoint, and refuses an edge joining kinds the schema does not allow. */
  seal(): this {
    this.reasonIndex = undefined;
    // Ends by index, not by id: 1.5 million edges at L made three million Map lookups here.
    for (let slot = 0; slot < this.slots; slot++) {
      if (!this.alive(slot)) continue;
      const from = this.nodeByIndex[this.edgeFrom[slot] as number];
      const to = this.nodeByIndex[this.edgeTo[slot] as number];
      if (!from || !to) {
        this.danglingEdges.push(this.edgeAt(slot));
        this.removeSlot(slot);
        continue;
      }
      const code = this.edgeKind[slot] as number;
      if (!(KIND_FROM[code] as ReadonlySet<NodeKind>).has(from.kind) || !(KIND_TO[code] as ReadonlySet<NodeKind>).has(to.kind)) {
        throw new Error(`Edge ${KINDS[code] as EdgeKind} cannot join ${from.kind} ${from.id} to ${to.kind} ${to.id}`);
      }
    }
    this.trim();
    return this;
  }

  /**
   * Arrays cut to what they hold: they grow by doubling, so a sealed L graph carried room for 590,000 more edges and
   * 120,000 more ids (16 MB) it would never add. A graph that grows after seal() grows them again.
   */
  private trim(): void {
    const slots = this.slots;
    this.edgeFrom = this.edgeFrom.slice(0, slots);
    this.edgeTo = this.edgeTo.slice(0, slots);
    this.edgeReason = this.edgeReason.slice(0, slots);
    this.nextOut = this.nextOut.slice(0, slots);
    this.nextIn = this.nextIn.slice(0, slots);
    this.edgeKind = this.edgeKind.slice(0, slots);
    this.edgeBasis = this.edgeBasis.slice(0, slots);
    this.edgeFlags = this.edgeFlags.slice(0, slots);
    const ids = this.ids.length;
    this.outHead = this.outHead.slice(0, ids);
    this.outTail = this.outTail.slice(0, ids);
    this.inHead = this.inHead.slice(0, ids);
    this.inTail = this.inTail.slice(0, ids);
    this.outDegree = this.outDegree.slice(0, ids);
    this.addedAt = this.addedAt.slice(0, ids);
    this.kindAt = this.kindAt.slice(0, ids);
  }

  node(id: string): GraphNode | undefined {
    const index = this.idIndex.get(id);
    return index === undefined ? undefined : this.nodeByIndex[index];
  }

  /** Every node (of one kind, if given) in the order added. */
  private liveNodes(kind?: NodeKind): GraphNode[] {
    const nodes: GraphNode[] = [];
    const code = kind === undefined ? -1 : (KIND_OF_NODE.get(kind) as number);
    for (let at = 0; at < this.nodeOrder.length; at++) {
      const index = this.nodeOrder[at] as number;
      if (this.addedAt[index] === at + 1 && (code === -1 || this.kindAt[index] === code)) nodes.push(this.nodeByIndex[index] as GraphNode);
    }
    return nodes;
  }

  /**
   * Ids by dense index, for walks that keep per-node state in typed arrays (chains/reach.ts) rather than in Maps
   * keyed by id: at 400,000 nodes a Map lookup is a cache miss. An index is stable for the graph's life; `idCount`
   * bounds them (it counts ids seen only as an edge's end, which have no node).
   */
  get idCount(): number {
    return this.ids.length;
  }

  indexOfId(id: string): number | undefined {
    return this.idIndex.get(id);
  }

  idAt(index: number): string {
    return this.ids[index] as string;
  }

  nodeAt(index: number): GraphNode | undefined {
    return this.nodeByIndex[index];
  }

  /**
   * A fresh array each call (callers sort and filter it); each kind's list is built on first ask, from the kind
   * bytes, and kept until a node changes: evaluation asks for workloads, identities and credentials, and should not
   * gather the 140,000 people of an L tenant to get them.
   */
  nodesOfKind<K extends NodeKind>(kind: K): Array<GraphNode<K>> {
    return [...this.kindList(kind)];
  }

  private kindList<K extends NodeKind>(kind: K): ReadonlyArray<GraphNode<K>> {
    const byKind = (this.nodeViews.byKind ??= new Map());
    let list = byKind.get(kind);
    if (!list) {
      list = this.liveNodes(kind);
      byKind.set(kind, list);
    }
    return list as Array<GraphNode<K>>;
  }

  /** The node's outgoing edges (of one kind, if given), in the order they were added; a fresh array each call. */
  out(id: string, kind?: EdgeKind): GraphEdge[] {
    return this.listed(id, kind, this.outHead, this.nextOut);
  }

  /**
   * The first edge (in the order added) from `fromId` to `toId`, of any kind: what out(fromId).find(e => e.to ===
   * toId) returns, without making every outgoing edge of a node with thousands of them.
   */
  edgeBetween(fromId: string, toId: string): GraphEdge | undefined {
    const from = this.idIndex.get(fromId);
    const to = this.idIndex.get(toId);
    if (from === undefined || to === undefined) return undefined;
    return this.edgeBetweenAt(from, to);
  }

  /** edgeBetween by the ends' indexes (indexOfId). */
  edgeBetweenAt(from: number, to: number): GraphEdge | undefined {
    const slot = this.slotBetween(from, to);
    return slot === NONE ? undefined : this.edgeAt(slot);
  }

  /**
   * What a detection says of each hop of its chain: the kind, basis and `evidenced` of the first edge (in the order
   * added) from `from` to `to`, by the ends' indexes, without the edge's ids, reason and confidence (edgeBetweenAt).
   */
  hopBetweenAt(from: number, to: number): { kind: EdgeKind; basis: EdgeBasis; evidenced?: boolean } | undefined {
    const slot = this.slotBetween(from, to);
    if (slot === NONE) return undefined;
    const flags = this.edgeFlags[slot] as number;
    const kind = KINDS[this.edgeKind[slot] as number] as EdgeKind;
    const basis = BASES[this.edgeBasis[slot] as number] as EdgeBasis;
    return flags & HAS_EVIDENCED ? { kind, basis, evidenced: (flags & EVIDENCED) !== 0 } : { kind, basis };
  }

  /** The slot of the first live edge (in the order added) from `from` to `to`, of any kind; NONE if there is none. */
  private slotBetween(from: number, to: number): number {
    const index = this.byEnds.get(from);
    if (index) {
      const between = index.get(to);
      if (between === undefined) return NONE;
      let first = NONE;
      for (const s of Array.isArray(between) ? between : [between]) if (this.alive(s) && (first === NONE || s < first)) first = s;
      return first;
    }
    for (let s = this.outHead[from] ?? NONE; s !== NONE; s = this.nextOut[s] as number) if (this.edgeTo[s] === to && this.alive(s)) return s;
    return NONE;
  }

  /**
   * Every edge from `fromId` to `toId` (one per kind at most), in the order added: what out(fromId).filter(e => e.to
   * === toId) returns, looked up by target where the start has many edges.
   */
  edgesBetween(fromId: string, toId: string): GraphEdge[] {
    const from = this.idIndex.get(fromId);
    const to = this.idIndex.get(toId);
    if (from === undefined || to === undefined) return [];
    const index = this.byEnds.get(from);
    if (index) {
      const between = index.get(to);
      if (between === undefined) return [];
      const slots = Array.isArray(between) ? between : [between];
      return slots
        .filter((s) => this.alive(s))
        .sort((a, b) => a - b)
        .map((s) => this.edgeAt(s));
    }
    const edges: GraphEdge[] = [];
    for (let s = this.outHead[from] as number; s !== NONE; s = this.nextOut[s] as number) if (this.edgeTo[s] === to && this.alive(s)) edges.push(this.edgeAt(s));
    return edges;
  }

  /** The node's incoming edges (of one kind, if given), in the order they were added; a fresh array each call. */
  in(id: string, kind?: EdgeKind): GraphEdge[] {
    return this.listed(id, kind, this.inHead, this.nextIn);
  }

  /**
   * Calls `visit` with the end of each of the node's outgoing edges of `kind`, in the order added: out(id, kind)
   * without an edge object per edge or an id lookup of its end (the checks ask every principal's roles, grants
   * and owners), with the edge's basis and `evidenced`, and the end's index (for forEachOutOfKindAt: a walk that goes
   * on from the end needs no lookup of its id). The node is undefined only for an end not added yet, before seal().
   */
  forEachOut(id: string, kind: EdgeKind, visit: (to: GraphNode | undefined, toId: string, basis: EdgeBasis, evidenced: boolean | undefined, toIndex: number) => void): void {
    const index = this.idIndex.get(id);
    if (index !== undefined) this.forEachOutOfKindAt(index, kind, visit);
  }

  /**
   * forEachOut by the node's index (indexOfId, indexesOf, or an end another walk gave): at 400,000 ids, looking an id
   * up costs more than walking the node's edges, and the checks did it about 225,000 times at L.
   */
  forEachOutOfKindAt(index: number, kind: EdgeKind, visit: (to: GraphNode | undefined, toId: string, basis: EdgeBasis, evidenced: boolean | undefined, toIndex: number) => void): void {
    const code = KIND_CODE[kind];
    // An index the graph never gave (-1 from indexesOf) has no edges.
    for (let s = this.outHead[index] ?? NONE; s !== NONE; s = this.nextOut[s] as number) {
      if (this.edgeKind[s] !== code || !this.alive(s)) continue;
      const to = this.edgeTo[s] as number;
      const flags = this.edgeFlags[s] as number;
      visit(this.nodeByIndex[to], this.ids[to] as string, BASES[this.edgeBasis[s] as number] as EdgeBasis, flags & HAS_EVIDENCED ? (flags & EVIDENCED) !== 0 : undefined, to);
    }
  }

  /**
   * Calls `visit` with the start of each of the node's incoming edges of `kind`, in the order added: in(id, kind)
   * without making an edge object per edge or looking its start up by id (a role held through a site-wide group has
   * a HAS_ROLE edge per member), and the start's index. The node is undefined only for an end not added yet, before
   * seal().
   */
  forEachIn(id: string, kind: EdgeKind, visit: (from: GraphNode | undefined, fromId: string, reason: string | undefined, fromIndex: number) => void): void {
    const index = this.idIndex.get(id);
    if (index !== undefined) this.forEachInOfKindAt(index, kind, visit);
  }

  /** forEachIn by the node's index (see forEachOutOfKindAt). */
  forEachInOfKindAt(index: number, kind: EdgeKind, visit: (from: GraphNode | undefined, fromId: string, reason: string | undefined, fromIndex: number) => void): void {
    const code = KIND_CODE[kind];
    for (let s = this.inHead[index] ?? NONE; s !== NONE; s = this.nextIn[s] as number) {
      if (this.edgeKind[s] !== code || !this.alive(s)) continue;
      const from = this.edgeFrom[s] as number;
      const reason = this.edgeReason[s] as number;
      visit(this.nodeByIndex[from], this.ids[from] as string, reason === NONE ? undefined : this.reasons[reason], from);
    }
  }

  /**
   * Calls `visit` with each live outgoing edge of the node at `index` (an index of indexOfId): its kind, its target's
   * index, its basis and `evidenced`, in the order added. Reach works out every node's walk edges from these, without
   * an edge object and two id lookups per edge (1.5 million edges at L).
   */
  forEachOutAt(index: number, visit: (kind: EdgeKind, to: number, basis: EdgeBasis, evidenced: boolean | undefined) => void): void {
    for (let s = this.outHead[index] as number; s !== NONE; s = this.nextOut[s] as number) {
      if (!this.alive(s)) continue;
      const flags = this.edgeFlags[s] as number;
      visit(KINDS[this.edgeKind[s] as number] as EdgeKind, this.edgeTo[s] as number, BASES[this.edgeBasis[s] as number] as EdgeBasis, flags & HAS_EVIDENCED ? (flags & EVIDENCED) !== 0 : undefined);
    }
  }

  /** forEachOutAt for incoming edges: each live edge's kind and its start's index, in the order added. */
  forEachInAt(index: number, visit: (kind: EdgeKind, from: number) => void): void {
    for (let s = this.inHead[index] as number; s !== NONE; s = this.nextIn[s] as number) {
      if (this.alive(s)) visit(KINDS[this.edgeKind[s] as number] as EdgeKind, this.edgeFrom[s] as number);
    }
  }

  /**
   * Takes the nodes at these indexes out of a sealed graph with every edge they end, as a merge takes a node away:
   * their ids stay known (node(id) is undefined), their objects become garbage. What is dropped is the caller's
   * decision (chains/evaluation-slice.ts); the lists and views the graph keeps are rebuilt on next use.
   */
  dropNodesAt(indexes: readonly number[]): this {
    for (const index of indexes) {
      if (!this.nodeByIndex[index]) continue;
      for (let s = this.outHead[index] as number; s !== NONE; s = this.nextOut[s] as number) this.removeSlot(s);
      for (let s = this.inHead[index] as number; s !== NONE; s = this.nextIn[s] as number) this.removeSlot(s);
      this.nodeByIndex[index] = undefined;
      this.addedAt[index] = 0;
    }
    this.nodeViews = {};
    return this;
  }

  /** The live edges (of one kind, if given) of one of a node's adjacency lists (outgoing or incoming), in order. */
  private listed(id: string, kind: EdgeKind | undefined, head: Int32Array, next: Int32Array): GraphEdge[] {
    const index = this.idIndex.get(id);
    const edges: GraphEdge[] = [];
    if (index === undefined) return edges;
    const code = kind === undefined ? NONE : KIND_CODE[kind];
    for (let s = head[index] as number; s !== NONE; s = next[s] as number) {
      if ((code === NONE || this.edgeKind[s] === code) && this.alive(s)) edges.push(this.edgeAt(s));
    }
    return edges;
  }

  get nodes(): GraphNode[] {
    this.nodeViews.all ??= this.liveNodes();
    return [...this.nodeViews.all];
  }

  /** Every node by id, as toJSON orders them, without sorting the edges (the snapshot digest and the inventory). */
  sortedNodes(): readonly GraphNode[] {
    this.nodeViews.sorted ??= this.liveNodes().sort((a, b) => compare(a.id, b.id));
    return this.nodeViews.sorted;
  }

  /**
   * The nodes of one kind by id, the same list until a node changes. Checks walk their subjects in id order: each
   * sorting tens of thousands of identities by itself cost more than the check. Sorted by kind, not cut from
   * sortedNodes(): evaluation asks for the kinds it judges and should not pay to sort every person in the tenant.
   */
  sortedNodesOfKind<K extends NodeKind>(kind: K): ReadonlyArray<GraphNode<K>> {
    const views = (this.nodeViews.sortedByKind ??= new Map());
    let list = views.get(kind);
    if (!list) {
      list = this.nodesOfKind(kind).sort((a, b) => compare(a.id, b.id));
      views.set(kind, list);
    }
    return list as Array<GraphNode<K>>;
  }

  /**
   * A list an outer layer derives from the nodes (the principals, in id order), built once by `build` and kept until
   * a node changes, like the views above: the graph does not know what a principal is, but keeps the answer.
   */
  derivedNodes<T extends GraphNode>(key: string, build: () => T[]): readonly T[] {
    const derived = (this.nodeViews.derived ??= new Map());
    let list = derived.get(key) as T[] | undefined;
    if (!list) {
      list = build();
      derived.set(key, list);
    }
    return list;
  }

  /**
   * The index of each node of a list the graph gave (sortedNodesOfKind, derivedNodes), looked up once per list and
   * kept while the list is: a check walking every principal's edges by index spares an id lookup per principal per
   * check. A node not in the graph is -1.
   */
  indexesOf(nodes: readonly GraphNode[]): Int32Array {
    let indexes = this.listIndexes.get(nodes);
    if (!indexes) {
      indexes = Int32Array.from(nodes, (node) => this.idIndex.get(node.id) ?? NONE);
      this.listIndexes.set(nodes, indexes);
    }
    return indexes;
  }

  /** Every edge, in the order added. At 140,000 people that is 1.5 million new objects: prefer edgesOfKind. */
  get edges(): GraphEdge[] {
    return this.edgesOfKind();
  }

  /** Every edge of these kinds (all, if none is given), in the order added; only those are made into objects. */
  edgesOfKind(...kinds: EdgeKind[]): GraphEdge[] {
    const codes = new Set(kinds.map((k) => KIND_CODE[k]));
    const edges: GraphEdge[] = [];
    for (let s = 0; s < this.slots; s++) if (this.alive(s) && (codes.size === 0 || codes.has(this.edgeKind[s] as number))) edges.push(this.edgeAt(s));
    return edges;
  }

  get edgeCount(): number {
    return this.live;
  }

  /** Sorted, so two graphs with the same content serialise identically. Ids are computed once, not per comparison. */
  toJSON(): GraphFragment {
    const edges = this.edges.map((edge) => ({ edge, id: edgeId(edge) })).sort((a, b) => compare(a.id, b.id)).map(({ edge }) => edge);
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
    // Two empty lists stay the one they were (owners share NO_IDS): a new [] per merged person was 3.5 MB at L.
    if (Array.isArray(previous) && Array.isArray(value)) merged[key] = previous.length === 0 && value.length === 0 ? previous : [...new Set([...previous, ...value])].sort();
    else if (key === 'departed') merged[key] = previous === true || value === true;
    else if (key === 'departedReason' && typeof previous === 'string' && previous !== value) merged[key] = `${previous}; ${String(value)}`;
    else if (key === 'departedAt' && typeof previous === 'string' && typeof value === 'string') merged[key] = previous < value ? previous : value;
    else merged[key] = value;
  }
  return merged as P;
}

/** An edge's basis as stored: its strength, the higher the stronger (addEdge keeps the stronger). */
const BASIS_STRENGTH = { inferred: 0, correlated: 1, declared: 2, observed: 3 } as const;
const BASES = Object.keys(BASIS_STRENGTH) as EdgeBasis[];
const KINDS = Object.keys(EDGE_KINDS) as EdgeKind[];
const KIND_OF_NODE = new Map<NodeKind, number>(NODE_KINDS.map((kind, i) => [kind, i]));
const KIND_CODE = Object.fromEntries(KINDS.map((kind, i) => [kind, i])) as Record<EdgeKind, number>;
/** The node kinds each edge kind may start and end at, by kind code (EDGE_KINDS' rule). */
const KIND_FROM: ReadonlyArray<ReadonlySet<NodeKind>> = KINDS.map((kind) => new Set(EDGE_KINDS[kind].from as readonly NodeKind[]));
const KIND_TO: ReadonlyArray<ReadonlySet<NodeKind>> = KINDS.map((kind) => new Set(EDGE_KINDS[kind].to as readonly NodeKind[]));

/** No slot (end of a list, no reason). */
const NONE = -1;
/** edgeFlags bits: the slot holds a live edge; the edge has `evidenced`; its value. */
const ALIVE = 1;
const HAS_EVIDENCED = 2;
const EVIDENCED = 4;

/** Outgoing lists up to this long are scanned to find an edge; longer ones are indexed by target. */
const INDEXED_DEGREE = 16;

function indexByTarget(index: Map<number, number | number[]>, to: number, slot: number): void {
  const between = index.get(to);
  if (between === undefined) index.set(to, slot);
  else if (Array.isArray(between)) between.push(slot);
  else index.set(to, [between, slot]);
}

function grown<T extends Int32Array | Uint8Array>(array: T, size: number, fill: number): T {
  const next = new (array.constructor as { new (length: number): T })(size);
  next.set(array);
  if (fill !== 0) next.fill(fill, array.length);
  return next;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
