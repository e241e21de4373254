/**
 * Deliveries of a service hook subscription: when it last fired (execution evidence).
 * Endpoint: GET https://dev.azure.com/{org}/_apis/hooks/subscriptions/{subscriptionId}/notifications?api-version=7.1,
 * {count, value}. https://learn.microsoft.com/rest/api/azure/devops/hooks/notifications/list
 * Quirks: Azure DevOps keeps a short delivery history; an empty list means no delivery in that history. Each item's
 * details hold the request sent (headers, event payload with work item data): only ids, status, result and dates
 * are kept.
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import { adoHookEvidenceId, adoHookWorkloadId } from './node-ids';

export interface HookNotification {
  subscriptionId: string;
  id: string;
  status?: string;
  result?: string;
  createdDate: string;
  modifiedDate?: string;
}

const isoDate = z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'must be an ISO date-time');

export const hookNotificationSchema = z
  .looseObject({
    subscriptionId: z.string().min(1),
    id: z.union([z.number(), z.string()]),
    status: z.string().nullish(),
    result: z.string().nullish(),
    createdDate: isoDate,
    modifiedDate: z.string().nullish(),
  })
  .transform(
    (raw): HookNotification => ({
      subscriptionId: raw.subscriptionId,
      id: String(raw.id),
      ...(raw.status ? { status: raw.status } : {}),
      ...(raw.result ? { result: raw.result } : {}),
      createdDate: raw.createdDate,
      ...(raw.modifiedDate ? { modifiedDate: raw.modifiedDate } : {}),
    }),
  );

export async function fetchHookNotifications(client: AzureDevOpsClient, subscriptionIds: readonly string[], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<HookNotification>> {
  const records: HookNotification[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const answers = await map(subscriptionIds, (subscriptionId) => unlessNotFound(() => client.getAll(ADO_HOSTS.core, client.orgPath('_apis/hooks/subscriptions', subscriptionId, 'notifications'), { 'api-version': '7.1' })));
  for (const [i, subscriptionId] of subscriptionIds.entries()) {
    const items = answers[i];
    if (items === undefined) continue; // deleted since it was listed
    // The subscription id is the path's; an item may omit it.
    const tagged = items.map((item) => (typeof item === 'object' && item !== null ? { subscriptionId, ...item } : item));
    const parsed = parseRecords(tagged, hookNotificationSchema, { system: 'azuredevops', endpoint: '/{org}/_apis/hooks/subscriptions/{id}/notifications' });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

/** One evidence node per subscription that delivered: its latest delivery (any result: a failed delivery still fired). */
export function hookNotificationsToGraph(notifications: readonly HookNotification[], _context: GraphContext, organization: string): GraphFragment {
  const latest = new Map<string, { at: number; count: number; result?: string }>();
  for (const notification of notifications) {
    const at = Date.parse(notification.createdDate);
    const seen = latest.get(notification.subscriptionId);
    if (!seen || at > seen.at) latest.set(notification.subscriptionId, { at, count: (seen?.count ?? 0) + 1, ...(notification.result ? { result: notification.result } : {}) });
    else seen.count += 1;
  }
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const [subscriptionId, { at, count, result }] of latest) {
    const id = adoHookEvidenceId(organization, subscriptionId);
    nodes.push({
      id,
      kind: 'execution_evidence',
      system: 'azuredevops',
      name: `Deliveries of service hook ${subscriptionId}`,
      props: { subtype: 'hook_delivery', lastAt: new Date(at).toISOString(), count, source: 'Azure DevOps service hook notifications' },
    });
    edges.push({ kind: 'EVIDENCES', from: id, to: adoHookWorkloadId(organization, subscriptionId), basis: 'observed', reason: `last delivery ${result ?? ''}`.trim() });
  }
  return { nodes, edges };
}
