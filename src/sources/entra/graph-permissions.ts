/**
 * What a Microsoft API application permission (an app role value such as Mail.Read) lets its holder do, and which
 * tenant-wide scope resource it applies to. Pure; used by the app-role-assignment transform.
 *
 * Classification of application permissions (https://learn.microsoft.com/graph/permissions-reference):
 *
 * | rule | tenantWide | write | highPrivilege | impersonation |
 * |---|---|---|---|---|
 * | `<X>.All` (Sites.Read.All, User.Read.All, ...) | yes | | | |
 * | Mail.*, MailboxSettings.*, Calendars.*, Contacts.* (application: every mailbox unless Exchange scopes it) | yes | | | |
 * | full_access_as_app (EWS, Office 365 Exchange Online) | yes | yes | yes | yes |
 * | RoleManagement.*.Directory (directory roles are tenant-wide; the name has no .All) | yes | | | |
 * | a ReadWrite / Manage / FullControl / Send / Write / Create / Delete / ManageAsApp segment | | yes | | |
 * | tenant-wide and write (Sites.ReadWrite.All, Directory.ReadWrite.All, Application.ReadWrite.All, AppRoleAssignment.ReadWrite.All, RoleManagement.ReadWrite.Directory, User.ReadWrite.All, Mail.ReadWrite, Mail.Send, full_access_as_app) | | | yes | |
 * | full_access_as_app, full_access_as_user, Mail.Send (sends as any user), EWS.AccessAsUser.All, Directory.AccessAsUser.All, user_impersonation | | | | yes |
 *
 * Not tenant-wide: Sites.Selected, Application.ReadWrite.OwnedBy, anything without .All outside the mailbox families.
 *
 * Scope resources (docs/graph-mapping.md): Mail.*, MailboxSettings.*, Calendars.*, Contacts.*, full_access_as_app →
 * `m365:resource:T/mailboxes`; Sites.*.All, Files.*.All → `m365:resource:T/sites`; User.*, Group.*, GroupMember.*,
 * Directory.*, Application.*, AppRoleAssignment.*, DelegatedPermissionGrant.*, RoleManagement.* →
 * `entra:resource:T/directory`. Mailbox scoping (Exchange application access policies, RBAC for Applications) is not
 * visible through Graph; an admin records it in settings.mailboxAccessScopes.
 */
import { recordNamesGrant } from '../../model/definitions';
import { SENSITIVITY_RANK, type GraphNode, type ResourceMember, type Sensitivity } from '../../model/schema';
import type { Settings } from '../../model/settings';
import { directoryResourceId, mailboxScopeId, scopedMailboxesId, siteScopeId } from './node-ids';

export interface PermissionClass {
  highPrivilege: boolean;
  tenantWide: boolean;
  write: boolean;
  impersonation: boolean;
}

const MAILBOX_FAMILIES = /^(Mail|MailboxSettings|Calendars|Contacts)\./i;
const EWS_FULL_ACCESS = /^full_access_as_app$/i;
const WRITE_SEGMENT = /(^|\.)(ReadWrite|Manage|FullControl|Send|Write|Create|Delete|ManageAsApp)(\.|$)|^full_access_as_/i;
const IMPERSONATION = new Set(['full_access_as_app', 'full_access_as_user', 'mail.send', 'ews.accessasuser.all', 'directory.accessasuser.all', 'user_impersonation']);

export function classifyGraphPermission(value: string): PermissionClass {
  const v = value.trim();
  const tenantWide = /\.All$/i.test(v) || MAILBOX_FAMILIES.test(v) || EWS_FULL_ACCESS.test(v) || /^RoleManagement\..+\.Directory$/i.test(v);
  const write = WRITE_SEGMENT.test(v);
  return { tenantWide, write, highPrivilege: tenantWide && write, impersonation: IMPERSONATION.has(v.toLowerCase()) };
}

/** For a permission of an API whose role semantics we do not know (not a Microsoft API): only the name says write. */
export function classifyUnknownPermission(value: string): PermissionClass {
  return { tenantWide: false, write: WRITE_SEGMENT.test(value), highPrivilege: false, impersonation: false };
}

/** Delegated scopes act as the signed-in user: never tenant-wide by themselves. */
export function classifyDelegatedScope(scope: string): PermissionClass {
  return { tenantWide: false, write: WRITE_SEGMENT.test(scope), highPrivilege: false, impersonation: false };
}

export type ScopeKind = 'mailboxes' | 'sites' | 'directory';

export function scopeKindOf(value: string): ScopeKind | undefined {
  const v = value.trim();
  if (MAILBOX_FAMILIES.test(v) || EWS_FULL_ACCESS.test(v)) return 'mailboxes';
  if (/^(Sites|Files)\..+\.All$/i.test(v)) return 'sites';
  if (/^(User|Group|GroupMember|Directory|Application|AppRoleAssignment|DelegatedPermissionGrant|RoleManagement)\./i.test(v)) return 'directory';
  return undefined;
}

type Classification = Settings['sensitivity']['mailboxes'][string];

function highest(levels: readonly Sensitivity[], fallback: Sensitivity): Sensitivity {
  let best: Sensitivity | undefined;
  for (const level of levels) if (!best || SENSITIVITY_RANK[level] > SENSITIVITY_RANK[best]) best = level;
  return best ?? fallback;
}

function member(id: string, name: string, classification: Classification | undefined, fallback: Sensitivity): ResourceMember {
  return { id, name, sensitivity: classification?.level ?? fallback, ...(classification?.businessDomain ? { businessDomain: classification.businessDomain } : {}) };
}

function byId(a: ResourceMember, b: ResourceMember): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function scopeNode(id: string, tenantId: string, name: string, subtype: 'mailbox_scope' | 'site_scope' | 'entra_directory', members: ResourceMember[], fallback: Sensitivity): GraphNode<'resource'> {
  return {
    id,
    kind: 'resource',
    system: id.startsWith('m365:') ? 'm365' : 'entra',
    name,
    props: {
      subtype,
      nativeId: id.slice(id.indexOf(':', id.indexOf(':') + 1) + 1),
      tenantId,
      sensitivity: highest(members.map((m) => m.sensitivity), fallback),
      ...(subtype === 'entra_directory' ? {} : { members }),
    },
  };
}

/**
 * The settings' record of how Exchange scopes this app's mailbox permission, if an admin recorded one. The record
 * names the permission however the admin wrote it ("Mail.Read (application permission)"): it is matched by the
 * permission key it names (model/definitions.ts recordNamesGrant).
 */
export function mailboxAccessScopeFor(settings: Settings, tenantId: string, appId: string, value: string) {
  return settings.mailboxAccessScopes.find((s) => s.tenantId === tenantId && s.appId.toLowerCase() === appId.toLowerCase() && recordNamesGrant(s.permission, value));
}

/**
 * Whether a mailbox address or a SharePoint site URL belongs to this tenant: the address's domain is (under) one of
 * its verified domains; the site's host is `<name>.sharepoint.com` (or `<name>-my…`) for its `<name>.onmicrosoft.com`.
 * A tenant-wide grant reaches only its own tenant's objects (design.md, "Scope of a grant"). Without the tenant's
 * domains (its organization was not read), every member is kept: over-reporting beats missing.
 */
export function belongsToTenant(member: string, tenantDomains: readonly string[] | undefined): boolean {
  if (!tenantDomains || tenantDomains.length === 0) return true;
  const domains = tenantDomains.map((d) => d.trim().toLowerCase());
  const under = (host: string) => domains.some((d) => host === d || host.endsWith(`.${d}`));
  const text = member.trim().toLowerCase();
  if (text.includes('@') && !text.includes('://')) return under(text.slice(text.lastIndexOf('@') + 1));
  let host: string;
  try {
    host = new URL(text).hostname;
  } catch {
    return true;
  }
  const sharepoint = /^([a-z0-9-]+?)(-my|-admin)?\.sharepoint\.(com|us|de|cn)$/.exec(host);
  if (sharepoint) return domains.includes(`${sharepoint[1] ?? ''}.onmicrosoft.com`);
  return under(host);
}

/**
 * The scope resource an application permission applies to, with the sensitive members settings name (never one
 * node per mailbox or site). `appId` is the holder's: a recorded mailboxAccessScopes entry for it and this
 * permission replaces "every mailbox" by `<appId>-scoped` with just the recorded mailboxes.
 */
export function scopeResourceFor(value: string, tenantId: string, settings: Settings, appId?: string, tenantDomains?: readonly string[]): GraphNode<'resource'> | undefined {
  const kind = scopeKindOf(value);
  if (!kind) return undefined;
  const tenant = settings.entraTenants.find((t) => t.tenantId === tenantId)?.displayName ?? tenantId;
  const fallback = settings.defaultSensitivity;
  if (kind === 'mailboxes') {
    const classified = new Map(Object.entries(settings.sensitivity.mailboxes).map(([address, c]) => [address.trim().toLowerCase(), c]));
    const scope = appId ? mailboxAccessScopeFor(settings, tenantId, appId, value) : undefined;
    if (scope && appId) {
      const members = [...new Set(scope.mailboxes.map((m) => m.trim().toLowerCase()))].map((address) => member(address, address, classified.get(address), fallback)).sort(byId);
      const node = scopeNode(scopedMailboxesId(tenantId, appId), tenantId, `Mailboxes ${scope.displayName ?? appId} is scoped to (${scope.mechanism ?? 'Exchange access policy'})`, 'mailbox_scope', members, fallback);
      return { ...node, props: { ...node.props, narrowed: true } };
    }
    const members = [...classified].filter(([address]) => belongsToTenant(address, tenantDomains)).map(([address, c]) => member(address, address, c, fallback)).sort(byId);
    return scopeNode(mailboxScopeId(tenantId), tenantId, `Every mailbox in ${tenant}`, 'mailbox_scope', members, fallback);
  }
  if (kind === 'sites') {
    const members = Object.entries(settings.sensitivity.sharePointSites).filter(([url]) => belongsToTenant(url, tenantDomains)).map(([url, c]) => member(url, c.displayName ?? url, c, fallback)).sort(byId);
    return scopeNode(siteScopeId(tenantId), tenantId, `Every SharePoint site in ${tenant}`, 'site_scope', members, fallback);
  }
  return scopeNode(directoryResourceId(tenantId), tenantId, `Entra directory of ${tenant}`, 'entra_directory', [], fallback);
}
