/**
 * What the pages say about a finding beyond its own text, worked out at sync time from the graph: whose blast
 * radius it draws, which nodes are its own, for a scope drift what is new since the baseline and which grant brought
 * it, and the fixes it names, each with links to where it happens and an impact preview ("revoking
 * Sites.ReadWrite.All from X closes 1 finding and cuts its reach to HR, Finance and Legal Documents"). Pure.
 *
 * Impact is computed by walking the graph again without the edge a fix removes: a finding closes when none of the
 * resources or permissions its chain and evidence end at stays reachable from its principal; the reach a fix cuts
 * is what its principal reached before and not after. The walks share one budget of visited nodes, so a tenant
 * with thousands of findings cannot make the build step run long; a fix past the budget has no preview.
 */
import { hash } from 'node:crypto';
import type { AccessGraph } from '../model/graph';
import { EDGE_KINDS, SENSITIVITY_RANK, edgeId, type EdgeKind, type GraphEdge, type GraphNode, type Sensitivity } from '../model/schema';
import type { Severity } from '../checks/check';
import { isPrincipal, reachKey } from '../chains/reach';
import { walkDag } from '../chains/blast-radius';
import { joinNames } from '../checks/graph-queries';
import type { SurfaceFinding } from './finding';
import { linksForGrant, linksForNode, type FixLink } from './fix-links';

export type { FixLink } from './fix-links';

export interface EdgeRef {
  from: string;
  to: string;
  kind: EdgeKind;
}

export interface ImpactPreview {
  /** Findings that would close: nothing they are about would be reachable any more. */
  closes: Array<{ id: string; title: string; subject: string; severity: Severity }>;
  /** Resources the principal would no longer reach, most sensitive first (the first MAX_NAMED). */
  cuts: Array<{ name: string; sensitivity: Sensitivity }>;
  cutCount: number;
  text: string;
}

export interface FixAction {
  /** What to do, naming names: "Revoke Sites.ReadWrite.All from SharePoint for Jira App". */
  label: string;
  links: FixLink[];
  /** The grant, membership or hop the fix removes (drawn highlighted). */
  removes?: EdgeRef;
  impact?: ImpactPreview;
}

export interface FindingInsight {
  findingId: string;
  /** Whose blast radius the finding draws: its subject, or the principal its chain starts from. */
  principalId?: string;
  /** Nodes of the finding's own chain and evidence (blast radius ids), drawn highlighted. */
  highlight: string[];
  /** scope_drift: what the principal reaches now and did not at its baseline (blast radius ids). */
  added?: string[];
  /** scope_drift: the grants or memberships that brought the new reach. */
  causes?: Array<EdgeRef & { text: string }>;
  fixes: FixAction[];
}

export interface InsightInput {
  graph: AccessGraph;
  /** Every finding still open (or acknowledged, or accepted): what a fix may close. */
  findings: readonly SurfaceFinding[];
  baselineOf: (principalId: string) => readonly string[] | undefined;
  edgesOut?: Map<string, GraphEdge[]>;
  /** Nodes all impact walks may visit together. */
  walkBudget?: number;
}

const MAX_NAMED = 8;
const MAX_HIGHLIGHT = 300;
const MAX_ADDED = 300;
export const DEFAULT_WALK_BUDGET = 2_000_000;

const OWNERSHIP_CHECKS = new Set(['orphaned_ownership', 'ownership_degraded', 'ownership_unknown']);
const CREDENTIAL_CHECKS = new Set(['credential_expired', 'credential_expiring', 'credential_never_expires', 'secret_on_service_principal']);
const REQUEST_CHECKS = new Set(['external_egress', 'unresolved_cross_system_auth']);

/** The node paths a finding is about: its chain and each evidence chain. */
function pathsOf(finding: SurfaceFinding): string[][] {
  return [finding.chain, ...finding.evidence.map((e) => e.nodeIds ?? [])].filter((p) => p.length > 0);
}

/** The path edge between two nodes of a chain, else any edge between them (a chain also steps over ownership). */
function edgeBetween(graph: AccessGraph, from: string, to: string): GraphEdge | undefined {
  const out = graph.edgesBetween(from, to);
  return out.find((e) => EDGE_KINDS[e.kind].path) ?? out[0];
}

export function principalOf(graph: AccessGraph, finding: SurfaceFinding): string | undefined {
  const subject = graph.node(finding.subject.id);
  if (subject && isPrincipal(subject)) return subject.id;
  return finding.chain.find((id) => {
    const node = graph.node(id);
    return node !== undefined && isPrincipal(node);
  });
}

/** Resources and permissions a finding's paths end at: while any stays reachable, the finding stands. */
function targetsOf(graph: AccessGraph, finding: SurfaceFinding): string[] {
  const ends = new Set<string>();
  for (const path of pathsOf(finding)) {
    const last = path[path.length - 1];
    if (path.length < 2 || !last) continue;
    const kind = graph.node(last)?.kind;
    if (kind === 'resource' || kind === 'permission') ends.add(last);
  }
  return [...ends];
}

const possessive = (name: string) => (name.endsWith('s') ? `${name}'` : `${name}'s`);

/** "CONTENT Member" of project CONTENT -> "Member": Jira names project roles after their project. */
function roleName(role: GraphNode<'role'>, projectKey: string | undefined): string {
  return projectKey && role.name.startsWith(`${projectKey} `) ? role.name.slice(projectKey.length + 1) : role.name;
}

const isAppScope = (node: GraphNode | undefined) => node?.kind === 'permission' && (node.props as GraphNode<'permission'>['props']).subtype === 'jira_app_scope';

function projectKeyOfRole(graph: AccessGraph, role: GraphNode<'role'>): string | undefined {
  const projectId = role.props.projectId;
  if (!projectId) return undefined;
  const project = graph.node(`jira:resource:${projectId}`);
  return project?.kind === 'resource' ? (project.props as GraphNode<'resource'>['props']).key ?? project.name : undefined;
}

/** A grant, membership or hop in words, as something to remove. */
export function describeRemoval(graph: AccessGraph, edge: EdgeRef): string {
  const from = graph.node(edge.from);
  const to = graph.node(edge.to);
  if (!from || !to) return `Remove the ${EDGE_KINDS[edge.kind].label} link`;
  if (to.kind === 'role' && (edge.kind === 'HAS_ROLE' || edge.kind === 'MEMBER_OF')) {
    const role = to as GraphNode<'role'>;
    const keys = graph
      .out(role.id, 'GRANTS')
      .map((e) => graph.node(e.to))
      .filter((n): n is GraphNode<'permission'> => n?.kind === 'permission')
      .map((p) => p.props.key);
    const sub = role.props.subtype;
    const projectKey = projectKeyOfRole(graph, role);
    if (sub === 'jira_project_role' && projectKey) return `Remove ${from.name} from the ${roleName(role, projectKey)} role of ${projectKey}`;
    if (sub === 'jira_group') return `Remove ${from.name} from the group ${role.name}`;
    if (keys.length > 0) return `Revoke ${joinNames([...new Set(keys)].slice(0, 3))} from ${from.name}`;
    return `Remove ${from.name} from ${role.name}`;
  }
  if (edge.kind === 'AUTHENTICATES_AS' && to.kind === 'identity') {
    const workloads = graph.in(from.id, 'USES').flatMap((u) => graph.in(u.from, 'INVOKES').map((i) => graph.node(i.from)?.name)).filter((n): n is string => Boolean(n));
    return `Run ${workloads.length ? joinNames([...new Set(workloads)].slice(0, 3)) : from.name} under its own account instead of ${possessive(to.name)}`;
  }
  if (edge.kind === 'GRANTS' && isAppScope(to)) {
    const holders = graph.in(from.id, 'HAS_ROLE').map((e) => graph.node(e.from)?.name).filter((n): n is string => Boolean(n));
    return `Remove the ${(to.props as GraphNode<'permission'>['props']).key} scope from ${holders.length ? joinNames(holders.slice(0, 3)) : from.name}`;
  }
  if (edge.kind === 'GRANTS') return `Take ${to.name} out of ${from.name}`;
  if (edge.kind === 'APPLIES_TO') return `Stop ${from.name} applying to ${to.name}`;
  if (edge.kind === 'AUTHENTICATES_TO') return `Disconnect ${from.name} from ${to.name}`;
  return `Remove the link from ${from.name} to ${to.name} (${EDGE_KINDS[edge.kind].label})`;
}

/** A grant that brought new reach, in words: "Maria Garcia was given the Member role of CONTENT". */
function describeCause(graph: AccessGraph, edge: EdgeRef): string {
  const from = graph.node(edge.from);
  const to = graph.node(edge.to);
  if (!from || !to) return EDGE_KINDS[edge.kind].label;
  if (to.kind === 'role' && edge.kind === 'HAS_ROLE') {
    const role = to as GraphNode<'role'>;
    const project = projectKeyOfRole(graph, role);
    return role.props.subtype === 'jira_project_role' && project ? `${from.name} was given the ${roleName(role, project)} role of ${project}` : `${from.name} holds ${role.name}`;
  }
  if (edge.kind === 'MEMBER_OF') return `${from.name} is a member of ${to.name}`;
  if (edge.kind === 'GRANTS') return `${from.name} grants ${to.name}`;
  if (edge.kind === 'APPLIES_TO') return `${from.name} applies to ${to.name}`;
  if (edge.kind === 'AUTHENTICATES_AS') return `${from.name} signs in as ${to.name}`;
  return `${from.name} ${EDGE_KINDS[edge.kind].label} ${to.name}`;
}

function linksForRemoval(graph: AccessGraph, edge: EdgeRef, finding: SurfaceFinding): FixLink[] {
  const from = graph.node(edge.from);
  const to = graph.node(edge.to);
  if (!from || !to) return [];
  if (to.kind === 'role') return linksForGrant(graph, from, to as GraphNode<'role'>, projectKeyOfRole(graph, to as GraphNode<'role'>) ?? finding.projectKeys[0]);
  if (isAppScope(to)) return [{ label: 'Manage apps (Jira)', url: '/plugins/servlet/upm' }];
  if (from.kind === 'credential') {
    // The connection is changed in the workload that uses it.
    const workloads = graph.in(from.id, 'USES').flatMap((u) => graph.in(u.from, 'INVOKES').map((i) => graph.node(i.from))).filter((n): n is GraphNode => n?.kind === 'workload');
    return [...workloads.flatMap((w) => linksForNode(graph, w, 'edit')), ...linksForNode(graph, from, 'credentials')];
  }
  return linksForNode(graph, from, 'permissions');
}

/** The grant assignments on a finding's paths: the edge into a role that grants the permission the path goes through. */
function assignmentsOf(graph: AccessGraph, finding: SurfaceFinding): EdgeRef[] {
  const found = new Map<string, EdgeRef>();
  for (const path of pathsOf(finding)) {
    for (let i = 1; i + 1 < path.length; i++) {
      const role = graph.node(path[i] as string);
      const next = graph.node(path[i + 1] as string);
      if (role?.kind !== 'role' || next?.kind !== 'permission') continue;
      if (isAppScope(next)) {
        // A declared app scope (ACT_AS_USER) is removed on its own, not with the app's every other scope.
        const scope = edgeBetween(graph, role.id, next.id);
        if (scope) found.set(edgeId(scope), { from: scope.from, to: scope.to, kind: scope.kind });
        continue;
      }
      const edge = edgeBetween(graph, path[i - 1] as string, role.id);
      if (edge && (edge.kind === 'HAS_ROLE' || edge.kind === 'MEMBER_OF')) found.set(edgeId(edge), { from: edge.from, to: edge.to, kind: edge.kind });
    }
  }
  return [...found.values()];
}

/** A person's account that an automation signs in as (a human credential used as a workload). */
function humanHopsOf(graph: AccessGraph, finding: SurfaceFinding): EdgeRef[] {
  const found = new Map<string, EdgeRef>();
  for (const path of pathsOf(finding)) {
    for (let i = 0; i + 1 < path.length; i++) {
      const from = graph.node(path[i] as string);
      const to = graph.node(path[i + 1] as string);
      if (from?.kind !== 'credential' || to?.kind !== 'identity' || !(to.props as GraphNode<'identity'>['props']).human) continue;
      const edge = edgeBetween(graph, from.id, to.id);
      if (edge?.kind === 'AUTHENTICATES_AS') found.set(edgeId(edge), { from: edge.from, to: edge.to, kind: edge.kind });
    }
  }
  return [...found.values()];
}

class ImpactCalculator {
  private readonly walks = new Map<string, Set<string> | null>();
  private readonly byEdge = new Map<string, SurfaceFinding[]>();
  private readonly principals = new Map<string, string | undefined>();
  private chainIndex: Map<string, SurfaceFinding[]> | undefined;
  private budget: number;

  constructor(
    private readonly graph: AccessGraph,
    private readonly findings: readonly SurfaceFinding[],
    private readonly edgesOut: Map<string, GraphEdge[]>,
    budget: number,
  ) {
    this.budget = budget;
    for (const finding of findings) {
      const edges = new Set<string>();
      for (const path of pathsOf(finding)) {
        for (let i = 0; i + 1 < path.length; i++) {
          const edge = edgeBetween(graph, path[i] as string, path[i + 1] as string);
          if (edge) edges.add(edgeId(edge));
        }
      }
      for (const id of edges) {
        const list = this.byEdge.get(id);
        if (list) list.push(finding);
        else this.byEdge.set(id, [finding]);
      }
    }
  }

  principalOf(finding: SurfaceFinding): string | undefined {
    if (!this.principals.has(finding.id)) this.principals.set(finding.id, principalOf(this.graph, finding));
    return this.principals.get(finding.id);
  }

  /** Nodes reachable from `principalId` without `skip` (null when the budget ran out). */
  private reachable(principalId: string, skip?: string): Set<string> | null {
    const key = `${principalId}|${skip ?? ''}`;
    const cached = this.walks.get(key);
    if (cached !== undefined) return cached;
    if (this.budget <= 0) return null;
    const { depth } = walkDag(this.graph, principalId, this.edgesOut, skip);
    this.budget -= depth.size;
    const nodes = new Set(depth.keys());
    this.walks.set(key, nodes);
    return nodes;
  }

  /** What removing `edge` does, seen from `finding`'s principal; undefined past the budget. */
  ofEdge(edge: EdgeRef, finding: SurfaceFinding, doing: string): ImpactPreview | undefined {
    const id = edgeId(edge);
    const closes: SurfaceFinding[] = [];
    for (const other of this.byEdge.get(id) ?? []) {
      const principal = this.principalOf(other);
      const targets = targetsOf(this.graph, other);
      if (!principal || targets.length === 0) continue;
      const after = this.reachable(principal, id);
      if (!after) return undefined;
      if (!targets.some((t) => after.has(t))) closes.push(other);
    }
    const principal = this.principalOf(finding);
    let cuts: Array<{ name: string; sensitivity: Sensitivity }> = [];
    if (principal) {
      const before = this.reachable(principal);
      const after = this.reachable(principal, id);
      if (!before || !after) return undefined;
      cuts = this.resourcesOnlyIn(before, after);
    }
    return preview(doing, closes, cuts, this.graph.node(principal ?? '')?.name);
  }

  /** Closing a request: every finding whose chain goes through the connection. */
  ofConnection(connectionId: string, doing: string, onlyCheck?: string): ImpactPreview {
    const through = this.byChainNode().get(connectionId) ?? [];
    return preview(doing, onlyCheck ? through.filter((f) => f.check === onlyCheck) : through, [], undefined);
  }

  /**
   * The findings whose chain goes through each node, in the findings' order, built on first use: every connection
   * finding asks it, and scanning every finding's chain for each made the insights quadratic (1.6 s of a size-M build).
   */
  private byChainNode(): Map<string, SurfaceFinding[]> {
    if (this.chainIndex) return this.chainIndex;
    const index = new Map<string, SurfaceFinding[]>();
    for (const finding of this.findings) {
      for (const id of new Set(finding.chain)) {
        const list = index.get(id);
        if (list) list.push(finding);
        else index.set(id, [finding]);
      }
    }
    this.chainIndex = index;
    return index;
  }

  private resourcesOnlyIn(before: ReadonlySet<string>, after: ReadonlySet<string>): Array<{ name: string; sensitivity: Sensitivity }> {
    const lost: Array<{ name: string; sensitivity: Sensitivity }> = [];
    for (const id of before) {
      if (after.has(id)) continue;
      const node = this.graph.node(id);
      if (node?.kind !== 'resource') continue;
      const props = node.props as GraphNode<'resource'>['props'];
      if (props.members?.length) for (const m of props.members) lost.push({ name: m.name, sensitivity: m.sensitivity });
      else lost.push({ name: node.name, sensitivity: props.sensitivity });
    }
    return lost.sort((a, b) => SENSITIVITY_RANK[b.sensitivity] - SENSITIVITY_RANK[a.sensitivity] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** `doing` is the fix as a gerund phrase: "revoking Sites.ReadWrite.All from SharePoint for Jira App". */
function preview(doing: string, closing: readonly SurfaceFinding[], cuts: ReadonlyArray<{ name: string; sensitivity: Sensitivity }>, principalName: string | undefined): ImpactPreview {
  const closes = [...new Map(closing.map((f) => [f.id, { id: f.id, title: f.title, subject: f.subject.name, severity: f.severity }])).values()];
  const named = cuts.slice(0, MAX_NAMED).map((c) => c.name);
  const more = cuts.length - named.length;
  const closeText = closes.length === 0 ? 'closes no finding' : `closes ${closes.length} finding${closes.length === 1 ? '' : 's'}`;
  const cutText = cuts.length === 0 ? '' : ` and cuts ${principalName ? possessive(principalName) : 'its'} reach to ${more > 0 ? `${named.join(', ')} and ${more} more` : joinNames(named)}`;
  const text = closes.length === 0 && cuts.length === 0 ? `${capitalise(doing)} changes nothing yet: another route still reaches the same resources.` : `${capitalise(doing)} ${closeText}${cutText}.`;
  return { closes, cuts: cuts.slice(0, MAX_NAMED), cutCount: cuts.length, text };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Revoke X from Y" -> "revoking X from Y". */
export function gerund(action: string): string {
  return action.replace(/^(\w+)/, (verb) => {
    const v = verb.toLowerCase();
    if (/^(stop|run|cut|put|set)$/.test(v)) return `${v}${v.slice(-1)}ing`;
    if (v.endsWith('e') && !v.endsWith('ee')) return `${v.slice(0, -1)}ing`;
    return `${v}ing`;
  });
}

/** scope_drift: the new reach and the first edge on each path to it that no baseline resource depends on. */
function driftOf(graph: AccessGraph, principalId: string, baseline: readonly string[], edgesOut: Map<string, GraphEdge[]>): { added: string[]; causes: EdgeRef[] } {
  const { depth, forward } = walkDag(graph, principalId, edgesOut);
  const known = new Set(baseline);
  const nowKeys: string[] = [];
  for (const id of depth.keys()) {
    const node = graph.node(id);
    if (node?.kind !== 'resource') continue;
    const members = (node.props as GraphNode<'resource'>['props']).members ?? [];
    nowKeys.push(reachKey({ resourceId: id }));
    for (const m of members) nowKeys.push(reachKey({ resourceId: id, memberId: m.id }));
  }
  const added = nowKeys.filter((k) => !known.has(k)).sort();
  // Nodes on the way to a baseline resource: reverse reachability over the forward edges.
  const incoming = new Map<string, GraphEdge[]>();
  for (const e of forward) {
    const list = incoming.get(e.to);
    if (list) list.push(e);
    else incoming.set(e.to, [e]);
  }
  const serving = new Set<string>();
  const stack = [...new Set(baseline.map((k) => k.split('#')[0] as string))].filter((id) => depth.has(id));
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (serving.has(id)) continue;
    serving.add(id);
    for (const e of incoming.get(id) ?? []) stack.push(e.from);
  }
  serving.add(principalId);
  // Walk back from each new resource to where its path leaves the baseline's paths.
  const causes = new Map<string, EdgeRef>();
  const seen = new Set<string>();
  const queue = [...new Set(added.map((k) => k.split('#')[0] as string))].filter((id) => !serving.has(id));
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of incoming.get(id) ?? []) {
      if (serving.has(e.from)) causes.set(edgeId(e), { from: e.from, to: e.to, kind: e.kind });
      else queue.push(e.from);
    }
  }
  return { added: added.slice(0, MAX_ADDED), causes: [...causes.values()].sort((a, b) => (edgeId(a) < edgeId(b) ? -1 : 1)) };
}

function subjectFixes(graph: AccessGraph, finding: SurfaceFinding): FixAction[] {
  const subject = graph.node(finding.subject.id);
  if (!subject) return [];
  if (OWNERSHIP_CHECKS.has(finding.check)) {
    const links = linksForNode(graph, subject, 'owners');
    return links.length ? [{ label: `Give ${subject.name} an owner who is still here`, links }] : [];
  }
  if (CREDENTIAL_CHECKS.has(finding.check)) {
    const links = linksForNode(graph, subject, 'credentials');
    return links.length ? [{ label: finding.check === 'credential_never_expires' ? `Replace ${subject.name} with a credential that expires` : `Rotate or remove ${subject.name}`, links }] : [];
  }
  const links = linksForNode(graph, subject, 'edit');
  return links.length ? [{ label: `Review ${subject.name}`, links }] : [];
}

/** Every finding's insight; `findings` is what a fix may close (open, acknowledged, accepted). */
export function buildInsights(input: InsightInput): Map<string, FindingInsight> {
  const { graph } = input;
  const edgesOut = input.edgesOut ?? new Map<string, GraphEdge[]>();
  const impact = new ImpactCalculator(graph, input.findings, edgesOut, input.walkBudget ?? DEFAULT_WALK_BUDGET);
  const result = new Map<string, FindingInsight>();
  for (const finding of input.findings) {
    const principalId = impact.principalOf(finding);
    const highlight = [...new Set(pathsOf(finding).flat())].slice(0, MAX_HIGHLIGHT);
    const insight: FindingInsight = { findingId: finding.id, ...(principalId ? { principalId } : {}), highlight, fixes: [] };
    const removals: EdgeRef[] = [];
    if (finding.check === 'scope_drift' && principalId) {
      const baseline = input.baselineOf(principalId);
      if (baseline) {
        const drift = driftOf(graph, principalId, baseline, edgesOut);
        insight.added = drift.added;
        insight.causes = drift.causes.map((c) => ({ ...c, text: describeCause(graph, c) }));
        removals.push(...drift.causes);
      }
    }
    removals.push(...assignmentsOf(graph, finding), ...humanHopsOf(graph, finding));
    const seen = new Set<string>();
    for (const edge of removals) {
      const id = edgeId(edge);
      if (seen.has(id) || seen.size >= 3) continue;
      seen.add(id);
      const label = describeRemoval(graph, edge);
      const preview = impact.ofEdge(edge, finding, gerund(label));
      insight.fixes.push({ label, links: linksForRemoval(graph, edge, finding), removes: edge, ...(preview ? { impact: preview } : {}) });
    }
    if (REQUEST_CHECKS.has(finding.check)) {
      const connection = [...finding.chain].reverse().find((id) => graph.node(id)?.kind === 'connection');
      const node = connection ? graph.node(connection) : undefined;
      if (node?.kind === 'connection') {
        const host = (node.props as GraphNode<'connection'>['props']).host ?? node.name;
        const egress = finding.check === 'external_egress';
        const label = egress ? `Remove the request to ${host}, or add ${host} to the sanctioned destinations` : `Make the request to ${host} carry a credential`;
        const doing = egress ? `removing the request to ${host}` : `securing the request to ${host}`;
        insight.fixes.push({ label, links: linksForNode(graph, node, 'edit'), impact: impact.ofConnection(node.id, doing, egress ? undefined : 'unresolved_cross_system_auth') });
      }
    }
    if (insight.fixes.length === 0 || OWNERSHIP_CHECKS.has(finding.check) || CREDENTIAL_CHECKS.has(finding.check)) insight.fixes.push(...subjectFixes(graph, finding));
    result.set(finding.id, insight);
  }
  return result;
}

/** A short stable id for a grouping key. */
export function stableId(prefix: string, key: string): string {
  return `${prefix}-${hash('sha256', key, 'hex').slice(0, 12)}`;
}
