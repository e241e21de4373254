/**
 * Power Platform environments.
 * Endpoint: GET https://api.bap.microsoft.com/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments
 * ?api-version=2020-10-01, {value, nextLink}. Token audience https://api.bap.microsoft.com.
 * https://learn.microsoft.com/power-platform/admin/list-environments
 * Environments are not graph nodes: they only tell the later steps where to look for flows and connections.
 */
import { z } from 'zod';
import { parseRecords, type ParsedRecords } from '../parse-records';
import { POWER_PLATFORM_HOSTS, type PowerPlatformClient } from './power-platform-client';

export const ENVIRONMENTS_PATH = '/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments';

export const powerPlatformEnvironmentSchema = z.looseObject({
  name: z.string().min(1),
  location: z.string().optional(),
  properties: z
    .looseObject({
      displayName: z.string().optional(),
      tenantId: z.string().optional(),
      isDefault: z.boolean().optional(),
      states: z.looseObject({ runtime: z.looseObject({ id: z.string().optional() }).optional() }).optional(),
      // The environment's Dataverse organization, when it has one (instanceUrl https://{org}.crm{N}.dynamics.com/):
      // where its Copilot Studio agents live (copilot-agents.ts).
      linkedEnvironmentMetadata: z.looseObject({ instanceUrl: z.string().nullish(), instanceApiUrl: z.string().nullish() }).nullish(),
    })
    .optional(),
});
export type PowerPlatformEnvironment = z.infer<typeof powerPlatformEnvironmentSchema>;

export async function fetchEnvironments(client: PowerPlatformClient): Promise<ParsedRecords<PowerPlatformEnvironment>> {
  const items = await client.getAllPages(POWER_PLATFORM_HOSTS.bap, ENVIRONMENTS_PATH);
  return parseRecords(items, powerPlatformEnvironmentSchema, { system: 'powerautomate', endpoint: ENVIRONMENTS_PATH });
}
