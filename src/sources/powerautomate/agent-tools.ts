/**
 * The tools of Copilot Studio agents and the connections they act through.
 * Endpoint: GET {instanceUrl}/api/data/v9.2/botcomponents?$select=…&$filter=componenttype eq 9
 * &$expand=botcomponent_connectionreference($select=connectionreferencelogicalname,connectionid,connectorid)
 * (dataverse-client.ts: application user with read on botcomponent and connectionreference; @odata.nextLink paging).
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/botcomponent
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/botcomponent_connectionreference
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/connectionreference
 * Quirks:
 * - A tool is a Topic (V2) component (componenttype 9) whose `data` is YAML `kind: TaskDialog` with an `action`
 *   (InvokeConnectorTaskAction for a connector tool). The connection it uses comes from the component's
 *   botcomponent_connectionreference relationship (connectionid = the Power Platform connection's name), not from
 *   the name the YAML gives.
 * - `action.connectionProperties.mode` says whose credentials the tool uses: `Maker` = the maker-provided
 *   connection, the same account for everyone who talks to the agent; `Invoker` (the default when absent) = each
 *   user signs in with their own account. Only a Maker tool acts through the referenced connection.
 *   https://learn.microsoft.com/microsoft-copilot-studio/configure-enduser-authentication
 * - `data` can hold instructions and literal inputs: only the action's kind, mode and reference name are kept.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge } from '../../model/schema';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import { withIdFrom, type CopilotAgent, type DataverseEnvironment } from './copilot-agents';
import type { DataverseClient } from './dataverse-client';
import { copilotAgentWorkloadId, connectionNodeId } from './node-ids';
import { tagItems } from './power-platform-client';

/** botcomponent.componenttype 9: Topic (V2), the component type of tools. */
const TOPIC_V2 = 9;

export const BOT_COMPONENTS_QUERY = {
  $select: 'botcomponentid,name,schemaname,componenttype,data,_parentbotid_value',
  $filter: `componenttype eq ${TOPIC_V2}`,
  $expand: 'botcomponent_connectionreference($select=connectionreferenceid,connectionreferencelogicalname,connectionid,connectorid)',
};

export interface AgentToolConnection {
  logicalName?: string;
  /** The Power Platform connection's name (connections.ts). */
  connectionName?: string;
  /** The connector, from connectorid: shared_jira, ... */
  connector?: string;
}

export interface AgentTool {
  environmentName: string;
  id: string;
  botId: string;
  name?: string;
  /** action.kind: InvokeConnectorTaskAction, InvokeFlowTaskAction, ... */
  actionKind?: string;
  /** Whose credentials: the maker's connection, or each user's own. */
  credentials: 'maker' | 'invoker' | 'unrecognised';
  connections: AgentToolConnection[];
}

const str = z.string().nullish();

export const agentToolSchema = z
  .looseObject({
    environmentName: z.string(),
    botcomponentid: z.string().min(1),
    name: str,
    componenttype: z.number().nullish(),
    data: str,
    _parentbotid_value: z.string().min(1),
    botcomponent_connectionreference: z.array(z.looseObject({ connectionreferencelogicalname: str, connectionid: str, connectorid: str })).nullish(),
  })
  .transform((raw): AgentTool => {
    const action = readToolAction(raw.data ?? '');
    return {
      environmentName: raw.environmentName,
      id: raw.botcomponentid,
      botId: raw._parentbotid_value,
      ...(raw.name ? { name: raw.name } : {}),
      ...(action.kind ? { actionKind: action.kind } : {}),
      credentials: action.mode === undefined || /^invoker$/i.test(action.mode) ? 'invoker' : /^maker$/i.test(action.mode) ? 'maker' : 'unrecognised',
      connections: (raw.botcomponent_connectionreference ?? []).map((ref) => ({
        ...(ref.connectionreferencelogicalname ? { logicalName: ref.connectionreferencelogicalname } : {}),
        ...(ref.connectionid ? { connectionName: ref.connectionid } : {}),
        ...(ref.connectorid ? { connector: ref.connectorid.split('/').pop() ?? ref.connectorid } : {}),
      })),
    };
  });

/**
 * The action of a tool's YAML: `action.kind` and `action.connectionProperties.mode`. Copilot Studio writes this YAML
 * as plain block mappings (two-space indents), so scalar keys are read by their indentation path; lists and
 * anything else are skipped. No YAML library runs in the app for these two values.
 */
export function readToolAction(data: string): { kind?: string; mode?: string } {
  const path: Array<{ indent: number; key: string }> = [];
  const values = new Map<string, string>();
  for (const line of data.split(/\r?\n/)) {
    const match = /^( *)([A-Za-z_][\w.-]*):(?:\s+(.*))?$/.exec(line);
    if (!match) continue; // list items, comments, continuation lines
    const indent = (match[1] ?? '').length;
    while (path.length > 0 && (path[path.length - 1]?.indent ?? 0) >= indent) path.pop();
    const key = [...path.map((p) => p.key), match[2] ?? ''].join('.');
    const value = (match[3] ?? '').replace(/\s+#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2');
    if (value === '') path.push({ indent, key: match[2] ?? '' });
    else if (!values.has(key)) values.set(key, value);
  }
  const kind = values.get('action.kind');
  const mode = values.get('action.connectionProperties.mode');
  return { ...(kind ? { kind } : {}), ...(mode ? { mode } : {}) };
}

/** The tools of each environment's agents, read only where the environment has agents. */
export async function fetchAgentTools(client: DataverseClient, environments: readonly DataverseEnvironment[], agents: readonly CopilotAgent[]): Promise<ParsedRecords<AgentTool>> {
  const records: AgentTool[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const environment of environments.filter((e) => agents.some((a) => a.environmentName === e.environmentName))) {
    const rows = await client.getAll(environment.origin, 'botcomponents', BOT_COMPONENTS_QUERY);
    const parsed = parseRecords(tagItems(withIdFrom(rows, 'botcomponentid'), { environmentName: environment.environmentName }), agentToolSchema, { system: 'powerautomate', endpoint: 'Dataverse botcomponents' });
    // Topics that call nothing are not tools: only what acts through a connection or names an action is kept.
    records.push(...parsed.records.filter((t) => t.actionKind !== undefined || t.connections.length > 0));
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

/** An agent INVOKES each connection a maker-credentialed tool of it uses: it then acts as that connection's account. */
export function agentToolsToGraph(tools: readonly AgentTool[], _context: GraphContext): GraphFragment {
  const edges = new Map<string, GraphEdge>();
  for (const tool of tools) {
    if (tool.credentials !== 'maker') continue; // each user's own sign-in: no standing credential of the agent's
    const agentId = copilotAgentWorkloadId(tool.environmentName, tool.botId);
    for (const connection of tool.connections) {
      if (!connection.connectionName) continue; // a reference not bound to a connection yet
      const to = connectionNodeId(tool.environmentName, connection.connectionName);
      const key = `${agentId}|${to}`;
      const reason = `tool "${tool.name ?? tool.id}"${connection.connector ? ` (${connection.connector})` : ''} with the maker's credentials`;
      const seen = edges.get(key);
      edges.set(key, seen ? { ...seen, reason: `${seen.reason ?? ''}; ${reason}` } : { kind: 'INVOKES', from: agentId, to, basis: 'observed', reason });
    }
  }
  return { nodes: [], edges: [...edges.values()] };
}
