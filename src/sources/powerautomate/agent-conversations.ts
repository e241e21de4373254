/**
 * When each Copilot Studio agent last talked to someone: execution evidence, as flow runs are for flows.
 * Endpoint, per agent: GET {instanceUrl}/api/data/v9.2/conversationtranscripts?$select=conversationstarttime,createdon
 * &$filter=_bot_conversationtranscriptid_value eq {botid}&$orderby=conversationstarttime desc&$top=1
 * (dataverse-client.ts: application user with read on conversationtranscript; first page only).
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/conversationtranscript
 * Quirks:
 * - Only the start time is selected: `content` holds what people said to the agent and is never read.
 * - Copilot Studio writes a transcript after the conversation ends (createdon), so the newest conversation of the
 *   last half hour or so may not be there yet; conversationstarttime is when it happened.
 * - No transcript is no evidence, not "never used": transcripts are kept 30 days by default.
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { withIdFrom, type CopilotAgent, type DataverseEnvironment } from './copilot-agents';
import type { DataverseClient } from './dataverse-client';
import { agentConversationsEvidenceId, copilotAgentWorkloadId } from './node-ids';
import { tagItems } from './power-platform-client';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const latestConversationQuery = (botId: string) => ({
  $select: 'conversationtranscriptid,conversationstarttime,createdon',
  $filter: `_bot_conversationtranscriptid_value eq ${botId}`,
  $orderby: 'conversationstarttime desc',
  $top: '1',
});

// z.object, not looseObject: whatever else a row carries (a transcript's content) is dropped, never stored.
export const agentConversationSchema = z
  .object({
    environmentName: z.string(),
    botId: z.string().min(1),
    id: z.string().optional(),
    conversationtranscriptid: z.string().min(1),
    conversationstarttime: z.string().nullish(),
    createdon: z.string().nullish(),
  })
  .refine((t) => !Number.isNaN(Date.parse(t.conversationstarttime ?? t.createdon ?? '')), { message: 'no readable conversationstarttime or createdon' });
export type AgentConversation = z.infer<typeof agentConversationSchema>;

export async function fetchAgentConversations(client: DataverseClient, environments: readonly DataverseEnvironment[], agents: readonly CopilotAgent[], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<AgentConversation>> {
  const origins = new Map(environments.map((e) => [e.environmentName, e.origin]));
  // The bot id goes into an OData filter: only a GUID is ever put there.
  const readable = agents.filter((a) => origins.has(a.environmentName) && GUID.test(a.botid));
  const answers = await map(readable, (agent) => unlessNotFound(() => client.getFirstPage(origins.get(agent.environmentName) ?? '', 'conversationtranscripts', latestConversationQuery(agent.botid))));
  const items = readable.flatMap((agent, i) => tagItems(withIdFrom(answers[i] ?? [], 'conversationtranscriptid'), { environmentName: agent.environmentName, botId: agent.botid }));
  return parseRecords(items, agentConversationSchema, { system: 'powerautomate', endpoint: 'Dataverse conversationtranscripts' });
}

/** One evidence node per agent that talked to someone: its latest conversation's start. */
export function agentConversationsToGraph(conversations: readonly AgentConversation[], _context: GraphContext): GraphFragment {
  const latest = new Map<string, { conversation: AgentConversation; at: number }>();
  for (const conversation of conversations) {
    const key = `${conversation.environmentName}/${conversation.botId}`;
    const at = Date.parse(conversation.conversationstarttime ?? conversation.createdon ?? '');
    const seen = latest.get(key);
    if (!seen || at > seen.at) latest.set(key, { conversation, at });
  }
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const { conversation, at } of latest.values()) {
    const id = agentConversationsEvidenceId(conversation.environmentName, conversation.botId);
    nodes.push({
      id,
      kind: 'execution_evidence',
      system: 'powerautomate',
      name: `Conversations of agent ${conversation.botId}`,
      props: { subtype: 'agent_conversation', lastAt: new Date(at).toISOString(), source: 'Copilot Studio conversation transcripts (Dataverse)' },
    });
    edges.push({ kind: 'EVIDENCES', from: id, to: copilotAgentWorkloadId(conversation.environmentName, conversation.botId), basis: 'observed', reason: 'latest conversation transcript' });
  }
  return { nodes, edges };
}
