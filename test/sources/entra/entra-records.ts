/**
 * Minimal Entra records for the transform tests: each builder fills only what every record needs; a test names
 * what it is about (a Mail.Read holder, a departed owner) and sets just those fields.
 */
import { defaultSettings, settingsSchema, type Settings } from '../../../src/settings/settings';
import type { GraphContext } from '../../../src/sources/source-step';
import type { Application } from '../../../src/sources/entra/applications';
import type { ServicePrincipal } from '../../../src/sources/entra/service-principals';
import type { EntraUser } from '../../../src/sources/entra/users';

export const TENANT = '11111111-2222-4333-8444-555555555555';
export const OTHER_TENANT = '2b8e6f41-9d3c-4a7e-b5f0-61c4d9a2e8b7';
export const MICROSOFT_SERVICES_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const MAIL_READ_ROLE = '810c84a8-4a9e-49e6-bf7d-12d183f40d01';
export const SITES_READWRITE_ROLE = '9492366f-7969-46a4-8d15-ed1a20078fff';
export const OBSERVED_AT = '2026-11-20T06:00:00Z';

export function context(settings: Partial<Settings> | Record<string, unknown> = {}): GraphContext {
  return { settings: Object.keys(settings).length === 0 ? defaultSettings() : settingsSchema.parse(settings), observedAt: OBSERVED_AT };
}

export function servicePrincipal(id: string, appId: string, fields: Partial<ServicePrincipal> = {}): ServicePrincipal {
  return { id, appId, displayName: `App ${id}`, servicePrincipalType: 'Application', appOwnerOrganizationId: TENANT, accountEnabled: true, tags: [], passwordCredentials: [], keyCredentials: [], ...fields };
}

/** The tenant's Microsoft Graph service principal, with just the app roles a test needs. */
export function microsoftGraph(id = 'graph-sp'): ServicePrincipal {
  return servicePrincipal(id, GRAPH_APP_ID, {
    displayName: 'Microsoft Graph',
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT,
    appRoles: [
      { id: MAIL_READ_ROLE, value: 'Mail.Read', displayName: 'Read mail in all mailboxes', allowedMemberTypes: ['Application'], isEnabled: true },
      { id: SITES_READWRITE_ROLE, value: 'Sites.ReadWrite.All', displayName: 'Read and write items in all site collections', allowedMemberTypes: ['Application'], isEnabled: true },
    ],
  });
}

export function application(id: string, appId: string, fields: Partial<Application> = {}): Application {
  return { id, appId, displayName: `Registration ${id}`, passwordCredentials: [], keyCredentials: [], ...fields };
}

export function user(id: string, mail: string, fields: Partial<EntraUser> = {}): EntraUser {
  return { id, displayName: mail.split('@')[0], mail, userPrincipalName: mail, accountEnabled: true, employeeLeaveDateTime: null, ...fields };
}
