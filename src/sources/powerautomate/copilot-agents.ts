/**
 * Copilot Studio agents: the Dataverse `bot` rows of each environment that has a Dataverse organization.
 * Endpoint: GET {instanceUrl}/api/data/v9.2/bots?$select=…&$expand=owninguser(…),owningteam(…),createdby(…)
 * (dataverse-client.ts: application user with read on bot and systemuser/team; @odata.nextLink paging).
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/bot
 * Why Dataverse and not the Power Platform inventory (`microsoft.copilotstudio/agents`, admin-agent-inventory): the
 * inventory is in preview, lists agents without the tools and connections they act through, and leaves classic
 * bots out; the bot table is where Copilot Studio keeps every agent, its owner and (botcomponents) its tools.
 * Quirks:
 * - ownerid is a user or a team: owninguser/owningteam say which. A Dataverse user carries its Entra object id
 *   (azureactivedirectoryobjectid) and e-mail (internalemailaddress); an application user (applicationid set) is a
 *   service principal, never a person. A team stands for an Entra group only when teamtype is 2 or 3 (AAD security
 *   or Office group); an owner team of Dataverse's own has no Entra identity, so it names no owner here.
 * - statecode 0 = Active, 1 = Inactive.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { ownerIdForEmail, ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import type { DataverseClient } from './dataverse-client';
import { ownerForPrincipal } from './flow-owners';
import { copilotAgentWorkloadId } from './node-ids';
import { tagItems } from './power-platform-client';

/** An environment with a Dataverse organization: where its agents are read. */
export interface DataverseEnvironment {
  environmentName: string;
  /** https://{org}.crm{N}.dynamics.com */
  origin: string;
}

const USER_FIELDS = 'azureactivedirectoryobjectid,internalemailaddress,fullname,applicationid';
export const BOTS_QUERY = {
  $select: 'botid,name,schemaname,statecode,publishedon,createdon',
  $expand: `owninguser($select=${USER_FIELDS}),owningteam($select=azureactivedirectoryobjectid,name,teamtype),createdby($select=${USER_FIELDS})`,
};

const str = z.string().nullish();
const dataverseUserSchema = z.looseObject({ azureactivedirectoryobjectid: str, internalemailaddress: str, fullname: str, applicationid: str }).nullish();
export type DataverseUser = NonNullable<z.infer<typeof dataverseUserSchema>>;

export const copilotAgentSchema = z.looseObject({
  environmentName: z.string(),
  botid: z.string().min(1),
  name: str,
  schemaname: str,
  statecode: z.number().nullish(),
  publishedon: str,
  createdon: str,
  owninguser: dataverseUserSchema,
  owningteam: z.looseObject({ azureactivedirectoryobjectid: str, name: str, teamtype: z.number().nullish() }).nullish(),
  createdby: dataverseUserSchema,
});
export type CopilotAgent = z.infer<typeof copilotAgentSchema>;

/** Gives each row the `id` a quarantined record is known by (parse-records.ts recordKey). */
export function withIdFrom(items: readonly unknown[], field: string): unknown[] {
  return items.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const value = (item as Record<string, unknown>)[field];
    return typeof value === 'string' ? { ...item, id: value } : item;
  });
}

/**
 * Reading agents needs the app to be an application user of each environment's Dataverse, which admins often never
 * set up. When every environment refuses, the read is optional (skipped with the fix named, as agent identities
 * are): a partial step would hold every later sync partial, flows included, for a capability never granted. When only
 * some refuse, it is partial: the agents there are unknown, and what was seen before is held.
 */
export async function fetchCopilotAgents(client: DataverseClient, environments: readonly DataverseEnvironment[]): Promise<ParsedRecords<CopilotAgent>> {
  const records: CopilotAgent[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const refused: AppError[] = [];
  for (const environment of environments) {
    let rows: unknown[];
    try {
      rows = await client.getAll(environment.origin, 'bots', BOTS_QUERY);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'SOURCE_UNAUTHORIZED') throw error;
      refused.push(error);
      continue;
    }
    const parsed = parseRecords(tagItems(withIdFrom(rows, 'botid'), { environmentName: environment.environmentName }), copilotAgentSchema, { system: 'powerautomate', endpoint: 'Dataverse bots' });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  const first = refused[0];
  if (first) {
    const optional = refused.length === environments.length;
    const scope = optional ? 'Copilot Studio agents are left out of this sync' : `${refused.length} of ${environments.length} environments refused, so their agents are unknown`;
    throw new AppError('SOURCE_UNAUTHORIZED', `${first.message}. ${scope}`, { ...first.context, ...(optional ? { optional: true } : {}) }, { cause: first });
  }
  return { records, quarantined };
}

/** Dataverse team types that stand for an Entra group (2 AAD security group, 3 AAD Office group). */
const ENTRA_GROUP_TEAM_TYPES = new Set([2, 3]);

/**
 * The owner node of a Dataverse user, with the id every other source gives the same principal (flow-owners.ts
 * ownerForPrincipal), so the person's departure is read from Entra and Jira as for any flow owner.
 */
export function ownerOfDataverseUser(user: DataverseUser, tenantId: string | undefined): GraphNode<'owner'> | undefined {
  const objectId = user.azureactivedirectoryobjectid ?? undefined;
  const name = user.fullname ?? undefined;
  if (user.applicationid) return objectId ? ownerForPrincipal({ id: objectId, type: 'ServicePrincipal', ...(name ? { displayName: name } : {}) }, tenantId) : undefined;
  const email = user.internalemailaddress ?? undefined;
  if (objectId) return ownerForPrincipal({ id: objectId, type: 'User', ...(email ? { email } : {}), ...(name ? { displayName: name } : {}) }, tenantId);
  return email ? ownerNode(ownerIdForEmail(email), name ?? email, { email }) : undefined;
}

function ownerOf(agent: CopilotAgent, tenantId: string | undefined): GraphNode<'owner'> | undefined {
  if (agent.owninguser) return ownerOfDataverseUser(agent.owninguser, tenantId);
  const team = agent.owningteam;
  if (team?.azureactivedirectoryobjectid && ENTRA_GROUP_TEAM_TYPES.has(team.teamtype ?? -1)) {
    return ownerForPrincipal({ id: team.azureactivedirectoryobjectid, type: 'Group', ...(team.name ? { displayName: team.name } : {}) }, tenantId);
  }
  return undefined;
}

/**
 * Agents as workloads typed copilot_studio_agent, OWNED_BY the bot's owner and CREATED_BY its maker. `toolsRead`:
 * whether their tools (agent-tools.ts) were read; when not, each agent says so (connectionsUnread), because who it
 * acts as is then unknown, not "nobody".
 */
export function copilotAgentsToGraph(agents: readonly CopilotAgent[], _context: GraphContext, tenantId: string | undefined, toolsRead: boolean): GraphFragment {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const agent of agents) {
    const id = copilotAgentWorkloadId(agent.environmentName, agent.botid);
    nodes.set(id, {
      id,
      kind: 'workload',
      system: 'powerautomate',
      name: agent.name ?? agent.schemaname ?? agent.botid,
      props: {
        subtype: 'copilot_studio_agent',
        nativeId: `${agent.environmentName}/${agent.botid}`,
        enabled: (agent.statecode ?? 0) === 0,
        // A conversational agent acts when someone talks to it; what it then does is decided by the agent, not the person.
        executionMode: 'manual',
        ...(toolsRead ? {} : { connectionsUnread: 'its tools and their connections (Dataverse botcomponents) were not read' }),
      },
    });
    const owner = ownerOf(agent, tenantId);
    if (owner) {
      nodes.set(owner.id, owner);
      edges.push({ kind: 'OWNED_BY', from: id, to: owner.id, basis: 'observed', reason: agent.owninguser ? 'agent owner (ownerid)' : 'agent owner team (ownerid)' });
    }
    const creator = agent.createdby ? ownerOfDataverseUser(agent.createdby, tenantId) : undefined;
    if (creator) {
      if (!nodes.has(creator.id)) nodes.set(creator.id, creator);
      edges.push({ kind: 'CREATED_BY', from: id, to: creator.id, basis: 'observed', reason: 'agent maker (createdby)' });
    }
  }
  return { nodes: [...nodes.values()], edges };
}
