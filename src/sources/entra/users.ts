/**
 * Entra users: a lookup, not graph nodes by themselves. It tells correlate/ and the owner transforms whether a
 * person is still here (accountEnabled, employeeLeaveDateTime) and joins accounts by e-mail.
 * Endpoint: GET /v1.0/users?$select=...&$top=999, following @odata.nextLink.
 * Permissions: User.Read.All (or Directory.Read.All); employeeLeaveDateTime also needs User-LifeCycleInfo.Read.All.
 * https://learn.microsoft.com/graph/api/user-list
 * Quirks: /users returns a default property set, so accountEnabled and employeeLeaveDateTime come back only when
 * selected; without User-LifeCycleInfo.Read.All the leave date is simply absent (a departure then shows only once
 * the account is disabled); shared mailboxes are disabled user objects by design (they own nothing, so it never
 * matters); agent users (agent-users.ts) come in this list too and are no one's account, so entraPeople leaves
 * them out; signInActivity is not read here (it needs an Entra ID P1 licence and AuditLog.Read.All).
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext, PersonRecord } from '../source-step';
import { GRAPH_MAX_PAGE_SIZE, readTrackedCollection } from './graph-client';
import type { DeletedUser } from './directory-audits';
import { isAgentUser } from './agent-users';
import { entraIdentityId } from './node-ids';

export const USERS_PERMISSION = 'User.Read.All (and User-LifeCycleInfo.Read.All for leave dates)';
const ENDPOINT = '/v1.0/users';

export const USER_FIELDS = ['id', 'displayName', 'userPrincipalName', 'mail', 'proxyAddresses', 'accountEnabled', 'employeeLeaveDateTime', 'department', 'userType', 'employeeType', 'identityParentId'] as const;

export const entraUserSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  mail: z.string().nullish(),
  /** "SMTP:primary@x", "smtp:alias@y": every address mail reaches the person at (aliases from renames, old brands). */
  proxyAddresses: z.array(z.string()).nullish(),
  accountEnabled: z.boolean().nullish(),
  employeeLeaveDateTime: z.string().nullish(),
  department: z.string().nullish(),
  userType: z.string().nullish(),
  employeeType: z.string().nullish(),
  /** Set only on agent users (the parent agent identity): they are listed here too and are never people. */
  identityParentId: z.string().nullish(),
});
export type EntraUser = z.infer<typeof entraUserSchema>;

/** With the last complete sync's records and deltaLink, only what changed since is read (delta query). */
export async function fetchUsers(client: Client, tenantId: string, previous: { items?: readonly unknown[]; cursor?: string } = {}): Promise<ParsedRecords<EntraUser> & { cursor?: string }> {
  const read = await readTrackedCollection(client, tenantId, { path: '/users', select: USER_FIELDS, top: GRAPH_MAX_PAGE_SIZE }, USERS_PERMISSION, { items: previous.items, cursor: previous.cursor });
  const items = read.items;
  return { ...parseRecords(items, entraUserSchema, { system: 'entra', endpoint: ENDPOINT }), ...(read.cursor ? { cursor: read.cursor } : {}) };
}

export interface Departure {
  /** true = left; false = still here; undefined = the directory does not say (accountEnabled not read). */
  departed: boolean | undefined;
  reason: string;
}

/**
 * Whether the person behind an Entra user has left, as of the sync's clock: the account is disabled, or the leave
 * date is at or before observedAt. A leave date still ahead is not a departure.
 */
export function entraUserDeparture(user: Pick<EntraUser, 'accountEnabled' | 'employeeLeaveDateTime'>, observedAt: string): Departure {
  const reasons: string[] = [];
  if (user.accountEnabled === false) reasons.push('Entra account disabled');
  const leave = user.employeeLeaveDateTime ? Date.parse(user.employeeLeaveDateTime) : Number.NaN;
  const leaveDay = user.employeeLeaveDateTime?.slice(0, 10);
  if (!Number.isNaN(leave) && leave <= Date.parse(observedAt)) reasons.push(`Entra leave date ${leaveDay} has passed`);
  if (reasons.length > 0) return { departed: true, reason: reasons.join('; ') };
  if (user.accountEnabled === true) {
    return { departed: false, reason: Number.isNaN(leave) ? 'Entra account enabled' : `Entra account enabled; leave date ${leaveDay} is still ahead` };
  }
  return { departed: undefined, reason: 'Entra did not say whether the account is enabled' };
}

/** The leave date when it is at or before the sync's clock (a date still ahead is no departure). */
function leftOn(user: Pick<EntraUser, 'employeeLeaveDateTime'>, observedAt: string): string | undefined {
  const leave = user.employeeLeaveDateTime ? Date.parse(user.employeeLeaveDateTime) : Number.NaN;
  return !Number.isNaN(leave) && leave <= Date.parse(observedAt) ? new Date(leave).toISOString() : undefined;
}

/**
 * The addresses a user is known by, lower-case: mail, the UPN when it differs, and every SMTP alias in
 * proxyAddresses (`smtp:` prefix, any case; other address types such as SIP or X500 are not e-mail).
 * https://learn.microsoft.com/graph/api/resources/user (proxyAddresses)
 */
export function userAddresses(user: Pick<EntraUser, 'mail' | 'userPrincipalName'> & { proxyAddresses?: readonly string[] | null }): string[] {
  const aliases = (user.proxyAddresses ?? []).flatMap((a) => (/^smtp:/i.test(a) ? [a.slice(5)] : []));
  return [...new Set([user.mail, user.userPrincipalName, ...aliases].filter((a): a is string => typeof a === 'string' && a.includes('@')).map((a) => a.trim().toLowerCase()))];
}

/**
 * People as the directory knows them, one record per address, for correlate/ (departure, department, joins); and
 * people the directory audit says were deleted and who no longer appear (a deleted account has left).
 */
export function entraPeople(users: readonly EntraUser[], observedAt: string, tenantId?: string, deleted: readonly DeletedUser[] = []): PersonRecord[] {
  const present = new Set(users.map((u) => u.id));
  // An agent user has an address and an account state, but no person behind it to depart or to join by e-mail.
  const persons = users.filter((u) => !isAgentUser(u));
  const gone: PersonRecord[] = deleted
    .filter((d) => !present.has(d.objectId))
    .map((d) => ({
      email: (d.userPrincipalName ?? '').trim().toLowerCase(),
      ...(d.displayName ? { displayName: d.displayName } : {}),
      departed: true,
      departedReason: `Entra account deleted on ${d.deletedAt.slice(0, 10)} (directory audit)`,
      entraUserId: d.objectId,
      ...(tenantId ? { tenantId } : {}),
    }));
  const live = persons.flatMap((user) => {
    const departure = entraUserDeparture(user, observedAt);
    return userAddresses(user).map((email) => ({
      email,
      ...(user.displayName ? { displayName: user.displayName } : {}),
      ...(departure.departed === undefined ? {} : { departed: departure.departed }),
      ...(departure.departed ? { departedReason: departure.reason } : {}),
      ...(departure.departed && leftOn(user, observedAt) ? { departedAt: leftOn(user, observedAt) } : {}),
      entraUserId: user.id,
      ...(tenantId ? { tenantId } : {}),
      ...(user.department ? { department: user.department } : {}),
    }));
  });
  // Deleted first, so a live account with the same address (a rehire) wins when correlate/ keys people by address.
  return [...gone, ...live];
}

/** An Entra user as an identity: only for a user another system names as a credential holder or connection account. */
export function entraUserIdentity(user: EntraUser, tenantId: string, observedAt: string): GraphNode<'identity'> {
  const email = userAddresses(user)[0];
  return {
    id: entraIdentityId(tenantId, user.id),
    kind: 'identity',
    system: 'entra',
    name: user.displayName ?? email ?? user.id,
    props: {
      subtype: 'entra_user',
      tenantId,
      nativeId: user.id,
      // A member user typed as a service account acts for no one person.
      human: !/service/i.test(user.employeeType ?? ''),
      enabled: entraUserDeparture(user, observedAt).departed !== true,
      origin: 'first_party',
      ...(email ? { email } : {}),
    },
  };
}

/** Identity nodes for the users other systems reference (by Entra object id); every other user stays a lookup. */
export function usersToGraph(users: readonly EntraUser[], context: GraphContext, tenantId: string, referencedUserIds: ReadonlySet<string> = new Set()): GraphFragment {
  return { nodes: users.filter((u) => referencedUserIds.has(u.id) && !isAgentUser(u)).map((u) => entraUserIdentity(u, tenantId, context.observedAt)), edges: [] };
}
