/**
 * When each app last signed in: execution evidence behind dormancy.
 * Endpoint: GET /beta/reports/servicePrincipalSignInActivities?$top=999, following @odata.nextLink (beta only; not
 * in v1.0). Permission: AuditLog.Read.All; the tenant needs an Entra ID P1/P2 licence.
 * https://learn.microsoft.com/graph/api/reportroot-list-serviceprincipalsigninactivities?view=graph-rest-beta
 * Quirks: keyed by appId, not by service principal object id (id is base64 of the appId); an app that never signed
 * in has no row; lastSignInActivity is the latest of the four kinds (app-only and delegated, as client and as
 * resource); identity & access reports are throttled at 5 requests per 10 seconds per app and tenant.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { GRAPH_MAX_PAGE_SIZE, getCollection } from './graph-client';
import { entraIdentityId, signInEvidenceId } from './node-ids';
import type { ServicePrincipal } from './service-principals';

export const SIGN_IN_ACTIVITY_PERMISSION = 'AuditLog.Read.All';
const ENDPOINT = '/beta/reports/servicePrincipalSignInActivities';

const activitySchema = z.looseObject({ lastSignInDateTime: z.string().nullish() }).nullish();

export const servicePrincipalSignInActivitySchema = z.looseObject({
  id: z.string().nullish(),
  appId: z.string().min(1),
  lastSignInActivity: activitySchema,
  applicationAuthenticationClientSignInActivity: activitySchema,
  applicationAuthenticationResourceSignInActivity: activitySchema,
  delegatedClientSignInActivity: activitySchema,
  delegatedResourceSignInActivity: activitySchema,
});
export type ServicePrincipalSignInActivity = z.infer<typeof servicePrincipalSignInActivitySchema>;

export async function fetchServicePrincipalSignInActivities(client: Client, tenantId: string): Promise<ParsedRecords<ServicePrincipalSignInActivity>> {
  const items = await getCollection(client, tenantId, { path: '/reports/servicePrincipalSignInActivities', version: 'beta', top: GRAPH_MAX_PAGE_SIZE }, SIGN_IN_ACTIVITY_PERMISSION);
  return parseRecords(items, servicePrincipalSignInActivitySchema, { system: 'entra', endpoint: ENDPOINT });
}

/** lastSignInActivity, else the latest of the four kinds (a row can carry the kinds without the summary). */
export function lastSignInAt(activity: ServicePrincipalSignInActivity): string | undefined {
  if (activity.lastSignInActivity?.lastSignInDateTime) return activity.lastSignInActivity.lastSignInDateTime;
  const kinds = [
    activity.applicationAuthenticationClientSignInActivity,
    activity.applicationAuthenticationResourceSignInActivity,
    activity.delegatedClientSignInActivity,
    activity.delegatedResourceSignInActivity,
  ];
  const times = kinds.map((k) => k?.lastSignInDateTime).filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
  return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
}

/** The latest of some sign-in kinds of a row. */
function latest(...kinds: Array<{ lastSignInDateTime?: string | null } | null | undefined>): string | undefined {
  const times = kinds.map((k) => k?.lastSignInDateTime).filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
  return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
}

/**
 * evidence `entra:execution_evidence:T/<appId>/sign-in` EVIDENCES the service principal with that appId: its last
 * app-only sign-in as a client (authority application: what shows its application permissions and directory roles in
 * use), and `…/sign-in-delegated` its last sign-in on behalf of a user (authority delegated). A row that gives only
 * lastSignInActivity says nothing about which: one evidence node with no authority.
 * https://learn.microsoft.com/graph/api/resources/serviceprincipalsigninactivity?view=graph-rest-beta
 */
export function signInActivitiesToGraph(activities: readonly ServicePrincipalSignInActivity[], servicePrincipals: readonly ServicePrincipal[], _context: GraphContext, tenantId: string): GraphFragment {
  const spsByAppId = new Map<string, ServicePrincipal[]>();
  for (const sp of servicePrincipals) spsByAppId.set(sp.appId, [...(spsByAppId.get(sp.appId) ?? []), sp]);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const activity of activities) {
    const sps = spsByAppId.get(activity.appId) ?? [];
    if (sps.length === 0) continue;
    const split = [activity.applicationAuthenticationClientSignInActivity, activity.delegatedClientSignInActivity, activity.applicationAuthenticationResourceSignInActivity, activity.delegatedResourceSignInActivity].some((k) => k !== undefined && k !== null);
    const kinds: Array<{ id: string; lastAt: string | undefined; authority?: 'application' | 'delegated'; what: string }> = split
      ? [
          { id: signInEvidenceId(tenantId, activity.appId), lastAt: latest(activity.applicationAuthenticationClientSignInActivity), authority: 'application', what: 'app-only sign-in' },
          { id: `${signInEvidenceId(tenantId, activity.appId)}-delegated`, lastAt: latest(activity.delegatedClientSignInActivity), authority: 'delegated', what: 'sign-in on behalf of a user' },
        ]
      : [{ id: signInEvidenceId(tenantId, activity.appId), lastAt: lastSignInAt(activity), what: 'sign-in' }];
    for (const kind of kinds) {
      if (!kind.lastAt) continue;
      nodes.push({ id: kind.id, kind: 'execution_evidence', system: 'entra', name: `Last ${kind.what} of app ${activity.appId}`, props: { subtype: 'sign_in', lastAt: kind.lastAt, source: kind.authority ? `Entra service principal sign-in activity (${kind.what})` : 'Entra service principal sign-in activity', ...(kind.authority ? { authority: kind.authority } : {}) } });
      for (const sp of sps) edges.push({ kind: 'EVIDENCES', from: kind.id, to: entraIdentityId(tenantId, sp.id), basis: 'observed', reason: `${kind.what} ${kind.lastAt}` });
    }
  }
  return { nodes, edges };
}
