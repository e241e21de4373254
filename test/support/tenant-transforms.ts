/**
 * Metamorphic transforms of a tenant directory copy (test/support/tenant-copy.ts): changes that must not change any
 * finding (ids renamed, collections reordered, e-mail case, page sizes, unrelated objects added), applied to
 * tenant.json and every system file of every sync alike, and the signature a finding is compared on.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReportFinding } from '../../src/findings/report';
import type { TenantCopy } from './tenant-copy';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const APP_DIR = path.resolve(__dirname, '../..');

/** Every JSON file of a tenant copy that the fakes or the harness read: tenant.json and each sync's system files. */
export function tenantFiles(copy: TenantCopy): string[] {
  const files = [path.join(copy.dir, 'tenant.json')];
  for (const sync of copy.syncNames()) {
    const dir = path.join(copy.dir, 'syncs', sync);
    for (const name of fs.readdirSync(dir).sort()) if (name.endsWith('.json') && name !== 'sync.json') files.push(path.join(dir, name));
  }
  return files;
}

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

function writeJson(file: string, data: Json): void {
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Renaming ids

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A GUID written without dashes (a provisioning job id embeds the tenant id so), bounded by non-alphanumerics. */
const HEX32 = /(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])/g;
/** An Atlassian accountId of the older 24-hex form. */
const HEX24 = /(?<![0-9A-Za-z])[0-9a-f]{24}(?![0-9A-Za-z])/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

let wellKnownCache: Set<string> | undefined;

/**
 * Ids the code itself names (Microsoft's first-party app ids, Graph permission ids, directory role templates, the
 * Automation for Jira account, the fake's own app account): they mean something fixed, so renaming them would change
 * the tenant, not merely its ids. Every GUID or 24-hex id written in src/ or dev/ is kept.
 */
export function wellKnownIds(): Set<string> {
  if (!wellKnownCache) {
    const ids = new Set<string>();
    for (const file of [...sourceFiles(path.join(APP_DIR, 'src')), ...sourceFiles(path.join(APP_DIR, 'dev'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const pattern of [GUID, HEX32, HEX24]) for (const m of text.matchAll(pattern)) ids.add(m[0].toLowerCase());
    }
    wellKnownCache = ids;
  }
  return wellKnownCache;
}

function hashHex(seed: string, value: string): string {
  return createHash('sha256').update(`${seed}:${value}`).digest('hex');
}

/** A version-4-shaped GUID derived from the old one (deterministic, never the same). */
function renamedGuid(old: string): string {
  const h = hashHex('metamorphic-guid', old.toLowerCase());
  const variant = '89ab'[parseInt(h[16] ?? '0', 16) % 4] ?? '8';
  const guid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return old === old.toUpperCase() && /[A-F]/.test(old) ? guid.toUpperCase() : guid;
}

export interface IdRenaming {
  /** old → new, lower-case GUIDs (dashed), 32-hex and 24-hex forms. */
  forward: Map<string, string>;
  /** Maps the new ids in a text back to the old ones. */
  back(text: string): string;
}

/**
 * Replaces every GUID (dashed or not, so an Entra tenant id, a cloudId, `712020:<guid>` account ids, environment
 * names `Default-<tenant>` and path keys all move together) and every 24-hex Atlassian accountId, textually across
 * the whole content of every file, with a deterministic different value. Well-known ids (wellKnownIds) stay.
 * Azure DevOps descriptors (aad.<base64>) are left as they are: they are opaque to the app and their base64 holds
 * truncated fragments of ids, which cannot be re-encoded consistently.
 */
export function renameIds(copy: TenantCopy): IdRenaming {
  const keep = wellKnownIds();
  const forward = new Map<string, string>();
  const rename = (old: string, make: (o: string) => string): string => {
    const lower = old.toLowerCase();
    if (keep.has(lower)) return old;
    let renamed = forward.get(lower);
    if (!renamed) {
      renamed = make(lower);
      forward.set(lower, renamed);
    }
    return old === lower ? renamed : renamed.toUpperCase();
  };
  const guidOf = (old: string) => renamedGuid(old);
  for (const file of tenantFiles(copy)) {
    const text = fs.readFileSync(file, 'utf8')
      .replace(GUID, (m) => rename(m, guidOf))
      .replace(HEX32, (m) => {
        const dashed = `${m.slice(0, 8)}-${m.slice(8, 12)}-${m.slice(12, 16)}-${m.slice(16, 20)}-${m.slice(20)}`;
        return keep.has(dashed.toLowerCase()) ? m : rename(dashed, guidOf).replaceAll('-', '');
      })
      .replace(HEX24, (m) => rename(m, (o) => hashHex('metamorphic-hex24', o).slice(0, 24)));
    fs.writeFileSync(file, text);
  }
  // The dashless forms map back too.
  for (const [old, renamed] of [...forward]) if (old.includes('-')) forward.set(old.replaceAll('-', ''), renamed.replaceAll('-', ''));
  const backward = new Map([...forward].map(([old, renamed]) => [renamed.toLowerCase(), old]));
  const anyId = new RegExp(`${GUID.source}|${HEX32.source}|${HEX24.source}`, 'gi');
  return { forward, back: (text) => text.replace(anyId, (m) => backward.get(m.toLowerCase()) ?? m) };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Reordering collections

/**
 * Arrays inside stored objects that are sets (their order carries nothing in the API): permission grants of a
 * scheme, role actors, a principal's app roles, credentials, names, tags, an audit record's targets and changed
 * properties, the rules of an automation export. Rule `components`, flow `actions`, webhook `headers`, request-type
 * `fields` and recipient lists are left in order: a rule runs its components in order, and the others are kept to
 * stay clearly on the side of "only order that means nothing changed".
 */
const SET_KEYS = new Set(['permissions', 'permissionSchemes', 'actors', 'appRoles', 'passwordCredentials', 'keyCredentials', 'servicePrincipalNames', 'proxyAddresses', 'verifiedDomains', 'tags', 'labels', 'targetResources', 'modifiedProperties', 'oauth2PermissionScopes', 'resourceAccess', 'rules']);

function reverseSets(value: Json, key: string | undefined): Json {
  if (Array.isArray(value)) {
    const items = value.map((item) => reverseSets(item, undefined));
    return key !== undefined && SET_KEYS.has(key) ? items.reverse() : items;
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reverseSets(v, k)]));
  return value;
}

/** A stored path map with every collection (array value = the items a fake pages) reversed, and the sets inside. */
function reversePathMap(map: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, Array.isArray(value) ? value.map((item) => reverseSets(item, undefined)).reverse() : reverseSets(value, key)]));
}

/**
 * Reverses every collection the fakes serve (each array value of a system file, including audit logs, whose order
 * the app must not rely on) and the set-valued arrays inside records (SET_KEYS), in every sync.
 */
export function reverseCollections(copy: TenantCopy): void {
  for (const file of tenantFiles(copy)) {
    if (file.endsWith('tenant.json')) continue;
    const data = readJson(file) as JsonObject;
    const reversed = file.endsWith('graph.json')
      ? Object.fromEntries(Object.entries(data).map(([tenantId, block]) => [tenantId, reversePathMap(block as JsonObject)]))
      : reversePathMap(data);
    writeJson(file, reversed);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. E-mail case

export const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Alternating case, starting upper: maria.garcia@mediapro.tv → MaRiA.GaRcIa@MeDiApRo.Tv. */
export function mixedCase(address: string): string {
  let upper = true;
  return [...address].map((c) => {
    if (!/[a-z]/i.test(c)) return c;
    const out = upper ? c.toUpperCase() : c.toLowerCase();
    upper = !upper;
    return out;
  }).join('');
}

/**
 * Rewrites every e-mail address (mail, userPrincipalName, proxyAddresses after their SMTP: prefix, Jira
 * emailAddress, Azure DevOps uniqueName/mailAddress, connection users, recipients, the settings' mailboxes and
 * owners) in mixed case, textually in every file. tenant.json's secrets keep their case: the fake compares the
 * Automation API token's e-mail byte for byte, which is the fake's simplification, not the app's concern.
 */
export function mixEmailCase(copy: TenantCopy): void {
  for (const file of tenantFiles(copy)) {
    if (file.endsWith('tenant.json')) {
      const data = readJson(file) as JsonObject;
      const settings = JSON.stringify(data.settings ?? {}).replace(EMAIL, mixedCase);
      writeJson(file, { ...data, settings: JSON.parse(settings) as Json });
    } else {
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(EMAIL, mixedCase));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Page sizes

/** Every paged collection answers at most `size` items a page (tenant.json fake.maxPageSize, docs/tenant-format.md). */
export function capPages(copy: TenantCopy, size: number): void {
  const file = path.join(copy.dir, 'tenant.json');
  const data = readJson(file) as JsonObject;
  writeJson(file, { ...data, fake: { ...((data.fake as JsonObject | undefined) ?? {}), maxPageSize: size } });
}

// ---------------------------------------------------------------------------------------------------------------
// Editing helpers

export function editTenantJson(copy: TenantCopy, edit: (data: JsonObject) => void): void {
  const file = path.join(copy.dir, 'tenant.json');
  const data = readJson(file) as JsonObject;
  edit(data);
  writeJson(file, data);
}

// ---------------------------------------------------------------------------------------------------------------
// Signatures

/** What a finding is compared on across transforms (finding ids are HMACs of native ids, so never the id). */
export function signature(finding: ReportFinding, back: (text: string) => string = (t) => t): string {
  // E-mail addresses are quoted from the data: their case is the data's, not part of the finding.
  const norm = (text: string) => back(text).replace(EMAIL, (m) => m.toLowerCase());
  return [finding.check, finding.severity, finding.subject.kind, norm(finding.subject.name), norm(finding.summary)].join(' | ');
}

export function signatures(findings: readonly ReportFinding[], back?: (text: string) => string): string[] {
  return findings.map((f) => signature(f, back)).sort();
}

/** The signatures in `after` that are not in `before` and those of `before` missing from `after` (multisets). */
export function signatureDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const left = [...before];
  const added: string[] = [];
  for (const s of after) {
    const i = left.indexOf(s);
    if (i >= 0) left.splice(i, 1);
    else added.push(s);
  }
  return { added, removed: left };
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Unrelated objects

export interface AddedObjects {
  entraUserIds: string[];
  jiraAccountIds: string[];
  servicePrincipalId: string;
  jiraProjectKey: string;
}

function clone<T extends Json>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The copy's home Entra tenant, its first verified domain and the Jira site, from its tenant.json. */
function tenantFacts(copy: TenantCopy): { homeTenant: string; domain: string; site: string } {
  const tenant = readJson(path.join(copy.dir, 'tenant.json')) as JsonObject;
  const entra = (tenant.entra as JsonObject[])[0] as JsonObject;
  return { homeTenant: String(entra.tenantId), domain: String((entra.domains as string[])[0]), site: String((tenant.jira as JsonObject).site) };
}

/**
 * Adds, to every sync alike, objects nothing risky touches: three people (an active Entra member user with a recent
 * sign-in and an active Atlassian account with the same e-mail each), a third-party service principal with one of
 * them as owner and no grants, credentials or sign-ins, and a Jira project (default sensitivity) that only its
 * lead, one of the new people, can browse or administer. Records are cloned from the tenant's own so they keep
 * its shape.
 */
export function addUnrelatedObjects(copy: TenantCopy): AddedObjects {
  const { homeTenant, domain, site } = tenantFacts(copy);
  const people = ['Quinn Abara', 'Rosa Lindqvist', 'Tomas Okafor'].map((name, i) => ({
    name,
    email: `${name.toLowerCase().replace(' ', '.')}@${domain}`,
    entraId: renamedGuid(`added-user-${i}`),
    accountId: hashHex('metamorphic-added-account', String(i)).slice(0, 24),
  }));
  const sp = { id: renamedGuid('added-sp'), appId: renamedGuid('added-sp-app'), publisher: renamedGuid('added-sp-publisher'), name: 'Meeting Room Display Board' };
  const project = { id: '19990', key: 'QUIET', name: 'Quiet Archive' };
  const [owner] = people;
  if (!owner) throw new Error('no people');

  for (const sync of copy.syncNames()) {
    copy.edit(sync, 'graph', (data) => {
      const block = data[homeTenant] as JsonObject;
      const users = block['/v1.0/users'] as JsonObject[];
      const template = users.find((u) => u.accountEnabled === true && u.userType === 'Member' && !u.employeeLeaveDateTime && u.signInActivity);
      if (!template) throw new Error('no active member user to clone');
      for (const p of people) {
        const [given, surname] = p.name.split(' ');
        users.push({ ...clone(template), id: p.entraId, displayName: p.name, givenName: given ?? '', surname: surname ?? '', userPrincipalName: p.email, mail: p.email, mailNickname: p.email.split('@')[0] ?? '', proxyAddresses: [`SMTP:${p.email}`], jobTitle: 'Analyst', department: 'Facilities', employeeType: null, employeeLeaveDateTime: null, createdDateTime: '2020-01-06T09:00:00Z', employeeHireDate: '2020-01-06T00:00:00Z' });
      }
      const sps = block['/v1.0/servicePrincipals'] as JsonObject[];
      const spTemplate = sps[0];
      if (!spTemplate) throw new Error('no service principal to clone');
      sps.push({
        ...clone(spTemplate), id: sp.id, appId: sp.appId, displayName: sp.name, appDisplayName: sp.name, appDescription: 'Shows room bookings on screens.', description: null,
        servicePrincipalType: 'Application', appOwnerOrganizationId: sp.publisher, accountEnabled: true, signInAudience: 'AzureADMultipleOrgs', tags: [], servicePrincipalNames: [sp.appId],
        replyUrls: [], appRoles: [], oauth2PermissionScopes: [], passwordCredentials: [], keyCredentials: [], notificationEmailAddresses: [], createdDateTime: '2021-04-12T10:00:00Z',
      });
      block[`/v1.0/servicePrincipals/${sp.id}/owners`] = [{ '@odata.type': '#microsoft.graph.user', id: owner.entraId, displayName: owner.name, userPrincipalName: owner.email, mail: owner.email }];
      block[`/v1.0/servicePrincipals/${sp.id}/appRoleAssignments`] = [];
    });
    copy.edit(sync, 'jira', (data) => {
      const users = data['/rest/api/3/users/search'] as JsonObject[];
      const template = users.find((u) => u.accountType === 'atlassian' && u.active === true);
      if (!template) throw new Error('no active Atlassian account to clone');
      for (const p of people) users.push({ ...clone(template), self: `${site}/rest/api/3/user?accountId=${p.accountId}`, accountId: p.accountId, emailAddress: p.email, displayName: p.name });
      const projects = data['/rest/api/3/project/search'] as JsonObject[];
      const projectTemplate = projects[0];
      if (!projectTemplate) throw new Error('no project to clone');
      const lead = { self: `${site}/rest/api/3/user?accountId=${owner.accountId}`, accountId: owner.accountId, accountType: 'atlassian', displayName: owner.name, active: true };
      projects.push({ ...clone(projectTemplate), self: `${site}/rest/api/3/project/${project.id}`, id: project.id, key: project.key, name: project.name, description: 'Closed facilities requests, kept for reference.', lead });
      const schemeId = 19990;
      const grant = (id: number, permission: string) => ({ id, self: `${site}/rest/api/3/permissionscheme/${schemeId}/permission/${id}`, holder: { type: 'projectRole', parameter: '10002', value: '10002', expand: 'projectRole' }, permission });
      const scheme = { expand: 'permissions,user,group,projectRole,field,all', id: schemeId, self: `${site}/rest/api/3/permissionscheme/${schemeId}`, name: 'Quiet Archive Scheme', description: 'Project administrators only.', permissions: [grant(19991, 'BROWSE_PROJECTS'), grant(19992, 'ADMINISTER_PROJECTS')] };
      (data['/rest/api/3/permissionscheme'] as { permissionSchemes: JsonObject[] }).permissionSchemes.push(scheme);
      data[`/rest/api/3/project/${project.id}/permissionscheme`] = scheme;
      data[`/rest/api/3/project/${project.id}/role`] = { Administrators: `${site}/rest/api/3/project/${project.id}/role/10002` };
      data[`/rest/api/3/project/${project.id}/role/10002`] = { self: `${site}/rest/api/3/project/${project.id}/role/10002`, name: 'Administrators', id: 10002, description: 'A project role that represents administrators in a project', actors: [{ id: 19993, displayName: owner.name, type: 'atlassian-user-role-actor', actorUser: { accountId: owner.accountId } }] };
    });
  }
  return { entraUserIds: people.map((p) => p.entraId), jiraAccountIds: people.map((p) => p.accountId), servicePrincipalId: sp.id, jiraProjectKey: project.key };
}

/**
 * Adds `count` people who only hold access: each an Entra user and a Jira account with the same address, a member of
 * every Jira group and a user actor in every project role of every project, in every sync. Nobody owns, runs as or
 * authenticates with them, so they lend no principal anything: a check that counted role holders or group members
 * would change findings. Returns how many group member lists and project roles were extended per sync.
 */
export function addRoleOnlyPeople(copy: TenantCopy, count: number): { groups: number; roles: number } {
  const { homeTenant, domain, site } = tenantFacts(copy);
  const people = Array.from({ length: count }, (_, i) => ({
    name: `Role Holder ${i + 1}`,
    email: `role.holder${i + 1}@${domain}`,
    entraId: renamedGuid(`role-only-user-${i}`),
    accountId: hashHex('metamorphic-role-only-account', String(i)).slice(0, 24),
  }));
  const extended = { groups: 0, roles: 0 };
  for (const sync of copy.syncNames()) {
    copy.edit(sync, 'graph', (data) => {
      const users = (data[homeTenant] as JsonObject)['/v1.0/users'] as JsonObject[];
      const template = users.find((u) => u.accountEnabled === true && u.userType === 'Member' && !u.employeeLeaveDateTime);
      if (!template) throw new Error('no active member user to clone');
      for (const p of people) users.push({ ...clone(template), id: p.entraId, displayName: p.name, userPrincipalName: p.email, mail: p.email, mailNickname: p.email.split('@')[0] ?? '', proxyAddresses: [`SMTP:${p.email}`], department: 'Operations', employeeLeaveDateTime: null });
    });
    copy.edit(sync, 'jira', (data) => {
      const users = data['/rest/api/3/users/search'] as JsonObject[];
      const template = users.find((u) => u.accountType === 'atlassian' && u.active === true);
      if (!template) throw new Error('no active Atlassian account to clone');
      const accounts = people.map((p) => ({ ...clone(template), self: `${site}/rest/api/3/user?accountId=${p.accountId}`, accountId: p.accountId, emailAddress: p.email, displayName: p.name }));
      users.push(...accounts);
      let [groups, roles] = [0, 0];
      for (const [key, value] of Object.entries(data)) {
        if (key.startsWith('/rest/api/3/group/member#') && Array.isArray(value)) {
          value.push(...accounts.map((a) => clone(a)));
          groups++;
        } else if (/^\/rest\/api\/3\/project\/[^/]+\/role\/[^/]+$/.test(key)) {
          const role = value as JsonObject;
          const actors = (role.actors ?? []) as JsonObject[];
          people.forEach((p, i) => actors.push({ id: 990000 + i, displayName: p.name, type: 'atlassian-user-role-actor', actorUser: { accountId: p.accountId } }));
          role.actors = actors;
          roles++;
        }
      }
      [extended.groups, extended.roles] = [groups, roles];
    });
  }
  return extended;
}

/**
 * Makes `accountId` the author of the automation rule named `ruleName`, in every sync and in every form the tenant
 * keeps it (the export's rules and the API's rule and summary bodies).
 */
export function setRuleAuthor(copy: TenantCopy, ruleName: string, accountId: string): number {
  let changed = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.name === ruleName && 'authorAccountId' in record) {
        record.authorAccountId = accountId;
        changed++;
      }
      Object.values(record).forEach(walk);
    }
  };
  for (const sync of copy.syncNames()) copy.edit(sync, 'automation', walk);
  return changed;
}
