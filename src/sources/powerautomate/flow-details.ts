/**
 * One flow with its definition and connection references.
 * Endpoint: GET https://api.flow.microsoft.com/providers/Microsoft.ProcessSimple/scopes/admin/environments/{env}/flows/{flow}
 * ?api-version=2016-11-01 (Get-AdminFlow -FlowName). Token audience https://service.flow.microsoft.com.
 * Quirks:
 * - properties.definition is a Logic Apps workflow definition: actions nest inside Scope / If / Foreach / Until
 *   (`actions`), If's `else.actions` and Switch's `cases.*.actions` / `default.actions`.
 * - HTTP actions (type Http, and HttpWebhook's subscribe call) hold literal secrets: header values, query values
 *   (SAS `sig=`), `authentication` blocks with passwords and client secrets. Only the destination's scheme, host and
 *   path, the method, the authentication *type* and the names of credential-bearing headers and parameters are kept.
 * - properties.connectionReferences maps a key (shared_jira, shared_office365_1) to {connectionName, id: apiId};
 *   connectionName is the connection the flow uses (connections.ts). A solution-aware flow may name a Dataverse
 *   connection reference (connectionReferenceLogicalName) instead, which this API does not resolve: kept by name.
 * - Connector actions (OpenApiConnection, ApiConnection) send data out through e-mail recipients and third-party
 *   services: flow-egress.ts reads them.
 * - Triggers: definition.triggers names the trigger (type, kind, and for a connector trigger its apiId and
 *   operationId), the source of truth when the list's definitionSummary is missing or says less.
 * https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-triggers#http-action
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { isCredentialHeaderName, isCredentialQueryParam, looksLikeCredentialValue, requestCredentialSubtype, toRequestTarget } from '../automation/request-target';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import type { FlowRef } from './flow-owners';
import { connectorOfApiId, egressOf, isConnectorActionType, summarizeConnectorAction, type ConnectorActionSummary } from './flow-egress';
import { connectionNodeId, flowConnectorEgressId, flowEmailEgressId, flowWorkloadId, httpActionConnectionId, httpActionCredentialId } from './node-ids';
import { POWER_PLATFORM_HOSTS, segment, tagItems, type PowerPlatformClient } from './power-platform-client';

export const flowPath = (environmentName: string, flowName: string) =>
  `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${segment(environmentName)}/flows/${segment(flowName)}`;

export interface HttpActionSummary {
  name: string;
  type: string;
  method?: string;
  /** Scheme, host and path only. */
  url?: string;
  host?: string;
  /** inputs.authentication.type (Basic, ClientCertificate, ActiveDirectoryOAuth, Raw, ManagedServiceIdentity), or "expression". */
  authenticationType?: string;
  credentialHeaders: string[];
  credentialQueryParams: string[];
  userInfo: boolean;
  secretInPath?: boolean;
}

export interface FlowConnectionReference {
  key: string;
  connectionName?: string;
  apiId?: string;
  /** A solution-aware flow's Dataverse connection reference, when it names no connection itself. */
  logicalName?: string;
}

export interface FlowTriggerSummary {
  name: string;
  type: string;
  kind?: string;
  /** A connector trigger's connector (shared_jira) and operation (OnNewIssue_V2). */
  connector?: string;
  operationId?: string;
}

export interface FlowDetail {
  environmentName: string;
  name: string;
  displayName?: string;
  state?: string;
  triggers: FlowTriggerSummary[];
  httpActions: HttpActionSummary[];
  /** Absent on records stored before connector actions were read (a last known state kept from then). */
  connectorActions?: ConnectorActionSummary[];
  connectionReferences: FlowConnectionReference[];
}

const rawFlowSchema = z.looseObject({
  environmentName: z.string(),
  name: z.string().min(1),
  properties: z.looseObject({
    displayName: z.string().nullish(),
    state: z.string().nullish(),
    definition: z.looseObject({ triggers: z.record(z.string(), z.unknown()).nullish(), actions: z.record(z.string(), z.unknown()).nullish() }).nullish(),
    connectionReferences: z
      .record(
        z.string(),
        z.looseObject({ connectionName: z.string().nullish(), id: z.string().nullish(), apiId: z.string().nullish(), connectionReferenceLogicalName: z.string().nullish() }),
      )
      .nullish(),
  }),
});

export const flowDetailSchema = rawFlowSchema.transform((raw): FlowDetail => {
  const connectionReferences = Object.entries(raw.properties.connectionReferences ?? {}).map(([key, ref]): FlowConnectionReference => {
    const apiId = ref.id ?? ref.apiId;
    return {
      key,
      ...(ref.connectionName ? { connectionName: ref.connectionName } : {}),
      ...(apiId ? { apiId } : {}),
      ...(ref.connectionReferenceLogicalName ? { logicalName: ref.connectionReferenceLogicalName } : {}),
    };
  });
  const actions = raw.properties.definition?.actions;
  return {
    environmentName: raw.environmentName,
    name: raw.name,
    ...(raw.properties.displayName ? { displayName: raw.properties.displayName } : {}),
    ...(raw.properties.state ? { state: raw.properties.state } : {}),
    triggers: Object.entries(raw.properties.definition?.triggers ?? {}).flatMap(([name, trigger]) => (isRecord(trigger) ? triggerSummary(name, trigger, connectionReferences) : [])),
    httpActions: collectHttpActions(actions),
    connectorActions: collectConnectorActions(actions, connectionReferences),
    connectionReferences,
  };
});

function triggerSummary(name: string, trigger: Record<string, unknown>, references: readonly FlowConnectionReference[]): FlowTriggerSummary[] {
  if (typeof trigger.type !== 'string') return [];
  const inputs = isRecord(trigger.inputs) ? trigger.inputs : {};
  const connector = isConnectorActionType(trigger.type) ? summarizeConnectorAction(name, trigger.type, inputs, references) : undefined;
  return [
    {
      name,
      type: trigger.type,
      ...(typeof trigger.kind === 'string' ? { kind: trigger.kind } : {}),
      ...(connector?.connector ? { connector: connector.connector } : {}),
      ...(connector?.operationId ? { operationId: connector.operationId } : {}),
    },
  ];
}

export async function fetchFlowDetails(client: PowerPlatformClient, flows: readonly FlowRef[], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<FlowDetail>> {
  const answers = await map(flows, (flow) => unlessNotFound(() => client.getJson(POWER_PLATFORM_HOSTS.flow, flowPath(flow.environmentName, flow.name))));
  const items = flows.flatMap((flow, i) => (answers[i] === undefined ? [] : tagItems([answers[i]], { environmentName: flow.environmentName }))); // undefined: deleted since it was listed
  return parseRecords(items, flowDetailSchema, { system: 'powerautomate', endpoint: '/scopes/admin/environments/{env}/flows/{flow}' });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every action at any depth of a workflow definition. */
function walkActions(actions: unknown, visit: (name: string, action: Record<string, unknown>) => void): void {
  if (!isRecord(actions)) return;
  for (const [name, action] of Object.entries(actions)) {
    if (!isRecord(action)) continue;
    visit(name, action);
    walkActions(action.actions, visit);
    if (isRecord(action.else)) walkActions(action.else.actions, visit);
    if (isRecord(action.default)) walkActions(action.default.actions, visit);
    if (isRecord(action.cases)) for (const branch of Object.values(action.cases)) if (isRecord(branch)) walkActions(branch.actions, visit);
  }
}

/** Connector actions at any depth (inside Foreach, Scope, If, Switch, Until). */
function collectConnectorActions(actions: unknown, references: readonly FlowConnectionReference[]): ConnectorActionSummary[] {
  const found: ConnectorActionSummary[] = [];
  walkActions(actions, (name, action) => {
    const type = typeof action.type === 'string' ? action.type : '';
    if (isConnectorActionType(type)) found.push(summarizeConnectorAction(name, type, isRecord(action.inputs) ? action.inputs : {}, references));
  });
  return found;
}

function collectHttpActions(actions: unknown): HttpActionSummary[] {
  const found: HttpActionSummary[] = [];
  walkActions(actions, (name, action) => {
    const type = typeof action.type === 'string' ? action.type : '';
    const inputs = isRecord(action.inputs) ? action.inputs : {};
    if (/^http$/i.test(type)) found.push(summarizeHttpCall(name, type, inputs));
    else if (/^httpwebhook$/i.test(type) && isRecord(inputs.subscribe)) found.push(summarizeHttpCall(name, type, inputs.subscribe));
  });
  return found;
}

function summarizeHttpCall(name: string, type: string, inputs: Record<string, unknown>): HttpActionSummary {
  const target = typeof inputs.uri === 'string' ? toRequestTarget(inputs.uri) : undefined;
  const headers = isRecord(inputs.headers) ? inputs.headers : {};
  const credentialHeaders = Object.entries(headers)
    .filter(([header, value]) => isCredentialHeaderName(header) || (typeof value === 'string' && looksLikeCredentialValue(value)))
    .map(([header]) => header);
  const queries = isRecord(inputs.queries) ? Object.keys(inputs.queries).filter(isCredentialQueryParam) : [];
  const authentication = inputs.authentication;
  const authenticationType = isRecord(authentication) ? (typeof authentication.type === 'string' ? authentication.type : 'unspecified') : typeof authentication === 'string' ? 'expression' : undefined;
  return {
    name,
    type,
    ...(typeof inputs.method === 'string' ? { method: inputs.method.toUpperCase() } : {}),
    ...(target?.url ? { url: target.url } : {}),
    ...(target?.host ? { host: target.host } : {}),
    ...(authenticationType ? { authenticationType } : {}),
    credentialHeaders: [...new Set(credentialHeaders)].sort(),
    credentialQueryParams: [...new Set([...(target?.credentialQueryParams ?? []), ...queries])].sort(),
    userInfo: target?.userInfo ?? false,
    ...(target?.secretInPath ? { secretInPath: true } : {}),
  };
}

function describeHttpCredential(action: HttpActionSummary): { sendsCredential?: boolean; credentialMechanism?: string } {
  const mechanisms: string[] = [];
  if (action.authenticationType) mechanisms.push(`authentication ${action.authenticationType}`);
  if (action.credentialHeaders.length > 0) mechanisms.push(`header ${action.credentialHeaders.join(', ')}`);
  if (action.credentialQueryParams.length > 0) mechanisms.push(`query parameter ${action.credentialQueryParams.join(', ')}`);
  if (action.userInfo) mechanisms.push('user-info in the URL');
  if (action.secretInPath) mechanisms.push('secret in the webhook URL');
  if (mechanisms.length > 0) return { sendsCredential: true, credentialMechanism: mechanisms.join('; ') };
  return action.url ? { sendsCredential: false } : {};
}

/** The connection an action runs on, through its connection reference, for the evidence text. */
function connectionOf(action: ConnectorActionSummary, flow: FlowDetail): string | undefined {
  const reference = flow.connectionReferences.find((r) => r.key === action.referenceKey);
  return reference?.connectionName ?? reference?.logicalName;
}

/**
 * Egress through connector actions: one `email` connection per recipient domain of the flow (a domain reached by two
 * actions is one destination), one for recipients set at run time, and one `connector` connection per third-party
 * connector (host = the service's domain or the named instance; none when unknown).
 */
function connectorEgressToGraph(flow: FlowDetail, workloadId: string, nodes: GraphNode[], edges: GraphEdge[]): void {
  const byDestination = new Map<string, { node: GraphNode; actions: string[] }>();
  const add = (node: GraphNode, action: ConnectorActionSummary) => {
    const seen = byDestination.get(node.id);
    const label = `${action.connector ?? 'connector'} ${action.operationId ?? action.type} action ${action.name}${connectionOf(action, flow) ? ` on connection ${connectionOf(action, flow) ?? ''}` : ''}`;
    if (seen) seen.actions.push(label);
    else byDestination.set(node.id, { node, actions: [label] });
  };
  for (const action of flow.connectorActions ?? []) {
    const egress = egressOf(action);
    if (!egress) continue;
    const connectorId = action.connector;
    if (egress.kind === 'email') {
      for (const domain of egress.domains) {
        const id = flowEmailEgressId(flow.environmentName, flow.name, domain);
        add({ id, kind: 'connection', system: 'powerautomate', name: `e-mail to ${domain}`, props: { subtype: 'email', nativeId: `${flow.environmentName}/${flow.name}/email/${domain}`, host: domain, ...(connectorId ? { connectorId } : {}) } }, action);
      }
      if (egress.runtimeRecipients) {
        // Recipients from an expression: the destination is real but cannot be classified, so it has no host.
        const id = flowEmailEgressId(flow.environmentName, flow.name, 'run-time');
        add({ id, kind: 'connection', system: 'powerautomate', name: 'e-mail to recipients set at run time', props: { subtype: 'email', nativeId: `${flow.environmentName}/${flow.name}/email/run-time`, ...(connectorId ? { connectorId } : {}) } }, action);
      }
      continue;
    }
    const id = flowConnectorEgressId(flow.environmentName, flow.name, egress.connector, egress.host);
    add(
      {
        id,
        kind: 'connection',
        system: 'powerautomate',
        name: `${egress.connector} to ${egress.host ?? '(destination not known)'}`,
        props: { subtype: 'connector', nativeId: `${flow.environmentName}/${flow.name}/connector/${egress.connector}${egress.host ? `/${egress.host}` : ''}`, connectorId: egress.connector, ...(egress.host ? { host: egress.host } : {}) },
      },
      action,
    );
  }
  for (const { node, actions } of byDestination.values()) {
    nodes.push(node);
    edges.push({ kind: 'SENDS_TO', from: workloadId, to: node.id, basis: 'observed', reason: actions.join('; ') });
  }
}

/** What each flow calls: the connections it references (INVOKES), its HTTP and connector destinations (SENDS_TO). */
export function flowDetailsToGraph(details: readonly FlowDetail[], _context: GraphContext): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const flow of details) {
    const workloadId = flowWorkloadId(flow.environmentName, flow.name);
    for (const reference of flow.connectionReferences) {
      if (!reference.connectionName) continue; // a Dataverse connection reference this API does not resolve
      const connector = connectorOfApiId(reference.apiId);
      edges.push({ kind: 'INVOKES', from: workloadId, to: connectionNodeId(flow.environmentName, reference.connectionName), basis: 'observed', reason: `connection reference ${reference.key}${connector && connector !== reference.key ? ` (${connector})` : ''}` });
    }
    connectorEgressToGraph(flow, workloadId, nodes, edges);
    for (const action of flow.httpActions) {
      const id = httpActionConnectionId(flow.environmentName, flow.name, action.name);
      nodes.push({
        id,
        kind: 'connection',
        system: 'powerautomate',
        name: `${action.method ?? 'GET'} ${action.host ?? '(destination set at run time)'}`,
        props: {
          subtype: 'web_request',
          nativeId: `${flow.environmentName}/${flow.name}/${action.name}`,
          ...(action.host ? { host: action.host } : {}),
          ...(action.url ? { url: action.url } : {}),
          ...(action.method ? { method: action.method } : {}),
          ...describeHttpCredential(action),
        },
      });
      edges.push({ kind: 'SENDS_TO', from: workloadId, to: id, basis: 'observed', reason: `${action.type} action ${action.name}` });
      const credential = describeHttpCredential(action);
      if (credential.sendsCredential) {
        const credentialId = httpActionCredentialId(flow.environmentName, flow.name, action.name);
        nodes.push({
          id: credentialId,
          kind: 'credential',
          system: 'powerautomate',
          name: `Credential of ${flow.displayName ?? flow.name} to ${action.host ?? 'a run-time destination'}`,
          props: {
            subtype: requestCredentialSubtype({ userInfo: action.userInfo, credentialQueryParams: action.credentialQueryParams, ...(action.authenticationType ? { authenticationType: action.authenticationType } : {}) }),
            nativeId: `${flow.environmentName}/${flow.name}/${action.name}`,
          },
        });
        edges.push({ kind: 'USES', from: id, to: credentialId, basis: 'observed', reason: credential.credentialMechanism });
      }
    }
  }
  return { nodes, edges };
}
