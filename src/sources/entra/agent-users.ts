/**
 * Entra Agent ID: agent users, the user accounts an agent identity may have (tokens with idtyp=user, for APIs that
 * need a user: mailboxes, Teams). Each has exactly one parent agent identity (identityParentId) and authenticates
 * with that agent's credentials; it is never a person.
 * Endpoint: GET /v1.0/users/microsoft.graph.agentUser?$select=...&$top=999, following @odata.nextLink.
 * https://learn.microsoft.com/graph/api/agentuser-list (the page spells the cast `microsoft.graph.AgentUser`; the type
 * in the v1.0 CSDL, and so the cast segment, is `agentUser`).
 * Type (v1.0 CSDL): agentUser derives from user; identityParentId is a user property ("references the object ID of
 * the associated agent identity").
 * Permission: User.ReadBasic.All (least privileged) or User.Read.All, which the scanner holds for the users list; a
 * refused list skips the step with the permission named.
 * Quirks: agent users are users, so the plain /users list may return them too (with @odata.type
 * #microsoft.graph.agentUser, and identityParentId set): isAgentUser keeps them out of the people correlate/ joins
 * and out of owners. In the graph an agent user is an identity derivedFrom its agent identity, so its grants count
 * as the agent's reach and findings go to the agent.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphNode } from '../../model/schema';
import { AppError } from '../../shared/errors';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { getCollection, GRAPH_MAX_PAGE_SIZE } from './graph-client';
import { entraIdentityId } from './node-ids';

export const AGENT_USERS_PERMISSION = 'User.Read.All';
const ENDPOINT = '/v1.0/users/microsoft.graph.agentUser';

export const AGENT_USER_FIELDS = ['id', 'displayName', 'userPrincipalName', 'mail', 'accountEnabled', 'identityParentId', 'createdDateTime'] as const;

export const agentUserSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  mail: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  /** The parent agent identity's object id; required on create, so a record without one is not an agent user. */
  identityParentId: z.string().min(1),
  createdDateTime: z.string().nullish(),
});
export type AgentUser = z.infer<typeof agentUserSchema>;

export async function fetchAgentUsers(client: Client, tenantId: string): Promise<ParsedRecords<AgentUser>> {
  let items: unknown[];
  try {
    items = await getCollection(client, tenantId, { path: '/users/microsoft.graph.agentUser', select: AGENT_USER_FIELDS, top: GRAPH_MAX_PAGE_SIZE }, AGENT_USERS_PERMISSION);
  } catch (error) {
    if (error instanceof AppError && error.code === 'SOURCE_UNAUTHORIZED') {
      throw new AppError('SOURCE_UNAUTHORIZED', `${error.message}. Agent users are left out of this sync until ${AGENT_USERS_PERMISSION} is granted`, { ...error.context, optional: true }, { cause: error });
    }
    throw error;
  }
  return parseRecords(items, agentUserSchema, { system: 'entra', endpoint: ENDPOINT });
}

/** Whether a record of the plain /users list is an agent user: its type says so, or it names a parent identity. */
export function isAgentUser(user: { '@odata.type'?: unknown; identityParentId?: unknown }): boolean {
  const type = typeof user['@odata.type'] === 'string' ? user['@odata.type'].replace(/^#?microsoft\.graph\./i, '').toLowerCase() : undefined;
  return type === 'agentuser' || (typeof user.identityParentId === 'string' && user.identityParentId.length > 0);
}

/** Agent users as non-human identities derived from their agent identity (its node id, whether or not it was read). */
export function agentUsersToGraph(agentUsers: readonly AgentUser[], _context: GraphContext, tenantId: string): GraphFragment {
  const nodes = agentUsers.map(
    (user): GraphNode<'identity'> => ({
      id: entraIdentityId(tenantId, user.id),
      kind: 'identity',
      system: 'entra',
      name: user.displayName ?? user.userPrincipalName ?? user.id,
      props: {
        subtype: 'entra_agent_user',
        tenantId,
        nativeId: user.id,
        human: false,
        enabled: user.accountEnabled !== false,
        origin: 'first_party',
        derivedFrom: entraIdentityId(tenantId, user.identityParentId),
      },
    }),
  );
  return { nodes, edges: [] };
}
