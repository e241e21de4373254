/**
 * What the surfaces read beyond the finding rows, built in the build step so a resolver only looks it up:
 *
 *   blast.<n>           (sync scope) every principal's blast radius, bucketed by principal id
 *   insights.<n>        (sync scope) every finding's insight (highlight, drift, fixes with impact), by finding id
 *   project-reach.<n>   (sync scope) per Jira project, the findings whose principal reaches it, by project key
 *   root-causes         (sync scope) findings that share a root cause
 *   departures:first-seen  (KVS key) when each departed owner was first seen gone, kept across syncs
 *
 * Buckets keep each lookup to one small dataset; datasets are delta-written, so a daily resync rewrites only the
 * records that changed. Each blast radius is bounded (chains/blast-radius.ts) to fit one stored chunk.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphEdge, GraphNode } from '../model/schema';
import { sizedBlastRadius, type BlastRadius } from '../chains/blast-radius';
import type { PrincipalReach } from '../chains/reach';
import { ownersOf } from '../checks/definitions';
import { nextFirstSeen, ownerDepartures, type OwnerDeparture } from '../correlate/departures';
import type { AccountAudit } from '../model/person';
import type { SurfaceFinding } from '../findings/finding';
import { buildInsights, type FindingInsight } from '../findings/insights';
import type { OwnerDetail } from '../findings/owner-detail';
import { buildRootCauseGroups } from '../findings/root-causes';
import { readDataset, writeDataset } from '../store/dataset-store';
import type { KeyValueStore } from '../store/key-value-store';
import { DEPARTURES_FIRST_SEEN_DATASET, DEPARTURES_FIRST_SEEN_KEY, ROOT_CAUSES_DATASET, STATE_SCOPE, blastDataset, insightDataset, projectReachDataset } from '../store/layout';

export const BLAST_BUCKETS = 32;
export const INSIGHT_BUCKETS = 16;
export const PROJECT_BUCKETS = 16;

export interface ProjectReach {
  projectKey: string;
  findingIds: string[];
}

/** FNV-1a: a fast, stable bucket for a key (the same key lands in the same bucket in every sync). */
export function bucketOf(key: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}

function bucketed<T>(records: readonly T[], keyOf: (record: T) => string, buckets: number): T[][] {
  const out: T[][] = Array.from({ length: buckets }, () => []);
  for (const record of records) out[bucketOf(keyOf(record), buckets)]?.push(record);
  for (const list of out) list.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  return out;
}

/** Owners of a node with who left and when. */
export function ownerDetailsOf(graph: AccessGraph, departures: ReadonlyMap<string, OwnerDeparture>): (nodeId: string) => OwnerDetail[] {
  return (nodeId) =>
    ownersOf(graph, nodeId).map((owner: GraphNode<'owner'>) => {
      const p = owner.props;
      const departure = departures.get(owner.id);
      const gone = p.subtype === 'group' ? p.activeMembers === 0 : p.departed;
      return {
        name: owner.name,
        ...(p.email ? { email: p.email } : {}),
        kind: p.subtype,
        ...(gone === undefined ? {} : { departed: gone }),
        ...(departure?.at ? { leftAt: departure.at } : {}),
        ...(departure?.source ? { leftAtSource: departure.source } : {}),
        ...(gone ? { reason: p.subtype === 'group' ? 'no active member left' : (p.departedReason ?? departure?.reason ?? 'departed') } : {}),
      };
    });
}

export interface SurfaceInput {
  store: KeyValueStore;
  syncId: string;
  graph: AccessGraph;
  reach: ReadonlyMap<string, PrincipalReach>;
  /** Every stored finding after reconciliation. */
  findings: readonly SurfaceFinding[];
  baselineOf: (principalId: string) => readonly string[] | undefined;
  observedAt: string;
}

export interface SurfaceStats {
  principals: number;
  largestBlastBytes: number;
  largestBlastPrincipal?: string;
  summarisedPrincipals: number;
  blastMs: number;
  insightsMs: number;
  storeMs: number;
}

/**
 * Departures first: the rows need them, and they are the cheapest part. `ends`: this sync's records that ended an
 * account (Jira's audit log, Entra's directory audits), as the sources' builders found them.
 */
export async function readDepartures(store: KeyValueStore, graph: AccessGraph, ends: readonly AccountAudit[], observedAt: string): Promise<Map<string, OwnerDeparture>> {
  const stored = await readDataset<{ ownerId: string; at: string }>(store, STATE_SCOPE, DEPARTURES_FIRST_SEEN_DATASET);
  // One departure per departed owner: at 140,000 people that is more than one KVS value holds, so it is a dataset;
  // an install that kept it as one value is read from there once.
  const legacy = stored ? undefined : await store.get<Record<string, string>>(DEPARTURES_FIRST_SEEN_KEY);
  const firstSeen: Record<string, string> = stored ? Object.fromEntries(stored.map((d) => [d.ownerId, d.at])) : (legacy ?? {});
  const departures = ownerDepartures(graph, ends, firstSeen, observedAt);
  const next = nextFirstSeen(firstSeen, graph, observedAt);
  if (!stored || JSON.stringify(next) !== JSON.stringify(firstSeen)) {
    await writeDataset(store, STATE_SCOPE, DEPARTURES_FIRST_SEEN_DATASET, Object.entries(next).sort(([a], [b]) => (a < b ? -1 : 1)).map(([ownerId, at]) => ({ ownerId, at })));
  }
  if (legacy) await store.delete(DEPARTURES_FIRST_SEEN_KEY);
  return departures;
}

export async function writeSurfaceModels(input: SurfaceInput, departures: ReadonlyMap<string, OwnerDeparture>): Promise<SurfaceStats> {
  const { graph, store, syncId } = input;
  const edgesOut = new Map<string, GraphEdge[]>();
  const active = input.findings.filter((f) => f.status !== 'resolved');

  const insightsStarted = performance.now();
  const insights = buildInsights({ graph, findings: active, baselineOf: input.baselineOf, edgesOut });
  const insightsMs = Math.round(performance.now() - insightsStarted);

  // Each principal's radius pins the resources its findings are about, so they are drawn whatever the bound.
  const pinnedBy = new Map<string, Set<string>>();
  for (const insight of insights.values()) {
    if (!insight.principalId) continue;
    const set = pinnedBy.get(insight.principalId) ?? new Set<string>();
    for (const id of [...insight.highlight, ...(insight.added ?? [])]) set.add(id);
    pinnedBy.set(insight.principalId, set);
  }
  // Radii are built and written one bucket at a time: at 140,000 people every radius at once was hundreds of MB
  // the build step's invocation cannot spare.
  let blastMs = 0;
  let storeMs = 0;
  let principals = 0;
  let largest = { bytes: 0, principal: undefined as string | undefined };
  let summarisedPrincipals = 0;
  for (const [i, principalIds] of bucketed([...input.reach.keys()], (id) => id, BLAST_BUCKETS).entries()) {
    const blastStarted = performance.now();
    const radii: BlastRadius[] = [];
    for (const principalId of principalIds) {
      const { radius, bytes } = sizedBlastRadius(graph, principalId, { edgesOut, ...(pinnedBy.has(principalId) ? { pinned: pinnedBy.get(principalId) } : {}) });
      // The largest, and of equal ones the first by id, whatever the bucket order.
      if (bytes > largest.bytes || (bytes === largest.bytes && largest.principal !== undefined && principalId < largest.principal)) largest = { bytes, principal: principalId };
      if (radius.summarised > 0) summarisedPrincipals++;
      radii.push(radius);
    }
    principals += radii.length;
    const storeStarted = performance.now();
    blastMs += storeStarted - blastStarted;
    await writeDataset(store, syncId, blastDataset(i), radii);
    storeMs += performance.now() - storeStarted;
  }

  const storeStarted = performance.now();
  const insightBuckets = bucketed([...insights.values()], (x) => x.findingId, INSIGHT_BUCKETS);
  for (const [i, records] of insightBuckets.entries()) await writeDataset(store, syncId, insightDataset(i), records);

  // Projects each finding's principal reaches, with the projects its chain names (a finding about an owner has none).
  const byProject = new Map<string, Set<string>>();
  const projectKeyOf = new Map<string, string>();
  for (const node of graph.nodesOfKind('resource')) if (node.props.subtype === 'jira_project' && node.props.key) projectKeyOf.set(node.id, node.props.key);
  // A principal's projects are worked out once, not per finding about it (at L a principal reaching thousands of
  // projects has several findings).
  const projectsOf = new Map<string, string[]>();
  const reachedProjects = (principalId: string): string[] => {
    let keys = projectsOf.get(principalId);
    if (!keys) {
      const found = new Set<string>();
      for (const reached of input.reach.get(principalId)?.reached ?? []) {
        const key = projectKeyOf.get(reached.resourceId);
        if (key) found.add(key);
      }
      keys = [...found];
      projectsOf.set(principalId, keys);
    }
    return keys;
  };
  for (const finding of input.findings) {
    const keys = new Set(finding.projectKeys);
    const principalId = insights.get(finding.id)?.principalId;
    if (principalId) for (const key of reachedProjects(principalId)) keys.add(key);
    for (const key of keys) byProject.set(key, (byProject.get(key) ?? new Set()).add(finding.id));
  }
  const projectRecords: ProjectReach[] = [...byProject].map(([projectKey, ids]) => ({ projectKey, findingIds: [...ids].sort() }));
  for (const [i, records] of bucketed(projectRecords, (r) => r.projectKey, PROJECT_BUCKETS).entries()) await writeDataset(store, syncId, projectReachDataset(i), records);

  const owners = ownerDetailsOf(graph, departures);
  await writeDataset(store, syncId, ROOT_CAUSES_DATASET, buildRootCauseGroups(input.findings, (id) => (graph.node(id) ? owners(id) : [])));
  return {
    principals,
    largestBlastBytes: largest.bytes,
    ...(largest.principal ? { largestBlastPrincipal: largest.principal } : {}),
    summarisedPrincipals,
    blastMs: Math.round(blastMs),
    insightsMs,
    storeMs: Math.round(storeMs + performance.now() - storeStarted),
  };
}

/** Lookups for the resolvers (one bucket each). */
export async function readBlastRadius(store: KeyValueStore, syncId: string, principalId: string): Promise<BlastRadius | undefined> {
  const records = await readDataset<BlastRadius>(store, syncId, blastDataset(bucketOf(principalId, BLAST_BUCKETS)));
  return records?.find((r) => r.principalId === principalId);
}

export async function readInsight(store: KeyValueStore, syncId: string, findingId: string): Promise<FindingInsight | undefined> {
  const records = await readDataset<FindingInsight>(store, syncId, insightDataset(bucketOf(findingId, INSIGHT_BUCKETS)));
  return records?.find((r) => r.findingId === findingId);
}

export async function readProjectReach(store: KeyValueStore, syncId: string, projectKey: string): Promise<string[] | undefined> {
  const records = await readDataset<ProjectReach>(store, syncId, projectReachDataset(bucketOf(projectKey, PROJECT_BUCKETS)));
  if (!records) return undefined;
  return records.find((r) => r.projectKey === projectKey)?.findingIds ?? [];
}
