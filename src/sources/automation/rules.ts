/**
 * Jira automation rules, from the Automation REST API or the export file an admin uploads (export-file.ts).
 * Endpoints (automation-client.ts for auth and paging):
 * - GET /rest/v1/rule/summary?limit=100, cursor-paged ({links: {next}, data}); summaries carry no components.
 * - GET /rest/v1/rule/{uuid} -> {rule, connections}: the full rule.
 * https://developer.atlassian.com/cloud/automation/rest/api-group-rule-management/
 * Quirks:
 * - Component schemas are undocumented. Components nest: branches and if/else blocks hold actions in `children[]`
 *   and their conditions in `conditions[]`, at any depth; the trigger has the same shape.
 * - "Send web request" appears as `jira.issue.outgoing.webhook` and as `jira.automation.action:send-web-request`;
 *   both are matched. Header values are `{keyOrValue, secret}` (or a string plus `headerSecure`); Jira masks secret
 *   ones on read, but non-secret headers hold literal credentials, so header values are read only to decide
 *   "carries a credential" and are never stored. Query strings are cut off URLs for the same reason.
 * - The rule scope is `ruleScopeARIs` (older responses and exports: `ruleScope.resources`, or `projects[]`); an
 *   empty scope means global (every project).
 * The parsed record keeps only what the graph needs (no header values, no bodies, no query strings), so nothing
 * secret reaches the dataset store.
 */
import { z } from 'zod';
import { type ConcurrentMap, allAtOnce } from '../../shared/concurrency';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import { isAppError } from '../../shared/errors';
import { ownerIdForAtlassianAccount, ownerNode } from '../owner-ids';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import { AUTOMATION_PAGE_LIMIT, type AutomationClient } from './automation-client';
import { isCredentialHeaderName, looksLikeCredentialValue, requestCredentialSubtype, toRequestTarget } from './request-target';

// ---------------------------------------------------------------------------------------------------------------
// API shapes (input)

export const WEB_REQUEST_ACTION_TYPES = ['jira.issue.outgoing.webhook', 'jira.automation.action:send-web-request'] as const;

export function isWebRequestType(type: string): boolean {
  return (WEB_REQUEST_ACTION_TYPES as readonly string[]).includes(type) || /send[-_.]?web[-_.]?request/i.test(type);
}

export function isEmailActionType(type: string): boolean {
  return /outgoing\.email|send[-_.]?e-?mail/i.test(type);
}

const headerValueSchema = z.union([z.string(), z.looseObject({ keyOrValue: z.string().nullish(), secret: z.boolean().nullish() })]);

const webRequestHeaderSchema = z.looseObject({
  name: z.string(),
  value: headerValueSchema.nullish(),
  secret: z.boolean().nullish(),
  headerSecure: z.boolean().nullish(),
});

const webRequestValueSchema = z.looseObject({
  url: z.string(),
  method: z.string().nullish(),
  headers: z.union([z.array(webRequestHeaderSchema), z.record(z.string(), z.unknown())]).nullish(),
  usedSecretsKeys: z.array(z.string()).nullish(),
  customBody: z.unknown().optional(),
});

export interface RawAutomationComponent {
  id?: string | number | null;
  component?: string | null;
  type: string;
  value?: unknown;
  children?: RawAutomationComponent[] | null;
  conditions?: RawAutomationComponent[] | null;
}

/** A component at any depth; a web request's value is validated, so a broken one names its own path. */
const rawComponentSchema: z.ZodType<RawAutomationComponent> = z.lazy(() =>
  z
    .looseObject({
      id: z.union([z.string(), z.number()]).nullish(),
      component: z.string().nullish(),
      type: z.string(),
      value: z.unknown().optional(),
      children: z.array(rawComponentSchema).nullish(),
      conditions: z.array(rawComponentSchema).nullish(),
    })
    .superRefine((component, ctx) => {
      if (!isWebRequestType(component.type)) return;
      const value = webRequestValueSchema.safeParse(component.value);
      if (value.success) return;
      for (const issue of value.error.issues) ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
    }),
);

const idSchema = z.union([z.string(), z.number()]);

const rawRuleSchema = z
  .looseObject({
    uuid: z.string().nullish(),
    idUuid: z.string().nullish(),
    id: idSchema.nullish(),
    name: z.string(),
    state: z.string(),
    authorAccountId: z.string().nullish(),
    actor: z.looseObject({ type: z.string().nullish(), actor: z.string().nullish(), value: z.string().nullish() }).nullish(),
    actorAccountId: z.string().nullish(),
    ruleScopeARIs: z.array(z.string()).nullish(),
    ruleScope: z.looseObject({ resources: z.array(z.string()).nullish() }).nullish(),
    projects: z.array(z.looseObject({ projectId: idSchema.nullish() })).nullish(),
    trigger: rawComponentSchema.nullish(),
    components: z.array(rawComponentSchema),
    updated: z.union([z.number(), z.string()]).nullish(),
  })
  .refine((rule) => ruleUuidOf(rule) !== undefined, { message: 'a rule needs a uuid (or idUuid or id)', path: ['uuid'] });

type RawRule = z.infer<typeof rawRuleSchema>;

export const ruleSummarySchema = z
  .looseObject({ uuid: z.string().nullish(), idUuid: z.string().nullish(), name: z.string().nullish(), updated: z.union([z.number(), z.string()]).nullish() })
  .refine((summary) => Boolean(summary.uuid ?? summary.idUuid), { message: 'a rule summary needs a uuid', path: ['uuid'] });

// ---------------------------------------------------------------------------------------------------------------
// Parsed record (output): what the graph needs and nothing secret

export interface WebRequestSummary {
  /** Scheme, host and path only. */
  url?: string;
  host?: string;
  method?: string;
  /** Names of headers that carry a credential: by name (Authorization, *token*, *key*...), marked secret, or valued like one. */
  credentialHeaders: string[];
  /** Names of query parameters that carry a credential (sig, token, key, code...). */
  credentialQueryParams: string[];
  userInfo: boolean;
  /** The URL's path is its credential (an incoming-webhook URL). */
  secretInPath?: boolean;
  /** The request uses automation secrets ({{secrets.x}}, usedSecretsKeys). */
  usesSecrets: boolean;
}

export interface AutomationComponent {
  /** The component id, or its position ("2.0.c1") when the API gives none. */
  ref: string;
  component?: string;
  type: string;
  webRequest?: WebRequestSummary;
  /** Recipient domains of an e-mail action (literal addresses only; smart values are unknown until run time). */
  emailDomains?: string[];
  children: AutomationComponent[];
  conditions: AutomationComponent[];
}

export interface AutomationRule {
  uuid: string;
  name: string;
  state: string;
  authorAccountId?: string;
  actorAccountId?: string;
  /** Scope ARIs as given; empty = global. */
  scopeARIs: string[];
  trigger?: AutomationComponent;
  components: AutomationComponent[];
  /** When the rule was last edited, as the API gives it (epoch); a resync re-reads only rules whose value moved. */
  updated?: number | string;
}

export const automationRuleSchema = rawRuleSchema.transform(toAutomationRule);

function ruleUuidOf(rule: { uuid?: string | null; idUuid?: string | null; id?: string | number | null }): string | undefined {
  const value = rule.uuid ?? rule.idUuid ?? (rule.id === null || rule.id === undefined ? undefined : String(rule.id));
  return value === undefined || value === '' ? undefined : value;
}

function toAutomationRule(raw: RawRule): AutomationRule {
  const legacyProjects = (raw.projects ?? []).flatMap((p) => (p.projectId === null || p.projectId === undefined ? [] : [`ari:cloud:jira::project/${String(p.projectId)}`]));
  const actor = raw.actor?.actor ?? raw.actor?.value ?? raw.actorAccountId ?? undefined;
  return {
    uuid: ruleUuidOf(raw) ?? '',
    name: raw.name,
    state: raw.state,
    ...(raw.authorAccountId ? { authorAccountId: raw.authorAccountId } : {}),
    ...(actor ? { actorAccountId: actor } : {}),
    scopeARIs: raw.ruleScopeARIs ?? raw.ruleScope?.resources ?? legacyProjects,
    ...(raw.trigger ? { trigger: toComponent(raw.trigger, 'trigger') } : {}),
    components: raw.components.map((component, index) => toComponent(component, String(index))),
    ...(typeof raw.updated === 'number' || typeof raw.updated === 'string' ? { updated: raw.updated } : {}),
  };
}

function toComponent(raw: RawAutomationComponent, position: string): AutomationComponent {
  const webRequest = isWebRequestType(raw.type) ? summarizeWebRequest(raw.value) : undefined;
  const emailDomains = isEmailActionType(raw.type) ? recipientDomains(raw.value) : undefined;
  return {
    ref: raw.id === null || raw.id === undefined || raw.id === '' ? position : String(raw.id),
    ...(raw.component ? { component: raw.component } : {}),
    type: raw.type,
    ...(webRequest ? { webRequest } : {}),
    ...(emailDomains ? { emailDomains } : {}),
    children: (raw.children ?? []).map((child, index) => toComponent(child, `${position}.${index}`)),
    conditions: (raw.conditions ?? []).map((condition, index) => toComponent(condition, `${position}.c${index}`)),
  };
}

function summarizeWebRequest(value: unknown): WebRequestSummary | undefined {
  const parsed = webRequestValueSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { url, method, headers, usedSecretsKeys, customBody } = parsed.data;
  const target = toRequestTarget(url);
  const headerEntries: Array<{ name: string; secret: boolean; value: string }> = Array.isArray(headers)
    ? headers.map((h) => ({
        name: h.name,
        secret: h.secret === true || h.headerSecure === true || (typeof h.value === 'object' && h.value?.secret === true),
        value: typeof h.value === 'string' ? h.value : (h.value?.keyOrValue ?? ''),
      }))
    : Object.entries(headers ?? {}).map(([name, v]) => ({ name, secret: false, value: typeof v === 'string' ? v : '' }));
  const credentialHeaders = headerEntries.filter((h) => h.secret || isCredentialHeaderName(h.name) || looksLikeCredentialValue(h.value)).map((h) => h.name);
  const usesSecrets =
    (usedSecretsKeys ?? []).length > 0 || looksLikeCredentialValue(url) || (typeof customBody === 'string' && /\{\{\s*secrets?\./i.test(customBody));
  return {
    ...(target.url ? { url: target.url } : {}),
    ...(target.host ? { host: target.host } : {}),
    ...(method ? { method: method.toUpperCase() } : {}),
    credentialHeaders: [...new Set(credentialHeaders)].sort(),
    credentialQueryParams: target.credentialQueryParams,
    userInfo: target.userInfo,
    ...(target.secretInPath ? { secretInPath: true } : {}),
    usesSecrets,
  };
}

const EMAIL_ADDRESS = /^[^@\s{}<>"]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

function recipientDomains(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const fields = value as Record<string, unknown>;
  const texts: string[] = [];
  for (const field of ['to', 'cc', 'bcc']) {
    const entries = fields[field];
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      if (typeof entry === 'string') texts.push(entry);
      else if (typeof entry === 'object' && entry !== null && typeof (entry as { value?: unknown }).value === 'string') texts.push((entry as { value: string }).value);
    }
  }
  const domains = new Set<string>();
  for (const token of texts.flatMap((t) => t.split(/[,;\s]+/))) {
    const match = EMAIL_ADDRESS.exec(token.replace(/^<|>$/g, ''));
    if (match?.[1]) domains.add(match[1].toLowerCase());
  }
  return [...domains].sort();
}

// ---------------------------------------------------------------------------------------------------------------
// Fetch: summaries (cursor paging), then each rule

/** `{rule, connections}` from GET /rule/{uuid}; a bare rule is accepted too. */
function unwrapRule(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'rule' in body && typeof body.rule === 'object') return body.rule;
  return body;
}

/**
 * Every rule's body. `previous` (the last complete sync's rules) lets a resync skip bodies whose summary `updated`
 * is the one already read: a rule is only re-read when it was edited, which is what the summary's timestamp says.
 */
export async function fetchAutomationRules(client: AutomationClient, previous: readonly AutomationRule[] = [], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<AutomationRule>> {
  const summaries = parseRecords(await client.getAllCursorPages(`/rule/summary?limit=${AUTOMATION_PAGE_LIMIT}`), ruleSummarySchema, {
    system: 'automation',
    endpoint: '/rest/v1/rule/summary',
  });
  const known = new Map(previous.filter((rule) => rule.updated !== undefined).map((rule) => [rule.uuid, rule]));
  const unchanged = (uuid: string, updated: number | string | null | undefined) => {
    const rule = known.get(uuid);
    return rule !== undefined && updated !== undefined && updated !== null && String(rule.updated) === String(updated) ? rule : undefined;
  };
  const answers = await map(summaries.records, async (summary) => {
    const uuid = summary.uuid ?? summary.idUuid ?? '';
    const kept = unchanged(uuid, summary.updated);
    if (kept) return { kept };
    try {
      return { body: unwrapRule(await client.getJson(`/rule/${encodeURIComponent(uuid)}`)) };
    } catch (error) {
      // Deleted between the listing and the read: the rule no longer exists.
      if (isAppError(error) && error.code === 'NOT_FOUND') return {};
      throw error;
    }
  });
  const rules = parseRecords(
    answers.flatMap((a) => ('body' in a ? [a.body] : [])),
    automationRuleSchema,
    { system: 'automation', endpoint: '/rest/v1/rule/{uuid}' },
  );
  const read = new Map(rules.records.map((rule) => [rule.uuid, rule]));
  const records = answers.flatMap((a, i): AutomationRule[] => {
    if ('kept' in a && a.kept) return [a.kept];
    const summary = summaries.records[i];
    const rule = summary ? read.get(summary.uuid ?? summary.idUuid ?? '') : undefined;
    return rule ? [rule] : [];
  });
  const quarantined: QuarantinedRecord[] = [...summaries.quarantined, ...rules.quarantined];
  return { records, quarantined };
}

// ---------------------------------------------------------------------------------------------------------------
// Graph

export const automationRuleWorkloadId = (uuid: string) => nodeId('jira', 'workload', 'rule', uuid);

const PROJECT_ARI = /^ari:cloud:jira:[^:]*:project\/(\d+)$/;

/**
 * Project ids of a rule scope; [] = global. An ARI that is not a single project (site, project type, anything
 * unrecognised) reaches beyond a list of projects, so the rule is treated as global: over-stating reach is safer
 * than under-stating it.
 */
export function scopeProjectIds(aris: readonly string[]): string[] {
  const ids: string[] = [];
  for (const ari of aris) {
    const match = PROJECT_ARI.exec(ari.trim());
    if (!match?.[1]) return [];
    ids.push(match[1]);
  }
  return [...new Set(ids)].sort();
}

/** Every component of a rule, trigger included, at any depth (children[] and conditions[]). */
export function walkComponents(rule: AutomationRule): AutomationComponent[] {
  const all: AutomationComponent[] = [];
  const visit = (component: AutomationComponent) => {
    all.push(component);
    component.children.forEach(visit);
    component.conditions.forEach(visit);
  };
  if (rule.trigger) visit(rule.trigger);
  rule.components.forEach(visit);
  return all;
}

/** Whether a web request carries a credential, and how; undefined when the destination itself is unknown. */
export function describeWebRequestCredential(request: WebRequestSummary): { sendsCredential?: boolean; credentialMechanism?: string } {
  const mechanisms: string[] = [];
  if (request.credentialHeaders.length > 0) mechanisms.push(`header ${request.credentialHeaders.join(', ')}`);
  if (request.credentialQueryParams.length > 0) mechanisms.push(`query parameter ${request.credentialQueryParams.join(', ')}`);
  if (request.userInfo) mechanisms.push('user-info in the URL');
  if (request.secretInPath) mechanisms.push('secret in the webhook URL');
  if (request.usesSecrets) mechanisms.push('automation secret');
  if (mechanisms.length > 0) return { sendsCredential: true, credentialMechanism: mechanisms.join('; ') };
  // A templated URL may get a credential at run time: cannot tell.
  return request.url ? { sendsCredential: false } : {};
}

const isManualTrigger = (type: string | undefined) => type !== undefined && /manual/i.test(type);

export function automationRulesToGraph(rules: readonly AutomationRule[], _context: GraphContext): GraphFragment {
  const nodes: GraphNode[] = [];
  const owners = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const rule of rules) {
    const workloadId = automationRuleWorkloadId(rule.uuid);
    const projectIds = scopeProjectIds(rule.scopeARIs);
    nodes.push({
      id: workloadId,
      kind: 'workload',
      system: 'jira',
      name: rule.name,
      props: {
        subtype: 'jira_automation_rule',
        nativeId: rule.uuid,
        enabled: rule.state.toUpperCase() === 'ENABLED',
        executionMode: isManualTrigger(rule.trigger?.type) ? 'manual' : 'autonomous',
        ...(rule.trigger ? { trigger: rule.trigger.type } : {}),
        scopeProjectIds: projectIds,
      },
    });
    if (rule.actorAccountId) {
      edges.push({ kind: 'RUNS_AS', from: workloadId, to: nodeId('jira', 'identity', rule.actorAccountId), basis: 'observed', reason: 'rule actor' });
    }
    if (rule.authorAccountId) {
      const ownerId = ownerIdForAtlassianAccount(rule.authorAccountId);
      owners.set(ownerId, ownerNode(ownerId, `Atlassian account ${rule.authorAccountId}`, { atlassianAccountIds: [rule.authorAccountId] }));
      edges.push({ kind: 'CREATED_BY', from: workloadId, to: ownerId, basis: 'observed', reason: 'rule author' });
      edges.push({ kind: 'OWNED_BY', from: workloadId, to: ownerId, basis: 'observed', reason: 'rule author (no other owner is recorded)' });
    }
    for (const projectId of projectIds) {
      edges.push({ kind: 'TRIGGERS_ON', from: workloadId, to: nodeId('jira', 'resource', projectId), basis: 'observed', reason: 'rule scope' });
    }
    const connectionIds = new Set<string>();
    for (const component of walkComponents(rule)) {
      if (component.webRequest) {
        const request = component.webRequest;
        const id = nodeId('jira', 'connection', 'rule', rule.uuid, component.ref);
        if (connectionIds.has(id)) continue;
        connectionIds.add(id);
        nodes.push({
          id,
          kind: 'connection',
          system: 'jira',
          name: `${request.method ?? 'POST'} ${request.host ?? '(destination set at run time)'}`,
          props: {
            subtype: 'web_request',
            nativeId: `${rule.uuid}/${component.ref}`,
            ...(request.host ? { host: request.host } : {}),
            ...(request.url ? { url: request.url } : {}),
            ...(request.method ? { method: request.method } : {}),
            ...describeWebRequestCredential(request),
          },
        });
        edges.push({ kind: 'SENDS_TO', from: workloadId, to: id, basis: 'observed', reason: `web request action ${component.type}` });
        const credential = describeWebRequestCredential(request);
        if (credential.sendsCredential) {
          // The secret itself is not stored; the node lets correlate/ say whom it authenticates as (a vendor's app).
          const credentialId = nodeId('jira', 'credential', 'rule', rule.uuid, component.ref);
          nodes.push({
            id: credentialId,
            kind: 'credential',
            system: 'jira',
            name: `Credential of ${rule.name} to ${request.host ?? 'a run-time destination'}`,
            props: { subtype: requestCredentialSubtype({ userInfo: request.userInfo, credentialQueryParams: request.credentialQueryParams }), nativeId: `${rule.uuid}/${component.ref}` },
          });
          edges.push({ kind: 'USES', from: id, to: credentialId, basis: 'observed', reason: credential.credentialMechanism });
        }
      }
      for (const domain of component.emailDomains ?? []) {
        const id = nodeId('jira', 'connection', 'rule', rule.uuid, 'email', domain);
        if (connectionIds.has(id)) continue;
        connectionIds.add(id);
        nodes.push({ id, kind: 'connection', system: 'jira', name: `e-mail to ${domain}`, props: { subtype: 'email', nativeId: `${rule.uuid}/email/${domain}`, host: domain } });
        edges.push({ kind: 'SENDS_TO', from: workloadId, to: id, basis: 'observed', reason: `e-mail action ${component.type}` });
      }
    }
  }
  return { nodes: [...nodes, ...owners.values()], edges };
}
