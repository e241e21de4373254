/**
 * Access chains: for every principal (a workload or a non-human identity), the resources it can reach and the
 * shortest chain of nodes that gets it there, following only recorded grants (path edges of the schema).
 *
 * Rules of the walk (design.md "Reach follows recorded grants only"):
 * - an automation rule reaches its scope (TRIGGERS_ON), not everything its actor could reach;
 * - a walk passes through a person's account only when a credential authenticates as it (a flow's connection);
 *   it never starts from a person;
 * - a tenant-wide scope resource (every mailbox, every site) is reached once; its sensitive members are reported
 *   as reached through it.
 * Breadth-first with edges sorted by id, so the chain chosen for each resource is deterministic.
 */
import type { AccessGraph } from '../model/graph';
import { EDGE_KINDS, SENSITIVITY_RANK, type EdgeKind, type GraphEdge, type GraphNode, type Sensitivity } from '../model/schema';

export interface ReachedResource {
  resourceId: string;
  /** Set when the reached thing is a sensitive member of a scope resource (a mailbox inside "every mailbox"). */
  memberId?: string;
  name: string;
  sensitivity: Sensitivity;
  businessDomain?: string;
  /** Node ids from the principal to the resource, both included. */
  chain: string[];
  /** Every edge on the chain is observed or declared. */
  proven: boolean;
}

export interface ReachedPermission {
  permissionId: string;
  chain: string[];
  proven: boolean;
}

export interface PrincipalReach {
  principalId: string;
  reached: ReachedResource[];
  /** Permissions on the way: the principal's authority, whatever resources they apply to. */
  permissions: ReachedPermission[];
}

/** Workloads and non-human identities, except Microsoft's platform plumbing and hops derived from another principal. */
export function isPrincipal(node: GraphNode): boolean {
  if (node.kind === 'workload') return (node.props as GraphNode<'workload'>['props']).derivedFrom === undefined;
  if (node.kind !== 'identity') return false;
  const props = node.props as GraphNode<'identity'>['props'];
  return !props.human && props.origin !== 'microsoft' && props.derivedFrom === undefined;
}

/**
 * The edges a walk follows out of a node, sorted by id. Which edges a walk may take depends only on the edge and
 * its two ends, so it is decided here once: another workload's reach is its own, and a person's account is
 * entered only through a credential.
 */
export function walkEdges(graph: AccessGraph, node: GraphNode): GraphEdge[] {
  const isRule = isAutomationRule(node);
  return graph
    .out(node.id)
    .filter((edge) => mayWalk(isRule, edge.kind, graph.node(edge.to)))
    .sort(byEdgeIdFromOneNode);
}

function isAutomationRule(node: GraphNode): boolean {
  return node.kind === 'workload' && (node.props as GraphNode<'workload'>['props']).subtype === 'jira_automation_rule';
}

/** Whether a walk takes an edge of this kind out of a node (an automation rule, or not) to this target. */
function mayWalk(fromRule: boolean, kind: EdgeKind, target: GraphNode | undefined): boolean {
  if (fromRule ? kind !== 'TRIGGERS_ON' : !EDGE_KINDS[kind].path) return false;
  if (!target) return false;
  if (target.kind === 'workload' && kind !== 'CALLS') return false;
  if (target.kind === 'identity' && (target.props as GraphNode<'identity'>['props']).human && kind !== 'AUTHENTICATES_AS') return false;
  return true;
}

/**
 * Rank of `${kind}|` among every edge kind's: edges out of one node share `from`, so their edgeId order is this rank,
 * then `to`; comparing so spares building an id string per edge (a million of them at L).
 */
const KIND_RANK = new Map(
  Object.keys(EDGE_KINDS)
    .map((kind) => `${kind}|`)
    .sort()
    .map((key, rank) => [key.slice(0, -1), rank] as const),
);

/** edgeId order (kind|from|to) for edges that share `from`. */
function byEdgeIdFromOneNode(a: GraphEdge, b: GraphEdge): number {
  return (KIND_RANK.get(a.kind) as number) - (KIND_RANK.get(b.kind) as number) || compareIds(a.to, b.to);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A node's walk edges as the indexes of their targets, with whether each edge is proven, in walk order. */
interface WalkStep {
  to: Int32Array;
  proven: Uint8Array;
}

/**
 * State shared by the walks of one graph (computeAllReach): each node's walk edges, worked out once (the walks of
 * thousands of principals pass the same roles and permissions), and per-node marks in typed arrays by the graph's
 * id index, stamped with the walk's number so no walk allocates a Set or Map of its own: at 400,000 nodes each
 * string-keyed lookup was a cache miss.
 */
export class WalkCache {
  /** The graph's id count when the cache was made: a graph that has grown since needs a new cache. */
  readonly ids: number;
  /**
   * Every node's walk steps, back to back in two growing arrays (targets and proofs), as worked out; each node's start
   * among them plus one (0: not yet) and its count. Two typed arrays per node were 600,000 small buffers at L, each
   * with its own bookkeeping for the garbage collector.
   */
  private stepTargets = new Int32Array(1024);
  private stepProofs = new Uint8Array(1024);
  private stepsUsed = 0;
  private readonly stepStart: Int32Array;
  private readonly stepLength: Int32Array;
  readonly seen: Int32Array;
  readonly unproven: Int32Array;
  readonly previous: Int32Array;
  /** The walk's queue of node indexes (breadth-first order). */
  readonly queue: Int32Array;
  /**
   * Each permission's and resource's place in id order plus one (0: another kind), the order a walk's ends are
   * listed in: ranked once per graph, a walk sorts its ends by number instead of comparing long ids (280,000 ends at
   * L). Built on first use.
   */
  private endRanks: Int32Array | undefined;
  walk = 0;

  constructor(private readonly graph: AccessGraph) {
    this.ids = graph.idCount;
    this.seen = new Int32Array(graph.idCount);
    this.unproven = new Int32Array(graph.idCount);
    this.previous = new Int32Array(graph.idCount);
    this.stepStart = new Int32Array(graph.idCount);
    this.stepLength = new Int32Array(graph.idCount);
    this.queue = new Int32Array(graph.idCount);
  }

  /** The end rank of every node index (above), worked out on first use. */
  ranks(): Int32Array {
    if (!this.endRanks) {
      const ends = [...this.graph.nodesOfKind('permission'), ...this.graph.nodesOfKind('resource')].sort((a, b) => compareIds(a.id, b.id));
      const ranks = new Int32Array(this.ids);
      ends.forEach((node, rank) => {
        ranks[this.graph.indexOfId(node.id) as number] = rank + 1;
      });
      this.endRanks = ranks;
    }
    return this.endRanks;
  }

  /**
   * Where the node's walk steps start in `targets` and `proofs` (they run for stepCount(index)), worked out on first
   * use. Read `targets` and `proofs` after this call: working out a node's steps may replace them with larger ones.
   */
  stepsAt(index: number): number {
    const start = this.stepStart[index] as number;
    if (start > 0) return start - 1;
    // walkEdges by index: the same edges in the same order, without an edge object or id lookup per edge.
    const graph = this.graph;
    const node = graph.nodeAt(index);
    const taken: Array<{ kind: EdgeKind; to: number; proven: boolean }> = [];
    if (node) {
      const fromRule = isAutomationRule(node);
      graph.forEachOutAt(index, (kind, to, basis, evidenced) => {
        if (mayWalk(fromRule, kind, graph.nodeAt(to))) taken.push({ kind, to, proven: isProvenEdge({ basis, evidenced }) });
      });
      taken.sort((a, b) => (KIND_RANK.get(a.kind) as number) - (KIND_RANK.get(b.kind) as number) || compareIds(graph.idAt(a.to), graph.idAt(b.to)));
    }
    const at = this.stepsUsed;
    if (at + taken.length > this.stepTargets.length) {
      const size = Math.max(this.stepTargets.length * 2, at + taken.length);
      const [targets, proofs] = [new Int32Array(size), new Uint8Array(size)];
      targets.set(this.stepTargets.subarray(0, at));
      proofs.set(this.stepProofs.subarray(0, at));
      [this.stepTargets, this.stepProofs] = [targets, proofs];
    }
    taken.forEach((edge, i) => {
      this.stepTargets[at + i] = edge.to;
      this.stepProofs[at + i] = edge.proven ? 1 : 0;
    });
    this.stepsUsed = at + taken.length;
    this.stepStart[index] = at + 1;
    this.stepLength[index] = taken.length;
    return at;
  }

  stepCount(index: number): number {
    return this.stepLength[index] as number;
  }

  /** Targets of the steps (node indexes), by stepsAt's positions. */
  get targets(): Int32Array {
    return this.stepTargets;
  }

  /** Whether each step's edge is proven (1) or not (0), by stepsAt's positions. */
  get proofs(): Uint8Array {
    return this.stepProofs;
  }

  /** The node's walk steps as a copy (tests compare them with walkEdges). */
  stepOf(index: number): WalkStep {
    const start = this.stepsAt(index);
    const end = start + this.stepCount(index);
    return { to: this.stepTargets.slice(start, end), proven: this.stepProofs.slice(start, end) };
  }
}

/**
 * The resources and permissions one principal reaches, each with the first chain a breadth-first walk (edges in id
 * order) finds. Pass the same `cache` to every walk over one sealed graph.
 */
export function computeReach(graph: AccessGraph, principalId: string, given?: WalkCache, startIndex = graph.indexOfId(principalId)): PrincipalReach {
  // Marks live in arrays sized to the graph's ids: a cache made before the graph grew cannot hold the new ones.
  const cache = given && given.ids === graph.idCount ? given : new WalkCache(graph);
  if (startIndex === undefined || !graph.nodeAt(startIndex)) return { principalId, reached: [], permissions: [] };
  const walk = ++cache.walk;
  const { seen, unproven, previous, queue } = cache;
  seen[startIndex] = walk;
  // A node enters the queue at most once per walk, so the graph-sized queue of the cache never overflows.
  queue[0] = startIndex;
  let queued = 1;
  for (let head = 0; head < queued; head++) {
    const at = queue[head] as number;
    const start = cache.stepsAt(at);
    const end = start + cache.stepCount(at);
    const { targets, proofs } = cache;
    const parentProven = unproven[at] !== walk;
    for (let i = start; i < end; i++) {
      const next = targets[i] as number;
      if (seen[next] === walk) continue;
      seen[next] = walk;
      previous[next] = at;
      if (!(parentProven && proofs[i] === 1)) unproven[next] = walk;
      queue[queued++] = next;
    }
  }
  // The ends (permissions and resources: the nodes with a rank) by index, in id order.
  const ranks = cache.ranks();
  const ends: number[] = [];
  for (let i = 0; i < queued; i++) if ((ranks[queue[i] as number] as number) > 0) ends.push(queue[i] as number);
  ends.sort((a, b) => (ranks[a] as number) - (ranks[b] as number));
  const reached: ReachedResource[] = [];
  const permissions: ReachedPermission[] = [];
  for (const index of ends) {
    const node = graph.nodeAt(index) as GraphNode;
    const id = node.id;
    // Sized first, then filled from the end: a chain grown by push kept room for 17 ids where it held about 5, some
    // 30 MB over an L tenant's 280,000 chains (reach is held through the whole build step).
    let length = 1;
    for (let at = index; at !== startIndex; at = previous[at] as number) length++;
    const chain = new Array<string>(length);
    for (let at = index, i = length - 1; i >= 0; at = previous[at] as number, i--) chain[i] = graph.idAt(at);
    const isProven = unproven[index] !== walk;
    if (node.kind === 'permission') {
      permissions.push({ permissionId: id, chain, proven: isProven });
      continue;
    }
    const props = node.props as GraphNode<'resource'>['props'];
    reached.push({ resourceId: id, name: node.name, sensitivity: props.sensitivity, businessDomain: props.businessDomain, chain, proven: isProven });
    for (const member of props.members ?? []) {
      reached.push({ resourceId: id, memberId: member.id, name: member.name, sensitivity: member.sensitivity, businessDomain: member.businessDomain, chain, proven: isProven });
    }
  }
  return { principalId, reached, permissions };
}

/** Observed and declared edges are facts; a correlation counts once both ends show use inside the window. */
export function isProvenEdge(edge: Pick<GraphEdge, 'basis' | 'evidenced'>): boolean {
  return edge.basis === 'observed' || edge.basis === 'declared' || edge.evidenced === true;
}

/** Reach of every principal in the graph, keyed by principal id. */
export function computeAllReach(graph: AccessGraph): Map<string, PrincipalReach> {
  const result = new Map<string, PrincipalReach>();
  const cache = new WalkCache(graph);
  const principals = sortedPrincipals(graph);
  const indexes = graph.indexesOf(principals);
  principals.forEach((node, i) => result.set(node.id, computeReach(graph, node.id, cache, indexes[i])));
  return result;
}

const byId = (a: GraphNode, b: GraphNode) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every principal of the graph in id order, built once per graph: reach and the checks walk them, and sorting only
 * workloads and identities that are principals spares sorting every person in the tenant.
 */
export function sortedPrincipals(graph: AccessGraph): readonly GraphNode[] {
  return graph.derivedNodes('principals', () => [...graph.nodesOfKind('workload'), ...graph.nodesOfKind('identity')].filter(isPrincipal).sort(byId));
}

/** The identities among sortedPrincipals, in id order (the checks that judge an identity's own authority). */
export function sortedPrincipalIdentities(graph: AccessGraph): ReadonlyArray<GraphNode<'identity'>> {
  return graph.derivedNodes('principal-identities', () => sortedPrincipals(graph).filter((node): node is GraphNode<'identity'> => node.kind === 'identity'));
}

/** The highest sensitivity among resources reached. */
export function highestSensitivity(reach: PrincipalReach): Sensitivity | undefined {
  let best: Sensitivity | undefined;
  for (const r of reach.reached) if (!best || SENSITIVITY_RANK[r.sensitivity] > SENSITIVITY_RANK[best]) best = r.sensitivity;
  return best;
}

/** Stable key of a reached thing for drift: the resource, or the member inside a scope resource. */
export function reachKey(r: Pick<ReachedResource, 'resourceId' | 'memberId'>): string {
  return r.memberId ? `${r.resourceId}#${r.memberId}` : r.resourceId;
}
