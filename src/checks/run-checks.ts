/** Runs the catalogue over one sync's graph. Pure: the same context gives the same detections in the same order. */
import type { ChainNode, Detection, FindingSubject } from './detection';
import { aiAgentTypeOf } from '../model/agents';
import type { GraphNode } from '../model/schema';
import type { Check, CheckContext } from './check';
import { CHECKS } from './catalogue';

export interface UnknownOutcome {
  check: string;
  subjectId: string;
  subjectName: string;
  reason: string;
}

export interface CheckRun {
  detections: Detection[];
  unknowns: UnknownOutcome[];
}

/**
 * How a detection names its subject: id, kind and name; for identities what justifications and tickets name them by;
 * for an AI agent its type. Fields are set one by one, in this order (the stored finding's order), for every detection.
 */
function subjectOf(node: GraphNode): FindingSubject {
  const p = node.props as { tenantId?: string; appId?: string; nativeId?: string };
  const subject: FindingSubject = { id: node.id, kind: node.kind, name: node.name };
  if (p.tenantId) subject.tenantId = p.tenantId;
  if (p.appId) subject.appId = p.appId;
  if (p.nativeId) subject.nativeId = p.nativeId;
  const agent = aiAgentTypeOf(node);
  if (agent) subject.agent = agent;
  return subject;
}

/**
 * One node of a detection's chain (at `index` in the graph), with how the hop from the chain's previous node (at
 * `previous`, if the graph has it) is known.
 */
function chainNodeOf(graph: CheckContext['graph'], node: GraphNode, index: number, previous: number | undefined): ChainNode {
  const chainNode: ChainNode = { id: node.id, kind: node.kind, name: node.name, system: node.system };
  if (node.kind === 'resource') {
    const resource = node.props as GraphNode<'resource'>['props'];
    chainNode.subtype = resource.subtype;
    if (resource.key) chainNode.key = resource.key;
    chainNode.sensitivity = resource.sensitivity;
    if (resource.members?.length) chainNode.members = resource.members.map((m) => ({ name: m.name, sensitivity: m.sensitivity }));
  }
  const agent = aiAgentTypeOf(node);
  if (agent) chainNode.agent = agent;
  const hop = previous === undefined ? undefined : graph.hopBetweenAt(previous, index) ?? graph.hopBetweenAt(index, previous);
  // An evidenced hop is said as hopBetweenAt gives it; `evidenced: false` is left out.
  if (hop) chainNode.via = hop.evidenced ? hop : { kind: hop.kind, basis: hop.basis };
  return chainNode;
}

export function runChecks(context: CheckContext, checks: readonly Check[] = CHECKS): CheckRun {
  const run: CheckRun = { detections: [], unknowns: [] };
  for (const check of checks) {
    for (const result of check.evaluate(context)) {
      // The chain starts at the subject for most results: its index is looked up once for both.
      const subjectIndex = context.graph.indexOfId(result.subjectId);
      const subject = subjectIndex === undefined ? undefined : context.graph.nodeAt(subjectIndex);
      if (result.outcome === 'unknown') {
        run.unknowns.push({ check: check.metadata.id, subjectId: result.subjectId, subjectName: subject?.name ?? result.subjectId, reason: result.reason });
        continue;
      }
      if (!subject) continue;
      // Each id of the chain looked up once, for its node and for the hops on either side of it.
      const chainNodes: ChainNode[] = [];
      let previous: number | undefined;
      for (const id of result.chain) {
        const index = id === result.subjectId ? subjectIndex : context.graph.indexOfId(id);
        const node = index === undefined ? undefined : context.graph.nodeAt(index);
        if (node) chainNodes.push(chainNodeOf(context.graph, node, index as number, previous));
        previous = index;
      }
      run.detections.push({ metadata: check.metadata, result, subject: subjectOf(subject), chainNodes });
    }
  }
  return run;
}
