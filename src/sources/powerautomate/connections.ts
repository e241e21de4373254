/**
 * Power Platform connections: the signed-in accounts flows act through.
 * Endpoint: GET https://api.powerapps.com/providers/Microsoft.PowerApps/scopes/admin/environments/{env}/connections
 * ?api-version=2016-11-01, {value, nextLink} (Get-AdminPowerAppConnection). Token audience https://service.powerapps.com.
 * Quirks:
 * - properties.apiId ends in the connector (shared_jira, shared_office365); properties.createdBy is the maker
 *   (Entra object id, e-mail, UPN); properties.authenticatedUser.name is the account the connection signed in as,
 *   which for a non-Microsoft connector is an account of that service (the Jira connector's Atlassian e-mail).
 * - OAuth connections hold a refresh token that rolls (90 days of inactivity), so there is no expiry to report:
 *   expiresAt stays unknown, never "never".
 * - connectionParameters can hold non-secure parameter values (server names, user names): only the parameter set's
 *   name is kept.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type CredentialProps, type GraphEdge, type GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import { connectionCredentialId, connectionNodeId } from './node-ids';
import { POWER_PLATFORM_HOSTS, segment, tagItems, type PowerPlatformClient } from './power-platform-client';

export const connectionsPath = (environmentName: string) => `/providers/Microsoft.PowerApps/scopes/admin/environments/${segment(environmentName)}/connections`;

export interface PowerPlatformConnection {
  environmentName: string;
  name: string;
  apiId: string;
  /** The connector, from apiId: shared_jira, shared_office365, ... */
  connectorName: string;
  displayName?: string;
  createdBy?: { id?: string; type?: string; email?: string; userPrincipalName?: string; tenantId?: string; displayName?: string };
  /** The account the connection signed in as (authenticatedUser.name). */
  authenticatedUser?: string;
  statuses: string[];
  /** connectionParametersSet.name (oauth, oauthDefault, servicePrincipal, ...). */
  parameterSet?: string;
  createdTime?: string;
}

const str = z.string().nullish();

export const connectionSchema = z
  .looseObject({
    environmentName: z.string(),
    name: z.string().min(1),
    properties: z.looseObject({
      apiId: z.string().min(1),
      displayName: str,
      createdTime: str,
      createdBy: z.looseObject({ id: str, type: str, email: str, userPrincipalName: str, tenantId: str, displayName: str }).nullish(),
      authenticatedUser: z.looseObject({ name: str }).nullish(),
      statuses: z.array(z.looseObject({ status: str })).nullish(),
      connectionParametersSet: z.looseObject({ name: str }).nullish(),
    }),
  })
  .transform((raw): PowerPlatformConnection => {
    const p = raw.properties;
    const createdBy = p.createdBy ? pickStrings(p.createdBy, ['id', 'type', 'email', 'userPrincipalName', 'tenantId', 'displayName']) : undefined;
    return {
      environmentName: raw.environmentName,
      name: raw.name,
      apiId: p.apiId,
      connectorName: p.apiId.split('/').pop() ?? p.apiId,
      ...(p.displayName ? { displayName: p.displayName } : {}),
      ...(createdBy ? { createdBy } : {}),
      ...(p.authenticatedUser?.name ? { authenticatedUser: p.authenticatedUser.name } : {}),
      statuses: (p.statuses ?? []).flatMap((s) => (s.status ? [s.status] : [])),
      ...(p.connectionParametersSet?.name ? { parameterSet: p.connectionParametersSet.name } : {}),
      ...(p.createdTime ? { createdTime: p.createdTime } : {}),
    };
  });

/** Only the named string fields: the API object may carry more than the record should keep. */
function pickStrings<K extends string>(source: Partial<Record<K, string | null>>, keys: readonly K[]): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string' && value !== '') picked[key] = value;
  }
  return picked;
}

export async function fetchConnections(client: PowerPlatformClient, environmentNames: readonly string[]): Promise<ParsedRecords<PowerPlatformConnection>> {
  const records: PowerPlatformConnection[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const environmentName of environmentNames) {
    const items = await client.getAllPages(POWER_PLATFORM_HOSTS.powerApps, connectionsPath(environmentName));
    const parsed = parseRecords(tagItems(items, { environmentName }), connectionSchema, { system: 'powerautomate', endpoint: '/scopes/admin/environments/{env}/connections' });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

/** Connectors that sign in with the maker's Entra account (delegated Microsoft Graph / SharePoint / Exchange access). */
const ENTRA_SIGN_IN_CONNECTORS = new Set([
  'shared_office365',
  'shared_office365users',
  'shared_office365groups',
  'shared_sharepointonline',
  'shared_onedriveforbusiness',
  'shared_teams',
  'shared_excelonlinebusiness',
  'shared_planner',
  'shared_todo',
  'shared_commondataserviceforapps',
  'shared_azuread',
  'shared_webcontents',
  'shared_flowmanagement',
  'shared_powerplatformforadmins',
]);

/** Connectors that sign in to a system whose accounts the graph holds: the Jira connector (Atlassian accounts). */
const ACCOUNT_CONNECTORS = new Set(['shared_jira']);

export function credentialTypeOf(parameterSet: string | undefined): CredentialProps['subtype'] {
  const set = (parameterSet ?? '').toLowerCase();
  if (/certificate/.test(set)) return 'certificate';
  if (/serviceprincipal|oauthsp|clientcredential|oauthclient|oauthapp/.test(set)) return 'client_secret';
  if (/basic|password|username/.test(set)) return 'basic_auth';
  if (/api.?key|token|key/.test(set)) return 'api_token';
  // oauth, oauthDefault, or no parameter set: a user's delegated sign-in, kept as a refresh token.
  return 'oauth_refresh_token';
}

/**
 * The account a connection signs in as, for correlate/: its e-mail (authenticatedUser) and, when that account is
 * the maker's own Entra account, the maker's object id and tenant.
 */
export function connectionAccount(connection: PowerPlatformConnection): { email?: string; entraObjectId?: string; tenantId?: string } {
  const signedInAs = connection.authenticatedUser?.trim().toLowerCase();
  const email = signedInAs && signedInAs.includes('@') ? signedInAs : undefined;
  const maker = connection.createdBy;
  const makerNames = [maker?.userPrincipalName, maker?.email].filter((n): n is string => Boolean(n)).map((n) => n.toLowerCase());
  const isMaker = signedInAs !== undefined && makerNames.includes(signedInAs) && maker?.type?.toLowerCase() !== 'serviceprincipal';
  return {
    ...(email ? { email } : {}),
    ...(isMaker && maker?.id ? { entraObjectId: maker.id } : {}),
    ...(isMaker && maker?.tenantId ? { tenantId: maker.tenantId } : {}),
  };
}

/** ISO 8601 in UTC, or undefined for a missing or unreadable date (an unknown date is not a reason to drop the record). */
function isoDate(text: string | undefined): string | undefined {
  const at = text === undefined ? NaN : Date.parse(text);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

export function connectionsToGraph(connections: readonly PowerPlatformConnection[], _context: GraphContext, defaultTenantId?: string): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const connection of connections) {
    const id = connectionNodeId(connection.environmentName, connection.name);
    const credentialId = connectionCredentialId(connection.environmentName, connection.name);
    const label = connection.displayName ?? connection.name;
    const subtype = credentialTypeOf(connection.parameterSet);
    const account = connectionAccount(connection);
    const tenantId = account.tenantId ?? defaultTenantId;
    const signsInWithEntra = ENTRA_SIGN_IN_CONNECTORS.has(connection.connectorName);
    nodes.push({
      id,
      kind: 'connection',
      system: 'powerautomate',
      name: `${connection.connectorName}: ${label}`,
      props: { subtype: 'connector', nativeId: `${connection.environmentName}/${connection.name}`, connectorId: connection.connectorName },
    });
    nodes.push({
      id: credentialId,
      kind: 'credential',
      system: 'powerautomate',
      name: `Sign-in of ${label}`,
      props: {
        subtype,
        nativeId: `${connection.environmentName}/${connection.name}`,
        ...(isoDate(connection.createdTime) ? { createdAt: isoDate(connection.createdTime) } : {}),
        // The account of a service whose accounts this app reads (the Jira connector's Atlassian e-mail), for
        // correlate/. A Microsoft connector's account is the Entra user itself (edge below). Any other service's
        // account (Slack, Dropbox) is no account in the graph: its e-mail would only match the same person's
        // accounts elsewhere (Jira, Azure DevOps), which that connection cannot act as.
        ...(account.email && ACCOUNT_CONNECTORS.has(connection.connectorName) ? { accountEmail: account.email } : {}),
      },
    });
    edges.push({ kind: 'USES', from: id, to: credentialId, basis: 'observed', reason: `connection parameters ${connection.parameterSet ?? '(default)'}` });
    // A Microsoft connector signed in as its maker acts as that Entra user; any other account is matched by correlate/.
    if (signsInWithEntra && subtype === 'oauth_refresh_token' && account.entraObjectId && tenantId) {
      edges.push({
        kind: 'AUTHENTICATES_AS',
        from: credentialId,
        to: nodeId('entra', 'identity', tenantId, account.entraObjectId),
        basis: 'observed',
        reason: `signed in as ${account.email ?? 'its maker'}`,
      });
    }
  }
  return { nodes, edges };
}
