/**
 * The organization audit log, cut to what shows non-human activity: events an account performed with an API token,
 * and Atlassian Rovo MCP server tool calls. Read over a bounded window ending at the sync's clock.
 * Endpoint: GET https://api.atlassian.com/admin/v1/orgs/{orgId}/events?from&to&cursor (from/to in epoch
 * milliseconds), scope read:events:admin; needs Atlassian Guard Standard or Premium, or Enterprise. `{data: [{id,
 * type: "events", attributes: {time, action, actor: {id, name, email, auth: {authType: api-token | container-token |
 * connect-token | auth-token-for-2LO | auth-token-for-3LO, tokenId, tokenLabel}, onBehalfOf, app: {id, type,
 * attributes}}, context: [{id, type, attributes}], container, location}, links, message}], meta: {next}, links:
 * {self, prev, next}}`. https://developer.atlassian.com/cloud/admin/organization/rest/api-group-events/ (the event
 * model as MrRefactoring/jira.js src/admin/models/eventModel.ts and eventActorModel.ts give it).
 * Rovo MCP: tool calls made with an API token are attributed to the token's owner (support.atlassian.com, "monitor
 * Atlassian Rovo MCP server activity"). The action keys of those events are NOT in the stored docs: the org's own list
 * is GET /admin/v1/orgs/{orgId}/event-actions. So an event counts as an MCP call when its action, its client app or an
 * object it names says "mcp" (a word of its own), never by a guessed key.
 * Rate limits: 10 requests a minute per user and per path since May 2025 (the 429s wait for Retry-After).
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { AtlassianOrgClient, OrgEndpoint } from './atlassian-org-client';
import { apiTokenCredentialId, atlassianAccountIdentityId, evidenceId, isoDate, mcpClientWorkloadId, mcpConnectionId, personOwnerIdOf } from './node-ids';

export const EVENTS: OrgEndpoint = {
  path: (orgId) => `/admin/v1/orgs/${orgId}/events`,
  scope: 'read:events:admin',
  what: 'the audit log events',
};

export interface OrgEvent {
  id: string;
  time: string;
  action: string;
  actor: { id: string; name?: string; email?: string };
  /** Set when the actor authenticated with an API token (actor.auth.authType api-token). */
  token?: { id: string; label?: string };
  /** The client app the event names (an MCP client registered with Atlassian), when it names one. */
  app?: { id: string; name?: string };
  /** A Rovo MCP server tool call. */
  mcp: boolean;
}

const str = z.string().nullish();
const objectSchema = z.looseObject({ id: z.string(), type: str, attributes: z.record(z.string(), z.unknown()).nullish() });

const MCP = /(^|[^a-z0-9])mcp([^a-z0-9]|$)/i;

function nameOf(attributes: Record<string, unknown> | null | undefined): string | undefined {
  const value = attributes?.name ?? attributes?.displayName;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export const orgEventSchema = z
  .looseObject({
    id: z.string().min(1),
    attributes: z.looseObject({
      time: z.union([z.string(), z.number()]),
      action: z.string().min(1),
      actor: z.looseObject({
        id: z.string().min(1),
        name: str,
        email: str,
        auth: z.looseObject({ authType: str, tokenId: str, tokenLabel: str }).nullish(),
        app: objectSchema.nullish(),
      }),
      context: z.array(objectSchema).nullish(),
      container: z.array(objectSchema).nullish(),
    }),
  })
  .refine((raw) => isoDate(raw.attributes.time) !== undefined, { message: 'attributes.time is not a date', path: ['attributes', 'time'] })
  .transform((raw): OrgEvent => {
    const { actor, action } = raw.attributes;
    const auth = actor.auth;
    const tokenId = auth?.tokenId && /api-token/i.test(auth.authType ?? '') ? auth.tokenId : undefined;
    const app = actor.app ? { id: actor.app.id, ...(nameOf(actor.app.attributes) ? { name: nameOf(actor.app.attributes) } : {}) } : undefined;
    const objects = [...(raw.attributes.context ?? []), ...(raw.attributes.container ?? [])];
    const mcp = MCP.test(action) || [actor.app?.type, actor.app?.id, nameOf(actor.app?.attributes)].some((v) => MCP.test(v ?? '')) || objects.some((o) => MCP.test(o.type ?? '') || MCP.test(nameOf(o.attributes) ?? ''));
    return {
      id: raw.id,
      time: isoDate(raw.attributes.time) as string,
      action,
      actor: { id: actor.id, ...(actor.name ? { name: actor.name } : {}), ...(actor.email ? { email: actor.email.toLowerCase() } : {}) },
      ...(tokenId ? { token: { id: tokenId, ...(auth?.tokenLabel ? { label: auth.tokenLabel } : {}) } } : {}),
      ...(app ? { app } : {}),
      mcp,
    };
  });

const DAY_MS = 86_400_000;

/**
 * The events of the `days` before `until` that show non-human activity (token use, MCP calls); everything else in
 * the log is read past, not stored. Bad records are quarantined as everywhere, whatever they were about.
 */
export async function fetchOrgEvents(client: AtlassianOrgClient, until: string, days: number): Promise<ParsedRecords<OrgEvent>> {
  const to = Date.parse(until);
  const items = await client.getAll(EVENTS, { from: String(to - days * DAY_MS), to: String(to) });
  const parsed = parseRecords(items, orgEventSchema, { system: 'atlassianorg', endpoint: EVENTS.path('{orgId}') });
  return { records: parsed.records.filter((e) => e.token !== undefined || e.mcp), quarantined: parsed.quarantined };
}

interface Known {
  /** API token ids the token read listed (their credential nodes exist). */
  tokenIds: ReadonlySet<string>;
  /** Service account ids, when they were read: an MCP client on a service account's token runs as no person. */
  serviceAccountIds: ReadonlySet<string> | undefined;
}

/**
 * What the events show. Each account's last token use is evidence on it and on the token. An MCP client calling
 * with an API token is a workload that INVOKES the Rovo MCP server through a connection that USES that token, which
 * AUTHENTICATES_AS the token's account: the same path a flow on a person's connection takes, so
 * human_credential_as_workload judges both alike (a person's account is the hop, decided by the identity's `human`).
 */
export function orgEventsToGraph(events: readonly OrgEvent[], orgId: string, known: Known): GraphFragment {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const latest = <K>(map: Map<K, OrgEvent[]>, key: K, event: OrgEvent) => map.set(key, [...(map.get(key) ?? []), event]);
  const byToken = new Map<string, OrgEvent[]>();
  const byClient = new Map<string, OrgEvent[]>();
  for (const event of events) {
    if (event.token) latest(byToken, event.token.id, event);
    if (event.mcp && event.token) latest(byClient, event.app?.id ?? event.token.id, event);
  }
  const last = (list: readonly OrgEvent[]) => list.reduce((a, b) => (Date.parse(b.time) > Date.parse(a.time) ? b : a));
  for (const [tokenId, list] of [...byToken].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const newest = last(list);
    const credentialId = apiTokenCredentialId(orgId, tokenId);
    const label = newest.token?.label ?? tokenId;
    if (!known.tokenIds.has(tokenId)) {
      // Not in the token list (not read, or since revoked): what the events say of it, dates unknown.
      nodes.set(credentialId, { id: credentialId, kind: 'credential', system: 'jira', name: `API token "${label}"`, props: { subtype: 'api_token', nativeId: tokenId } });
    }
    const actorId = atlassianAccountIdentityId(newest.actor.id);
    edges.push({ kind: 'AUTHENTICATES_AS', from: credentialId, to: actorId, basis: 'observed', reason: `the audit log shows ${newest.actor.name ?? newest.actor.id} acting with it` });
    const evidence = evidenceId(orgId, 'events', 'api-token', tokenId);
    nodes.set(evidence, { id: evidence, kind: 'execution_evidence', system: 'jira', name: `Audit log events with API token "${label}"`, props: { subtype: 'audit_record', lastAt: newest.time, count: list.length, source: 'Atlassian organization audit log' } });
    edges.push({ kind: 'EVIDENCES', from: evidence, to: credentialId, basis: 'observed' });
    edges.push({ kind: 'EVIDENCES', from: evidence, to: actorId, basis: 'observed' });
  }
  for (const [key, list] of [...byClient].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const newest = last(list);
    const token = newest.token as { id: string; label?: string };
    const label = token.label ?? token.id;
    const workloadId = mcpClientWorkloadId(orgId, key);
    const connectionId = mcpConnectionId(orgId, key);
    nodes.set(workloadId, {
      id: workloadId,
      kind: 'workload',
      system: 'jira',
      name: newest.app?.name ?? `Rovo MCP calls with API token "${label}"`,
      props: { subtype: 'mcp_client', nativeId: key, enabled: true, executionMode: 'autonomous', trigger: 'MCP tool calls' },
    });
    nodes.set(connectionId, {
      id: connectionId,
      kind: 'connection',
      system: 'jira',
      name: `Atlassian Rovo MCP server, API token "${label}"`,
      props: { subtype: 'connector', nativeId: key, sendsCredential: true, credentialMechanism: 'API token' },
    });
    edges.push({ kind: 'INVOKES', from: workloadId, to: connectionId, basis: 'observed', reason: `${list.length} Rovo MCP tool call${list.length === 1 ? '' : 's'} in the audit log` });
    edges.push({ kind: 'USES', from: connectionId, to: apiTokenCredentialId(orgId, token.id), basis: 'observed', reason: 'the audit log names the token the calls authenticated with' });
    // Whoever set the client up on their token answers for it; on a service account's token, its creator does (through the account).
    if (known.serviceAccountIds !== undefined && !known.serviceAccountIds.has(newest.actor.id)) {
      const person = ownerNode(personOwnerIdOf(newest.actor), newest.actor.name ?? newest.actor.email ?? newest.actor.id, { ...(newest.actor.email ? { email: newest.actor.email } : {}), atlassianAccountIds: [newest.actor.id] });
      nodes.set(person.id, person);
      edges.push({ kind: 'OWNED_BY', from: workloadId, to: person.id, basis: 'observed', reason: `it calls with ${person.name}'s API token` });
    }
    const evidence = evidenceId(orgId, 'events', 'mcp', key);
    nodes.set(evidence, { id: evidence, kind: 'execution_evidence', system: 'jira', name: `Rovo MCP tool calls of ${newest.app?.name ?? `API token "${label}"`}`, props: { subtype: 'audit_record', lastAt: newest.time, count: list.length, source: 'Atlassian organization audit log (Rovo MCP)' } });
    edges.push({ kind: 'EVIDENCES', from: evidence, to: workloadId, basis: 'observed' });
  }
  return { nodes: [...nodes.values()], edges };
}
