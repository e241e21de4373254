/**
 * Entra Agent ID: agent identities, the service principals AI agents sign in as, with their sponsors (the people or
 * groups accountable for the agent).
 * Endpoints: GET /v1.0/servicePrincipals/microsoft.graph.agentIdentity?$select=...&$top=999 (following
 * @odata.nextLink), then GET /v1.0/servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors per agent through
 * POST /v1.0/$batch in chunks of 20.
 * https://learn.microsoft.com/graph/api/agentidentity-list, https://learn.microsoft.com/graph/api/agentidentity-list-sponsors
 * Types (v1.0 CSDL): agentIdentity derives from servicePrincipal (adds agentIdentityBlueprintId, createdDateTime and
 * the `sponsors` navigation, Collection(directoryObject)).
 * Permissions: the list opens to AgentIdentity.Read.All (least privileged) or Application.Read.All, which the scanner
 * holds anyway. The sponsors list opens app-only to AgentIdentity.ReadWrite.All alone
 * (https://learn.microsoft.com/graph/api/agentidentity-list-sponsors): an admin may grant it, the scanner never writes.
 * Refused, the agents are kept with `sponsorsUnread` set, and who answers for each is unknown rather than judged on
 * its owners alone (checks/orphaned-ownership.ts): an agent whose only listed owner left may have a sponsor who is here.
 * Not granted (an install from before agents were read, or an admin who chose not to): the step is skipped with
 * the permission named, not partial. A partial step would hold every later sync partial (no removals, no first
 * baselines) for a capability the admin never opted into.
 * Quirks: the list "does not return other types of service principal objects"; the plain /servicePrincipals list is
 * documented to return blueprint principals and says nothing of agent identities, so an agent may or may not be in
 * it: to-graph.ts merges both by object id, and the agent is one identity node `entra:identity:<T>/<objectId>`
 * (subtype entra_agent_identity) to which its grants, credentials, owners and sign-in evidence attach as to any
 * service principal. Sponsors are users or groups (service principals are refused as sponsors of an agent identity);
 * they count as owners (design.md, "Definitions the checks share").
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { readSponsoredCollection, type SponsoredCollection } from './agent-sponsors';
import { GRAPH_MAX_PAGE_SIZE, type BatchOptions } from './graph-client';
import { entraIdentityId } from './node-ids';
import { directoryObjectSchema, directoryObjectType, entraOwnerNode } from './owners';
import { SERVICE_PRINCIPAL_FIELDS, servicePrincipalSchema, type ServicePrincipal } from './service-principals';
import type { EntraUser } from './users';

export const AGENT_IDENTITIES_PERMISSION = 'AgentIdentity.Read.All';
const LIST_ENDPOINT = '/v1.0/servicePrincipals/microsoft.graph.agentIdentity';
const SPONSORS_ENDPOINT = '/v1.0/servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors';
/** The only application permission Graph documents for reading an agent identity's sponsors. */
export const AGENT_SPONSORS_PERMISSION = 'AgentIdentity.ReadWrite.All';

export const AGENT_IDENTITY_FIELDS = [...SERVICE_PRINCIPAL_FIELDS, 'agentIdentityBlueprintId', 'createdDateTime'] as const;

export const agentIdentitySchema = servicePrincipalSchema.extend({
  agentIdentityBlueprintId: z.string().nullish(),
  createdDateTime: z.string().nullish(),
  /** Read from the sponsors navigation and added here: the list answer does not carry them. */
  sponsors: z.array(directoryObjectSchema),
  /** Why the sponsors could not be read (Graph refused them), when it did: then `sponsors` is empty, not "none". */
  sponsorsUnread: z.string().optional(),
});
export type AgentIdentity = z.infer<typeof agentIdentitySchema>;

/** What and how the agent identities and their sponsors are read. */
const AGENT_IDENTITIES_READ: SponsoredCollection = {
  what: 'Agent identities',
  path: '/servicePrincipals/microsoft.graph.agentIdentity',
  select: AGENT_IDENTITY_FIELDS,
  top: GRAPH_MAX_PAGE_SIZE,
  permission: AGENT_IDENTITIES_PERMISSION,
  sponsorsPath: (id) => `/servicePrincipals/${id}/microsoft.graph.agentIdentity/sponsors`,
  sponsorsEndpoint: SPONSORS_ENDPOINT,
  sponsorsPermission: AGENT_SPONSORS_PERMISSION,
  sponsorsUnreadReason: `Graph did not let the scanner read agents' sponsors (${AGENT_SPONSORS_PERMISSION} is the only application permission that reads them)`,
};

/** Every agent identity of the tenant with its sponsors. An agent deleted between the two reads (404) has none. */
export async function fetchAgentIdentities(client: Client, tenantId: string, options: BatchOptions = {}): Promise<ParsedRecords<AgentIdentity>> {
  return parseRecords(await readSponsoredCollection(client, tenantId, AGENT_IDENTITIES_READ, options), agentIdentitySchema, { system: 'entra', endpoint: LIST_ENDPOINT });
}

/** The agent as the service principal it is, for the transforms that read service principals. */
export function agentAsServicePrincipal(agent: AgentIdentity): ServicePrincipal {
  const { sponsors: _sponsors, sponsorsUnread: _unread, agentIdentityBlueprintId: _blueprint, createdDateTime: _created, ...sp } = agent;
  return sp;
}

/** Service principals and agent identities, one record per object id (the service principal list's record first). */
export function withAgents(servicePrincipals: readonly ServicePrincipal[], agents: readonly AgentIdentity[]): ServicePrincipal[] {
  const known = new Set(servicePrincipals.map((sp) => sp.id));
  return [...servicePrincipals, ...agents.filter((a) => !known.has(a.id)).map(agentAsServicePrincipal)];
}

/** Group ids among the sponsors: their members decide whether the group still answers for the agent. */
export function sponsorGroupIds(agents: readonly AgentIdentity[]): string[] {
  return [...new Set(agents.flatMap((a) => a.sponsors.filter((s) => directoryObjectType(s) === 'group').map((s) => s.id)))].sort();
}

/** Sponsors as owners of the agent (the same owner nodes as app owners, so correlate/ joins them with departures). */
export function agentSponsorsToGraph(agents: readonly AgentIdentity[], users: readonly EntraUser[], context: GraphContext, tenantId: string): GraphFragment {
  const usersById = new Map(users.map((u) => [u.id, u]));
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const agent of agents) {
    for (const sponsor of agent.sponsors) {
      const owner = entraOwnerNode(sponsor, tenantId, usersById, context.observedAt);
      if (!owner) continue;
      nodes.set(owner.id, owner);
      edges.push({ kind: 'OWNED_BY', from: entraIdentityId(tenantId, agent.id), to: owner.id, basis: 'observed', reason: 'sponsor of the agent identity' });
    }
  }
  return { nodes: [...nodes.values()], edges };
}
