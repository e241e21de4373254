/**
 * Power Automate cloud flows, every flow of an environment (admin view).
 * Endpoint: GET https://api.flow.microsoft.com/providers/Microsoft.ProcessSimple/scopes/admin/environments/{env}/v2/flows
 * ?api-version=2016-11-01, {value, nextLink}. Token audience https://service.flow.microsoft.com.
 * https://learn.microsoft.com/power-platform/admin/list-flows
 * Quirks: the list carries definitionSummary (trigger and action types) but not the definition or the connection
 * references: those come from the flow itself (flow-details.ts), whose definition also names the trigger when the
 * summary does not (a summary may be absent or list no trigger). `state` is Started | Stopped | Suspended.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import type { FlowDetail, FlowTriggerSummary } from './flow-details';
import { ownerForPrincipal, type FlowOwner, type PrincipalNames } from './flow-owners';
import { flowWorkloadId } from './node-ids';
import { POWER_PLATFORM_HOSTS, segment, tagItems, type PowerPlatformClient } from './power-platform-client';

export const flowsPath = (environmentName: string) => `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${segment(environmentName)}/v2/flows`;

const triggerSummarySchema = z.looseObject({
  type: z.string(),
  kind: z.string().nullish(),
  swaggerOperationId: z.string().nullish(),
  api: z.looseObject({ name: z.string().nullish() }).nullish(),
});

export const flowSchema = z.looseObject({
  environmentName: z.string(),
  name: z.string().min(1),
  properties: z.looseObject({
    displayName: z.string().nullish(),
    state: z.string().nullish(),
    createdTime: z.string().nullish(),
    lastModifiedTime: z.string().nullish(),
    creator: z.looseObject({ objectId: z.string().nullish(), userId: z.string().nullish(), tenantId: z.string().nullish() }).nullish(),
    definitionSummary: z.looseObject({ triggers: z.array(triggerSummarySchema).nullish() }).nullish(),
  }),
});
export type Flow = z.infer<typeof flowSchema>;

export async function fetchFlows(client: PowerPlatformClient, environmentNames: readonly string[]): Promise<ParsedRecords<Flow>> {
  const records: Flow[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const environmentName of environmentNames) {
    const items = await client.getAllPages(POWER_PLATFORM_HOSTS.flow, flowsPath(environmentName));
    const parsed = parseRecords(tagItems(items, { environmentName }), flowSchema, { system: 'powerautomate', endpoint: '/scopes/admin/environments/{env}/v2/flows' });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

/**
 * Button, Power Apps and other manual triggers run only when a person starts them. A Request trigger of kind Http
 * ("When an HTTP request is received") is not manual: anyone holding its URL starts it.
 */
const MANUAL_TRIGGER_KIND = /button|powerapp|manual/i;

function describeTrigger(trigger: z.infer<typeof triggerSummarySchema> | undefined): string | undefined {
  if (!trigger) return undefined;
  const operation = [trigger.api?.name, trigger.swaggerOperationId].filter(Boolean).join(' ');
  return operation ? `${trigger.type} (${operation})` : trigger.type;
}

function describeDefinitionTrigger(trigger: FlowTriggerSummary): string {
  const operation = [trigger.connector, trigger.operationId].filter(Boolean).join(' ');
  return operation ? `${trigger.type} (${operation})` : trigger.type;
}

/** The trigger as the flow's definition states it, else as the list summary does; undefined when neither says. */
function triggerOf(flow: Flow, detail: FlowDetail | undefined): { trigger: string; kind?: string } | undefined {
  const defined = detail?.triggers[0];
  if (defined) return { trigger: describeDefinitionTrigger(defined), ...(defined.kind ? { kind: defined.kind } : {}) };
  const summary = flow.properties.definitionSummary?.triggers?.[0] ?? undefined;
  const described = describeTrigger(summary);
  return described ? { trigger: described, ...(summary?.kind ? { kind: summary.kind } : {}) } : undefined;
}

/**
 * Flows as workloads. `owners` (flow-owners.ts) gives the creator an e-mail and counts who else shares the flow;
 * without it, sharedWith stays unknown. `details` (flow-details.ts) gives the trigger from the definition.
 */
export function flowsToGraph(
  flows: readonly Flow[],
  owners: readonly FlowOwner[] | undefined,
  _context: GraphContext,
  defaultTenantId?: string,
  details: readonly FlowDetail[] = [],
  names: PrincipalNames = {},
): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const detailOf = new Map(details.map((d) => [`${d.environmentName}/${d.name}`, d]));
  for (const flow of flows) {
    const id = flowWorkloadId(flow.environmentName, flow.name);
    const trigger = triggerOf(flow, detailOf.get(`${flow.environmentName}/${flow.name}`));
    const creatorId = flow.properties.creator?.objectId ?? flow.properties.creator?.userId ?? undefined;
    const flowOwners = owners?.filter((o) => o.environmentName === flow.environmentName && o.flowName === flow.name);
    // Everyone the flow is shared with besides its creator: co-owners (people, groups, apps) and run-only users.
    const sharedWith = flowOwners === undefined ? undefined : new Set(flowOwners.map((o) => o.properties.principal.id).filter((p) => p !== creatorId)).size;
    nodes.push({
      id,
      kind: 'workload',
      system: 'powerautomate',
      name: flow.properties.displayName ?? flow.name,
      props: {
        subtype: 'power_automate_flow',
        nativeId: `${flow.environmentName}/${flow.name}`,
        enabled: flow.properties.state === 'Started',
        executionMode: trigger?.kind && MANUAL_TRIGGER_KIND.test(trigger.kind) ? 'manual' : 'autonomous',
        ...(trigger ? { trigger: trigger.trigger } : {}),
        ...(sharedWith === undefined ? {} : { sharedWith }),
      },
    });
    if (creatorId) {
      // The owners list may know the creator's e-mail; the flow itself only their object id.
      const listed = flowOwners?.find((o) => o.properties.principal.id === creatorId);
      const tenantId = flow.properties.creator?.tenantId ?? defaultTenantId;
      const owner = listed ? ownerForPrincipal(listed.properties.principal, defaultTenantId, names) : tenantId ? ownerForPrincipal({ id: creatorId, type: 'User', tenantId }, tenantId, names) : undefined;
      if (owner) {
        nodes.push(owner);
        edges.push({ kind: 'CREATED_BY', from: id, to: owner.id, basis: 'observed', reason: 'flow creator' });
      }
    }
  }
  return { nodes: dedupe(nodes), edges };
}

function dedupe(nodes: GraphNode[]): GraphNode[] {
  return [...new Map(nodes.map((n) => [n.id, n])).values()];
}
