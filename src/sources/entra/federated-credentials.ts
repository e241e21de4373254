/**
 * Federated identity credentials (workload identity federation): an external token issuer (GitHub Actions, Azure
 * DevOps, another Entra tenant, any OIDC provider) whose tokens for one subject Entra accepts in place of a secret.
 * Endpoint: GET /v1.0/applications/{id}/federatedIdentityCredentials, per application through POST /v1.0/$batch in
 * chunks of 20, for the applications an advanced query names as holding any (applicationsWithFederatedCredentials).
 * Permission: Application.Read.All.
 * https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials
 * Quirks: a federated credential has no end date (the trust lasts until it is deleted) and no secret: its expiry is
 * left unknown, so no hygiene check calls it "never expiring"; the subject format is the issuer's own
 * (`repo:<org>/<repo>:environment:<env>` for GitHub, `sc://<org>/<project>/<connection>` for Azure DevOps).
 * Node ids: credential `entra:credential:T/app/<appObjectId>/fic/<id>`.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { Application } from './applications';
import { GRAPH_MAX_PAGE_SIZE, batchGetCollections, getAllPages, toSourceError, type BatchOptions } from './graph-client';
import { entraIdentityId } from './node-ids';
import { servicePrincipalName, type ServicePrincipal } from './service-principals';

export const FEDERATED_CREDENTIALS_PERMISSION = 'Application.Read.All';
const ENDPOINT = '/v1.0/applications/{id}/federatedIdentityCredentials';

export const federatedCredentialSchema = z.looseObject({
  id: z.string().min(1),
  /** The application's object id, added here: the answer does not carry it. */
  applicationId: z.string().min(1),
  name: z.string().nullish(),
  issuer: z.string().min(1),
  subject: z.string().nullish(),
  audiences: z.array(z.string()).nullish(),
  description: z.string().nullish(),
});
export type FederatedCredential = z.infer<typeof federatedCredentialSchema>;

const WITH_CREDENTIALS_ENDPOINT = '/v1.0/applications?$filter=federatedIdentityCredentials/$count ne 0';

/**
 * The ids of the applications holding at least one federated credential, in one listing instead of a request per
 * application: `federatedIdentityCredentials` supports `$filter` on `/$count ne 0` (application resource, v1.0), an
 * advanced query that needs `ConsistencyLevel: eventual` and `$count=true`
 * (https://learn.microsoft.com/graph/aad-advanced-queries). Undefined when Graph refuses the query (400, e.g. a
 * cloud without advanced queries): the caller then asks every application. Being eventually consistent, a credential
 * added moments ago may be missed, and is read by the next sync.
 */
export async function applicationsWithFederatedCredentials(client: Client, tenantId: string): Promise<Set<string> | undefined> {
  const headers = { ConsistencyLevel: 'eventual' };
  try {
    const first: unknown = await client
      .api('/applications')
      .version('v1.0')
      .headers(headers)
      .filter('federatedIdentityCredentials/$count ne 0')
      .count(true)
      .select(['id'])
      .top(GRAPH_MAX_PAGE_SIZE)
      .get();
    const items = await getAllPages(client, first, WITH_CREDENTIALS_ENDPOINT, headers);
    return new Set(items.flatMap((item) => (typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string' ? [item.id] : [])));
  } catch (error) {
    const classified = toSourceError(error, tenantId, WITH_CREDENTIALS_ENDPOINT, FEDERATED_CREDENTIALS_PERMISSION);
    if (classified.context.status === 400) return undefined;
    throw classified;
  }
}

export async function fetchFederatedCredentials(client: Client, tenantId: string, applicationIds: readonly string[], options: BatchOptions = {}): Promise<ParsedRecords<FederatedCredential>> {
  const pages = await batchGetCollections(
    client,
    applicationIds.map((id) => ({ key: id, url: `/applications/${encodeURIComponent(id)}/federatedIdentityCredentials` })),
    { endpoint: ENDPOINT, tenantId, permission: FEDERATED_CREDENTIALS_PERMISSION },
    options,
  );
  const withApplication = [...pages.entries()].flatMap(([applicationId, items]) => items.map((item) => (typeof item === 'object' && item !== null ? { ...item, applicationId } : item)));
  return parseRecords(withApplication, federatedCredentialSchema, { system: 'entra', endpoint: ENDPOINT });
}

export type FederationIssuer = 'github_actions' | 'azure_devops' | 'entra' | 'other';

/**
 * Who issues the tokens, by the issuer URL Microsoft documents for each:
 * GitHub Actions `https://token.actions.githubusercontent.com` (an enterprise may use `.../<enterprise>`),
 * Azure DevOps `https://vstoken.dev.azure.com/<organizationId>` (and the older `https://app.vstoken.visualstudio.com`),
 * Entra `https://login.microsoftonline.com/<tenantId>/v2.0` (a managed identity or an app of another tenant).
 * https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust
 */
export function federationIssuer(issuer: string): FederationIssuer {
  let host: string;
  try {
    host = new URL(issuer).hostname.toLowerCase();
  } catch {
    return 'other';
  }
  if (host === 'token.actions.githubusercontent.com') return 'github_actions';
  if (host === 'vstoken.dev.azure.com' || host === 'app.vstoken.visualstudio.com') return 'azure_devops';
  if (host === 'login.microsoftonline.com' || host === 'sts.windows.net') return 'entra';
  return 'other';
}

const ISSUER_LABEL: Record<FederationIssuer, string> = { github_actions: 'GitHub Actions', azure_devops: 'Azure DevOps', entra: 'Entra', other: 'OIDC issuer' };

export const federatedCredentialId = (tenantId: string, applicationId: string, credentialId: string) => nodeId('entra', 'credential', tenantId, 'app', applicationId, 'fic', credentialId);

/** Each federated credential AUTHENTICATES_AS the application's service principal in this tenant. */
export function federatedCredentialsToGraph(records: readonly FederatedCredential[], applications: readonly Application[], servicePrincipals: readonly ServicePrincipal[], tenantId: string): GraphFragment {
  const appById = new Map(applications.map((a) => [a.id, a]));
  const spByAppId = new Map(servicePrincipals.map((sp) => [sp.appId, sp]));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const record of records) {
    const app = appById.get(record.applicationId);
    const sp = app ? spByAppId.get(app.appId) : undefined;
    if (!app || !sp) continue; // an app without a service principal here signs in nowhere in this tenant
    const id = federatedCredentialId(tenantId, app.id, record.id);
    const issuer = federationIssuer(record.issuer);
    const subject = record.subject ?? '';
    nodes.push({
      id,
      kind: 'credential',
      system: 'entra',
      name: `${ISSUER_LABEL[issuer]} federation "${record.name ?? record.id}" of ${servicePrincipalName(sp)}`,
      props: { subtype: 'federated_identity_credential', nativeId: `app/${app.id}/fic/${record.id}`, tenantId, federatedIssuer: record.issuer, ...(subject ? { federatedSubject: subject } : {}) },
    });
    edges.push({
      kind: 'AUTHENTICATES_AS',
      from: id,
      to: entraIdentityId(tenantId, sp.id),
      basis: 'observed',
      reason: `federated credential of application ${app.displayName ?? app.id}: tokens of ${record.issuer}${subject ? ` for ${subject}` : ''}`,
    });
  }
  return { nodes, edges };
}
