/**
 * What the pages read, written by the build step so resolvers never touch the graph: the finding row index (every
 * finding, compact), and the inventory of the sync (identities, workloads, credentials, resources, each with the
 * findings it appears in). Both are chunked datasets; a list of thousands reads a handful of KVS values.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphNode, NodeKind, Sensitivity } from '../model/schema';
import { aiAgentTypeOf } from '../model/agents';
import { isPrincipal } from '../chains/reach';
import { groupOfRoleHolder } from '../sources/jira/project-roles';
import { ownersOf } from '../checks/definitions';
import type { Finding } from '../findings/finding';
import { toFindingRow, type FindingRow } from '../findings/query';
import type { OwnerDetail } from '../findings/owner-detail';
import type { NamedResource } from '../findings/visibility';
import { readDataset, writeDataset } from '../store/dataset-store';
import type { KeyValueStore } from '../store/key-value-store';
import { SEEN_AT_KEY, SEEN_DATASET, STATE_SCOPE } from '../store/layout';

/** Ids of the findings the last evaluation detected (STATE_SCOPE), and when (SEEN_AT_KEY). */

/**
 * When the last evaluation detected which findings. A finding it detected was last seen then; its stored
 * lastSeenAt is only the value it had when it was last written, so a sync that sees the same findings again
 * rewrites none of them (nor their rows) just to move a timestamp.
 */
export interface SeenFindings {
  observedAt: string;
  ids: ReadonlySet<string>;
}

export async function readSeenFindings(store: KeyValueStore): Promise<SeenFindings | undefined> {
  const observedAt = await store.get<string>(SEEN_AT_KEY);
  const ids = await readDataset<string>(store, STATE_SCOPE, SEEN_DATASET);
  return observedAt && ids ? { observedAt, ids: new Set(ids) } : undefined;
}

export async function writeSeenFindings(store: KeyValueStore, observedAt: string, ids: readonly string[]): Promise<void> {
  await writeDataset(store, STATE_SCOPE, SEEN_DATASET, [...ids].sort());
  await store.set(SEEN_AT_KEY, observedAt);
}

/** The item with its true lastSeenAt. */
export function withLastSeen<T extends { id: string; lastSeenAt: string }>(item: T, seen: SeenFindings | undefined): T {
  return seen?.ids.has(item.id) && seen.observedAt > item.lastSeenAt ? { ...item, lastSeenAt: seen.observedAt } : item;
}

export type InventoryType = 'identities' | 'workloads' | 'credentials' | 'resources';

export interface InventoryItem {
  id: string;
  type: InventoryType;
  name: string;
  kind: NodeKind;
  system: string;
  subtype: string;
  /** Credentials: end date (null = never, absent = unknown). */
  expiresAt?: string | null;
  sensitivity?: Sensitivity;
  /** One line about it: origin, holder, owners. */
  detail?: string;
  findingIds: string[];
  /** An AI agent (src/model/agents.ts): its type in words. */
  agent?: string;
}

export function ownerNamesOf(graph: AccessGraph, nodeId: string): string[] {
  return ownersOf(graph, nodeId).map((o) => o.name);
}

/**
 * A row per finding, with its subject's owners as the last sync recorded them (an owner's departure and its date
 * included, when `ownerDetails` is given); a subject gone from the graph keeps the owners of its previous row.
 */
export function buildFindingRows(
  findings: readonly Finding[],
  ownerNames: (subjectId: string) => readonly string[] | undefined,
  previousRows: readonly FindingRow[],
  ownerDetails?: (subjectId: string) => readonly OwnerDetail[] | undefined,
): FindingRow[] {
  const previous = new Map(previousRows.map((r) => [r.id, r]));
  return findings.map((f) => {
    const details = ownerDetails?.(f.subject.id) ?? previous.get(f.id)?.ownerDetails;
    return toFindingRow(f, ownerNames(f.subject.id) ?? previous.get(f.id)?.owners ?? [], details);
  });
}

const TYPE_OF: Partial<Record<NodeKind, InventoryType>> = { identity: 'identities', workload: 'workloads', credential: 'credentials', resource: 'resources' };

export function buildInventory(graph: AccessGraph, findings: readonly Finding[]): InventoryItem[] {
  const byNode = new Map<string, string[]>();
  for (const f of findings.filter((x) => x.status !== 'resolved')) {
    for (const id of new Set([f.subject.id, ...f.chain])) byNode.set(id, [...(byNode.get(id) ?? []), f.id]);
  }
  const items: InventoryItem[] = [];
  for (const node of graph.sortedNodes()) {
    const type = TYPE_OF[node.kind];
    if (!type) continue;
    if (node.kind === 'identity' && !isPrincipal(node)) continue; // people's own accounts are not inventory
    const item: InventoryItem = { id: node.id, type, name: node.name, kind: node.kind, system: node.system, subtype: String((node.props as { subtype?: string }).subtype ?? node.kind), findingIds: byNode.get(node.id) ?? [] };
    const agent = aiAgentTypeOf(node);
    if (agent) item.agent = agent;
    if (node.kind === 'credential') {
      const p = node.props as GraphNode<'credential'>['props'];
      if (p.expiresAt !== undefined) item.expiresAt = p.expiresAt;
      const holder = graph.out(node.id, 'AUTHENTICATES_AS').map((e) => graph.node(e.to)?.name).filter(Boolean);
      if (holder.length) item.detail = `authenticates as ${holder.join(', ')}`;
    }
    if (node.kind === 'resource') {
      const p = node.props as GraphNode<'resource'>['props'];
      item.sensitivity = p.sensitivity;
      if (p.businessDomain) item.detail = p.businessDomain;
      if (p.members?.length) item.detail = `${p.members.length} classified: ${p.members.map((m) => m.name).join(', ')}`;
    }
    if (node.kind === 'identity' || node.kind === 'workload') {
      const owners = ownerNamesOf(graph, node.id);
      const origin = node.kind === 'identity' ? (node.props as GraphNode<'identity'>['props']).origin : undefined;
      item.detail = [origin ? `origin ${origin.replaceAll('_', '-')}` : undefined, owners.length ? `owners ${owners.join(', ')}` : 'no owner recorded'].filter(Boolean).join('; ');
    }
    items.push(item);
  }
  return items;
}

/**
 * Every resource a finding's text may name (projects by key and name, sites, mailboxes, the classified members of
 * tenant-wide scopes): what the project page and issue panel hide from someone who may not see it.
 */
export function buildResourceNames(graph: AccessGraph): NamedResource[] {
  const out = new Map<string, NamedResource>();
  for (const node of graph.nodesOfKind('resource')) {
    const p = node.props;
    out.set(`${p.subtype}|${node.id}`, { name: node.name, system: node.system, subtype: p.subtype, ...(p.key ? { key: p.key } : {}) });
    for (const member of p.members ?? []) out.set(`member|${member.id}`, { name: member.name, system: node.system, subtype: `${p.subtype}_member` });
  }
  return [...out.values()].sort((a, b) => (a.subtype < b.subtype ? -1 : a.subtype > b.subtype ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface AccessReviewRow {
  projectKey: string;
  projectName: string;
  sensitivity: Sensitivity;
  who: string;
  whoKind: 'person' | 'non-human identity' | 'workload' | 'group';
  how: string;
}

type ReachByPrincipal = ReadonlyMap<string, { reached: Array<{ resourceId: string; memberId?: string; chain: string[] }> }>;

/**
 * Who and what can reach each Jira project: people and identities through the project's browse grants, and every
 * workload or non-human identity whose access chain ends there. Rows come project by project, in the order of
 * buildAccessReview, so the writer can take them without the whole review in memory (tens of MB at 140,000 people).
 */
export function* accessReviewRows(graph: AccessGraph, reach: ReachByPrincipal, heldBefore?: ReadonlyMap<string, Holders>): Generator<AccessReviewRow> {
  // Principals by the project they reach directly (not through a member), indexed once: a scan per project over
  // every principal's reach was quadratic in the tenant's size.
  const reachers = new Map<string, Array<{ principalId: string; chain: string[] }>>();
  for (const [principalId, r] of reach) {
    const firstHit = new Set<string>();
    for (const x of r.reached) {
      if (x.memberId || firstHit.has(x.resourceId)) continue;
      firstHit.add(x.resourceId);
      const list = reachers.get(x.resourceId) ?? [];
      list.push({ principalId, chain: x.chain });
      reachers.set(x.resourceId, list);
    }
  }
  // Taken before people were dropped from the graph, when they were (accessReviewHolders); else worked out here.
  const holders = new Map<string, Holders>(heldBefore);
  const order = new Intl.Collator().compare; // localeCompare's order, without building a collator per call
  const keyOf = (project: GraphNode<'resource'>) => project.props.key ?? project.name;
  // Sorting is stable, so projects the collator holds equal keep the graph's order; their rows are sorted together.
  const projects = jiraProjects(graph).sort((a, b) => order(keyOf(a), keyOf(b)));
  for (let i = 0; i < projects.length; ) {
    let end = i + 1;
    while (end < projects.length && order(keyOf(projects[i] as GraphNode<'resource'>), keyOf(projects[end] as GraphNode<'resource'>)) === 0) end++;
    const rows = projects.slice(i, end).flatMap((project) => projectRows(graph, project, reachers, holders));
    yield* rows.sort((a, b) => order(a.projectKey, b.projectKey) || order(a.who, b.who));
    i = end;
  }
}

/** The review as one list (tests and small tenants). */
export function buildAccessReview(graph: AccessGraph, reach: ReachByPrincipal): AccessReviewRow[] {
  return [...accessReviewRows(graph, reach)];
}

/** Who holds a role or group that grants browse, worked out once per role rather than once per project it is granted on. */
export interface Holders {
  /** Identities that are MEMBER_OF it (a group). */
  activeMembers: number;
  /** Identities that hold it themselves (HAS_ROLE without a group), in edge order, with the edge's reason. */
  direct: Array<{ id: string; name: string; human: boolean; reason?: string }>;
  /** Holders through a group actor, counted by group, in the order the groups first appear. */
  viaGroups: Map<string, number>;
}

function holdersOf(graph: AccessGraph, roleId: string, known: Map<string, Holders>): Holders {
  const holders = known.get(roleId);
  if (holders) return holders;
  const found: Holders = { activeMembers: 0, direct: [], viaGroups: new Map() };
  graph.forEachIn(roleId, 'MEMBER_OF', (member) => {
    if (member?.kind === 'identity') found.activeMembers++;
  });
  // A role given to a site-wide group has as many HAS_ROLE edges as the group has members: counted here, once per role.
  graph.forEachIn(roleId, 'HAS_ROLE', (identity, _id, reason) => {
    if (identity?.kind !== 'identity') return;
    const group = groupOfRoleHolder(reason);
    if (group !== undefined) found.viaGroups.set(group, (found.viaGroups.get(group) ?? 0) + 1);
    else found.direct.push({ id: identity.id, name: identity.name, human: (identity.props as GraphNode<'identity'>['props']).human === true, ...(reason === undefined ? {} : { reason }) });
  });
  known.set(roleId, found);
  return found;
}

/** The roles and groups granted browse on a project, by browse permission, in edge order. */
function browseGrants(graph: AccessGraph, project: GraphNode<'resource'>): Array<{ role: GraphNode | undefined; roleId: string }> {
  const browse: GraphNode[] = [];
  graph.forEachIn(project.id, 'APPLIES_TO', (permission) => {
    if (permission?.kind === 'permission' && (permission.props as GraphNode<'permission'>['props']).key === 'BROWSE_PROJECTS') browse.push(permission);
  });
  const grants: Array<{ role: GraphNode | undefined; roleId: string }> = [];
  for (const permission of browse) graph.forEachIn(permission.id, 'GRANTS', (role, roleId) => grants.push({ role, roleId }));
  return grants;
}

const jiraProjects = (graph: AccessGraph) => graph.nodesOfKind('resource').filter((r) => r.props.subtype === 'jira_project');

/**
 * The holders of every role and group granted browse on a project, worked out while the graph still has every
 * person: evaluation then takes the people who only hold access out of the graph (chains/evaluation-slice.ts), and the
 * review reads who held what from here.
 */
export function accessReviewHolders(graph: AccessGraph): Map<string, Holders> {
  const known = new Map<string, Holders>();
  for (const project of jiraProjects(graph)) for (const { roleId } of browseGrants(graph, project)) holdersOf(graph, roleId, known);
  return known;
}

function projectRows(graph: AccessGraph, project: GraphNode<'resource'>, reachers: ReadonlyMap<string, ReadonlyArray<{ principalId: string; chain: string[] }>>, known: Map<string, Holders>): AccessReviewRow[] {
  const rows: AccessReviewRow[] = [];
  const base = { projectKey: project.props.key ?? project.name, projectName: project.name, sensitivity: project.props.sensitivity };
  const seen = new Set<string>();
  for (const { role, roleId } of browseGrants(graph, project)) {
    // A group is one row with its size, not a row per member: a site-wide group granted browse on every
    // project made the review members × projects long (gigabytes at 140,000 people). Who is in the group is
    // the group's own review. Its members are counted once, not on every project it is granted on.
    const { activeMembers, direct, viaGroups } = holdersOf(graph, roleId, known);
    if (role && activeMembers > 0 && !seen.has(role.id)) {
      seen.add(role.id);
      rows.push({ ...base, who: role.name, whoKind: 'group', how: `granted to the group (${activeMembers} active members)` });
    }
    for (const { id, name, human, reason } of direct) {
      if (seen.has(id)) continue;
      seen.add(id);
      rows.push({ ...base, who: name, whoKind: human ? 'person' : 'non-human identity', how: `${role?.name ?? 'role'}${reason ? ` (${reason})` : ''}` });
    }
    for (const [group, count] of viaGroups) {
      const key = `${roleId}|${group}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ ...base, who: `Jira group ${group}`, whoKind: 'group', how: `${role?.name ?? 'role'} (${count} active members through the group)` });
    }
  }
  for (const hit of reachers.get(project.id) ?? []) {
    const principalId = hit.principalId;
    const principal = graph.node(principalId);
    if (!principal || seen.has(principalId)) continue;
    seen.add(principalId);
    rows.push({ ...base, who: principal.name, whoKind: principal.kind === 'workload' ? 'workload' : 'non-human identity', how: hit.chain.map((id) => graph.node(id)?.name ?? id).join(' → ') });
  }
  return rows;
}
