/**
 * The engine's two steps of a sync. The build step (evaluateSync) builds the graph from this sync's datasets, diffs
 * it against the last complete snapshot, runs the checks, reconciles findings, and stores them with the read models
 * that need the checks (rows, inventory). The publish step (publishSync) builds the same graph again and stores the
 * read models that need only the graph, reach and the stored findings (access review, agents, blast radii, insights,
 * project reach, root causes). Everything the build step writes is keyed so that a crash half-way leaves the
 * previous snapshot and findings as they were (findings are written last, and only once the new snapshot is stored);
 * the publish step writes only this sync's datasets, which no page reads before the sync is finished.
 */
import { SEVERITY_RANK, type CoverageAspect, type EvidenceCoverage } from '../checks/check';
import { runChecks, type UnknownOutcome } from '../checks/run-checks';
import { compareFindings, reconcileFindings, surfaceFinding, type Finding, type SurfaceFinding } from '../findings/finding';
import type { GraphNode, SystemName } from '../model/schema';
import type { GraphBuilder, GraphContext } from '../sources/source-step';
import { dropFindingState, readStoredFindings, writeFindingState } from '../store/finding-state';
import { compactRecordHashes, readDataset, writeDataset, type WriteOptions } from '../store/dataset-store';
import type { FindingStore } from '../store/finding-store';
import type { KeyValueStore } from '../store/key-value-store';
import { currentReachKeys, extendBaselines, type BaselineMap } from '../diff/baselines';
import { digestOf, SnapshotDiffer, type NodeDigest, type SnapshotDiff } from '../diff/diff-snapshots';
import type { AccessGraph } from '../model/graph';
import type { PrincipalReach } from '../chains/reach';
import { peopleOnlyHoldingAccess } from '../chains/evaluation-slice';
import { buildGraph } from './build-graph';
import { accessReviewHolders, accessReviewRows, buildFindingRows, buildInventory, buildResourceNames, ownerNamesOf, readSeenFindings, writeSeenFindings, type Holders } from './read-models';
import type { EvaluationSummary, SyncStep } from './sync-state';
import { SOURCES, sourceById, sourcesDescribing } from '../sources/registry/registry';
import { buildAgentInventory } from './agent-inventory';
import { ownerDetailsOf, readDepartures, writeSurfaceModels, type SurfaceInput, type SurfaceStats } from './surface-models';
import type { OwnerDeparture } from '../correlate/departures';
import { AppError } from '../shared/errors';
import { ACCESS_REVIEW_DATASET, AGENTS_DATASET, DEPARTURES_DATASET, INVENTORY_DATASET, REACH_DATASET, RESOURCE_NAMES_DATASET, SNAPSHOT_DATASET } from '../store/layout';
import { readBaselines, readFindingRows, writeBaselines, writeFindingRows } from '../store/state-store';

// The summary is part of the job record (sync-state.ts); re-exported for the callers of evaluateSync.
export type { EvaluationSummary } from './sync-state';

const UNKNOWNS_KEPT = 50;

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Whether a step's records prove an aspect (evidence or ownership), as its source declares (SourceDescriptor.coverage). */
function proves(step: SyncStep, aspect: CoverageAspect): boolean {
  if (step.system === 'engine') return false;
  const name = step.id.slice(step.id.lastIndexOf(':') + 1);
  return sourceById(step.system)?.coverage[aspect].includes(name) ?? false;
}

/** Source systems that describe a node of a graph system (automation rules live in Jira but come from the automation source). */
function stepSystemsFor(node: GraphNode): string[] {
  return sourcesDescribing(node.system);
}

/** The graph systems whose nodes a step's source describes (the engine's own steps describe none). */
const describedBy = (system: SyncStep['system']): readonly SystemName[] => (system === 'engine' ? [] : (sourceById(system)?.describes ?? []));

/**
 * Whether every source a finding rests on was read completely: no step describing a system its subject or chain
 * lives in is partial or failed. A finding that rests only on what was read completely may be resolved when it is
 * not seen; one that rests on a partial read keeps its last state (missing is not deleted).
 */
export function fullyReadFrom(steps: readonly SyncStep[]): (finding: Pick<Finding, 'subject' | 'chainNodes'>) => boolean {
  const held = new Set<string>();
  for (const step of steps) if (step.status === 'partial' || step.status === 'failed') for (const system of describedBy(step.system)) held.add(system);
  if (held.size === 0) return () => true;
  return (finding) => {
    const systems = [finding.subject.id.split(':')[0] ?? '', ...finding.chainNodes.map((n) => n.system)];
    return !systems.some((system) => held.has(system));
  };
}

export function coverageFrom(steps: readonly SyncStep[]): EvidenceCoverage {
  // The answer depends only on the aspect, the node's system and its tenant: asked per node and per owner by
  // several checks (about 50,000 times at L), it is worked out once per combination, found without a key string.
  const answers = new Map<CoverageAspect, Map<string, Map<string, string | undefined>>>();
  return {
    gapFor(node: GraphNode, aspect: CoverageAspect = 'evidence') {
      const tenantId = (node.props as { tenantId?: string }).tenantId ?? '';
      let bySystem = answers.get(aspect);
      if (!bySystem) answers.set(aspect, (bySystem = new Map()));
      let byTenant = bySystem.get(node.system);
      if (!byTenant) bySystem.set(node.system, (byTenant = new Map()));
      if (byTenant.has(tenantId)) return byTenant.get(tenantId);
      const systems = stepSystemsFor(node);
      const gap = steps.find(
        (s) => proves(s, aspect) && s.status !== 'done' && s.status !== 'skipped' && s.status !== 'pending' && systems.includes(s.system) && (!tenantId || !s.tenantId || s.tenantId === tenantId),
      );
      const answer = gap ? `${gap.label} was not read completely (${gap.reason ?? gap.status})` : undefined;
      byTenant.set(tenantId, answer);
      return answer;
    },
  };
}

/** One unknown per check a source that is off (no step of it planned) would answer about what only it shows. */
export function unseenSources(steps: readonly SyncStep[]): UnknownOutcome[] {
  return SOURCES.filter((source) => source.unseenWhenOff && !steps.some((step) => step.system === source.id)).flatMap((source) =>
    (source.unseenWhenOff?.checks ?? []).map((check) => ({
      check,
      subjectId: `source:${source.id}`,
      subjectName: source.label,
      reason: `${source.label} is not connected: ${source.unseenWhenOff?.what ?? ''} cannot be seen`,
    })),
  );
}

export interface EvaluateInput {
  store: KeyValueStore;
  findings: FindingStore;
  syncId: string;
  lastCompleteSyncId: string | undefined;
  builders: readonly GraphBuilder[];
  context: GraphContext;
  ownHosts: readonly string[];
  /** Every extraction step done: the snapshot may report removals and set first baselines. */
  complete: boolean;
  /** The install's secret key for finding ids. */
  idKey: string;
  steps: readonly SyncStep[];
  /**
   * Whether to leave the access review, the agents and the surfaces to the publish step that follows (publishSync),
   * asked once the findings are stored; this step then stores the departures for it. Absent (a job planned before
   * that step existed) or answering no, this step writes them itself: for a tenant whose build leaves time to spare,
   * a second read of every dataset would cost more than it saves.
   */
  handOver?: () => boolean;
  /**
   * Given the publish step's work as this step has it in memory (graph, reach, findings, departures), when it hands
   * over. The caller runs it if the publish step comes next in the same invocation, and drops it otherwise: building
   * the same graph again from the same datasets was about 20 of the L publish step's 38-41 s (and as many GB-s).
   */
  keepForPublish?: (publish: KeptPublish) => void;
}

/** The publish step's work, done from what the build step holds: its summary, with no reading or building timed. */
export type KeptPublish = () => Promise<PublishSummary>;

/** What the publish step needs from this sync beyond its datasets and the stored findings. */
export interface PublishInput {
  store: KeyValueStore;
  findings: FindingStore;
  syncId: string;
  builders: readonly GraphBuilder[];
  context: GraphContext;
  ownHosts: readonly string[];
}

/** What the publish step did, in the job record beside the build step's summary. */
export interface PublishSummary {
  surfaces: SurfaceStats;
  /** In ms: reading the datasets, building the graph again, reach, and writing the access review, agents and surfaces. */
  timings: { readMs: number; graphMs: number; reachMs: number; writeMs: number };
}

/**
 * Digests this sync's graph, diffs them against the last complete snapshot's and stores them as this sync's. This
 * sync's digests (at 140,000 people, 400,000 of them) go one by one to the diff and the writer, which keeps them
 * only compressed. The last snapshot's digests are held by the differ alone, which lets go of them once it has seen
 * the last digest: they are garbage before the writer works out this snapshot's delta (both versions' record hashes
 * and an index of them), where beside it the L resync ran past a 512 MB function's heap. Storing this sync's
 * snapshot first changes nothing a reader sees: a sync's datasets are read only once the sync is complete.
 */
async function diffAndStoreSnapshot(store: KeyValueStore, syncId: string, lastCompleteSyncId: string | undefined, graph: AccessGraph, complete: boolean): Promise<SnapshotDiff> {
  const { differ, knownHashes } = await differFrom(store, lastCompleteSyncId);
  let diff: SnapshotDiff | undefined;
  // Each digest is diffed as the writer takes it: this sync's digests are never all held at once.
  await writeDataset(
    store,
    syncId,
    SNAPSHOT_DATASET,
    (function* () {
      for (const node of graph.sortedNodes()) {
        const digest = digestOf(node);
        differ.next(digest);
        yield digest;
      }
      diff = differ.finish(complete);
    })(),
    knownHashes ? { knownHashes } : {},
  );
  if (!diff) throw new Error(`Sync ${syncId}: the snapshot was stored but its diff was not made`);
  return diff;
}

/**
 * A differ given the last complete snapshot; read in a frame of its own, so that nothing but the differ holds it.
 * The snapshot's record hashes are worked out from it here, compactly: the writer diffs against them when the last
 * snapshot written is that one, instead of reading them from storage.
 */
async function differFrom(store: KeyValueStore, lastCompleteSyncId: string | undefined): Promise<{ differ: SnapshotDiffer; knownHashes?: WriteOptions['knownHashes'] }> {
  const previous = lastCompleteSyncId ? await readDataset<NodeDigest>(store, lastCompleteSyncId, SNAPSHOT_DATASET) : undefined;
  const differ = new SnapshotDiffer(previous);
  return previous && lastCompleteSyncId ? { differ, knownHashes: { scope: lastCompleteSyncId, hashes: compactRecordHashes(previous) } } : { differ };
}

export async function evaluateSync(input: EvaluateInput): Promise<EvaluationSummary> {
  const { store, syncId } = input;
  const read = <T>(name: string) => readDataset<T>(store, syncId, name);
  // The snapshot is diffed and stored on the sealed graph before reach is computed (buildGraph's beforeReach).
  // What needs every person is done there too, before the people who only hold access leave the graph (the
  // departures, whose first-seen state covers every departed person; the access review's holders; the graph's size
  // as reported): see dropPeopleOnlyHoldingAccess.
  const whole: { diff?: SnapshotDiff; departures?: Map<string, OwnerDeparture>; holders?: Map<string, Holders>; size?: { nodes: number; edges: number } } = {};
  const { graph, reach, timings } = await buildGraph(input.builders, read, input.context, input.ownHosts, async (sealed, accountEnds) => {
    whole.diff = await diffAndStoreSnapshot(store, syncId, input.lastCompleteSyncId, sealed, input.complete);
    whole.departures = await readDepartures(store, sealed, accountEnds, input.context.observedAt);
    whole.size = { nodes: sealed.nodes.length, edges: sealed.edgeCount };
    whole.holders = dropPeopleOnlyHoldingAccess(sealed);
  });
  const { diff, departures, holders, size } = whole;
  if (!diff || !departures || !holders || !size) throw new Error(`Sync ${syncId}: the graph was built but the work on the whole graph (snapshot, departures, holders) did not run`);

  const trustworthy = input.complete && !diff.breaker.tripped;
  const fullyRead = fullyReadFrom(input.steps);
  const breakerHeld = new Set(diff.breaker.systems ?? []);
  const mayResolve = (f: Pick<Finding, 'subject' | 'chainNodes'>) => fullyRead(f) && ![f.subject.id.split(':')[0] ?? '', ...f.chainNodes.map((n) => n.system)].some((system) => breakerHeld.has(system));

  const baselineMap: BaselineMap = (await readBaselines(store)) ?? {};
  // Two steps of their own: what each holds (the stored findings as listed, the detections, then every finding in
  // full) is garbage when it returns. Held by this step's suspended frame, the L resync's build step ran past a
  // 512 MB function's heap writing the finding rows.
  const { summary, findings } = await writeRowsOf(input, graph, departures, await checkAndSave(input, graph, reach, baselineMap, trustworthy, mayResolve));
  let surfaces: SurfaceStats | undefined;
  const surfaceInput: SurfaceInput = { store, syncId, graph, reach, findings, baselineOf: (id) => baselineMap[id], observedAt: input.context.observedAt };
  if (input.handOver?.()) {
    await writeDataset(store, syncId, DEPARTURES_DATASET, [...departures].map(([ownerId, departure]) => ({ ownerId, ...departure })));
    input.keepForPublish?.(async () => {
      const writeStarted = performance.now();
      const surfaces = await writePublished(surfaceInput, departures, holders);
      return { surfaces, timings: { readMs: 0, graphMs: 0, reachMs: 0, writeMs: Math.round(performance.now() - writeStarted) } };
    });
  } else surfaces = await writePublished(surfaceInput, departures, holders);

  return {
    nodes: size.nodes,
    edges: size.edges,
    principals: reach.size,
    ...summary.counts,
    unknowns: summary.unknowns.slice(0, UNKNOWNS_KEPT),
    unknownCount: summary.unknowns.length,
    unknownsByCheck: countBy(summary.unknowns, (u) => u.check),
    diff: { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, removalsReported: diff.removalsReported, breaker: diff.breaker.reason },
    timings: { ...timings, checksMs: summary.checksMs, evaluateMs: timings.reachMs + summary.checksMs, storeMs: Math.round(performance.now() - summary.storeStarted) },
    ...(surfaces ? { surfaces } : {}),
  };
}

/** What the build step reports of its checks and findings, once the findings are stored. */
interface CheckSummary {
  counts: Pick<EvaluationSummary, 'findingsByCheck' | 'findingsBySeverity' | 'opened' | 'reopened' | 'changed' | 'resolved'>;
  unknowns: UnknownOutcome[];
  checksMs: number;
  /** When storing began (performance.now()): reading the stored findings is storage, not evaluation. */
  storeStarted: number;
}

/**
 * Runs the checks, reconciles their detections with the stored findings, and stores what changed: the findings,
 * this sync's reach, new baselines, the inventory and resource names, and which findings were seen.
 */
async function checkAndSave(input: EvaluateInput, graph: AccessGraph, reach: ReadonlyMap<string, PrincipalReach>, baselineMap: BaselineMap, trustworthy: boolean, mayResolve: (f: Pick<Finding, 'subject' | 'chainNodes'>) => boolean): Promise<{ summary: CheckSummary; persisted: Finding[] }> {
  const { store, syncId } = input;
  const checksStarted = performance.now();
  const run = runChecks({
    graph,
    reach,
    settings: input.context.settings,
    observedAt: input.context.observedAt,
    coverage: coverageFrom(input.steps),
    baselines: { reachOf: (id) => baselineMap[id] },
  });

  // What a source left off would have shown is unknown, said first so the record keeps it: never "none".
  run.unknowns.unshift(...unseenSources(input.steps));
  const checksMs = Math.round(performance.now() - checksStarted);
  // Reading the stored findings is storage, not evaluation: it is timed with the writes.
  const storeStarted = performance.now();
  const { findings: stored, takenAt } = await readStoredFindings(store, input.findings);
  const outcome = reconcileFindings(stored, run.detections, mayResolve, input.context.observedAt, { idKey: input.idKey });
  const touched = new Set([...outcome.opened, ...outcome.reopened, ...outcome.changed, ...outcome.resolved]);

  // Streamed, as the access review below: the writer keeps each record only compressed.
  await writeDataset(store, syncId, REACH_DATASET, (function* () {
    for (const r of reach.values()) yield { principalId: r.principalId, keys: currentReachKeys(r) };
  })());
  const nextBaselines = extendBaselines(baselineMap, reach, trustworthy);
  if (Object.keys(nextBaselines).length !== Object.keys(baselineMap).length) {
    await writeBaselines(store, nextBaselines);
  }
  await writeDataset(store, syncId, INVENTORY_DATASET, buildInventory(graph, outcome.findings));
  await writeDataset(store, syncId, RESOURCE_NAMES_DATASET, buildResourceNames(graph));
  // Findings last: until here a crash leaves the previous findings untouched. Only findings that changed are
  // written: a detected one keeps its stored lastSeenAt (readers take it from the seen list), and one that was
  // detected last time but not now gets the last time's as its own.
  const previousSeen = await readSeenFindings(store);
  const storedById = new Map(stored.map((f) => [f.id, f]));
  const detected = outcome.findings.filter((f) => f.lastSeenAt === input.context.observedAt).map((f) => f.id);
  const detectedIds = new Set(detected);
  const persisted = outcome.findings.map((f) => {
    const before = storedById.get(f.id);
    if (!before || touched.has(f.id)) return f;
    if (detectedIds.has(f.id)) return { ...f, lastSeenAt: before.lastSeenAt };
    return previousSeen?.ids.has(f.id) ? { ...f, lastSeenAt: previousSeen.observedAt } : f;
  });
  const unchanged = (f: (typeof persisted)[number]) => JSON.stringify(storedById.get(f.id)) === JSON.stringify(f);
  const changed = persisted.filter((f) => !unchanged(f));
  // The state of every finding is dropped before any is written, and written again once they all are: cut short
  // in between, the next build step lists them (store/finding-state.ts).
  if (changed.length > 0 || outcome.renamed.length > 0) await dropFindingState(store);
  await input.findings.saveMany(changed, storedById, 'sync');
  if (outcome.renamed.length > 0) await input.findings.deleteMany(outcome.renamed.map((r) => r.from));
  await writeFindingState(store, takenAt, persisted);
  await writeSeenFindings(store, input.context.observedAt, detected);

  const open = outcome.findings.filter((f) => f.status !== 'resolved');
  const count = (key: (f: (typeof open)[number]) => string) => countBy(open, key);
  const bySeverity = count((f) => f.severity);
  const counts: CheckSummary['counts'] = {
    findingsByCheck: count((f) => f.check),
    findingsBySeverity: Object.fromEntries(Object.entries(bySeverity).sort(([a], [b]) => (SEVERITY_RANK[b as keyof typeof SEVERITY_RANK] ?? 0) - (SEVERITY_RANK[a as keyof typeof SEVERITY_RANK] ?? 0))),
    opened: outcome.opened.length,
    reopened: outcome.reopened.length,
    changed: outcome.changed.length,
    resolved: outcome.resolved.length,
  };
  return { summary: { counts, unknowns: run.unknowns, checksMs, storeStarted }, persisted };
}

/**
 * Writes the finding rows (with their owners and the departures of this sync's audit records), and gives back the
 * findings as the surfaces read them, node ids shared with the graph, in the order reconciliation left them.
 */
async function writeRowsOf(input: EvaluateInput, graph: AccessGraph, departures: ReadonlyMap<string, OwnerDeparture>, checked: { summary: CheckSummary; persisted: Finding[] }): Promise<{ summary: CheckSummary; findings: SurfaceFinding[] }> {
  const previousRows = await readFindingRows(input.store);
  const owners = (id: string) => (graph.node(id) ? ownerNamesOf(graph, id) : undefined);
  const ownerDetails = ownerDetailsOf(graph, departures);
  await writeFindingRows(input.store, buildFindingRows(checked.persisted, owners, previousRows, (id) => (graph.node(id) ? ownerDetails(id) : undefined)));
  return { summary: checked.summary, findings: surfaceFindingsOf(checked.persisted, graph) };
}

/**
 * Takes out of the sealed graph the people evaluation can do without (chains/evaluation-slice.ts), once the access
 * review's holders are known: at 140,000 people about 210,000 nodes and 1.1 million membership edges that no reach,
 * check or page but the access review reads. Gives back those holders.
 */
function dropPeopleOnlyHoldingAccess(graph: AccessGraph): Map<string, Holders> {
  const holders = accessReviewHolders(graph);
  graph.dropNodesAt(peopleOnlyHoldingAccess(graph));
  return holders;
}

/**
 * What the pages read beyond findings and their rows: the access review, the agents, and the surfaces (blast radii,
 * insights, project reach, root causes). All are this sync's datasets, read once the sync is finished.
 */
async function writePublished(input: SurfaceInput, departures: ReadonlyMap<string, OwnerDeparture>, holders: ReadonlyMap<string, Holders>): Promise<SurfaceStats> {
  const { store, syncId, graph, reach } = input;
  await writeDataset(store, syncId, ACCESS_REVIEW_DATASET, accessReviewRows(graph, reach, holders));
  await writeDataset(store, syncId, AGENTS_DATASET, buildAgentInventory(graph, reach, ownerDetailsOf(graph, departures)));
  return writeSurfaceModels(input, departures);
}

/**
 * The stored findings as the surfaces read them, in the order reconciliation left them, node ids as the graph holds
 * them. A function of its own so the findings as stored are garbage when it returns: listed inline, the list stayed
 * in the suspended step's frame to its end (at L 19,600 findings, 65 MB retained against 19 MB for these).
 */
async function storedSurfaceFindings(store: KeyValueStore, findings: FindingStore, graph: AccessGraph): Promise<SurfaceFinding[]> {
  return surfaceFindingsOf((await readStoredFindings(store, findings)).findings, graph).sort(compareFindings);
}

/** Findings as the surfaces read them, in the same order, node ids and project keys one instance each (the graph's where it has them). */
function surfaceFindingsOf(findings: readonly Finding[], graph: AccessGraph): SurfaceFinding[] {
  const texts = new Map<string, string>();
  const intern = (text: string): string => {
    const index = graph.indexOfId(text);
    if (index !== undefined) return graph.idAt(index);
    const known = texts.get(text);
    if (known !== undefined) return known;
    texts.set(text, text);
    return text;
  };
  return findings.map((f) => surfaceFinding(f, intern));
}

/**
 * The publish step: the pages' read models that need the graph but not the checks, when the build step handed them
 * over, in a later invocation than the build step (in the same one, the build step's graph is taken over:
 * EvaluateInput.keepForPublish). It builds the graph again from this sync's datasets (the same datasets and settings
 * make the same graph): at 140,000 people the two together ran 70-80 s in one invocation, past half of a step's
 * budget, and no invocation can hand its graph to the next. Findings are the stored ones, as
 * the build step left them, in the order it reconciled them (the walk budget of the fixes' impact previews is spent
 * in that order). The baselines are read as the build step left them too: it only adds those of new principals, so
 * the baseline a scope_drift finding was measured against is the one its insight compares with.
 */
export async function publishSync(input: PublishInput): Promise<PublishSummary> {
  const { store, syncId } = input;
  let holders: Map<string, Holders> | undefined;
  const { graph, reach, timings } = await buildGraph(input.builders, (name) => readDataset(store, syncId, name), input.context, input.ownHosts, async (sealed) => {
    holders = dropPeopleOnlyHoldingAccess(sealed);
  });
  if (!holders) throw new Error(`Sync ${syncId}: the graph was built but the access review's holders were not taken`);
  const writeStarted = performance.now();
  const stored = await readDataset<{ ownerId: string } & OwnerDeparture>(store, syncId, DEPARTURES_DATASET);
  if (!stored) throw new AppError('SOURCE_UNAVAILABLE', `The build step of sync ${syncId} stored no departures; the pages were left as the last sync made them`, {});
  const departures = new Map(stored.map(({ ownerId, ...departure }) => [ownerId, departure]));
  const findings = await storedSurfaceFindings(store, input.findings, graph);
  const baselineMap: BaselineMap = (await readBaselines(store)) ?? {};
  const surfaces = await writePublished({ store, syncId, graph, reach, findings, baselineOf: (id) => baselineMap[id], observedAt: input.context.observedAt }, departures, holders);
  return { surfaces, timings: { readMs: timings.readMs, graphMs: timings.graphMs, reachMs: timings.reachMs, writeMs: Math.round(performance.now() - writeStarted) } };
}
