/**
 * The AI agents of a sync, as the inventory's "AI agents" view shows them: each agent (src/model/agents.ts decides
 * which nodes are), its type, who answers for it (sponsors count as owners) and whether they are still here, what it
 * runs as, and what it reaches in Jira. Written by the build step beside the inventory, so the resolver reads one
 * small dataset and never the graph; its findings are joined at read time from the rows, which triage keeps current.
 * Pure.
 */
import { aiAgentTypeOf } from '../model/agents';
import type { AccessGraph } from '../model/graph';
import { SENSITIVITY_RANK, type GraphNode, type NodeKind, type Sensitivity, type SystemName } from '../model/schema';
import type { OwnerDetail } from '../findings/owner-detail';

/** An account an agent acts as. */
export interface AgentRunsAs {
  id: string;
  name: string;
  system: SystemName;
  /** A person's own account: the agent acts under their name. */
  human: boolean;
  /** How: the agent is this identity itself, a RUNS_AS edge, or a connection's credential signing in as it. */
  via: 'itself' | 'runs_as' | 'connection';
}

export interface AgentRecord {
  id: string;
  name: string;
  kind: NodeKind;
  system: SystemName;
  /** The agent's type in words (Entra agent identity, Copilot Studio agent, ...). */
  type: string;
  enabled?: boolean;
  /** Sponsors and owners, with who left and when. */
  owners: OwnerDetail[];
  /** Some of who answers for it could not be read, and why (sponsors without AgentIdentity.ReadWrite.All). */
  ownersUnread?: string;
  runsAs: AgentRunsAs[];
  /** Jira projects its chains reach, and the most sensitive of them. */
  jira: { projects: number; mostSensitive?: Sensitivity };
}

interface ReachLike {
  reached: ReadonlyArray<{ resourceId: string; memberId?: string }>;
}

function identityOf(node: GraphNode | undefined): GraphNode<'identity'> | undefined {
  return node?.kind === 'identity' ? (node as GraphNode<'identity'>) : undefined;
}

/** What an agent acts as: itself when it is an identity, else what it runs as and what its connections sign in as. */
function runsAsOf(graph: AccessGraph, agent: GraphNode): AgentRunsAs[] {
  const out = new Map<string, AgentRunsAs>();
  const add = (node: GraphNode<'identity'> | undefined, via: AgentRunsAs['via']) => {
    if (node && !out.has(node.id)) out.set(node.id, { id: node.id, name: node.name, system: node.system, human: node.props.human, via });
  };
  add(identityOf(agent), 'itself');
  for (const e of graph.out(agent.id, 'RUNS_AS')) add(identityOf(graph.node(e.to)), 'runs_as');
  for (const invokes of graph.out(agent.id, 'INVOKES'))
    for (const uses of graph.out(invokes.to, 'USES'))
      for (const auth of graph.out(uses.to, 'AUTHENTICATES_AS')) add(identityOf(graph.node(auth.to)), 'connection');
  return [...out.values()];
}

/** Jira projects reached (directly, not a scope's members), and the most sensitive. */
function jiraReachOf(graph: AccessGraph, reach: ReachLike | undefined): AgentRecord['jira'] {
  const projects = new Map<string, Sensitivity>();
  for (const r of reach?.reached ?? []) {
    if (r.memberId) continue;
    const node = graph.node(r.resourceId);
    if (node?.kind !== 'resource') continue;
    const p = (node as GraphNode<'resource'>).props;
    if (p.subtype === 'jira_project') projects.set(node.id, p.sensitivity);
  }
  let mostSensitive: Sensitivity | undefined;
  for (const s of projects.values()) if (!mostSensitive || SENSITIVITY_RANK[s] > SENSITIVITY_RANK[mostSensitive]) mostSensitive = s;
  return { projects: projects.size, ...(mostSensitive ? { mostSensitive } : {}) };
}

export function buildAgentInventory(graph: AccessGraph, reach: ReadonlyMap<string, ReachLike>, ownerDetails: (nodeId: string) => OwnerDetail[]): AgentRecord[] {
  const agents: AgentRecord[] = [];
  for (const node of graph.sortedNodes()) {
    const type = aiAgentTypeOf(node);
    if (!type) continue;
    const props = node.props as { enabled?: boolean; ownersUnread?: string };
    agents.push({
      id: node.id,
      name: node.name,
      kind: node.kind,
      system: node.system,
      type,
      ...(typeof props.enabled === 'boolean' ? { enabled: props.enabled } : {}),
      owners: ownerDetails(node.id),
      ...(props.ownersUnread ? { ownersUnread: props.ownersUnread } : {}),
      runsAs: runsAsOf(graph, node),
      jira: jiraReachOf(graph, reach.get(node.id)),
    });
  }
  return agents;
}
