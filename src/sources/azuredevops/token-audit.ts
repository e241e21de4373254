/**
 * Which users' personal access tokens may have changed since the last complete sync, as the organization's audit
 * log tells it, so a resync re-reads only their tokens instead of one tokenadmin call per user.
 * Endpoint: GET https://auditservice.dev.azure.com/{org}/_apis/audit/auditlog?startTime=&batchSize=&continuationToken=
 * &api-version=7.1-preview.1, an AuditLogQueryResult {decoratedAuditLogEntries, continuationToken, hasMore}; more
 * pages while hasMore (the token is present on the last page too). Scope vso.auditlog and the "View audit log"
 * permission; without them Azure DevOps answers 403. Auditing may also be off for the organization.
 * https://learn.microsoft.com/rest/api/azure/devops/audit/audit-log/query
 * Token events (area Token): Token.PatCreateEvent, Token.PatUpdateEvent, Token.PatRevokeEvent, Token.PatExpiredEvent,
 * Token.PatSystemRevokeEvent, Token.PatPublicDiscoveryEvent; their documented data is the token's DisplayName (and
 * OwnerName, a display name, for the system's events). Token use is not logged.
 * https://learn.microsoft.com/azure/devops/organizations/audit/auditing-events#token
 *
 * Placing an event on the user whose tokens it changed:
 * - created or updated: only the token's own user creates or updates a PAT (the PAT lifecycle API acts for the
 *   requesting user), so the actor is the owner: by actorUserId (the `userId` the tokenadmin list gives each stored
 *   token) or by actorUPN (the user's principalName or mail address).
 * - expired: when a stored valid token of that DisplayName had passed its validTo by the time the event was logged,
 *   the stored tokens already show it (they are kept as invalid, withLapsedTokensInvalid): nobody is re-read for it.
 * - revoked, revoked by the system, found in public, or an expiry no stored token shows: the actor may be an
 *   administrator or the service, so every user holding a stored token of that DisplayName is re-read.
 * An event that cannot be placed (no actor we know, no DisplayName, a name no stored token has, a PAT event of a kind
 * not listed here), an unreadable log, a window that does not reach back to the last read, or an empty window (the
 * last sync read the log too and Azure DevOps logs each read as AuditLog.AccessLog, so empty means auditing is off or
 * the log is not kept) means: read every user's tokens. Expiry needs no read: a stored valid token whose validTo has
 * passed is kept as invalid, as the API then lists it (withLapsedTokensInvalid).
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { PageWalk } from '../../shared/paging';
import { parseRecords, type ParsedRecords } from '../parse-records';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import type { AdoUser } from './graph-users';
import { adoUtcDate, type PersonalAccessToken } from './personal-access-tokens';

/** Audit entries can land a little after the change; the window reaches this far back before the last read. */
export const TOKEN_AUDIT_OVERLAP_MS = 60 * 60 * 1000;
const AUDIT_PAGE_SIZE = 1000;
const ENDPOINT = '/{org}/_apis/audit/auditlog';

/** The read itself: which window the log was read for, how many entries it held, or why it could not be read. */
export interface TokenAuditWindow {
  kind: 'window';
  readable: boolean;
  /** startTime asked for (ISO); absent when the log was not read. */
  from?: string;
  to: string;
  /** Entries of every area in the window (the last sync's own read of the log is one). */
  entries: number;
  reason?: string;
}

/** One Token.Pat* entry, trimmed to what places it. */
export interface TokenAuditEvent {
  kind: 'pat-event';
  id: string;
  actionId: string;
  timestamp: string;
  actorUserId?: string;
  actorUPN?: string;
  displayName?: string;
}

export type TokenAuditRecord = TokenAuditWindow | TokenAuditEvent;

const str = z.string().nullish();
const auditEntrySchema = z
  .looseObject({
    id: z.string().min(1),
    actionId: z.string().min(1),
    timestamp: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date-time'),
    actorUserId: str,
    actorUPN: str,
    data: z.record(z.string(), z.unknown()).nullish(),
  })
  .transform(
    (raw): TokenAuditEvent => ({
      kind: 'pat-event',
      id: raw.id,
      actionId: raw.actionId,
      timestamp: raw.timestamp,
      ...(raw.actorUserId ? { actorUserId: raw.actorUserId } : {}),
      ...(raw.actorUPN ? { actorUPN: raw.actorUPN } : {}),
      ...(typeof raw.data?.DisplayName === 'string' ? { displayName: raw.data.DisplayName } : {}),
    }),
  );

const resultFields = { decoratedAuditLogEntries: z.array(z.unknown()), continuationToken: str, hasMore: z.boolean().nullish() };
/** The documented AuditLogQueryResult, or the same wrapped in `value` as the REST reference's sample shows it. */
const querySchema = z.union([z.looseObject(resultFields), z.looseObject({ value: z.looseObject(resultFields) }).transform((v) => v.value)]);

const isPatEvent = (actionId: string) => actionId.startsWith('Token.Pat');

/**
 * The Token.Pat* entries since `since` (ISO, the last read, less the overlap), after a window record. The first
 * sync reads the last hour only: it needs no changes, but its read is itself logged (AuditLog.AccessLog), so the next
 * window is never empty while auditing is on. A 403 (no vso.auditlog scope or "View audit log" permission) or 404 is
 * stored as an unreadable window, never as "no changes", and never fails the sync: the tokens are then read in full.
 */
export async function fetchTokenAudit(client: AzureDevOpsClient, since: string | undefined, now: string): Promise<ParsedRecords<TokenAuditRecord>> {
  const from = new Date(Date.parse(since ?? now) - TOKEN_AUDIT_OVERLAP_MS).toISOString();
  const items: unknown[] = [];
  let entries = 0;
  const walk = new PageWalk({ system: 'azuredevops', endpoint: `Azure DevOps ${ADO_HOSTS.audit}${ENDPOINT}` });
  let token: string | undefined;
  try {
    for (;;) {
      walk.page();
      const query = { startTime: from, batchSize: String(AUDIT_PAGE_SIZE), 'api-version': '7.1-preview.1', ...(token ? { continuationToken: token } : {}) };
      const { body } = await client.getPage(ADO_HOSTS.audit, client.orgPath('_apis/audit/auditlog'), query);
      const page = querySchema.safeParse(body);
      if (!page.success) throw new AppError('SOURCE_BAD_RESPONSE', `Azure DevOps ${ADO_HOSTS.audit}${ENDPOINT} did not return {decoratedAuditLogEntries, hasMore}`, { system: 'azuredevops', endpoint: ENDPOINT });
      entries += page.data.decoratedAuditLogEntries.length;
      for (const entry of page.data.decoratedAuditLogEntries) {
        const actionId = typeof entry === 'object' && entry !== null && 'actionId' in entry ? entry.actionId : undefined;
        if (typeof actionId === 'string' && isPatEvent(actionId)) items.push(entry);
      }
      if (!page.data.hasMore || !page.data.continuationToken) break;
      token = walk.follow(page.data.continuationToken);
    }
  } catch (error) {
    if (error instanceof AppError && ((error.code === 'SOURCE_UNAUTHORIZED' && error.context.status === 403) || error.code === 'NOT_FOUND')) {
      return { records: [{ kind: 'window', readable: false, from, to: now, entries: 0, reason: error.message }], quarantined: [] };
    }
    throw error;
  }
  const parsed = parseRecords(items, auditEntrySchema, { system: 'azuredevops', endpoint: ENDPOINT });
  // A PAT event that fails validation cannot be placed: the window is stored unreadable, so every token is read.
  const readable = parsed.quarantined.length === 0;
  const window: TokenAuditWindow = { kind: 'window', readable, from, to: now, entries, ...(readable ? {} : { reason: `${parsed.quarantined.length} token event(s) could not be read` }) };
  return { records: [window, ...parsed.records], quarantined: parsed.quarantined };
}

const CREATED_BY_OWNER = new Set(['Token.PatCreateEvent', 'Token.PatUpdateEvent']);
/** How long after a token's validTo its expiry may be logged and still be the one a stored token shows. */
const EXPIRY_LOG_DELAY_MS = 24 * 60 * 60 * 1000;
const BY_TOKEN_NAME = new Set(['Token.PatRevokeEvent', 'Token.PatExpiredEvent', 'Token.PatSystemRevokeEvent', 'Token.PatPublicDiscoveryEvent']);

/**
 * Descriptors of the users whose tokens the log says changed after `since` (ISO, the last read), or 'all' when the
 * log cannot be trusted for it (see the module comment). `users` are this sync's users, `previous` the tokens the
 * last complete sync stored.
 */
export function patChangesSince(records: readonly TokenAuditRecord[], since: string, users: readonly AdoUser[], previous: readonly PersonalAccessToken[]): Set<string> | 'all' {
  const window = records.find((r): r is TokenAuditWindow => r.kind === 'window');
  const from = Date.parse(since) - TOKEN_AUDIT_OVERLAP_MS;
  if (!window?.readable || window.from === undefined || !(Date.parse(window.from) <= from) || window.entries === 0) return 'all';
  const byUserId = new Map<string, Set<string>>();
  const byUpn = new Map<string, Set<string>>();
  const byTokenName = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string | null | undefined, descriptor: string) => {
    if (key) (map.get(key) ?? map.set(key, new Set()).get(key))?.add(descriptor);
  };
  // The validTo of each stored token the last read found valid, by name: an expiry event of that name is placed on them.
  const lapsedByName = new Map<string, number[]>();
  for (const token of previous) {
    add(byUserId, token.userId?.toLowerCase(), token.subjectDescriptor);
    add(byTokenName, token.displayName, token.subjectDescriptor);
    const validTo = adoUtcDate(token.validTo);
    if (token.displayName && token.isValid !== false && validTo !== undefined) lapsedByName.set(token.displayName, [...(lapsedByName.get(token.displayName) ?? []), Date.parse(validTo)]);
  }
  for (const user of users) {
    add(byUpn, user.principalName?.toLowerCase(), user.descriptor);
    add(byUpn, user.mailAddress?.toLowerCase(), user.descriptor);
  }
  const one = (set: Set<string> | undefined) => (set?.size === 1 ? [...set][0] : undefined);
  const changed = new Set<string>();
  for (const event of records) {
    if (event.kind !== 'pat-event' || !isPatEvent(event.actionId) || !(Date.parse(event.timestamp) >= from)) continue;
    if (CREATED_BY_OWNER.has(event.actionId)) {
      const owner = one(byUserId.get(event.actorUserId?.toLowerCase() ?? '')) ?? one(byUpn.get(event.actorUPN?.toLowerCase() ?? ''));
      if (!owner) return 'all';
      changed.add(owner);
    } else if (event.actionId === 'Token.PatExpiredEvent' && event.displayName !== undefined && lapsedByName.get(event.displayName)?.some((validTo) => validTo <= Date.parse(event.timestamp) + EXPIRY_LOG_DELAY_MS)) {
      // An expiry the stored tokens already show (a token of that name whose validTo had passed when it was logged):
      // kept as invalid without asking (withLapsedTokensInvalid), as the API lists it.
      continue;
    } else if (BY_TOKEN_NAME.has(event.actionId)) {
      const holders = event.displayName === undefined ? undefined : byTokenName.get(event.displayName);
      if (!holders) return 'all';
      for (const holder of holders) changed.add(holder);
    } else {
      return 'all';
    }
  }
  return changed;
}

/**
 * The last read's tokens as the API would list them at `now`: one it found valid whose validTo has passed is
 * invalid now (the tokenadmin list turns isValid false once a token expires), so its user need not be asked again.
 * Renewing it is a Token.PatUpdateEvent, which re-reads its user.
 */
export function withLapsedTokensInvalid(previous: readonly PersonalAccessToken[], now: string): PersonalAccessToken[] {
  const at = Date.parse(now);
  return previous.map((token) => {
    const validTo = adoUtcDate(token.validTo);
    return token.isValid !== false && validTo !== undefined && Date.parse(validTo) <= at ? { ...token, isValid: false } : token;
  });
}
