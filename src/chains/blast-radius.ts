/**
 * A principal's blast radius: every path the reach walk can take from it to every resource and permission it
 * reaches, cut to a graph small enough to store in one value and to draw. Pure.
 *
 * - Paths: the walk of chains/reach.ts (same edges, same rules), breadth-first. Every edge that moves one step
 *   further from the principal is kept, not only the first chain found, so two routes to one project both show.
 *   An edge back towards the principal (or sideways) reaches nothing new and is left out, which keeps it a DAG.
 * - Only what leads somewhere: a node that leads to no resource or permission is dropped.
 * - Scope resources (every mailbox, every site) show their classified members as resources of their own, with a
 *   CONTAINS edge, under the same key drift uses (`<scope>#<member>`).
 * - Bounded: at most `maxResources` resources are drawn one by one (pinned ones first, then the most sensitive);
 *   the rest become one summary node per nearest drawn ancestor and sensitivity ("12 more internal"), and the limit
 *   halves until the serialised graph fits `maxBytes`. A principal reaching thousands of projects still fits one
 *   stored value, and the page still says how many it reaches.
 */
import { aiAgentTypeOf } from '../model/agents';
import type { AccessGraph } from '../model/graph';
import { SENSITIVITY_RANK, edgeId, type EdgeBasis, type EdgeKind, type GraphEdge, type GraphNode, type NodeKind, type Sensitivity, type SystemName } from '../model/schema';
import { walkEdges } from './reach';
import { groupBy } from '../shared/group-by';

export type BlastEdgeKind = EdgeKind | 'CONTAINS';

export interface BlastNode {
  /** The graph node id; a scope member is `<scope id>#<member id>`; a summary is `more:<parent id>:<sensitivity>`. */
  id: string;
  kind: NodeKind;
  system: SystemName;
  name: string;
  subtype?: string;
  /** Permissions: their key (Sites.ReadWrite.All, BROWSE_PROJECTS). */
  key?: string;
  /** Resources: their classification (a summary: the classification of what it stands for). */
  sensitivity?: Sensitivity;
  /** Scope members: the scope resource they sit in. */
  memberOf?: string;
  /** Jira projects: the project key. */
  projectKey?: string;
  /** Summaries: how many resources this node stands for. */
  count?: number;
  /** Steps from the principal. */
  depth: number;
  /** An AI agent (src/model/agents.ts): its type in words. */
  agent?: string;
}

export interface BlastEdge {
  from: string;
  to: string;
  kind: BlastEdgeKind;
  basis: EdgeBasis;
  evidenced?: boolean;
  /** The hop leaves one system for another (people are no system a path crosses). */
  crossSystem: boolean;
  /** Why the edge exists, as its source recorded it (a correlation's basis, a scheme grant). */
  reason?: string;
}

export interface BlastRadius {
  principalId: string;
  nodes: BlastNode[];
  edges: BlastEdge[];
  /**
   * Every resource reached, by sensitivity, drawn one by one or summarised. A scope with classified members counts as
   * its members.
   */
  reached: Partial<Record<Sensitivity, number>>;
  /** How many of those are drawn inside a summary node rather than one by one. */
  summarised: number;
}

export interface BlastOptions {
  /** Resource keys (node id, or `<scope>#<member>`) to draw one by one before any other: a finding's own. */
  pinned?: ReadonlySet<string>;
  maxResources?: number;
  maxBytes?: number;
  /** Walk edges per node, shared across the principals of one graph (as computeAllReach shares them). */
  edgesOut?: Map<string, GraphEdge[]>;
}

/** One stored value is 240 KiB; a blast radius stays well under it, with room for its dataset chunk. */
export const MAX_BLAST_BYTES = 160 * 1024;
export const MAX_BLAST_RESOURCES = 300;

const REASON_CHARS = 160;

interface Item {
  id: string;
  sensitivity: Sensitivity;
  name: string;
  /** Predecessors in the DAG (for a member: its scope). */
  parents: string[];
}

function edgesOf(graph: AccessGraph, id: string, cache: Map<string, GraphEdge[]>): GraphEdge[] {
  let edges = cache.get(id);
  if (!edges) {
    const node = graph.node(id);
    edges = node ? walkEdges(graph, node) : [];
    cache.set(id, edges);
  }
  return edges;
}

const crossSystem = (a: SystemName, b: SystemName) => a !== b && a !== 'people' && b !== 'people';

function toBlastNode(node: GraphNode, depth: number): BlastNode {
  const props = node.props as { subtype?: string; key?: string; sensitivity?: Sensitivity };
  const out: BlastNode = { id: node.id, kind: node.kind, system: node.system, name: node.name, depth };
  if (props.subtype) out.subtype = props.subtype;
  const agent = aiAgentTypeOf(node);
  if (agent) out.agent = agent;
  if (node.kind === 'permission' && props.key) out.key = props.key;
  if (node.kind === 'resource') {
    if (props.sensitivity) out.sensitivity = props.sensitivity;
    if (props.subtype === 'jira_project' && props.key) out.projectKey = props.key;
  }
  return out;
}

function toBlastEdge(graph: AccessGraph, edge: GraphEdge): BlastEdge {
  const from = graph.node(edge.from);
  const to = graph.node(edge.to);
  return {
    from: edge.from,
    to: edge.to,
    kind: edge.kind,
    basis: edge.basis,
    ...(edge.evidenced ? { evidenced: true } : {}),
    crossSystem: Boolean(from && to && crossSystem(from.system, to.system)),
    ...(edge.reason ? { reason: edge.reason.length > REASON_CHARS ? `${edge.reason.slice(0, REASON_CHARS - 1)}…` : edge.reason } : {}),
  };
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The DAG of the walk from `principalId`: depth of every node reached and the forward edges (one step further).
 * Exported for the impact preview, which walks the same DAG without one edge.
 */
export function walkDag(graph: AccessGraph, principalId: string, edgesOut: Map<string, GraphEdge[]> = new Map(), skip?: string): { depth: Map<string, number>; forward: GraphEdge[] } {
  const depth = new Map<string, number>([[principalId, 0]]);
  const queue = [principalId];
  const forward: GraphEdge[] = [];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    const d = depth.get(id) as number;
    for (const edge of edgesOf(graph, id, edgesOut)) {
      if (skip !== undefined && edgeId(edge) === skip) continue;
      const seen = depth.get(edge.to);
      if (seen === undefined) {
        depth.set(edge.to, d + 1);
        queue.push(edge.to);
        forward.push(edge);
      } else if (seen === d + 1) {
        forward.push(edge);
      }
    }
  }
  return { depth, forward };
}

export function buildBlastRadius(graph: AccessGraph, principalId: string, options: BlastOptions = {}): BlastRadius {
  return sizedBlastRadius(graph, principalId, options).radius;
}

/** The radius with its size as stored (UTF-8 bytes of its JSON), which fitting it under maxBytes measured anyway. */
export function sizedBlastRadius(graph: AccessGraph, principalId: string, options: BlastOptions = {}): { radius: BlastRadius; bytes: number } {
  const sized = (radius: BlastRadius) => ({ radius, bytes: Buffer.byteLength(JSON.stringify(radius), 'utf8') });
  const principal = graph.node(principalId);
  if (!principal) return sized({ principalId, nodes: [], edges: [], reached: {}, summarised: 0 });
  const edgesOut = options.edgesOut ?? new Map<string, GraphEdge[]>();
  const { depth, forward } = walkDag(graph, principalId, edgesOut);

  // Keep what leads to a resource or a permission: walk the forward edges backwards from those ends.
  const incoming = groupBy(forward, (e) => e.to);
  const ends = [...depth.keys()].filter((id) => {
    const kind = graph.node(id)?.kind;
    return id !== principalId && (kind === 'resource' || kind === 'permission');
  });
  const useful = new Set<string>([principalId]);
  const stack = [...ends];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (useful.has(id) && id !== principalId) continue;
    useful.add(id);
    for (const edge of incoming.get(id) ?? []) if (!useful.has(edge.from)) stack.push(edge.from);
  }
  const dagEdges = forward.filter((e) => useful.has(e.from) && useful.has(e.to));
  const parentsOf = new Map<string, string[]>();
  for (const [to, list] of groupBy(dagEdges, (e) => e.to)) parentsOf.set(to, list.map((e) => e.from).sort());

  // Resources (and scope members) are what may be summarised; everything else on the way is kept.
  const items: Item[] = [];
  const reached: Partial<Record<Sensitivity, number>> = {};
  for (const id of useful) {
    const node = graph.node(id);
    if (node?.kind !== 'resource' || id === principalId) continue;
    const props = node.props as GraphNode<'resource'>['props'];
    items.push({ id, sensitivity: props.sensitivity, name: node.name, parents: parentsOf.get(id) ?? [] });
    // A scope with classified members (every site: HR, Finance) counts as those members, not as one more.
    if (!props.members?.length) reached[props.sensitivity] = (reached[props.sensitivity] ?? 0) + 1;
    for (const member of props.members ?? []) {
      items.push({ id: `${id}#${member.id}`, sensitivity: member.sensitivity, name: member.name, parents: [id] });
      reached[member.sensitivity] = (reached[member.sensitivity] ?? 0) + 1;
    }
  }
  const pinned = options.pinned ?? new Set<string>();
  items.sort(
    (a, b) =>
      Number(pinned.has(b.id)) - Number(pinned.has(a.id)) ||
      SENSITIVITY_RANK[b.sensitivity] - SENSITIVITY_RANK[a.sensitivity] ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.id < b.id ? -1 : 1),
  );

  const maxBytes = options.maxBytes ?? MAX_BLAST_BYTES;
  let limit = Math.max(1, options.maxResources ?? MAX_BLAST_RESOURCES);
  for (;;) {
    const result = sized(assemble(graph, { principalId, depth, dagEdges, parentsOf, useful, items, reached }, limit));
    if (limit <= 1 || result.bytes <= maxBytes) return result;
    limit = Math.floor(limit / 2);
  }
}

interface Walked {
  principalId: string;
  depth: ReadonlyMap<string, number>;
  dagEdges: readonly GraphEdge[];
  parentsOf: ReadonlyMap<string, string[]>;
  useful: ReadonlySet<string>;
  items: readonly Item[];
  reached: Partial<Record<Sensitivity, number>>;
}

function assemble(graph: AccessGraph, walked: Walked, limit: number): BlastRadius {
  const { principalId, depth, dagEdges, parentsOf, useful, items, reached } = walked;
  const drawn = new Set(items.slice(0, limit).map((i) => i.id));
  const omitted = items.slice(limit);
  const outgoing = groupBy(dagEdges, (e) => e.from);
  // Kept: the principal, and every node that leads to a drawn resource or is an authority of its own (a permission
  // that applies to no resource, such as Administer Jira). A role or permission leading only to summarised
  // resources is dropped with them: a principal in 3,000 project roles draws the roles of the projects it draws.
  const memo = new Map<string, boolean>();
  const leadsOn = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, false);
    const node = graph.node(id);
    const next = outgoing.get(id) ?? [];
    let result = false;
    if (node?.kind === 'resource') {
      const props = node.props as GraphNode<'resource'>['props'];
      result = drawn.has(id) || (props.members ?? []).some((m) => drawn.has(`${id}#${m.id}`));
    } else if (node?.kind === 'permission' && next.length === 0) result = true;
    if (!result) result = next.some((e) => leadsOn(e.to));
    memo.set(id, result);
    return result;
  };
  const kept = new Set<string>();
  for (const id of useful) if (id === principalId || leadsOn(id)) kept.add(id);

  const nodes = new Map<string, BlastNode>();
  const edges: BlastEdge[] = [];
  for (const id of kept) {
    const node = graph.node(id);
    if (!node) continue;
    nodes.set(id, toBlastNode(node, depth.get(id) ?? 0));
    if (node.kind !== 'resource') continue;
    for (const member of (node.props as GraphNode<'resource'>['props']).members ?? []) {
      const memberKey = `${id}#${member.id}`;
      if (!drawn.has(memberKey)) continue;
      nodes.set(memberKey, { id: memberKey, kind: 'resource', system: node.system, name: member.name, sensitivity: member.sensitivity, memberOf: id, depth: (depth.get(id) ?? 0) + 1 });
      edges.push({ from: id, to: memberKey, kind: 'CONTAINS', basis: 'declared', crossSystem: false });
    }
  }
  for (const edge of dagEdges) if (kept.has(edge.from) && kept.has(edge.to)) edges.push(toBlastEdge(graph, edge));

  // What did not fit: counted on a summary node under its nearest drawn ancestor, one per sensitivity.
  const summaries = new Map<string, BlastNode>();
  let summarised = 0;
  for (const item of omitted) {
    if (kept.has(item.id)) continue; // a scope drawn for the sake of a member drawn inside it
    summarised++;
    const anchor = nearestKept(item.parents, kept, parentsOf, depth, principalId);
    const id = `more:${anchor}:${item.sensitivity}`;
    const summary = summaries.get(id);
    if (summary) {
      summary.count = (summary.count ?? 0) + 1;
      continue;
    }
    summaries.set(id, { id, kind: 'resource', system: nodes.get(anchor)?.system ?? 'external', name: item.sensitivity, sensitivity: item.sensitivity, count: 1, depth: (depth.get(anchor) ?? 0) + 1 });
    edges.push({ from: anchor, to: id, kind: item.id.includes('#') ? 'CONTAINS' : 'APPLIES_TO', basis: 'declared', crossSystem: false });
  }
  for (const summary of summaries.values()) {
    summary.name = `${summary.count} more ${summary.sensitivity}`;
    nodes.set(summary.id, summary);
  }
  const sortedNodes = [...nodes.values()].sort((a, b) => a.depth - b.depth || byId(a, b));
  edges.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : a.kind < b.kind ? -1 : 1));
  return { principalId, nodes: sortedNodes, edges, reached, summarised };
}

/** The drawn node closest to an omitted resource, walking its parents back towards the principal. */
function nearestKept(parents: readonly string[], kept: ReadonlySet<string>, parentsOf: ReadonlyMap<string, string[]>, depth: ReadonlyMap<string, number>, principalId: string): string {
  let frontier = [...parents];
  const seen = new Set<string>();
  while (frontier.length > 0) {
    const hits = frontier.filter((id) => kept.has(id));
    if (hits.length > 0) return hits.sort((a, b) => (depth.get(b) ?? 0) - (depth.get(a) ?? 0) || (a < b ? -1 : 1))[0] as string;
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      next.push(...(parentsOf.get(id) ?? []));
    }
    frontier = next;
  }
  return principalId;
}
