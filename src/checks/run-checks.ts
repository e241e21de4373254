/** Runs the catalogue over one sync's graph. Pure: the same context gives the same detections in the same order. */
import type { Detection } from './detection';
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

function subjectRefs(props: object): { tenantId?: string; appId?: string; nativeId?: string } {
  const p = props as { tenantId?: string; appId?: string; nativeId?: string };
  return { ...(p.tenantId ? { tenantId: p.tenantId } : {}), ...(p.appId ? { appId: p.appId } : {}), ...(p.nativeId ? { nativeId: p.nativeId } : {}) };
}

/** `{agent}` for an AI agent, nothing for any other node: the pages mark agents without knowing their subtypes. */
function agentMark(node: GraphNode): { agent?: string } {
  const agent = aiAgentTypeOf(node);
  return agent ? { agent } : {};
}

export function runChecks(context: CheckContext, checks: readonly Check[] = CHECKS): CheckRun {
  const run: CheckRun = { detections: [], unknowns: [] };
  for (const check of checks) {
    for (const result of check.evaluate(context)) {
      const subject = context.graph.node(result.subjectId);
      if (result.outcome === 'unknown') {
        run.unknowns.push({ check: check.metadata.id, subjectId: result.subjectId, subjectName: subject?.name ?? result.subjectId, reason: result.reason });
        continue;
      }
      if (!subject) continue;
      run.detections.push({
        metadata: check.metadata,
        result,
        subject: { id: subject.id, kind: subject.kind, name: subject.name, ...subjectRefs(subject.props), ...agentMark(subject) },
        chainNodes: result.chain.flatMap((id, i) => {
          const node = context.graph.node(id);
          if (!node) return [];
          const previous = result.chain[i - 1];
          const edge = previous ? context.graph.edgeBetween(previous, id) ?? context.graph.edgeBetween(id, previous) : undefined;
          const resource = node.kind === 'resource' ? (node.props as GraphNode<'resource'>['props']) : undefined;
          return [
            {
              id,
              kind: node.kind,
              name: node.name,
              system: node.system,
              ...(resource ? { subtype: resource.subtype, ...(resource.key ? { key: resource.key } : {}), sensitivity: resource.sensitivity } : {}),
              ...(resource?.members?.length ? { members: resource.members.map((m) => ({ name: m.name, sensitivity: m.sensitivity })) } : {}),
              ...agentMark(node),
              ...(edge ? { via: { kind: edge.kind, basis: edge.basis, ...(edge.evidenced ? { evidenced: true } : {}) } } : {}),
            },
          ];
        }),
      });
    }
  }
  return run;
}
