/**
 * Entra app registrations (application objects) of this tenant.
 * Endpoint: GET /v1.0/applications?$select=...&$top=999, following @odata.nextLink.
 * Permission: Application.Read.All (or Directory.Read.All).
 * https://learn.microsoft.com/graph/api/application-list
 * Quirks: only apps registered in this tenant are listed (a third-party multi-tenant app has a service principal
 * here but no application); the application's credentials authenticate as the service principal with the same appId
 * in this tenant; publisherDomain (the registering tenant's verified domain) exists only on the application.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { authenticatingCredentials, credentialMetadataSchema, credentialNode } from './credentials';
import { GRAPH_MAX_PAGE_SIZE, readTrackedCollection } from './graph-client';
import { applicationCredentialId } from './node-ids';
import { servicePrincipalIdentity, type ServicePrincipal } from './service-principals';

export const APPLICATIONS_PERMISSION = 'Application.Read.All';
const ENDPOINT = '/v1.0/applications';

export const APPLICATION_FIELDS = ['id', 'appId', 'displayName', 'publisherDomain', 'createdDateTime', 'passwordCredentials', 'keyCredentials'] as const;

export const applicationSchema = z.looseObject({
  id: z.string().min(1),
  appId: z.string().min(1),
  displayName: z.string().nullish(),
  publisherDomain: z.string().nullish(),
  createdDateTime: z.string().nullish(),
  passwordCredentials: z.array(credentialMetadataSchema).nullish(),
  keyCredentials: z.array(credentialMetadataSchema).nullish(),
});
export type Application = z.infer<typeof applicationSchema>;

/** With the last complete sync's records and deltaLink, only what changed since is read (delta query). */
export async function fetchApplications(client: Client, tenantId: string, previous: { items?: readonly unknown[]; cursor?: string } = {}): Promise<ParsedRecords<Application> & { cursor?: string }> {
  const read = await readTrackedCollection(client, tenantId, { path: '/applications', select: APPLICATION_FIELDS, top: GRAPH_MAX_PAGE_SIZE }, APPLICATIONS_PERMISSION, { items: previous.items, cursor: previous.cursor });
  const items = read.items;
  return { ...parseRecords(items, applicationSchema, { system: 'entra', endpoint: ENDPOINT }), ...(read.cursor ? { cursor: read.cursor } : {}) };
}

/**
 * Application credentials, each authenticating as the service principal with the same appId (an application with
 * no service principal here signs in nowhere in this tenant: skipped), and the application's publisherDomain on
 * that identity.
 */
export function applicationsToGraph(applications: readonly Application[], servicePrincipals: readonly ServicePrincipal[], _context: GraphContext, tenantId: string): GraphFragment {
  const spByAppId = new Map(servicePrincipals.map((sp) => [sp.appId, sp]));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const app of applications) {
    const sp = spByAppId.get(app.appId);
    if (!sp) continue;
    const identity = servicePrincipalIdentity(sp, tenantId, app.publisherDomain);
    nodes.push(identity);
    for (const entry of authenticatingCredentials(app)) {
      const id = applicationCredentialId(tenantId, app.id, entry.credential.keyId);
      nodes.push(credentialNode(id, entry, { tenantId, nativeId: `app/${app.id}/${entry.credential.keyId}`, holderName: identity.name, onServicePrincipal: false }));
      edges.push({ kind: 'AUTHENTICATES_AS', from: id, to: identity.id, basis: 'observed', reason: `credential of application ${app.displayName ?? app.id} (appId ${app.appId})` });
    }
  }
  return { nodes, edges };
}
