/**
 * When each app credential (secret, certificate) was last used to sign in: credential-level execution evidence.
 * Endpoint: GET /beta/reports/appCredentialSignInActivities?$top=999 (beta only). Permission: AuditLog.Read.All; the
 * tenant needs an Entra ID P1/P2 licence, like the service principal report.
 * https://learn.microsoft.com/graph/api/reportroot-list-appcredentialsigninactivities?view=graph-rest-beta
 * Quirks: one row per credential that signed in (keyId, with credentialOrigin "application" or "servicePrincipal");
 * a credential that never signed in has no row; the row does not say whether the sign-in was app-only or on a user's
 * behalf (a confidential client presents its secret in both), so its authority is left unstated.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import { GRAPH_MAX_PAGE_SIZE, getCollection } from './graph-client';
import { applicationCredentialId, entraIdentityId, servicePrincipalCredentialId } from './node-ids';
import type { ServicePrincipal } from './service-principals';
import { SIGN_IN_ACTIVITY_PERMISSION } from './sign-in-activities';

const ENDPOINT = '/beta/reports/appCredentialSignInActivities';

export const credentialSignInSchema = z.looseObject({
  id: z.string().nullish(),
  appId: z.string().min(1),
  appObjectId: z.string().nullish(),
  servicePrincipalObjectId: z.string().nullish(),
  keyId: z.string().min(1),
  keyType: z.string().nullish(),
  credentialOrigin: z.string().nullish(),
  signInActivity: z.looseObject({ lastSignInDateTime: z.string().nullish() }).nullish(),
});
export type CredentialSignIn = z.infer<typeof credentialSignInSchema>;

export async function fetchCredentialSignIns(client: Client, tenantId: string): Promise<ParsedRecords<CredentialSignIn>> {
  const items = await getCollection(client, tenantId, { path: '/reports/appCredentialSignInActivities', version: 'beta', top: GRAPH_MAX_PAGE_SIZE }, SIGN_IN_ACTIVITY_PERMISSION);
  return parseRecords(items, credentialSignInSchema, { system: 'entra', endpoint: ENDPOINT });
}

/**
 * evidence `entra:execution_evidence:T/credential/<keyId>` EVIDENCES the credential that signed in and the service
 * principal it signs in as (the row's servicePrincipalObjectId, else the service principals of its appId).
 */
export function credentialSignInsToGraph(rows: readonly CredentialSignIn[], servicePrincipals: readonly ServicePrincipal[], tenantId: string, knownCredentialIds: ReadonlySet<string>): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const row of rows) {
    const lastAt = row.signInActivity?.lastSignInDateTime;
    if (!lastAt || Number.isNaN(Date.parse(lastAt))) continue;
    const holders = row.servicePrincipalObjectId ? servicePrincipals.filter((sp) => sp.id === row.servicePrincipalObjectId) : servicePrincipals.filter((sp) => sp.appId === row.appId);
    if (holders.length === 0) continue;
    const id = nodeId('entra', 'execution_evidence', tenantId, 'credential', row.keyId);
    nodes.push({ id, kind: 'execution_evidence', system: 'entra', name: `Last sign-in with credential ${row.keyId} of app ${row.appId}`, props: { subtype: 'sign_in', lastAt, source: 'Entra credential sign-in activity' } });
    const credentialId = row.credentialOrigin?.toLowerCase() === 'serviceprincipal'
      ? servicePrincipalCredentialId(tenantId, holders[0]?.id ?? '', row.keyId)
      : row.appObjectId ? applicationCredentialId(tenantId, row.appObjectId, row.keyId) : undefined;
    // A credential deleted since it signed in is no longer in the graph: the service principal keeps the evidence.
    if (credentialId && knownCredentialIds.has(credentialId)) edges.push({ kind: 'EVIDENCES', from: id, to: credentialId, basis: 'observed', reason: `credential sign-in ${lastAt}` });
    for (const sp of holders) edges.push({ kind: 'EVIDENCES', from: id, to: entraIdentityId(tenantId, sp.id), basis: 'observed', reason: `sign-in with credential ${row.keyId} ${lastAt}` });
  }
  return { nodes, edges };
}
