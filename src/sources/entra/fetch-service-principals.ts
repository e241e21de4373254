/**
 * Entra service principals.
 * Endpoint: GET /v1.0/servicePrincipals?$select=...&$top=999, following @odata.nextLink.
 * https://learn.microsoft.com/graph/api/serviceprincipal-list (Application.Read.All). Max page size is 999.
 * Quirk: servicePrincipal has no createdDateTime (the application object does).
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import { getAllPages, toSourceError } from './graph-client';
import { parseRecords, type ParsedRecords } from '../parse-records';

export const GRAPH_MAX_PAGE_SIZE = 999;

export const SERVICE_PRINCIPAL_FIELDS = [
  'id',
  'appId',
  'displayName',
  'servicePrincipalType',
  'appOwnerOrganizationId',
  'accountEnabled',
  'tags',
  'passwordCredentials',
  'keyCredentials',
  'verifiedPublisher',
  'replyUrls',
  'servicePrincipalNames',
  'appRoles',
] as const;

const credentialSchema = z.looseObject({
  keyId: z.string(),
  displayName: z.string().nullable().optional(),
  startDateTime: z.string().nullable().optional(),
  endDateTime: z.string().nullable().optional(),
});

export const servicePrincipalSchema = z.looseObject({
  id: z.string(),
  appId: z.string(),
  displayName: z.string().nullable(),
  servicePrincipalType: z.string().nullable().optional(),
  appOwnerOrganizationId: z.string().nullable().optional(),
  accountEnabled: z.boolean().nullable().optional(),
  tags: z.array(z.string()).optional(),
  passwordCredentials: z.array(credentialSchema).optional(),
  keyCredentials: z.array(credentialSchema).optional(),
});

export type ServicePrincipal = z.infer<typeof servicePrincipalSchema>;

export async function fetchServicePrincipals(client: Client, tenantId: string): Promise<ParsedRecords<ServicePrincipal>> {
  const endpoint = '/v1.0/servicePrincipals';
  try {
    const firstPage: unknown = await client.api('/servicePrincipals').select([...SERVICE_PRINCIPAL_FIELDS]).top(GRAPH_MAX_PAGE_SIZE).get();
    const items = await getAllPages(client, firstPage, endpoint);
    return parseRecords(items, servicePrincipalSchema, { system: 'entra', endpoint });
  } catch (error) {
    throw toSourceError(error, tenantId, endpoint);
  }
}
