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
import { EDGE_KINDS, SENSITIVITY_RANK, edgeId, type GraphEdge, type GraphNode, type Sensitivity } from '../model/schema';

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
  const isRule = node.kind === 'workload' && (node.props as GraphNode<'workload'>['props']).subtype === 'jira_automation_rule';
  return graph
    .out(node.id)
    .filter((edge) => {
      if (isRule ? edge.kind !== 'TRIGGERS_ON' : !EDGE_KINDS[edge.kind].path) return false;
      const target = graph.node(edge.to);
      if (!target) return false;
      if (target.kind === 'workload' && edge.kind !== 'CALLS') return false;
      if (target.kind === 'identity' && (target.props as GraphNode<'identity'>['props']).human && edge.kind !== 'AUTHENTICATES_AS') return false;
      return true;
    })
    .map((edge) => ({ edge, id: edgeId(edge) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(({ edge }) => edge);
}

/** A node's walk edges with whether each is proven, worked out once per node per graph (computeAllReach). */
interface WalkStep {
  edges: GraphEdge[];
  proven: boolean[];
}

export type WalkCache = Map<string, WalkStep>;

function walkStep(graph: AccessGraph, id: string, cache: WalkCache): WalkStep {
  let step = cache.get(id);
  if (!step) {
    const node = graph.node(id);
    const edges = node ? walkEdges(graph, node) : [];
    step = { edges, proven: edges.map(isProvenEdge) };
    cache.set(id, step);
  }
  return step;
}

/**
 * `cache` keeps each node's walk edges across the walks of one graph (computeAllReach): the walks of thousands of
 * principals pass the same roles and permissions. A node's predecessor on its chain is kept as an id, and the few
 * nodes reached through an unproven edge in a set, rather than an object per node reached.
 */
export function computeReach(graph: AccessGraph, principalId: string, cache: WalkCache = new Map()): PrincipalReach {
  const start = graph.node(principalId);
  if (!start) return { principalId, reached: [], permissions: [] };
  const previous = new Map<string, string>();
  const unproven = new Set<string>();
  const seen = new Set([principalId]);
  const queue = [principalId];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    const { edges, proven } = walkStep(graph, id, cache);
    const parentProven = !unproven.has(id);
    for (let i = 0; i < edges.length; i++) {
      const to = (edges[i] as GraphEdge).to;
      if (seen.has(to)) continue;
      seen.add(to);
      previous.set(to, id);
      if (!(parentProven && proven[i])) unproven.add(to);
      queue.push(to);
    }
  }
  const reached: ReachedResource[] = [];
  const permissions: ReachedPermission[] = [];
  const ends: Array<[string, GraphNode]> = [];
  for (const id of queue) {
    const node = graph.node(id);
    if (node?.kind === 'permission' || node?.kind === 'resource') ends.push([id, node]);
  }
  ends.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [id, node] of ends) {
    const chain = chainTo(previous, principalId, id);
    const proven = !unproven.has(id);
    if (node.kind === 'permission') {
      permissions.push({ permissionId: id, chain, proven });
      continue;
    }
    const props = node.props as GraphNode<'resource'>['props'];
    reached.push({ resourceId: id, name: node.name, sensitivity: props.sensitivity, businessDomain: props.businessDomain, chain, proven });
    for (const member of props.members ?? []) {
      reached.push({ resourceId: id, memberId: member.id, name: member.name, sensitivity: member.sensitivity, businessDomain: member.businessDomain, chain, proven });
    }
  }
  return { principalId, reached, permissions };
}

/** Observed and declared edges are facts; a correlation counts once both ends show use inside the window. */
export function isProvenEdge(edge: GraphEdge): boolean {
  return edge.basis === 'observed' || edge.basis === 'declared' || edge.evidenced === true;
}

function chainTo(previous: Map<string, string>, start: string, end: string): string[] {
  const chain = [end];
  for (let at = end; at !== start; ) {
    const from = previous.get(at);
    if (from === undefined) break;
    chain.push(from);
    at = from;
  }
  return chain.reverse();
}

/** Reach of every principal in the graph, keyed by principal id. */
export function computeAllReach(graph: AccessGraph): Map<string, PrincipalReach> {
  const result = new Map<string, PrincipalReach>();
  const cache: WalkCache = new Map();
  for (const node of sortedPrincipals(graph)) result.set(node.id, computeReach(graph, node.id, cache));
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
