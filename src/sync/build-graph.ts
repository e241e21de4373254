/**
 * The build phase of a sync: every dataset the extraction steps stored -> one access graph, correlated and
 * classified, with reach computed for every principal. Each source system contributes through a GraphBuilder.
 */
import { AccessGraph } from '../model/graph';
import type { DatasetReader, EntraDirectory, GraphBuilder, GraphContext, GraphContribution, PersonRecord } from '../sources/source-step';
import type { AccountAudit } from '../model/person';
import { correlate } from '../correlate/correlate';
import { applyCredentialDeclarations } from '../correlate/declared-credentials';
import { classifyEgress } from '../classify/egress';
import { computeAllReach, type PrincipalReach } from '../chains/reach';

export interface BuiltGraph {
  graph: AccessGraph;
  reach: Map<string, PrincipalReach>;
  danglingEdges: number;
  /** Milliseconds spent reading datasets, turning them into the correlated graph, and computing reach. */
  timings: { readMs: number; graphMs: number; reachMs: number };
}

/**
 * Builds one source's fragment and adds it to the graph; only the people and domains are returned, so the fragment
 * (at 140,000 people, hundreds of MB for Jira) is garbage once added rather than held by the caller's frame until its
 * next step.
 */
async function addContribution(graph: AccessGraph, builder: GraphBuilder, read: DatasetReader, context: GraphContext): Promise<Omit<GraphContribution, 'fragment'>> {
  const { fragment, ...rest } = await builder.build(read, context);
  if (Symbol.asyncIterator in fragment) for await (const part of fragment) graph.addFragment(part);
  else graph.addFragment(fragment);
  return rest;
}

/**
 * `beforeReach` runs on the sealed graph before reach is computed, given the records the sources read that ended an
 * account (GraphContribution.accountEnds): the build step diffs the snapshot and dates departures there, so it never
 * holds both snapshots' digests and every principal's reach at once (at 140,000 people that was past a 512 MB
 * function's heap).
 */
export async function buildGraph(builders: readonly GraphBuilder[], read: DatasetReader, context: GraphContext, ownHosts: readonly string[], beforeReach?: (graph: AccessGraph, accountEnds: readonly AccountAudit[]) => Promise<void>): Promise<BuiltGraph> {
  const started = performance.now();
  const reading = { ms: 0 };
  const { graph, accountEnds } = await assembleGraph(builders, read, reading, context, ownHosts);
  const built = performance.now();
  await beforeReach?.(graph, accountEnds);
  const reachStarted = performance.now();
  const reach = computeAllReach(graph);
  const round = (ms: number) => Math.round(ms);
  return { graph, reach, danglingEdges: graph.danglingEdges.length, timings: { readMs: round(reading.ms), graphMs: round(built - started - reading.ms), reachMs: round(performance.now() - reachStarted) } };
}

/**
 * Every builder's fragment joined, correlated, classified and sealed. A function of its own: the people it
 * correlates by (every Entra user by e-mail and by object id, at 140,000 people about 50 MB) are garbage when it
 * returns, where the suspended frame of buildGraph kept them through beforeReach (the snapshot diff), past a 512 MB
 * function's heap on an L resync.
 */
async function assembleGraph(builders: readonly GraphBuilder[], read: DatasetReader, reading: { ms: number }, context: GraphContext, ownHosts: readonly string[]): Promise<{ graph: AccessGraph; accountEnds: AccountAudit[] }> {
  const timedRead: DatasetReader = async <T>(name: string) => {
    const t0 = performance.now();
    try {
      return await read<T>(name);
    } finally {
      reading.ms += performance.now() - t0;
    }
  };
  // One builder at a time, so the time spent reading is not counted twice; each fragment joins the graph as soon as
  // it is built and is dropped with its builder's records, so the step never holds every source's records and the
  // whole graph at once (at 140,000 people the fragments alone were hundreds of MB).
  const graph = new AccessGraph();
  const people = new Map<string, PersonRecord>();
  const peopleByEntraId = new Map<string, PersonRecord>();
  const verifiedDomains: string[] = [];
  const accountEnds: AccountAudit[] = [];
  // Every Entra tenant must have told us its verified domains; otherwise "not verified" proves nothing.
  let boundaryComplete = true;
  // What an Entra builder read of its directory, looked up by the builders after it (GraphContext.entraDirectory).
  const directories = new Map<string, EntraDirectory>();
  const builderContext: GraphContext = { ...context, entraDirectory: (tenantId) => directories.get(tenantId) };
  for (const builder of builders) {
    const contribution = await addContribution(graph, builder, timedRead, builderContext);
    if (contribution.entraDirectory) directories.set(contribution.entraDirectory.tenantId, contribution.entraDirectory.directory);
    for (const person of contribution.people ?? []) {
      if (person.email) people.set(person.email.toLowerCase(), person);
      if (person.entraUserId && person.tenantId) {
        const key = `${person.tenantId}/${person.entraUserId}`;
        // A live record wins over a deletion of the same object, and the primary address over aliases.
        if (!peopleByEntraId.has(key) || peopleByEntraId.get(key)?.departedReason?.includes('deleted')) peopleByEntraId.set(key, person);
      }
    }
    verifiedDomains.push(...(contribution.verifiedDomains ?? []));
    for (const end of contribution.accountEnds?.() ?? []) accountEnds.push(end);
    if (builder.system === 'entra' && !(contribution.verifiedDomains !== undefined && contribution.verifiedDomains.length > 0)) boundaryComplete = false;
  }
  correlate(graph, { people, peopleByEntraId, ownDomains: verifiedDomains, observedAt: context.observedAt, windowDays: context.settings.dormancyWindowDays });
  applyCredentialDeclarations(graph, context.settings.credentialDeclarations);
  classifyEgress(
    graph,
    { verifiedDomains, ownHosts, sanctioned: context.settings.egress.sanctionedDestinations },
    boundaryComplete,
  );
  graph.seal();
  return { graph, accountEnds };
}
