/**
 * Which nodes are AI agents: the one definition every surface asks (inventory, finding lists and detail, blast
 * radius, chain text). An agent is a non-human identity or workload (design.md, "Agents are NHIs"); what makes a
 * node one is its kind and subtype, never its name.
 *
 * Adding an agent type is one line in AI_AGENT_TYPES, keyed by the subtype the source emits, with the node kind it
 * is emitted as and how the pages name the type.
 * Pure: no I/O, imported by analysis, sync and the read models alike.
 */
import type { NodeKind } from './schema';

export const AI_AGENT_TYPES: Readonly<Record<string, { kind: NodeKind; label: string }>> = {
  entra_agent_identity: { kind: 'identity', label: 'Entra agent identity' },
  entra_agent_blueprint: { kind: 'identity', label: 'Agent identity blueprint' },
  entra_agent_user: { kind: 'identity', label: 'Agent user' },
  copilot_studio_agent: { kind: 'workload', label: 'Copilot Studio agent' },
};

/** What the predicate needs of a node: a graph node (`props.subtype`) or a stored view of one (`subtype`). */
export type AgentCandidate = { kind: NodeKind; props: unknown } | { kind: NodeKind; subtype?: string };

function subtypeOf(node: AgentCandidate): string | undefined {
  if ('props' in node) {
    const props = node.props as { subtype?: unknown } | undefined;
    return typeof props?.subtype === 'string' ? props.subtype : undefined;
  }
  return node.subtype;
}

/** The agent's type in words ("Entra agent identity"), or undefined when the node is not an AI agent. */
export function aiAgentTypeOf(node: AgentCandidate): string | undefined {
  const subtype = subtypeOf(node);
  const type = subtype !== undefined && Object.hasOwn(AI_AGENT_TYPES, subtype) ? AI_AGENT_TYPES[subtype] : undefined;
  return type && type.kind === node.kind ? type.label : undefined;
}

/** Is this node an AI agent? */
export function isAiAgent(node: AgentCandidate): boolean {
  return aiAgentTypeOf(node) !== undefined;
}
