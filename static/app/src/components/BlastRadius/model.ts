/**
 * From a stored blast radius to what is drawn: one lane per system, resources grouped by sensitivity inside their
 * lane (a group of many is collapsed into one counted node until opened), the finding's own path and what is new
 * since its baseline marked, and the ELK graph that lays it out. Pure, so it is tested without a browser.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { BlastEdge, BlastNode, BlastRadius, EdgeRef, Sensitivity, SystemName } from '../../api/types';

export const NODE_WIDTH = 172;
export const NODE_HEIGHT = 50;
/** More permissions than this that lead nowhere further (delegated scopes, app scopes) are drawn as one node. */
export const MERGE_PERMISSIONS_OVER = 2;
/** A sensitivity group with more resources than this starts collapsed. */
export const COLLAPSE_OVER = 5;
/** An open group draws this many resources at a time; the rest stay in one counted node ("Show more"). */
export const GROUP_PAGE = 40;

export const SENSITIVITY_ORDER: Sensitivity[] = ['restricted', 'confidential', 'internal', 'public'];

export interface Emphasis {
  /** Nodes on the finding's own chain and evidence. */
  highlight?: readonly string[];
  /** Resources reached now and not at the baseline. */
  added?: readonly string[];
  /** The grants that brought the new reach. */
  causes?: readonly EdgeRef[];
  /** The grant a fix would remove (previewed). */
  removes?: EdgeRef;
}

export interface DrawnNode extends BlastNode {
  /** A collapsed group: the resources it stands for. */
  members?: number;
  /** Permissions drawn as one node: their names. */
  merged?: string[];
  isNew: boolean;
  isHighlighted: boolean;
  isPrincipal: boolean;
}

export interface DrawnGroup {
  id: string;
  system: SystemName;
  sensitivity: Sensitivity;
  /** Resources in it (summaries count as what they stand for). */
  count: number;
  collapsed: boolean;
  nodeIds: string[];
  hasNew: boolean;
}

export interface DrawnEdge {
  id: string;
  from: string;
  to: string;
  kind: BlastEdge['kind'];
  crossSystem: boolean;
  /** Known only by correlation or inference: drawn dashed. */
  unproven: boolean;
  isHighlighted: boolean;
  /** The grant that brought new reach (scope drift). */
  isCause: boolean;
  /** The grant a previewed fix removes. */
  isRemoved: boolean;
  reason?: string;
}

export interface DrawnLane {
  id: string;
  system: SystemName;
  nodeIds: string[];
  groupIds: string[];
}

export interface DrawnGraph {
  lanes: DrawnLane[];
  groups: DrawnGroup[];
  nodes: Map<string, DrawnNode>;
  edges: DrawnEdge[];
  /** Resources by sensitivity as the radius counts them (summaries included). */
  reached: Partial<Record<Sensitivity, number>>;
  total: number;
}

const SYSTEM_ORDER: SystemName[] = ['powerautomate', 'azuredevops', 'entra', 'jira', 'm365', 'external', 'people'];
const groupId = (system: string, sensitivity: Sensitivity) => `group:${system}:${sensitivity}`;
const sameEdge = (e: { from: string; to: string }, ref: EdgeRef | undefined) => Boolean(ref && ref.from === e.from && ref.to === e.to);

/** Scope resources whose classified members are drawn inside them (every site: HR, Finance): containers, not items. */
function scopeContainers(radius: BlastRadius): Set<string> {
  return new Set(radius.nodes.flatMap((n) => (n.memberOf ? [n.memberOf] : [])));
}

/** A resource that goes into its lane's sensitivity group: not the principal, not a scope holding members. */
function groupable(node: BlastNode, isPrincipal: boolean, containers: ReadonlySet<string>): boolean {
  return node.kind === 'resource' && Boolean(node.sensitivity) && !isPrincipal && !containers.has(node.id);
}

/** Whether each group starts collapsed: big ones do, unless they hold something new. */
export function defaultCollapsed(radius: BlastRadius, emphasis: Emphasis = {}): Set<string> {
  const added = new Set(emphasis.added ?? []);
  const counts = new Map<string, { count: number; hasNew: boolean }>();
  const containers = scopeContainers(radius);
  for (const node of radius.nodes) {
    if (!groupable(node, node.id === radius.principalId, containers)) continue;
    const id = groupId(node.system, node.sensitivity as Sensitivity);
    const entry = counts.get(id) ?? { count: 0, hasNew: false };
    entry.count += 1;
    entry.hasNew ||= added.has(node.id);
    counts.set(id, entry);
  }
  return new Set([...counts].filter(([, v]) => v.count > COLLAPSE_OVER && !v.hasNew).map(([id]) => id));
}

/**
 * Permissions that lead nowhere further (a delegated openid, profile, User.Read...) under one role are drawn as one
 * node listing them, unless one is on the finding's path: they are authority, not paths, and would crowd the page.
 */
function mergeTerminalPermissions(radius: BlastRadius, highlight: ReadonlySet<string>): { nodes: BlastNode[]; edges: BlastEdge[]; merged: Map<string, string[]> } {
  const outgoing = new Set(radius.edges.map((e) => e.from));
  const byId = new Map(radius.nodes.map((n) => [n.id, n]));
  const byParent = new Map<string, BlastNode[]>();
  const parentOf = new Map<string, string>();
  for (const edge of radius.edges) {
    const node = byId.get(edge.to);
    if (!node || node.kind !== 'permission' || outgoing.has(node.id) || highlight.has(node.id)) continue;
    if (parentOf.has(node.id)) continue;
    parentOf.set(node.id, edge.from);
    byParent.set(edge.from, [...(byParent.get(edge.from) ?? []), node]);
  }
  const replaced = new Map<string, string>();
  const merged = new Map<string, string[]>();
  const extra: BlastNode[] = [];
  for (const [parent, list] of byParent) {
    if (list.length <= MERGE_PERMISSIONS_OVER) continue;
    const id = `perms:${parent}`;
    const names = list.map((n) => n.key ?? n.name).sort();
    merged.set(id, names);
    extra.push({ id, kind: 'permission', system: list[0]?.system ?? 'external', name: `${list.length} permissions`, depth: list[0]?.depth ?? 0 });
    for (const n of list) replaced.set(n.id, id);
  }
  if (replaced.size === 0) return { nodes: radius.nodes, edges: radius.edges, merged };
  const nodes = [...radius.nodes.filter((n) => !replaced.has(n.id)), ...extra];
  const seen = new Set<string>();
  const edges = radius.edges.flatMap((e) => {
    const to = replaced.get(e.to) ?? e.to;
    const key = `${e.from}->${to}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ ...e, to }];
  });
  return { nodes, edges, merged };
}

export const restId = (group: string) => `rest:${group}`;

/**
 * `shown`: how many resources each open group draws (GROUP_PAGE unless more were asked for); the most telling first
 * (new, on the finding's path, then by name).
 */
export function toDrawnGraph(radiusIn: BlastRadius, emphasis: Emphasis = {}, collapsed: ReadonlySet<string> = defaultCollapsed(radiusIn, emphasis), shown: ReadonlyMap<string, number> = new Map()): DrawnGraph {
  const highlight = new Set(emphasis.highlight ?? []);
  const folded = mergeTerminalPermissions(radiusIn, highlight);
  const radius: BlastRadius = { ...radiusIn, nodes: folded.nodes, edges: folded.edges };
  const containers = scopeContainers(radius);
  const added = new Set(emphasis.added ?? []);
  const nodes = new Map<string, DrawnNode>();
  const groups = new Map<string, DrawnGroup>();
  const replaced = new Map<string, string>();
  for (const node of radius.nodes) {
    const drawn: DrawnNode = { ...node, isNew: added.has(node.id), isHighlighted: highlight.has(node.id) || node.depth === 0, isPrincipal: node.id === radius.principalId, ...(folded.merged.has(node.id) ? { merged: folded.merged.get(node.id) } : {}) };
    if (groupable(node, drawn.isPrincipal, containers)) {
      const id = groupId(node.system, node.sensitivity as Sensitivity);
      const group = groups.get(id) ?? { id, system: node.system, sensitivity: node.sensitivity as Sensitivity, count: 0, collapsed: collapsed.has(id), nodeIds: [], hasNew: false };
      group.count += node.count ?? 1;
      group.hasNew ||= drawn.isNew;
      groups.set(id, group);
      if (group.collapsed) {
        replaced.set(node.id, id);
        continue;
      }
      group.nodeIds.push(node.id);
    }
    nodes.set(node.id, drawn);
  }
  // An open group of hundreds draws a page of them; the rest wait in one counted node.
  const rests: DrawnNode[] = [];
  for (const group of groups.values()) {
    const limit = shown.get(group.id) ?? GROUP_PAGE;
    if (group.collapsed || group.nodeIds.length <= limit) continue;
    const rank = (id: string) => {
      const n = nodes.get(id);
      return (n?.isNew ? 0 : 2) + (n?.isHighlighted ? 0 : 1);
    };
    const ordered = [...group.nodeIds].sort((a, b) => rank(a) - rank(b) || ((nodes.get(a)?.name ?? '') < (nodes.get(b)?.name ?? '') ? -1 : 1));
    const rest = ordered.slice(limit);
    const id = restId(group.id);
    const count = rest.reduce((sum, r) => sum + (nodes.get(r)?.count ?? 1), 0);
    for (const r of rest) {
      replaced.set(r, id);
      nodes.delete(r);
    }
    group.nodeIds = [...ordered.slice(0, limit), id];
    rests.push({ id, kind: 'resource', system: group.system, name: `${count} more ${group.sensitivity}`, sensitivity: group.sensitivity, depth: Math.max(0, ...rest.map((r) => radius.nodes.find((n) => n.id === r)?.depth ?? 0)), members: count, isNew: false, isHighlighted: false, isPrincipal: false });
  }
  for (const rest of rests) nodes.set(rest.id, rest);
  // A collapsed group is one node standing for its resources.
  for (const group of groups.values()) {
    if (!group.collapsed) continue;
    nodes.set(group.id, {
      id: group.id,
      kind: 'resource',
      system: group.system,
      name: `${group.count} ${group.sensitivity} resource${group.count === 1 ? '' : 's'}`,
      sensitivity: group.sensitivity,
      depth: Math.max(0, ...radius.nodes.filter((n) => replaced.get(n.id) === group.id).map((n) => n.depth)),
      members: group.count,
      isNew: group.hasNew,
      isHighlighted: radius.nodes.some((n) => replaced.get(n.id) === group.id && highlight.has(n.id)),
      isPrincipal: false,
    });
  }
  const edges = new Map<string, DrawnEdge>();
  for (const edge of radius.edges) {
    const from = replaced.get(edge.from) ?? edge.from;
    const to = replaced.get(edge.to) ?? edge.to;
    if (from === to || !nodes.has(from) || !nodes.has(to)) continue;
    const id = `${from}->${to}`;
    const drawn: DrawnEdge = {
      id,
      from,
      to,
      kind: edge.kind,
      crossSystem: edge.crossSystem,
      unproven: edge.basis === 'correlated' || edge.basis === 'inferred',
      isHighlighted: highlight.has(edge.from) && highlight.has(edge.to),
      isCause: (emphasis.causes ?? []).some((c) => sameEdge(edge, c)),
      isRemoved: sameEdge(edge, emphasis.removes),
      ...(edge.reason ? { reason: edge.reason } : {}),
    };
    const known = edges.get(id);
    // Two edges folded into one (into a collapsed group): keep the strongest marks of either.
    edges.set(id, known ? { ...known, isHighlighted: known.isHighlighted || drawn.isHighlighted, isCause: known.isCause || drawn.isCause, isRemoved: known.isRemoved || drawn.isRemoved, unproven: known.unproven && drawn.unproven, crossSystem: known.crossSystem || drawn.crossSystem } : drawn);
  }
  const lanes = new Map<SystemName, DrawnLane>();
  for (const node of nodes.values()) {
    if (node.id.startsWith('group:') || node.id.startsWith('rest:')) continue;
    const group = groupable(node, node.isPrincipal, containers) ? groupId(node.system, node.sensitivity as Sensitivity) : undefined;
    const lane = lanes.get(node.system) ?? { id: `lane:${node.system}`, system: node.system, nodeIds: [], groupIds: [] };
    if (!group) lane.nodeIds.push(node.id);
    lanes.set(node.system, lane);
  }
  for (const group of groups.values()) {
    const lane = lanes.get(group.system) ?? { id: `lane:${group.system}`, system: group.system, nodeIds: [], groupIds: [] };
    if (group.collapsed) lane.nodeIds.push(group.id);
    else lane.groupIds.push(group.id);
    lanes.set(group.system, lane);
  }
  const orderedLanes = [...lanes.values()].sort((a, b) => SYSTEM_ORDER.indexOf(a.system) - SYSTEM_ORDER.indexOf(b.system));
  const orderedGroups = [...groups.values()].sort((a, b) => SENSITIVITY_ORDER.indexOf(a.sensitivity) - SENSITIVITY_ORDER.indexOf(b.sensitivity));
  const total = Object.values(radius.reached).reduce((a, b) => a + (b ?? 0), 0);
  return { lanes: orderedLanes, groups: orderedGroups, nodes, edges: [...edges.values()], reached: radius.reached, total };
}

const LAYOUT = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '10',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
};

/** The ELK graph: lanes hold their nodes and their open sensitivity groups; edges hang off the root. */
export function toElkGraph(graph: DrawnGraph): ElkNode {
  const child = (id: string): ElkNode => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT });
  const groupById = new Map(graph.groups.map((g) => [g.id, g]));
  const children: ElkNode[] = graph.lanes.map((lane) => ({
    id: lane.id,
    layoutOptions: { 'elk.padding': '[top=30,left=10,bottom=10,right=10]' },
    children: [
      ...lane.nodeIds.map(child),
      ...lane.groupIds.map((id) => ({ id, layoutOptions: { 'elk.padding': '[top=30,left=8,bottom=8,right=8]', 'elk.spacing.nodeNode': '8' }, children: (groupById.get(id)?.nodeIds ?? []).map(child) })),
    ],
  }));
  const edges: ElkExtendedEdge[] = graph.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] }));
  return { id: 'root', layoutOptions: { ...LAYOUT, 'elk.padding': '[top=4,left=4,bottom=4,right=4]' }, children, edges };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Laid {
  width: number;
  height: number;
  boxes: Map<string, Box>;
  /** Edge paths as SVG path data, in the root's coordinates. */
  paths: Map<string, string>;
}

/** Absolute boxes of every lane, group and node, and each edge's route, from ELK's nested, relative result. */
export function readLayout(root: ElkNode): Laid {
  const boxes = new Map<string, Box>();
  const offsets = new Map<string, { x: number; y: number }>();
  const walk = (node: ElkNode, ox: number, oy: number) => {
    const x = ox + (node.x ?? 0);
    const y = oy + (node.y ?? 0);
    if (node.id !== 'root') boxes.set(node.id, { x, y, width: node.width ?? 0, height: node.height ?? 0 });
    offsets.set(node.id, { x, y });
    for (const c of node.children ?? []) walk(c, x, y);
  };
  walk(root, 0, 0);
  const paths = new Map<string, string>();
  const collect = (node: ElkNode) => {
    for (const edge of node.edges ?? []) {
      // Edge coordinates are relative to the edge's container (ELK puts it where it routed it).
      const container = (edge as ElkExtendedEdge & { container?: string }).container ?? node.id;
      const base = offsets.get(container) ?? { x: 0, y: 0 };
      const d = (edge.sections ?? [])
        .map((s) => {
          const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
          return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${Math.round((p.x + base.x) * 10) / 10} ${Math.round((p.y + base.y) * 10) / 10}`).join(' ');
        })
        .join(' ');
      if (edge.id && d) paths.set(edge.id, d);
    }
    for (const c of node.children ?? []) collect(c);
  };
  collect(root);
  return { width: root.width ?? 0, height: root.height ?? 0, boxes, paths };
}
