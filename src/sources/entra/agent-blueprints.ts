/**
 * Entra Agent ID: agent identity blueprints (the application objects agent identities are made from) and their
 * blueprint principals (the service principal each blueprint has in a tenant), with their sponsors.
 * Endpoints:
 * - GET /v1.0/applications/microsoft.graph.agentIdentityBlueprint?$select=...&$top=100 (following @odata.nextLink),
 *   then GET /v1.0/applications/{id}/microsoft.graph.agentIdentityBlueprint/sponsors per blueprint through $batch.
 *   https://learn.microsoft.com/graph/api/agentidentityblueprint-list, .../agentidentityblueprint-list-sponsors
 * - GET /v1.0/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal?$select=...&$top=999, then
 *   GET /v1.0/servicePrincipals/{id}/microsoft.graph.agentIdentityBlueprintPrincipal/sponsors through $batch.
 *   https://learn.microsoft.com/graph/api/agentidentityblueprintprincipal-list, .../agentidentityblueprintprincipal-list-sponsors
 * Types (v1.0 CSDL): agentIdentityBlueprint derives from application (adds the `sponsors` and
 * `inheritablePermissions` navigations), agentIdentityBlueprintPrincipal from servicePrincipal (adds `sponsors`).
 * Permissions: the blueprint list opens to AgentIdentityBlueprint.Read.All (least privileged; the list page names
 * AgentIdentityBlueprint.ReadWrite.All above it, the get page and earlier versions of the list page
 * Application.Read.All), the principal list to AgentIdentityBlueprintPrincipal.Read.All (the get page names
 * Application.Read.All above it); both sponsors lists to Application.Read.All. A refused list skips the step with the
 * permission named (agent-sponsors.ts), like the agent identities.
 * Quirks: the blueprint list's page size is at most 100 ("the default and maximum page size is 100"); each typed list
 * "does not return other types of" applications or service principals, while the plain lists may include them, so
 * to-graph.ts merges both by object id. A blueprint's password, key and federated credentials are what its agents
 * authenticate with (the blueprint principal exchanges its token for an agent's): they AUTHENTICATE_AS the blueprint
 * principal and each agent identity whose agentIdentityBlueprintId is the blueprint's appId. Sponsors are users or
 * groups and count as owners (design.md, "Definitions the checks share").
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { readSponsoredCollection, type SponsoredCollection } from './agent-sponsors';
import type { AgentIdentity } from './agent-identities';
import { APPLICATION_FIELDS, applicationSchema, type Application } from './applications';
import { authenticatingCredentials } from './credentials';
import { federatedCredentialId, type FederatedCredential } from './federated-credentials';
import { GRAPH_MAX_PAGE_SIZE, type BatchOptions } from './graph-client';
import { applicationCredentialId, entraIdentityId } from './node-ids';
import { directoryObjectSchema, directoryObjectType, entraOwnerNode } from './owners';
import { SERVICE_PRINCIPAL_FIELDS, servicePrincipalSchema, type ServicePrincipal } from './service-principals';
import type { EntraUser } from './users';

export const AGENT_BLUEPRINTS_PERMISSION = 'AgentIdentityBlueprint.Read.All';
export const AGENT_BLUEPRINT_PRINCIPALS_PERMISSION = 'AgentIdentityBlueprintPrincipal.Read.All';
/** The application permission both sponsors lists document. */
export const AGENT_BLUEPRINT_SPONSORS_PERMISSION = 'Application.Read.All';
/** "The default and maximum page size is 100" for the blueprint list (agentidentityblueprint-list). */
const BLUEPRINT_PAGE_SIZE = 100;

const BLUEPRINTS_ENDPOINT = '/v1.0/applications/microsoft.graph.agentIdentityBlueprint';
const PRINCIPALS_ENDPOINT = '/v1.0/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal';

const sponsored = {
  sponsors: z.array(directoryObjectSchema),
  /** Why the sponsors could not be read, when Graph refused them: then `sponsors` is empty, not "none". */
  sponsorsUnread: z.string().optional(),
};

export const agentBlueprintSchema = applicationSchema.extend(sponsored);
export type AgentBlueprint = z.infer<typeof agentBlueprintSchema>;

export const agentBlueprintPrincipalSchema = servicePrincipalSchema.extend(sponsored);
export type AgentBlueprintPrincipal = z.infer<typeof agentBlueprintPrincipalSchema>;

const sponsorsUnreadReason = `Graph did not let the scanner read the blueprint's sponsors (${AGENT_BLUEPRINT_SPONSORS_PERMISSION} is the application permission Graph documents for them)`;

const BLUEPRINTS_READ: SponsoredCollection = {
  what: 'Agent identity blueprints',
  path: '/applications/microsoft.graph.agentIdentityBlueprint',
  select: APPLICATION_FIELDS,
  top: BLUEPRINT_PAGE_SIZE,
  permission: AGENT_BLUEPRINTS_PERMISSION,
  sponsorsPath: (id) => `/applications/${id}/microsoft.graph.agentIdentityBlueprint/sponsors`,
  sponsorsEndpoint: '/v1.0/applications/{id}/microsoft.graph.agentIdentityBlueprint/sponsors',
  sponsorsPermission: AGENT_BLUEPRINT_SPONSORS_PERMISSION,
  sponsorsUnreadReason,
};

const PRINCIPALS_READ: SponsoredCollection = {
  what: 'Agent identity blueprint principals',
  path: '/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal',
  select: SERVICE_PRINCIPAL_FIELDS,
  top: GRAPH_MAX_PAGE_SIZE,
  permission: AGENT_BLUEPRINT_PRINCIPALS_PERMISSION,
  sponsorsPath: (id) => `/servicePrincipals/${id}/microsoft.graph.agentIdentityBlueprintPrincipal/sponsors`,
  sponsorsEndpoint: '/v1.0/servicePrincipals/{id}/microsoft.graph.agentIdentityBlueprintPrincipal/sponsors',
  sponsorsPermission: AGENT_BLUEPRINT_SPONSORS_PERMISSION,
  sponsorsUnreadReason,
};

export async function fetchAgentBlueprints(client: Client, tenantId: string, options: BatchOptions = {}): Promise<ParsedRecords<AgentBlueprint>> {
  return parseRecords(await readSponsoredCollection(client, tenantId, BLUEPRINTS_READ, options), agentBlueprintSchema, { system: 'entra', endpoint: BLUEPRINTS_ENDPOINT });
}

export async function fetchAgentBlueprintPrincipals(client: Client, tenantId: string, options: BatchOptions = {}): Promise<ParsedRecords<AgentBlueprintPrincipal>> {
  return parseRecords(await readSponsoredCollection(client, tenantId, PRINCIPALS_READ, options), agentBlueprintPrincipalSchema, { system: 'entra', endpoint: PRINCIPALS_ENDPOINT });
}

/** The blueprint as the application it is, for the transforms that read applications. */
export function blueprintAsApplication(blueprint: AgentBlueprint): Application {
  const { sponsors: _sponsors, sponsorsUnread: _unread, ...app } = blueprint;
  return app;
}

/** The blueprint principal as the service principal it is. */
export function blueprintPrincipalAsServicePrincipal(principal: AgentBlueprintPrincipal): ServicePrincipal {
  const { sponsors: _sponsors, sponsorsUnread: _unread, ...sp } = principal;
  return sp;
}

/** Objects of a plain list and of a typed list, one record per object id (the plain list's record first). */
export function mergeById<T extends { id: string }>(listed: readonly T[], typed: readonly T[]): T[] {
  const known = new Set(listed.map((o) => o.id));
  return [...listed, ...typed.filter((o) => !known.has(o.id))];
}

/** Group ids among the blueprints' and blueprint principals' sponsors: their members decide whether they still answer. */
export function blueprintSponsorGroupIds(blueprints: readonly AgentBlueprint[], principals: readonly AgentBlueprintPrincipal[]): string[] {
  return [...new Set([...blueprints, ...principals].flatMap((o) => o.sponsors.filter((s) => directoryObjectType(s) === 'group').map((s) => s.id)))].sort();
}

/** appIds that are agent identity blueprints: from the blueprints, and from the principals (their appId is the blueprint's). */
export function blueprintAppIds(blueprints: readonly AgentBlueprint[], principals: readonly AgentBlueprintPrincipal[]): Set<string> {
  return new Set([...blueprints, ...principals].map((o) => o.appId));
}

/**
 * What the blueprints add to the graph besides what the application and service-principal transforms already
 * draw: their sponsors (and their principals' sponsors) as owners of the blueprint principal's identity, and each
 * blueprint credential AUTHENTICATES_AS every agent identity made from it. A blueprint with no principal in this
 * tenant signs in nowhere here (as for any application): nothing is drawn for it.
 */
export function agentBlueprintsToGraph(
  blueprints: readonly AgentBlueprint[],
  principals: readonly AgentBlueprintPrincipal[],
  servicePrincipals: readonly ServicePrincipal[],
  agents: readonly AgentIdentity[],
  federatedCredentials: readonly FederatedCredential[],
  users: readonly EntraUser[],
  context: GraphContext,
  tenantId: string,
): GraphFragment {
  const usersById = new Map(users.map((u) => [u.id, u]));
  const spByAppId = new Map(servicePrincipals.map((sp) => [sp.appId, sp]));
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const sponsorEdges = (identityId: string, sponsors: AgentBlueprint['sponsors'], reason: string) => {
    for (const sponsor of sponsors) {
      const owner = entraOwnerNode(sponsor, tenantId, usersById, context.observedAt);
      if (!owner) continue;
      nodes.set(owner.id, owner);
      edges.push({ kind: 'OWNED_BY', from: identityId, to: owner.id, basis: 'observed', reason });
    }
  };
  for (const principal of principals) sponsorEdges(entraIdentityId(tenantId, principal.id), principal.sponsors, 'sponsor of the agent identity blueprint principal');
  for (const blueprint of blueprints) {
    const sp = spByAppId.get(blueprint.appId);
    if (!sp) continue;
    sponsorEdges(entraIdentityId(tenantId, sp.id), blueprint.sponsors, `sponsor of agent identity blueprint ${blueprint.displayName ?? blueprint.id}`);
    const madeFrom = agents.filter((a) => a.agentIdentityBlueprintId === blueprint.appId);
    const credentialIds = [
      ...authenticatingCredentials(blueprint).map((entry) => applicationCredentialId(tenantId, blueprint.id, entry.credential.keyId)),
      ...federatedCredentials.filter((f) => f.applicationId === blueprint.id).map((f) => federatedCredentialId(tenantId, blueprint.id, f.id)),
    ];
    for (const credentialId of credentialIds) {
      for (const agent of madeFrom) {
        edges.push({ kind: 'AUTHENTICATES_AS', from: credentialId, to: entraIdentityId(tenantId, agent.id), basis: 'observed', reason: `credential of agent identity blueprint ${blueprint.displayName ?? blueprint.id}, which its agents authenticate with` });
      }
    }
  }
  return { nodes: [...nodes.values()], edges };
}
