/**
 * A finding's access chain in words, as the detail's "Am I exposed" and a ticket's update comment write it. A chain
 * that starts at an AI agent (src/model/agents.ts) names the agent as such and each hop by its edge ("AI agent
 * "Copilot helper" → runs as → Helper SP → has role → ..."), so it reads as who acts as whom; any other chain is its
 * names joined by arrows, as it always was. Pure.
 */
import { EDGE_KINDS } from '../model/schema';
import type { ChainNode } from './finding';

export function chainText(nodes: ReadonlyArray<Pick<ChainNode, 'name' | 'agent' | 'via'>>): string {
  const [first, ...rest] = nodes;
  if (!first?.agent) return nodes.map((n) => n.name).join(' → ');
  return [`AI agent "${first.name}"`, ...rest.map((n) => (n.via ? `${EDGE_KINDS[n.via.kind].label} → ${n.name}` : n.name))].join(' → ');
}

/** How a chain node is named in a list of hops: its kind, or "AI agent" and its type for an agent. */
export function chainNodeKind(node: Pick<ChainNode, 'kind' | 'agent'>): string {
  return node.agent ? `AI agent: ${node.agent}` : node.kind.replaceAll('_', ' ');
}
