/**
 * Entra service principals: the identities of apps (and managed identities) in the tenant.
 * Endpoint: GET /v1.0/servicePrincipals?$select=...&$top=999, following @odata.nextLink.
 * Permission: Application.Read.All (or Directory.Read.All).
 * https://learn.microsoft.com/graph/api/serviceprincipal-list
 * Quirks: a servicePrincipal has no createdDateTime (the application object does); appOwnerOrganizationId names
 * the tenant that registered the app (Microsoft's own apps: f8cdef31-… "Microsoft Services" and 72f988bf-…
 * Microsoft corp); managed identities also report a Microsoft tenant there although they belong to the customer's
 * Azure subscription, so they count as first_party; credentials on the SP itself (not its application) are a
 * persistence signal (onServicePrincipal).
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode, IdentityProps } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { authenticatingCredentials, credentialMetadataSchema, credentialNode } from './credentials';
import { GRAPH_MAX_PAGE_SIZE, readTrackedCollection } from './graph-client';
import { entraIdentityId, servicePrincipalCredentialId } from './node-ids';

export { GRAPH_MAX_PAGE_SIZE };

export const SERVICE_PRINCIPALS_PERMISSION = 'Application.Read.All';
const ENDPOINT = '/v1.0/servicePrincipals';

export const SERVICE_PRINCIPAL_FIELDS = [
  'id',
  'appId',
  'displayName',
  'appDisplayName',
  'servicePrincipalType',
  'appOwnerOrganizationId',
  'applicationTemplateId',
  'accountEnabled',
  'tags',
  'passwordCredentials',
  'keyCredentials',
  'replyUrls',
  'appRoles',
] as const;

export const appRoleSchema = z.looseObject({
  id: z.string(),
  value: z.string().nullish(),
  displayName: z.string().nullish(),
  allowedMemberTypes: z.array(z.string()).nullish(),
  isEnabled: z.boolean().nullish(),
});
export type AppRole = z.infer<typeof appRoleSchema>;

export const servicePrincipalSchema = z.looseObject({
  id: z.string().min(1),
  appId: z.string().min(1),
  displayName: z.string().nullish(),
  appDisplayName: z.string().nullish(),
  servicePrincipalType: z.string().nullish(),
  appOwnerOrganizationId: z.string().nullish(),
  applicationTemplateId: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  tags: z.array(z.string()).nullish(),
  passwordCredentials: z.array(credentialMetadataSchema).nullish(),
  keyCredentials: z.array(credentialMetadataSchema).nullish(),
  replyUrls: z.array(z.string()).nullish(),
  appRoles: z.array(appRoleSchema).nullish(),
});

export type ServicePrincipal = z.infer<typeof servicePrincipalSchema>;

/** With the last complete sync's records and deltaLink, only what changed since is read (delta query). */
export async function fetchServicePrincipals(client: Client, tenantId: string, previous: { items?: readonly unknown[]; cursor?: string } = {}): Promise<ParsedRecords<ServicePrincipal> & { cursor?: string }> {
  const read = await readTrackedCollection(client, tenantId, { path: '/servicePrincipals', select: SERVICE_PRINCIPAL_FIELDS, top: GRAPH_MAX_PAGE_SIZE }, SERVICE_PRINCIPALS_PERMISSION, { items: previous.items, cursor: previous.cursor });
  const items = read.items;
  return { ...parseRecords(items, servicePrincipalSchema, { system: 'entra', endpoint: ENDPOINT }), ...(read.cursor ? { cursor: read.cursor } : {}) };
}

/** Tenants that own Microsoft's first-party apps (widely used values; Microsoft does not document them as a contract). */
export const MICROSOFT_TENANT_IDS: ReadonlySet<string> = new Set(['f8cdef31-a31e-4b4a-93e4-5f571e91255a', '72f988bf-86f1-41af-91ab-2d7cd011db47']);

export function originOf(sp: Pick<ServicePrincipal, 'appOwnerOrganizationId' | 'servicePrincipalType'>, tenantId: string): IdentityProps['origin'] {
  if (sp.servicePrincipalType === 'ManagedIdentity') return 'first_party';
  const owner = sp.appOwnerOrganizationId?.toLowerCase();
  if (!owner) return 'unknown';
  if (owner === tenantId.toLowerCase()) return 'first_party';
  return MICROSOFT_TENANT_IDS.has(owner) ? 'microsoft' : 'third_party';
}

export const servicePrincipalName = (sp: Pick<ServicePrincipal, 'displayName' | 'appDisplayName' | 'appId'>): string => sp.displayName ?? sp.appDisplayName ?? sp.appId;

function replyUrlHosts(urls: readonly string[] | null | undefined): string[] | undefined {
  const hosts = new Set<string>();
  for (const url of urls ?? []) {
    try {
      const parsed = new URL(url);
      // Custom schemes (ms-app://, msal<id>://auth) and localhost name no publisher to correlate by.
      if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== 'localhost') hosts.add(parsed.hostname.toLowerCase());
    } catch {
      // not a URL: no host
    }
  }
  return hosts.size > 0 ? [...hosts].sort() : undefined;
}

/** The identity node of a service principal; `publisherDomain` comes from its application, when this tenant has it. */
export function servicePrincipalIdentity(sp: ServicePrincipal, tenantId: string, publisherDomain?: string | null): GraphNode<'identity'> {
  const hosts = replyUrlHosts(sp.replyUrls);
  return {
    id: entraIdentityId(tenantId, sp.id),
    kind: 'identity',
    system: 'entra',
    name: servicePrincipalName(sp),
    props: {
      subtype: sp.servicePrincipalType === 'ManagedIdentity' ? 'managed_identity' : 'service_principal',
      tenantId,
      nativeId: sp.id,
      appId: sp.appId,
      human: false,
      // Graph defaults accountEnabled to true; only an explicit false disables sign-in.
      enabled: sp.accountEnabled !== false,
      origin: originOf(sp, tenantId),
      ...(publisherDomain ? { publisherDomain: publisherDomain.toLowerCase() } : {}),
      ...(hosts ? { replyUrlHosts: hosts } : {}),
    },
  };
}

/** Service principals as identities, with the credentials they carry themselves. */
export function servicePrincipalsToGraph(servicePrincipals: readonly ServicePrincipal[], _context: GraphContext, tenantId: string): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const sp of servicePrincipals) {
    const identity = servicePrincipalIdentity(sp, tenantId);
    nodes.push(identity);
    for (const entry of authenticatingCredentials(sp)) {
      const id = servicePrincipalCredentialId(tenantId, sp.id, entry.credential.keyId);
      nodes.push(credentialNode(id, entry, { tenantId, nativeId: `sp/${sp.id}/${entry.credential.keyId}`, holderName: identity.name, onServicePrincipal: true }));
      edges.push({ kind: 'AUTHENTICATES_AS', from: id, to: identity.id, basis: 'observed', reason: 'credential of the service principal itself' });
    }
  }
  return { nodes, edges };
}
