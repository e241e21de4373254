/**
 * The Entra tenant itself: its name and verified domains (what counts as "inside" for egress classification).
 * Endpoint: GET /v1.0/organization?$select=id,displayName,verifiedDomains (one object in a collection, not paged).
 * Permission: Organization.Read.All (or Directory.Read.All).
 * https://learn.microsoft.com/graph/api/organization-list
 * Quirk: verifiedDomains holds only verified domains (the *.onmicrosoft.com initial domain included); unverified
 * ones appear only in GET /domains with isVerified false.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import { parseRecords, type ParsedRecords } from '../parse-records';
import { getCollection } from './graph-client';

export const ORGANIZATION_PERMISSION = 'Organization.Read.All (or Directory.Read.All)';
const ENDPOINT = '/v1.0/organization';

export const ORGANIZATION_FIELDS = ['id', 'displayName', 'verifiedDomains'] as const;

export const organizationSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  verifiedDomains: z
    .array(z.looseObject({ name: z.string().min(1), isDefault: z.boolean().nullish(), isInitial: z.boolean().nullish(), type: z.string().nullish() }))
    .nullish(),
});
export type Organization = z.infer<typeof organizationSchema>;

export async function fetchOrganization(client: Client, tenantId: string): Promise<ParsedRecords<Organization>> {
  const items = await getCollection(client, tenantId, { path: '/organization', select: ORGANIZATION_FIELDS }, ORGANIZATION_PERMISSION);
  return parseRecords(items, organizationSchema, { system: 'entra', endpoint: ENDPOINT });
}

/** The tenant's verified domain names, lower-case, sorted, without duplicates. */
export function verifiedDomainsOf(organizations: readonly Organization[]): string[] {
  return [...new Set(organizations.flatMap((o) => (o.verifiedDomains ?? []).map((d) => d.name.trim().toLowerCase())))].sort();
}
