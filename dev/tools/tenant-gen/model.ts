/**
 * The synthetic organisation behind a generated tenant: people, apps, projects, rules, flows, as compact records
 * with their relations. render.ts turns one state of it into the tenant format; churn.ts derives the next sync's
 * state. Everything is drawn from Random streams of (seed, label), never from the clock.
 */
import { DAY_MS, Random } from './random';
import {
  APP_PURPOSES,
  DEPARTMENTS,
  EXTERNAL_HOSTS,
  GIVEN_NAMES,
  JOB_TITLES,
  MICROSOFT_APP_NAMES,
  MICROSOFT_SUFFIXES,
  MICROSOFT_WORDS,
  OFFICES,
  PROJECT_WORDS,
  SURNAMES,
  VENDORS,
} from './names';

/** S ≈ a real 7,000-person organisation; M = 5× S; L = 20× S. */
export const SIZES = { S: 1, M: 5, L: 20 } as const;
export type SizeName = keyof typeof SIZES;

export const BASE = { users: 7000, servicePrincipals: 1500, applications: 400, projects: 300, rules: 600, flows: 50 } as const;

export const MICROSOFT_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
export const MICROSOFT_CORP_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
export const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';

/** Sync 1 runs at T1; the 1%-churn resync one day later. */
export const T1 = Date.parse('2026-11-20T06:00:00Z');

export interface Counts {
  users: number;
  servicePrincipals: number;
  applications: number;
  projects: number;
  rules: number;
  flows: number;
  entraGroups: number;
  jiraTeamGroups: number;
  jiraAppUsers: number;
  jiraCustomers: number;
  adoUsers: number;
  adoProjects: number;
  hooks: number;
  directoryAuditsPerMonth: number;
  jiraAuditsPer90Days: number;
  connections: number;
}

export function countsFor(scale: number): Counts {
  const n = (base: number, min = 1) => Math.max(min, Math.round(base * scale));
  const users = n(BASE.users, 40);
  return {
    users,
    servicePrincipals: n(BASE.servicePrincipals, 12),
    applications: n(BASE.applications, 4),
    projects: n(BASE.projects, 3),
    rules: n(BASE.rules, 6),
    flows: n(BASE.flows, 2),
    entraGroups: n(BASE.users / 5, 6),
    jiraTeamGroups: n(BASE.projects / 2, 3),
    jiraAppUsers: n(40, 3),
    jiraCustomers: n(300, 2),
    adoUsers: n(350, 4),
    adoProjects: n(25, 2),
    hooks: n(20, 2),
    directoryAuditsPerMonth: n(2800, 20),
    jiraAuditsPer90Days: n(4200, 20),
    connections: n(80, 3),
  };
}

export interface Credential {
  keyId: string;
  displayName: string;
  start: number;
  /** null = no end date. */
  end: number | null;
  hint: string;
}

export interface Person {
  id: string;
  kind: 'member' | 'shared' | 'service';
  given: string | null;
  surname: string | null;
  displayName: string;
  nick: string;
  department: string;
  jobTitle: string | null;
  office: string | null;
  accountEnabled: boolean;
  leaveAt: number | null;
  createdAt: number;
  lastSignIn: number | null;
  lastNonInteractive: number | null;
  signInRequestId: string;
  sponsorId?: string;
  atlassian?: { accountId: string; active: boolean };
  ado?: { descriptor: string; id: string };
}

export interface EntraGroup {
  id: string;
  displayName: string;
  nick: string;
  description: string;
  unified: boolean;
  createdAt: number;
  memberIds: string[];
}

export interface AppRoleDef {
  id: string;
  value: string;
  displayName: string;
  memberTypes: string[];
}

export interface OwnerRef {
  type: 'user' | 'group';
  id: string;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  origin: 'microsoft' | 'home' | 'third' | 'mi';
  ownerOrg: string;
  appRoles: AppRoleDef[];
  scopes: AppRoleDef[];
  tags: string[];
  replyUrls: string[];
  homepage: string | null;
  publisher: { name: string; domain: string; id: string } | null;
  templateId: string | null;
  description: string | null;
  enabled: boolean;
  owners: OwnerRef[];
  lastSignIn: number | null;
  sync?: { jobId: string; state: 'Active' | 'Paused'; lastRun: number; entitled: number };
}

export interface Application {
  id: string;
  appId: string;
  displayName: string;
  createdAt: number;
  templateId: string | null;
  passwords: Credential[];
  keys: Credential[];
  redirectUris: string[];
  requiredRoles: Array<{ resourceAppId: string; roleId: string }>;
  owners: OwnerRef[];
  reference: string | null;
  appRoles: AppRoleDef[];
}

export interface Assignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: 'ServicePrincipal' | 'Group' | 'User';
  principalName: string;
  resourceId: string;
  resourceName: string;
  createdAt: number;
}

export interface PermissionGrant {
  id: string;
  clientId: string;
  resourceId: string;
  scope: string;
}

export interface DirectoryAudit {
  id: string;
  at: number;
  activity: string;
  category: string;
  operationType: string;
  byUserId?: string;
  byApp?: { appId: string; spId: string; name: string };
  targetId: string;
  targetName: string;
  targetType: 'User' | 'Group' | 'Application' | 'ServicePrincipal';
}

export interface JiraUser {
  accountId: string;
  type: 'atlassian' | 'app' | 'customer';
  displayName: string;
  email: string | null;
  active: boolean;
  personId?: string;
  appKey?: string;
}

export interface JiraGroup {
  groupId: string;
  name: string;
  admin: boolean;
  memberIds: string[];
}

export interface RoleActor {
  id: number;
  user?: string;
  group?: string;
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  type: 'software' | 'business' | 'service_desk';
  leadId: string;
  schemeId: number;
  category: string;
  uuid: string;
  /** role id -> actors */
  roles: Record<string, RoleActor[]>;
  deskId?: string;
  requestTypes?: Array<{ id: string; name: string }>;
}

export interface PermissionScheme {
  id: number;
  name: string;
  description: string;
  grants: Array<{ id: number; permission: string; holder: { type: string; value?: string } }>;
}

export interface JiraAudit {
  id: number;
  at: number;
  summary: string;
  category: string;
  author: string;
  objectId: string;
  objectName: string;
  typeName: string;
  /** associatedItems: the user added to a group, the project a role belongs to, ... */
  associated?: Array<{ id: string; name: string; typeName: string }>;
}

export interface RuleComponent {
  kind: 'webhook' | 'email' | 'edit' | 'comment' | 'transition';
  url?: string;
  secretHeader?: boolean;
  credentialInUrl?: boolean;
  to?: string[];
}

export interface Rule {
  uuid: string;
  name: string;
  enabled: boolean;
  description: string;
  projectIds: string[];
  authorId: string;
  actorId: string;
  created: number;
  updated: number;
  trigger: 'created' | 'updated' | 'scheduled' | 'transitioned';
  components: RuleComponent[];
  labels: string[];
}

export interface Flow {
  name: string;
  displayName: string;
  state: 'Started' | 'Stopped';
  created: number;
  modified: number;
  creatorId: string;
  owners: Array<{ id: string; type: 'User' | 'Group'; role: 'Owner' | 'CanEdit' }>;
  trigger: 'jira' | 'recurrence' | 'sharepoint';
  projectKey?: string;
  connectionName?: string;
  httpUrl?: string;
  emailTo?: string;
  runs: number[];
}

export interface Connection {
  name: string;
  api: 'shared_jira' | 'shared_sharepointonline' | 'shared_office365' | 'shared_teams';
  ownerId: string;
  created: number;
  modified: number;
}

export interface AdoProject {
  id: string;
  name: string;
  description: string;
  revision: number;
  updated: number;
  endpoints: Array<{ id: string; name: string; type: string; url: string; authScheme: string; createdById: string }>;
}

export interface AdoHook {
  id: string;
  projectId: string;
  url: string;
  basicAuth: boolean;
  createdById: string;
  created: number;
  deliveries: number[];
}

export interface AdoPat {
  authorizationId: string;
  accessId: string;
  userId: string;
  displayName: string;
  scope: string;
  validFrom: number;
  validTo: number;
}

/** An Azure DevOps audit log entry of area Token (a PAT created, revoked or expired), as the audit log query returns it. */
export interface AdoTokenAudit {
  id: string;
  at: number;
  actionId: 'Token.PatCreateEvent' | 'Token.PatRevokeEvent' | 'Token.PatExpiredEvent';
  /** The acting user (the PAT's own user for create and revoke here); absent: the service (expiry). */
  actor?: { userId: string; upn: string; displayName: string };
  tokenName: string;
}

export interface TenantModel {
  seed: number;
  scale: number;
  at: number;
  org: { name: string; slug: string; domain: string; initialDomain: string; tenantId: string; cloudId: string; clientId: string; adoOrg: string; adoAccountId: string; envName: string; sitesHost: string };
  people: Person[];
  groups: EntraGroup[];
  sps: ServicePrincipal[];
  apps: Application[];
  assignments: Assignment[];
  grants: PermissionGrant[];
  directoryAudits: DirectoryAudit[];
  jiraUsers: JiraUser[];
  jiraGroups: JiraGroup[];
  schemes: PermissionScheme[];
  projects: JiraProject[];
  jiraAudits: JiraAudit[];
  rules: Rule[];
  flows: Flow[];
  connections: Connection[];
  adoProjects: AdoProject[];
  hooks: AdoHook[];
  pats: AdoPat[];
  /** The organization's audit log (90 days), token events only. */
  adoAudits: AdoTokenAudit[];
  /** Monotonic id sources that churn continues from (role actor ids, audit ids, project ids). */
  seq: { actor: number; audit: number; project: number; grant: number };
}

const GRAPH_ROLES: ReadonlyArray<[string, string, string]> = [
  ['Mail.Read', '810c84a8-4a9e-49e6-bf7d-12d183f40d01', 'Read mail in all mailboxes'],
  ['Mail.ReadWrite', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9', 'Read and write mail in all mailboxes'],
  ['Mail.Send', 'b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Send mail as any user'],
  ['Sites.Read.All', '332a536c-c7ef-4017-ab91-336970924f0d', 'Read items in all site collections'],
  ['Sites.ReadWrite.All', '9492366f-7969-46a4-8d15-ed1a20078fff', 'Read and write items in all site collections'],
  ['Sites.Manage.All', '0c0bf378-bf22-4481-8f81-9e89a9b4960a', 'Create, edit, and delete items and lists in all site collections'],
  ['Sites.FullControl.All', 'a82116e5-55eb-4c41-a434-62fe8a61c773', 'Have full control of all site collections'],
  ['Sites.Selected', '883ea226-0bf2-4a8f-9f9d-92c9162a727d', 'Access selected site collections'],
  ['Files.ReadWrite.All', '75359482-378d-4052-8f01-80520e7db3cd', 'Read and write files in all site collections'],
  ['User.Read.All', 'df021288-bdef-4463-88db-98f22de89214', "Read all users' full profiles"],
  ['User.ReadWrite.All', '741f803b-c850-494e-b5df-cde7c675a1ca', "Read and write all users' full profiles"],
  ['Group.Read.All', '5b567255-7703-4780-807c-7be8301ae99b', 'Read all groups'],
  ['GroupMember.Read.All', '98830695-27a2-44f7-8c18-0c3ebc9698f6', 'Read all group memberships'],
  ['Group.ReadWrite.All', '62a82d76-70ea-41e2-9197-370581804d09', 'Read and write all groups'],
  ['Directory.Read.All', '7ab1d382-f21e-4acd-a863-ba3e13f7da61', 'Read directory data'],
  ['Directory.ReadWrite.All', '19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Read and write directory data'],
  ['Application.Read.All', '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Read all applications'],
  ['Application.ReadWrite.All', '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Read and write all applications'],
  ['AuditLog.Read.All', 'b0afded3-3588-46d8-8b3d-9842eff778da', 'Read all audit log data'],
  ['Synchronization.Read.All', '5ba43d2f-fa88-4db2-bd1c-a67c5f0fb1ce', 'Read all Azure AD synchronization data.'],
  ['Calendars.Read', '798ee544-9d2d-430c-a058-570e29e34338', 'Read calendars in all mailboxes'],
];
const GRAPH_SCOPES: ReadonlyArray<[string, string, string]> = [
  ['User.Read', 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Sign in and read user profile'],
  ['offline_access', '7427e0e9-2fba-42fe-b0c0-848c9e6a8182', 'Maintain access to data you have given it access to'],
  ['openid', '37f7f235-527c-4136-accd-4a02d197296e', 'Sign users in'],
  ['profile', '14dad69e-099b-42c9-810b-d002981feec1', "View users' basic profile"],
];
const EXCHANGE_ROLES: ReadonlyArray<[string, string, string]> = [
  ['full_access_as_app', 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', 'Use Exchange Web Services with full access to all mailboxes'],
  ['Exchange.ManageAsApp', 'dc50a0fb-09a3-484d-be87-e023b12c6440', 'Manage Exchange As Application'],
];
const SHAREPOINT_ROLES: ReadonlyArray<[string, string, string]> = [
  ['Sites.FullControl.All', '678536fe-1083-478a-9c59-b99265e6b0d3', 'Have full control of all site collections'],
  ['Sites.Read.All', 'd13f72ca-a275-4b96-b789-48ebcc4da984', 'Read items in all site collections'],
  ['Sites.ReadWrite.All', 'fbcd29d2-fcca-4405-aded-518d457caae4', 'Read and write items in all site collections'],
  ['Sites.Selected', '20d37865-089c-4dee-8c41-6967602d4ac8', 'Access selected site collections'],
];
/** Graph application permissions apps commonly hold, most common first (read-only far more common than write). */
const COMMON_GRAPH_ROLES = ['User.Read.All', 'Directory.Read.All', 'Group.Read.All', 'Mail.Send', 'Sites.Read.All', 'Mail.Read', 'Calendars.Read', 'Files.ReadWrite.All', 'Sites.ReadWrite.All', 'GroupMember.Read.All', 'Application.Read.All', 'User.ReadWrite.All', 'Mail.ReadWrite', 'Sites.Selected', 'Directory.ReadWrite.All', 'AuditLog.Read.All', 'Group.ReadWrite.All', 'Application.ReadWrite.All', 'Sites.FullControl.All'];

const roleDefs = (rows: ReadonlyArray<[string, string, string]>, memberTypes: string[]): AppRoleDef[] => rows.map(([value, id, displayName]) => ({ id, value, displayName, memberTypes }));

export const JIRA_ROLES = {
  administrators: '10002',
  addons: '10003',
  member: '10100',
  viewer: '10101',
  deskTeam: '10102',
  deskCustomers: '10103',
} as const;

export const JIRA_ROLE_DEFS: ReadonlyArray<{ id: string; name: string; description: string }> = [
  { id: JIRA_ROLES.administrators, name: 'Administrators', description: 'A project role that represents administrators in a project' },
  { id: JIRA_ROLES.addons, name: 'atlassian-addons-project-access', description: 'A project role that represents Connect add-ons declaring a scope that requires more than read issue permissions' },
  { id: JIRA_ROLES.member, name: 'Member', description: 'Members of the project: can browse, create and work on issues' },
  { id: JIRA_ROLES.viewer, name: 'Viewer', description: 'Read-only access to the project' },
  { id: JIRA_ROLES.deskTeam, name: 'Service Desk Team', description: 'Members of the service desk team (agents)' },
  { id: JIRA_ROLES.deskCustomers, name: 'Service Desk Customers', description: 'Customers of the service desk' },
];

export const JIRA_SYSTEM_ACCOUNT = '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077';

const COMPANIES: ReadonlyArray<[string, string]> = [
  ['Grup Audiovisual Nord', 'gannord'],
  ['Vertice Media', 'verticemedia'],
  ['Alba Broadcast Group', 'albabroadcast'],
  ['Costa Sports Network', 'costasports'],
];

/** One Random per part of the model, so parts stay independent of each other's draws. */
export function streams(seed: number) {
  const cache = new Map<string, Random>();
  return (label: string): Random => {
    let r = cache.get(label);
    if (!r) {
      r = new Random(seed, label);
      cache.set(label, r);
    }
    return r;
  };
}

const accountId = (r: Random) => r.hex(24);
const descriptorFor = (r: Random) => `aad.${Buffer.from(`${r.hex(8)}-${r.uuid()}`).toString('base64url').slice(0, 48)}`;

export function newPerson(r: Random, index: number, kind: Person['kind'], domain: string, usedNicks: Map<string, number>, at: number): Person {
  const department = r.pick(DEPARTMENTS);
  let given: string | null = null;
  let surname: string | null = null;
  let displayName: string;
  let base: string;
  if (kind === 'member') {
    given = r.pick(GIVEN_NAMES);
    surname = r.pick(SURNAMES);
    displayName = `${given} ${surname}`;
    base = `${given}.${surname}`.toLowerCase();
  } else if (kind === 'shared') {
    const word = r.pick(['support', 'info', 'legal', 'finance', 'press', 'noc', 'rights', 'payroll', 'ceo', 'jobs', 'booking', 'studio']);
    displayName = `${word.charAt(0).toUpperCase()}${word.slice(1)} mailbox`;
    base = word;
  } else {
    const word = r.pick(['jira-sync', 'backup', 'reporting', 'ado-sync', 'scanner', 'etl', 'playout', 'ingest', 'deploy', 'monitor']);
    displayName = `svc-${word}`;
    base = `svc-${word}`;
  }
  const seen = usedNicks.get(base) ?? 0;
  usedNicks.set(base, seen + 1);
  const nick = seen === 0 ? base : `${base}${seen + 1}`;
  if (kind !== 'member' && seen > 0) displayName = `${displayName} ${seen + 1}`;
  const createdAt = at - r.int(30, 3650) * DAY_MS - r.int(0, 86_399) * 1000;
  const person: Person = {
    id: r.uuid(),
    kind,
    given,
    surname,
    displayName,
    nick,
    department,
    jobTitle: kind === 'member' ? `${r.pick(JOB_TITLES)}, ${department}` : kind === 'service' ? `Service account - ${department}` : null,
    office: kind === 'member' ? r.pick(OFFICES) : null,
    accountEnabled: kind !== 'shared',
    leaveAt: null,
    createdAt,
    lastSignIn: null,
    lastNonInteractive: null,
    signInRequestId: r.uuid(),
  };
  if (kind === 'member') {
    const dormantUser = r.chance(0.05);
    person.lastSignIn = at - (dormantUser ? r.int(31, 200) : r.int(0, 3)) * DAY_MS - r.int(0, 80_000) * 1000;
    person.lastNonInteractive = person.lastSignIn + r.int(0, 3600) * 1000;
    // A few percent have left: disabled with a leave date (most), leave date passed but not yet disabled, or disabled only.
    const roll = r.next();
    if (roll < 0.018) {
      person.accountEnabled = false;
      person.leaveAt = at - r.int(1, 60) * DAY_MS;
    } else if (roll < 0.0255) {
      person.leaveAt = at - r.int(0, 20) * DAY_MS;
    } else if (roll < 0.03) {
      person.accountEnabled = false;
    } else if (roll < 0.035) {
      person.leaveAt = at + r.int(5, 60) * DAY_MS; // a leave date ahead is not a departure
    }
    if (person.leaveAt !== null && person.leaveAt < at) person.lastSignIn = Math.min(person.lastSignIn, person.leaveAt - DAY_MS);
  } else if (kind === 'service') {
    person.lastNonInteractive = at - r.int(0, 45) * DAY_MS - r.int(0, 80_000) * 1000;
  }
  if (index < 0) person.createdAt = at - r.int(0, 1) * DAY_MS; // new hires (churn)
  return person;
}

function credential(r: Random, at: number, label: string): Credential {
  const roll = r.next();
  const start = at - r.int(30, 900) * DAY_MS;
  let end: number | null;
  if (roll < 0.05) end = at - r.int(1, 200) * DAY_MS; // expired
  else if (roll < 0.08) end = at + r.int(1, 29) * DAY_MS; // expiring soon
  else if (roll < 0.1) end = null; // no end date (only keyCredentials can omit it in practice; kept as a hygiene case)
  else end = at + r.int(31, 700) * DAY_MS;
  return { keyId: r.uuid(), displayName: label, start, end, hint: r.hex(3) };
}

export function buildModel(seed: number, scale: number): TenantModel {
  const rnd = streams(seed);
  const counts = countsFor(scale);
  const at = T1;
  const r0 = rnd('org');
  const [companyName, slug] = COMPANIES[seed % COMPANIES.length] as [string, string];
  const org = {
    name: companyName,
    slug,
    domain: `${slug}.tv`,
    initialDomain: `${slug}tv.onmicrosoft.com`,
    tenantId: r0.uuid(),
    cloudId: r0.uuid(),
    clientId: r0.uuid(),
    adoOrg: slug,
    adoAccountId: r0.uuid(),
    envName: '',
    sitesHost: `${slug}tv.sharepoint.com`,
  };
  org.envName = `Default-${org.tenantId}`;

  // Software vendors: the named ones and a long tail, so apps of one publisher stay few, as in a real tenant.
  const rv = rnd('vendors');
  const vendors: Array<[string, string]> = [...VENDORS];
  const vendorPool = Math.max(VENDORS.length, Math.round((counts.servicePrincipals * 0.1 + counts.jiraAppUsers) * 0.7));
  while (vendors.length < vendorPool) {
    const word = `${rv.pick(PROJECT_WORDS)}${rv.pick(['ly', 'io', 'hub', 'soft', 'works', 'stack', 'cloud', 'labs'])}`;
    vendors.push([`${word} ${vendors.length}`, `${word.toLowerCase()}${vendors.length}.com`]);
  }

  // People.
  const rp = rnd('people');
  const usedNicks = new Map<string, number>();
  const sharedCount = Math.max(1, Math.round(counts.users * 0.005));
  const serviceCount = Math.max(1, Math.round(counts.users * 0.003));
  const people: Person[] = [];
  for (let i = 0; i < counts.users; i++) {
    const kind = i < sharedCount ? 'shared' : i < sharedCount + serviceCount ? 'service' : 'member';
    people.push(newPerson(rp, i, kind, org.domain, usedNicks, at));
  }
  const members = people.filter((p) => p.kind === 'member');
  const activeMembers = members.filter((p) => p.accountEnabled && (p.leaveAt === null || p.leaveAt > at));
  for (const svc of people.filter((p) => p.kind === 'service')) svc.sponsorId = rp.pick(activeMembers).id;
  // Atlassian accounts: most members and some service accounts; SCIM deactivates most leavers.
  const ra = rnd('atlassian');
  for (const p of people) {
    if (p.kind === 'shared') continue;
    if (!ra.chance(p.kind === 'member' ? 0.9 : 0.6)) continue;
    const departed = !p.accountEnabled || (p.leaveAt !== null && p.leaveAt <= at);
    p.atlassian = { accountId: ra.chance(0.4) ? `712020:${ra.uuid()}` : accountId(ra), active: !(departed && !p.accountEnabled && ra.chance(0.7)) };
  }
  // Azure DevOps users: engineers first.
  const rado = rnd('ado-users');
  const engineers = members.filter((p) => p.department === 'Engineering' || p.department === 'Data & Analytics' || p.department === 'IT Operations');
  const adoPool = [...rado.sample(engineers, counts.adoUsers), ...people.filter((p) => p.kind === 'service')];
  for (const p of adoPool.slice(0, counts.adoUsers)) p.ado = { descriptor: descriptorFor(rado), id: rado.uuid() };

  // Entra groups: departments, the Atlassian provisioning group, then teams.
  const rg = rnd('groups');
  const groups: EntraGroup[] = [];
  const membersByDepartment = new Map<string, Person[]>();
  for (const p of members) {
    const list = membersByDepartment.get(p.department);
    if (list) list.push(p);
    else membersByDepartment.set(p.department, [p]);
  }
  for (const department of DEPARTMENTS) {
    groups.push({
      id: rg.uuid(),
      displayName: department,
      nick: department.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      description: `Everyone in ${department}.`,
      unified: true,
      createdAt: at - rg.int(400, 2500) * DAY_MS,
      memberIds: (membersByDepartment.get(department) ?? []).map((p) => p.id),
    });
  }
  const atlassianGroup: EntraGroup = {
    id: rg.uuid(),
    displayName: 'Atlassian Cloud Users',
    nick: 'atlassian-cloud-users',
    description: 'Users and groups provisioned to Atlassian Cloud by the Atlassian SCIM provisioner.',
    unified: false,
    createdAt: at - 900 * DAY_MS,
    memberIds: people.filter((p) => p.atlassian && (p.accountEnabled || p.leaveAt === null)).map((p) => p.id),
  };
  groups.push(atlassianGroup);
  while (groups.length < counts.entraGroups) {
    const department = rg.pick(DEPARTMENTS);
    const pool = membersByDepartment.get(department) ?? [];
    const size = rg.chance(0.05) ? rg.int(40, 150) : rg.int(3, 25);
    groups.push({
      id: rg.uuid(),
      displayName: `${department} - ${rg.pick(PROJECT_WORDS)} ${rg.pick(['Team', 'Squad', 'Working Group', 'Desk', 'Council'])} ${groups.length}`,
      nick: `grp-${groups.length}`,
      description: `Team group in ${department}.`,
      unified: rg.chance(0.6),
      createdAt: at - rg.int(10, 2000) * DAY_MS,
      memberIds: rg.sample(pool.length > 0 ? pool : members, size).map((p) => p.id),
    });
  }
  const ownerGroups = groups.filter((g) => g.memberIds.length > 0 && g.memberIds.length <= 60);

  const ownersFor = (r: Random, noneChance: number): OwnerRef[] => {
    if (r.chance(noneChance)) return [];
    if (r.chance(0.05) && ownerGroups.length > 0) return [{ type: 'group', id: r.pick(ownerGroups).id }];
    // Owners are drawn from all members, so a departed owner happens as often as people leave; a few apps belong
    // to someone who left only (an orphaned app).
    const pool = r.chance(0.02) ? members.filter((p) => !p.accountEnabled || (p.leaveAt !== null && p.leaveAt <= at)) : members;
    return r.sample(pool.length > 0 ? pool : members, r.int(1, 3)).map((p) => ({ type: 'user' as const, id: p.id }));
  };

  // Service principals and app registrations.
  const rs = rnd('service-principals');
  const sps: ServicePrincipal[] = [];
  const apps: Application[] = [];
  const microsoftSp = (displayName: string, appId: string, appRoles: AppRoleDef[], scopes: AppRoleDef[] = []): ServicePrincipal => ({
    id: rs.uuid(),
    appId,
    displayName,
    origin: 'microsoft',
    ownerOrg: rs.chance(0.9) ? MICROSOFT_TENANT : MICROSOFT_CORP_TENANT,
    appRoles,
    scopes,
    tags: [],
    replyUrls: [],
    homepage: null,
    publisher: null,
    templateId: null,
    description: null,
    enabled: true,
    owners: [],
    lastSignIn: null,
  });
  const graphSp = microsoftSp('Microsoft Graph', GRAPH_APP_ID, roleDefs(GRAPH_ROLES, ['Application']), roleDefs(GRAPH_SCOPES, []));
  const exchangeSp = microsoftSp('Office 365 Exchange Online', EXCHANGE_APP_ID, roleDefs(EXCHANGE_ROLES, ['Application']));
  const sharepointSp = microsoftSp('Office 365 SharePoint Online', SHAREPOINT_APP_ID, roleDefs(SHAREPOINT_ROLES, ['Application']));
  sps.push(graphSp, exchangeSp, sharepointSp);
  const homeCount = Math.max(1, counts.applications - Math.round(counts.applications * 0.025));
  const miCount = Math.round(counts.servicePrincipals * 0.02);
  const thirdCount = Math.max(1, Math.round(counts.servicePrincipals * 0.1));
  const microsoftCount = Math.max(3, counts.servicePrincipals - homeCount - miCount - thirdCount);
  const resourceCount = Math.min(25, Math.max(0, Math.round(microsoftCount * 0.02)));
  for (let i = 3; i < microsoftCount; i++) {
    const name = i - 3 < MICROSOFT_APP_NAMES.length ? (MICROSOFT_APP_NAMES[i - 3] as string) : `${rs.pick(MICROSOFT_WORDS)} ${rs.pick(MICROSOFT_WORDS)} ${rs.pick(MICROSOFT_SUFFIXES)} ${i}`;
    const roles = i - 3 < resourceCount ? Array.from({ length: rs.int(2, 6) }, (_, k) => ({ id: rs.uuid(), value: `${name.replace(/[^A-Za-z]/g, '')}.${['Read.All', 'ReadWrite.All', 'Manage.All', 'Send', 'Export.All', 'Admin'][k] ?? 'Use'}`, displayName: `${name} access ${k}`, memberTypes: ['Application'] })) : [];
    sps.push(microsoftSp(name, rs.uuid(), roles));
  }
  const resourceSps = sps.filter((sp) => sp.appRoles.length > 0);
  // Home-tenant app registrations and their service principals.
  const ra2 = rnd('applications');
  for (let i = 0; i < counts.applications; i++) {
    const purpose = ra2.pick(APP_PURPOSES);
    const gallery = ra2.chance(0.08);
    const vendor = ra2.pick(vendors);
    const displayName = gallery ? `${vendor[0].split(' ')[0]} ${purpose}` : `${org.name.split(' ')[0]} ${purpose} ${i + 1}`;
    const owners = ownersFor(ra2, 0.1);
    const passwords = Array.from({ length: ra2.chance(0.7) ? ra2.int(1, 2) : 0 }, (_, k) => credential(ra2, at, `${purpose.toLowerCase().replace(/\s+/g, '-')}-${k + 1}`));
    const keys = ra2.chance(0.15) ? [credential(ra2, at, 'CN=cert')] : [];
    const exposesApi = ra2.chance(0.05);
    const app: Application = {
      id: ra2.uuid(),
      appId: ra2.uuid(),
      displayName,
      createdAt: at - ra2.int(10, 2500) * DAY_MS,
      templateId: gallery ? ra2.uuid() : null,
      passwords,
      keys,
      redirectUris: ra2.chance(0.5) ? [`https://${gallery ? `app.${vendor[1]}` : `${purpose.toLowerCase().replace(/\s+/g, '')}.${org.domain}`}/auth/callback`] : [],
      requiredRoles: [],
      owners,
      reference: ra2.chance(0.3) ? `ITSM-${ra2.int(100, 999)}` : null,
      appRoles: exposesApi ? Array.from({ length: ra2.int(2, 4) }, (_, k) => ({ id: ra2.uuid(), value: `${purpose.replace(/\s+/g, '')}.${['Read', 'Write', 'Admin', 'Export'][k] ?? 'Use'}`, displayName: `${purpose} ${k}`, memberTypes: ['Application'] })) : [],
    };
    apps.push(app);
    if (i >= homeCount) continue; // a few registrations have no service principal in this tenant
    const provisioning = gallery && ra2.chance(0.4);
    sps.push({
      id: ra2.uuid(),
      appId: app.appId,
      displayName,
      origin: 'home',
      ownerOrg: org.tenantId,
      appRoles: app.appRoles,
      scopes: [],
      tags: gallery ? ['WindowsAzureActiveDirectoryIntegratedApp', 'WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1'] : ['WindowsAzureActiveDirectoryIntegratedApp'],
      replyUrls: app.redirectUris,
      homepage: gallery ? `https://www.${vendor[1]}/` : null,
      publisher: null,
      templateId: app.templateId,
      description: null,
      enabled: ra2.chance(0.97),
      owners: ra2.chance(0.8) ? owners : ownersFor(ra2, 0.3),
      lastSignIn: null,
      ...(provisioning ? { sync: { jobId: `${ra2.pick(['atlassianCloud', 'slack', 'workday', 'servicenow'])}.${org.tenantId.replace(/-/g, '')}.${ra2.hex(32)}`, state: ra2.chance(0.8) ? ('Active' as const) : ('Paused' as const), lastRun: at - ra2.int(0, 40) * DAY_MS - ra2.int(0, 3600) * 1000, entitled: ra2.int(10, Math.max(11, counts.users)) } } : {}),
    });
  }
  for (let i = 0; i < thirdCount; i++) {
    const vendor = rs.pick(vendors);
    sps.push({
      id: rs.uuid(),
      appId: rs.uuid(),
      displayName: `${vendor[0]} ${rs.pick(APP_PURPOSES)}`,
      origin: 'third',
      ownerOrg: rs.uuid(),
      appRoles: [],
      scopes: [],
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      replyUrls: [`https://app.${vendor[1]}/oauth/microsoft/callback`],
      homepage: `https://${vendor[1]}/`,
      publisher: rs.chance(0.6) ? { name: vendor[0], domain: vendor[1], id: String(rs.int(1_000_000, 9_999_999)) } : null,
      templateId: null,
      description: null,
      enabled: true,
      owners: ownersFor(rs, 0.7),
      lastSignIn: null,
    });
  }
  for (let i = 0; i < miCount; i++) {
    sps.push({
      id: rs.uuid(),
      appId: rs.uuid(),
      displayName: `mi-${rs.pick(PROJECT_WORDS).toLowerCase()}-${i}`,
      origin: 'mi',
      ownerOrg: MICROSOFT_TENANT,
      appRoles: [],
      scopes: [],
      tags: [],
      replyUrls: [],
      homepage: null,
      publisher: null,
      templateId: null,
      description: null,
      enabled: true,
      owners: [],
      lastSignIn: null,
    });
  }
  // Sign-in activity: most apps sign in daily; some are dormant; a few never signed in (no row).
  const rsi = rnd('sign-ins');
  for (const sp of sps) {
    if (rsi.chance(sp.origin === 'microsoft' ? 0.2 : 0.15)) continue;
    sp.lastSignIn = at - (rsi.chance(0.12) ? rsi.int(31, 300) : rsi.int(0, 6)) * DAY_MS - rsi.int(0, 80_000) * 1000;
  }

  // Application permissions (app role assignments): clients hold Graph roles; some Exchange/SharePoint/custom.
  const rr = rnd('assignments');
  const assignments: Assignment[] = [];
  const assign = (client: ServicePrincipal | { id: string; displayName: string; type: 'Group' | 'User' }, resource: ServicePrincipal, role: AppRoleDef) => {
    const isSp = 'origin' in client;
    assignments.push({
      id: rr.hex(43),
      appRoleId: role.id,
      principalId: client.id,
      principalType: isSp ? 'ServicePrincipal' : client.type,
      principalName: client.displayName,
      resourceId: resource.id,
      resourceName: resource.displayName,
      createdAt: at - rr.int(5, 1500) * DAY_MS,
    });
  };
  const clients = sps.filter((sp) => sp.origin === 'home' || sp.origin === 'third' || sp.origin === 'mi');
  const graphRoleByValue = new Map(graphSp.appRoles.map((role) => [role.value, role]));
  const customResources = sps.filter((sp) => sp.origin === 'home' && sp.appRoles.length > 0);
  for (const client of clients) {
    if (rr.chance(0.45)) {
      const k = rr.chance(0.7) ? 1 : rr.int(2, 4);
      const values = new Set<string>();
      while (values.size < k) values.add(COMMON_GRAPH_ROLES[Math.min(COMMON_GRAPH_ROLES.length - 1, Math.floor(rr.next() ** 2 * COMMON_GRAPH_ROLES.length))] as string);
      for (const value of values) assign(client, graphSp, graphRoleByValue.get(value) as AppRoleDef);
    }
    if (rr.chance(0.04)) assign(client, exchangeSp, rr.pick(exchangeSp.appRoles));
    if (rr.chance(0.06)) assign(client, sharepointSp, rr.pick(sharepointSp.appRoles));
    if (resourceSps.length > 3 && rr.chance(0.05)) {
      const resource = rr.pick(resourceSps.slice(3));
      assign(client, resource, rr.pick(resource.appRoles));
    }
    if (customResources.length > 0 && rr.chance(0.03)) {
      const resource = rr.pick(customResources);
      if (resource.id !== client.id) assign(client, resource, rr.pick(resource.appRoles));
    }
  }
  // User/group assignments to enterprise apps (access to the app, not reach of the app), e.g. the SCIM group.
  for (const sp of sps.filter((s) => s.origin === 'home' && s.templateId)) {
    const userRole = { id: rr.uuid(), value: 'User', displayName: 'User', memberTypes: ['User'] };
    sp.appRoles = [...sp.appRoles, userRole];
    const group = sp.sync && sp.displayName.startsWith('Atlassian') ? atlassianGroup : rr.pick(groups);
    assign({ id: group.id, displayName: group.displayName, type: 'Group' }, sp, userRole);
  }
  const spByAppId = new Map(sps.map((sp) => [sp.appId, sp]));
  const graphRolesOf = new Map<string, string[]>();
  for (const a of assignments) {
    if (a.resourceId !== graphSp.id) continue;
    const list = graphRolesOf.get(a.principalId);
    if (list) list.push(a.appRoleId);
    else graphRolesOf.set(a.principalId, [a.appRoleId]);
  }
  for (const app of apps) {
    const sp = spByAppId.get(app.appId);
    if (!sp) continue;
    app.requiredRoles = (graphRolesOf.get(sp.id) ?? []).map((roleId) => ({ resourceAppId: GRAPH_APP_ID, roleId }));
  }
  // Delegated consents (oauth2PermissionGrants), admin-consented for all principals.
  const grants: PermissionGrant[] = [];
  for (const client of clients.filter((c) => c.origin !== 'mi')) {
    if (!rr.chance(0.4)) continue;
    grants.push({ id: rr.hex(43), clientId: client.id, resourceId: graphSp.id, scope: rr.chance(0.7) ? 'User.Read' : 'User.Read offline_access openid profile' });
  }

  // Directory audits (30 days): mostly people, a share initiated by apps.
  const rd = rnd('directory-audits');
  const directoryAudits: DirectoryAudit[] = [];
  const appActors = clients.filter((c) => c.origin !== 'third').slice(0, Math.max(1, Math.round(clients.length * 0.3)));
  const admins = rd.sample(activeMembers.filter((p) => p.department === 'IT Operations' || p.department === 'IT Security'), 12);
  for (let i = 0; i < counts.directoryAuditsPerMonth; i++) directoryAudits.push(directoryAudit(rd, at - rd.next() * 30 * DAY_MS, people, groups, appActors, admins.length > 0 ? admins : activeMembers));
  directoryAudits.sort((a, b) => b.at - a.at);

  // Jira users: people's accounts, app users, portal customers.
  const rj = rnd('jira-users');
  const jiraUsers: JiraUser[] = [];
  for (const p of people) {
    if (!p.atlassian) continue;
    jiraUsers.push({ accountId: p.atlassian.accountId, type: 'atlassian', displayName: p.displayName, email: `${p.nick}@${org.domain}`, active: p.atlassian.active, personId: p.id });
  }
  jiraUsers.push({ accountId: JIRA_SYSTEM_ACCOUNT, type: 'app', displayName: 'Jira System Account', email: null, active: true });
  for (let i = 0; i < counts.jiraAppUsers; i++) {
    const vendor = rj.pick(vendors);
    jiraUsers.push({ accountId: accountId(rj), type: 'app', displayName: `${vendor[0].split(' ')[0]} ${rj.pick(['Addon', 'for Jira', 'Connector', 'Sync'])} ${i + 1}`, email: null, active: rj.chance(0.95), appKey: `${vendor[1].split('.').reverse().join('.')}.jira-${i + 1}` });
  }
  for (let i = 0; i < counts.jiraCustomers; i++) {
    const vendor = rj.pick(vendors);
    jiraUsers.push({ accountId: `qm:${rj.uuid()}:${rj.uuid()}`, type: 'customer', displayName: `${rj.pick(GIVEN_NAMES)} ${rj.pick(SURNAMES)} (${vendor[0]})`, email: `contact${i}@${vendor[1]}`, active: true });
  }
  const jiraPeople = jiraUsers.filter((u) => u.type === 'atlassian');
  const activeJiraPeople = jiraPeople.filter((u) => u.active);
  const appUsers = jiraUsers.filter((u) => u.type === 'app' && u.accountId !== JIRA_SYSTEM_ACCOUNT);

  // Jira groups: admin groups, product access, departments, teams.
  const rjg = rnd('jira-groups');
  const accountOf = new Map(people.filter((p) => p.atlassian).map((p) => [p.id, p.atlassian?.accountId as string]));
  const jiraAdmins = rjg.sample(activeJiraPeople, Math.max(2, Math.round(activeJiraPeople.length * 0.002)));
  const serviceAdmins = jiraPeople.filter((u) => u.displayName.startsWith('svc-')).slice(0, 2);
  const jiraGroups: JiraGroup[] = [
    { groupId: rjg.uuid(), name: 'site-admins', admin: true, memberIds: jiraAdmins.slice(0, Math.max(1, Math.ceil(jiraAdmins.length / 2))).map((u) => u.accountId) },
    { groupId: rjg.uuid(), name: `jira-admins-${slug}`, admin: true, memberIds: [...jiraAdmins, ...serviceAdmins].map((u) => u.accountId) },
    { groupId: rjg.uuid(), name: `jira-software-users-${slug}`, admin: false, memberIds: jiraPeople.filter(() => rjg.chance(0.92)).map((u) => u.accountId) },
    { groupId: rjg.uuid(), name: `jira-servicemanagement-users-${slug}`, admin: false, memberIds: rjg.sample(jiraPeople, Math.round(jiraPeople.length * 0.05)).map((u) => u.accountId) },
  ];
  for (const department of DEPARTMENTS) {
    jiraGroups.push({ groupId: rjg.uuid(), name: department.toLowerCase().replace(/[^a-z0-9]+/g, '-'), admin: false, memberIds: people.filter((p) => p.department === department && p.atlassian).map((p) => accountOf.get(p.id) as string) });
  }
  for (let i = 0; i < counts.jiraTeamGroups; i++) {
    jiraGroups.push({ groupId: rjg.uuid(), name: `${rjg.pick(PROJECT_WORDS).toLowerCase()}-team-${i + 1}`, admin: false, memberIds: rjg.sample(jiraPeople, rjg.int(3, 40)).map((u) => u.accountId) });
  }
  const teamGroups = jiraGroups.slice(4);

  // Permission schemes.
  let grantId = 10400;
  const scheme = (id: number, name: string, description: string, rows: Array<[string, string, string?]>): PermissionScheme => ({
    id,
    name,
    description,
    grants: rows.map(([permission, type, value]) => ({ id: grantId++, permission, holder: value === undefined ? { type } : { type, value } })),
  });
  const roleRows = (roles: string[], permissions: string[]) => permissions.flatMap((p) => roles.map((role) => [p, 'projectRole', role] as [string, string, string]));
  const admin = JIRA_ROLES.administrators;
  const schemes: PermissionScheme[] = [
    scheme(10000, 'Default Permission Scheme', 'This is the default Permission Scheme. Any new projects that are created will be assigned this scheme.', [
      ['ADMINISTER_PROJECTS', 'projectRole', admin],
      ...['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'ASSIGN_ISSUES', 'ADD_COMMENTS'].map((p) => [p, 'applicationRole', 'jira-software'] as [string, string, string]),
      ['DELETE_ISSUES', 'projectRole', admin],
    ]),
    scheme(10100, `${companyName} Internal Permission Scheme`, 'Internal projects: access through project roles only.', [
      ['ADMINISTER_PROJECTS', 'projectRole', admin],
      ...roleRows([admin, JIRA_ROLES.member, JIRA_ROLES.viewer, JIRA_ROLES.addons], ['BROWSE_PROJECTS']),
      ...roleRows([admin, JIRA_ROLES.member, JIRA_ROLES.addons], ['CREATE_ISSUES', 'EDIT_ISSUES', 'ADD_COMMENTS']),
      ['DELETE_ISSUES', 'projectRole', admin],
    ]),
    scheme(10101, `${companyName} Restricted Permission Scheme`, 'Restricted projects: named members only, no viewer role, no Connect apps.', [
      ['ADMINISTER_PROJECTS', 'projectRole', admin],
      ...roleRows([admin, JIRA_ROLES.member], ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'ADD_COMMENTS']),
      ['BROWSE_PROJECTS', 'projectLead'],
      ['DELETE_ISSUES', 'projectRole', admin],
    ]),
    scheme(10102, `${companyName} Service Desk Scheme`, 'Service desks: agents and customers.', [
      ['ADMINISTER_PROJECTS', 'projectRole', admin],
      ...roleRows([admin, JIRA_ROLES.deskTeam, JIRA_ROLES.addons], ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'ADD_COMMENTS']),
      ['BROWSE_PROJECTS', 'projectRole', JIRA_ROLES.deskCustomers],
    ]),
    scheme(10103, `${companyName} Department Permission Scheme`, 'Department projects: the department group and the project roles.', [
      ['ADMINISTER_PROJECTS', 'projectRole', admin],
      ...roleRows([admin, JIRA_ROLES.member, JIRA_ROLES.addons], ['BROWSE_PROJECTS', 'EDIT_ISSUES']),
      ['BROWSE_PROJECTS', 'group', (jiraGroups[4] as JiraGroup).groupId],
      ['BROWSE_PROJECTS', 'user', (jiraAdmins[0] as JiraUser).accountId],
    ]),
  ];

  // Projects with their roles.
  const rpj = rnd('projects');
  const seq = { actor: 10500, audit: 20000, project: 10010, grant: grantId };
  const projects: JiraProject[] = [];
  const usedKeys = new Set<string>();
  let deskId = 1;
  for (let i = 0; i < counts.projects; i++) projects.push(newProject(rpj, seq, usedKeys, activeJiraPeople, teamGroups, appUsers, () => String(deskId++), at));

  // Jira audit records (90 days): admins, app users (some dormant), automation changes.
  const rja = rnd('jira-audits');
  const jiraAudits: JiraAudit[] = [];
  const dormantApps = new Set(rja.sample(appUsers, Math.round(appUsers.length * 0.3)).map((u) => u.accountId));
  const auditAuthors = [...jiraAdmins.map((u) => u.accountId), ...serviceAdmins.map((u) => u.accountId)];
  const activeApps = appUsers.filter((u) => !dormantApps.has(u.accountId)).map((u) => u.accountId);
  for (let i = 0; i < counts.jiraAuditsPer90Days; i++) jiraAudits.push(jiraAudit(rja, seq, at - rja.next() * 90 * DAY_MS, auditAuthors, activeApps, projects, jiraPeople, true, jiraGroups));
  for (const dormant of dormantApps) jiraAudits.push(jiraAudit(rja, seq, at - rja.int(95, 300) * DAY_MS, [dormant], [], projects, jiraPeople));
  jiraAudits.sort((a, b) => b.at - a.at);

  // Automation rules.
  const rru = rnd('rules');
  const authors = rru.sample(jiraPeople, Math.max(3, Math.round(jiraPeople.length * 0.04)));
  const rules: Rule[] = [];
  for (let i = 0; i < counts.rules; i++) rules.push(newRule(rru, i, projects, authors, org.domain, at));

  // Power Automate flows and connections.
  const rf = rnd('flows');
  const makers = rf.sample(members, Math.max(2, Math.round(counts.flows * 0.6)));
  const connections: Connection[] = [];
  const apis: Connection['api'][] = ['shared_jira', 'shared_sharepointonline', 'shared_office365', 'shared_teams'];
  for (let i = 0; i < counts.connections; i++) {
    const api = apis[i % apis.length] as Connection['api'];
    const created = at - rf.int(10, 800) * DAY_MS;
    connections.push({ name: `${api.replace('_', '-').slice(0, 20)}-${rf.uuid()}`, api, ownerId: rf.pick(makers).id, created, modified: created + rf.int(0, 5) * DAY_MS });
  }
  const flows: Flow[] = [];
  for (let i = 0; i < counts.flows; i++) flows.push(newFlow(rf, i, makers, ownerGroups, connections, projects, org.domain, at));

  // Azure DevOps.
  const rad = rnd('ado');
  const adoMembers = people.filter((p) => p.ado);
  const adoProjects: AdoProject[] = [];
  for (let i = 0; i < counts.adoProjects; i++) {
    const name = `${rad.pick(PROJECT_WORDS).toLowerCase()}-${rad.pick(['platform', 'tools', 'services', 'apps', 'pipelines'])}-${i + 1}`;
    adoProjects.push({
      id: rad.uuid(),
      name,
      description: `${name} source code and pipelines.`,
      revision: rad.int(5, 900),
      updated: at - rad.int(1, 400) * DAY_MS,
      endpoints: Array.from({ length: rad.chance(0.4) ? rad.int(1, 3) : 0 }, (_, k) => ({
        id: rad.uuid(),
        name: `${name}-conn-${k + 1}`,
        type: rad.pick(['azurerm', 'github', 'generic', 'dockerregistry']),
        url: rad.pick(['https://management.azure.com/', 'https://api.github.com', `https://registry.${org.domain}`, `https://${rad.pick(EXTERNAL_HOSTS)}`]),
        authScheme: rad.pick(['ServicePrincipal', 'Token', 'UsernamePassword', 'WorkloadIdentityFederation']),
        createdById: rad.pick(adoMembers).id,
      })),
    });
  }
  const hooks: AdoHook[] = [];
  for (let i = 0; i < counts.hooks; i++) {
    const created = at - rad.int(10, 700) * DAY_MS;
    hooks.push({
      id: rad.uuid(),
      projectId: rad.pick(adoProjects).id,
      url: rad.chance(0.3) ? `https://hooks.${org.domain}/ado/${i}` : `https://${rad.pick(EXTERNAL_HOSTS)}/api/webhooks/ado/${i}`,
      basicAuth: rad.chance(0.6),
      createdById: rad.pick(adoMembers).id,
      created,
      deliveries: rad.chance(0.7) ? Array.from({ length: rad.int(1, 5) }, () => at - rad.next() * 30 * DAY_MS).sort((a, b) => b - a) : [],
    });
  }
  const pats: AdoPat[] = [];
  for (const p of adoMembers) {
    if (!rad.chance(p.kind === 'service' ? 0.9 : 0.25)) continue;
    for (let k = rad.int(1, 2); k > 0; k--) pats.push(newPat(rad, p, at));
  }

  return {
    seed,
    scale,
    at,
    org,
    people,
    groups,
    sps,
    apps,
    assignments,
    grants,
    directoryAudits,
    jiraUsers,
    jiraGroups,
    schemes,
    projects,
    jiraAudits,
    rules,
    flows,
    connections,
    adoProjects,
    hooks,
    pats,
    adoAudits: [],
    seq,
  };
}

export function newPat(r: Random, person: Person, at: number): AdoPat {
  const validFrom = at - r.int(1, 300) * DAY_MS;
  return {
    authorizationId: r.uuid(),
    accessId: r.uuid(),
    userId: person.ado?.id ?? r.uuid(),
    displayName: r.pick(['jira-sync', 'build', 'cli', 'backup', 'reporting', 'migration']),
    scope: r.chance(0.15) ? 'app_token' : r.sample(['vso.work_write', 'vso.code', 'vso.build_execute', 'vso.packaging', 'vso.release', 'vso.work'], r.int(1, 3)).join(' '),
    validFrom,
    validTo: validFrom + r.int(30, 365) * DAY_MS,
  };
}

export function directoryAudit(r: Random, at: number, people: readonly Person[], groups: readonly EntraGroup[], appActors: readonly ServicePrincipal[], admins: readonly Person[]): DirectoryAudit {
  const byApp = appActors.length > 0 && r.chance(0.2) ? r.pick(appActors) : undefined;
  const target = r.chance(0.5) ? r.pick(people) : undefined;
  const group = target ? undefined : r.pick(groups);
  const activity = target ? r.pick(['Update user', 'Add member to group', 'Reset password', 'Update user', 'Disable account']) : r.pick(['Add member to group', 'Remove member from group', 'Update group']);
  return {
    id: `Directory_${r.uuid()}_${r.hex(5).toUpperCase()}_${r.int(10_000_000, 99_999_999)}`,
    at,
    activity,
    category: target && activity !== 'Add member to group' ? 'UserManagement' : 'GroupManagement',
    operationType: activity.startsWith('Add') ? 'Assign' : activity.startsWith('Remove') ? 'Unassign' : 'Update',
    ...(byApp ? { byApp: { appId: byApp.appId, spId: byApp.id, name: byApp.displayName } } : { byUserId: r.pick(admins).id }),
    targetId: target?.id ?? (group as EntraGroup).id,
    targetName: target?.displayName ?? (group as EntraGroup).displayName,
    targetType: target ? 'User' : 'Group',
  };
}

/**
 * A background audit record. `accessChanges` false leaves out role and group-membership records: a resync's day of
 * log gets those from the changes churn.ts actually makes (the log records what happened, not noise).
 */
export function jiraAudit(
  r: Random,
  seq: TenantModel['seq'],
  at: number,
  authors: readonly string[],
  apps: readonly string[],
  projects: readonly JiraProject[],
  users: readonly JiraUser[],
  accessChanges = true,
  groups: ReadonlyArray<{ groupId: string; name: string }> = [],
): JiraAudit {
  const byApp = apps.length > 0 && r.chance(0.25);
  const author = byApp ? r.pick(apps) : r.pick(authors);
  const kind = accessChanges ? r.int(0, 4) : r.int(2, 4);
  const project = r.pick(projects);
  const user = r.pick(users);
  const base = { id: seq.audit++, at, author };
  if (kind === 0) return { ...base, summary: 'Project roles changed', category: 'projects', objectId: project.id, objectName: project.name, typeName: 'PROJECT' };
  if (kind === 1) {
    // As Jira logs it: the group is the object, the user an associated item.
    const group = groups.length > 0 ? r.pick(groups) : { groupId: 'unknown', name: 'jira-users' };
    return { ...base, summary: 'User added to group', category: 'group management', objectId: group.groupId, objectName: group.name, typeName: 'GROUP', associated: [{ id: user.accountId, name: user.displayName, typeName: 'USER' }] };
  }
  if (kind === 2) return { ...base, summary: 'Custom field updated', category: 'fields', objectId: `customfield_${r.int(10000, 10999)}`, objectName: 'Custom field', typeName: 'CUSTOM_FIELD' };
  if (kind === 3) return { ...base, summary: 'Workflow updated', category: 'workflows', objectId: String(r.int(10000, 19999)), objectName: `${project.key} workflow`, typeName: 'WORKFLOW' };
  return { ...base, summary: 'Automation rule updated', category: 'automation', objectId: r.uuid(), objectName: 'Automation rule', typeName: 'AUTOMATION_RULE' };
}

export function newProject(
  r: Random,
  seq: TenantModel['seq'],
  usedKeys: Set<string>,
  people: readonly JiraUser[],
  teamGroups: readonly JiraGroup[],
  appUsers: readonly JiraUser[],
  nextDeskId: () => string,
  at: number,
): JiraProject {
  const word = r.pick(PROJECT_WORDS);
  let key = word.slice(0, r.int(3, Math.min(6, word.length))).toUpperCase();
  for (let n = 2; usedKeys.has(key); n++) key = `${word.slice(0, 4).toUpperCase()}${n}`;
  usedKeys.add(key);
  const roll = r.next();
  const type: JiraProject['type'] = roll < 0.1 ? 'service_desk' : roll < 0.2 ? 'business' : 'software';
  const schemeId = type === 'service_desk' ? 10102 : r.pick([10000, 10100, 10100, 10100, 10101, 10103]);
  const lead = r.pick(people);
  const actor = (user?: string, group?: string): RoleActor => ({ id: seq.actor++, ...(user ? { user } : {}), ...(group ? { group } : {}) });
  const roles: Record<string, RoleActor[]> = {
    [JIRA_ROLES.administrators]: [actor(lead.accountId), ...r.sample(people, r.int(0, 2)).map((u) => actor(u.accountId))],
  };
  const addons = [actor(JIRA_SYSTEM_ACCOUNT), ...(schemeId === 10101 ? [] : r.sample(appUsers, r.chance(0.4) ? r.int(1, 2) : 0).map((u) => actor(u.accountId)))];
  if (type === 'service_desk') {
    roles[JIRA_ROLES.deskTeam] = [...r.sample(teamGroups, r.int(1, 2)).map((g) => actor(undefined, g.groupId)), ...r.sample(people, r.int(0, 4)).map((u) => actor(u.accountId))];
    roles[JIRA_ROLES.deskCustomers] = [];
  } else {
    roles[JIRA_ROLES.member] = [...r.sample(teamGroups, r.int(1, 3)).map((g) => actor(undefined, g.groupId)), ...r.sample(people, r.int(0, 5)).map((u) => actor(u.accountId))];
    roles[JIRA_ROLES.viewer] = r.sample(teamGroups, r.int(0, 2)).map((g) => actor(undefined, g.groupId));
  }
  roles[JIRA_ROLES.addons] = addons;
  const id = String(seq.project++);
  const project: JiraProject = {
    id,
    key,
    name: `${word} ${r.pick(['Programme', 'Tracker', 'Operations', 'Platform', 'Requests', 'Delivery', 'Planning'])} ${key}`,
    type,
    leadId: lead.accountId,
    schemeId,
    category: r.pick(['Media Rights', 'Production', 'Technology', 'Corporate', 'Operations']),
    uuid: r.uuid(),
    roles,
  };
  if (type === 'service_desk') {
    project.deskId = nextDeskId();
    project.requestTypes = Array.from({ length: r.int(3, 8) }, (_, k) => ({ id: String(10 + k), name: r.pick(['Get IT help', 'Request new software', 'Report a security finding', 'Access request', 'Report an incident', 'Change request', 'Onboard a new hire']) }));
  }
  void at;
  return project;
}

export function newRule(r: Random, index: number, projects: readonly JiraProject[], authors: readonly JiraUser[], domain: string, at: number): Rule {
  const created = at - r.int(1, 900) * DAY_MS - r.int(0, 86_399) * 1000;
  const components: RuleComponent[] = [];
  const roll = r.next();
  if (roll < 0.12) {
    // Web request to an outside host; about half send a credential (secret header or a signed URL).
    const auth = r.next();
    components.push({ kind: 'webhook', url: `https://${r.pick(EXTERNAL_HOSTS)}/v1/${r.pick(['events', 'ingest', 'notify', 'tickets'])}/${r.hex(8)}`, secretHeader: auth < 0.4, credentialInUrl: auth >= 0.4 && auth < 0.55 });
  } else if (roll < 0.17) {
    components.push({ kind: 'webhook', url: `https://${r.pick(['reports', 'hooks', 'api'])}.${domain}/v2/${r.pick(['sprint-reports', 'events', 'sync'])}`, secretHeader: r.chance(0.8) });
  }
  if (r.chance(0.3)) components.push({ kind: 'email', to: [r.chance(0.9) ? `${r.pick(['legal', 'support', 'engineering', 'finance', 'ops'])}@${domain}` : `${r.pick(['partner', 'agency', 'vendor'])}@${r.pick(EXTERNAL_HOSTS).split('.').slice(-2).join('.')}`] });
  components.push({ kind: r.pick(['edit', 'comment', 'transition'] as const) });
  const scope = r.chance(0.05) ? r.sample(projects, r.int(2, 4)) : [r.pick(projects)];
  return {
    uuid: r.uuid7(created * 1),
    name: `${r.pick(['Auto-assign', 'Notify', 'Escalate', 'Sync', 'Close stale', 'Label', 'Report', 'Remind'])} ${r.pick(['issues', 'incidents', 'requests', 'deals', 'bugs', 'tasks'])} ${index + 1}`,
    enabled: r.chance(0.9),
    description: 'Generated automation rule.',
    projectIds: scope.map((p) => p.id),
    authorId: r.pick(authors).accountId,
    actorId: r.chance(0.9) ? JIRA_SYSTEM_ACCOUNT : r.pick(authors).accountId,
    created,
    updated: created + r.int(0, 200) * DAY_MS,
    trigger: r.pick(['created', 'updated', 'scheduled', 'transitioned'] as const),
    components,
    labels: r.sample(['integration', 'reporting', 'itsm', 'legal', 'broadcast', 'engineering'], r.int(0, 2)),
  };
}

export function newFlow(r: Random, index: number, makers: readonly Person[], groups: readonly EntraGroup[], connections: readonly Connection[], projects: readonly JiraProject[], domain: string, at: number): Flow {
  const maker = r.pick(makers);
  const created = at - r.int(5, 700) * DAY_MS;
  const trigger = r.pick(['jira', 'recurrence', 'sharepoint'] as const);
  const jiraConnections = connections.filter((c) => c.api === 'shared_jira');
  const connection = trigger === 'jira' && jiraConnections.length > 0 ? r.pick(jiraConnections) : r.pick(connections);
  const owners: Flow['owners'] = [{ id: maker.id, type: 'User', role: 'Owner' }];
  if (groups.length > 0 && r.chance(0.2)) owners.push({ id: r.pick(groups).id, type: 'Group', role: 'CanEdit' });
  if (r.chance(0.15)) owners.push({ id: r.pick(makers).id, type: 'User', role: 'CanEdit' });
  const dormant = r.chance(0.15);
  return {
    name: r.uuid(),
    displayName: `${r.pick(['Sync', 'Digest', 'Notify', 'Archive', 'Escalate', 'Collect'])} ${r.pick(PROJECT_WORDS)} ${index + 1}`,
    state: r.chance(0.9) ? 'Started' : 'Stopped',
    created,
    modified: created + r.int(0, 100) * DAY_MS,
    creatorId: maker.id,
    owners,
    trigger,
    ...(trigger === 'jira' ? { projectKey: r.pick(projects).key } : {}),
    connectionName: connection.name,
    ...(r.chance(0.25) ? { httpUrl: r.chance(0.6) ? `https://prod-${r.int(1, 200)}.westeurope.logic.azure.com:443/workflows/${r.hex(32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${r.hex(43)}` : `https://${r.pick(EXTERNAL_HOSTS)}/flows/${r.hex(8)}` } : {}),
    ...(r.chance(0.3) ? { emailTo: `${r.pick(['team', 'legal', 'ops', 'finance'])}@${domain}` } : {}),
    runs: dormant ? [] : Array.from({ length: r.int(1, 8) }, () => at - r.next() * 20 * DAY_MS).sort((a, b) => b - a),
  };
}
