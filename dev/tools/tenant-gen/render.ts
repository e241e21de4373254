/**
 * Renders one state of the synthetic organisation (model.ts) as a sync folder of the tenant format
 * (docs/tenant-format.md): graph.json, jira.json, automation.json, powerautomate.json, azuredevops.json and sync.json.
 * Object shapes follow test/fixtures/tenants/mediapro path by path; every value derived here (request ids,
 * correlation ids, component ids) is a hash of the object it belongs to, so rendering is deterministic.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JsonObjectWriter } from './json-writer';
import { hash32, isoSeconds, jiraTime } from './random';
import {
  GRAPH_APP_ID,
  JIRA_ROLE_DEFS,
  type AppRoleDef,
  type Application,
  type Credential,
  type DirectoryAudit,
  type Flow,
  type OwnerRef,
  type Person,
  type Rule,
  type RuleComponent,
  type ServicePrincipal,
  type TenantModel,
} from './model';

/** A GUID-shaped value derived from text (stable across runs). */
export function pseudoUuid(text: string): string {
  const h = [0, 1, 2, 3].map((i) => hash32(`${i}:${text}`).toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const iso = (ms: number | null) => (ms === null ? null : isoSeconds(ms));
const date = (ms: number) => `${new Date(ms).toISOString().slice(0, 10)}T00:00:00Z`;
const mailOf = (p: Person, model: TenantModel) => `${p.nick}@${model.org.domain}`;

export interface FileInfo {
  bytes: number;
  sha256: string;
}

export function renderSync(model: TenantModel, dir: string): Record<string, FileInfo> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'sync.json'), `${JSON.stringify({ at: isoSeconds(model.at) }, null, 2)}\n`);
  return {
    'graph.json': renderGraph(model, path.join(dir, 'graph.json')),
    'jira.json': renderJira(model, path.join(dir, 'jira.json')),
    'automation.json': renderAutomation(model, path.join(dir, 'automation.json')),
    'powerautomate.json': renderPowerAutomate(model, path.join(dir, 'powerautomate.json')),
    'azuredevops.json': renderAzureDevOps(model, path.join(dir, 'azuredevops.json')),
  };
}

// ---------------------------------------------------------------------------------------------------------- graph

function userObject(p: Person, model: TenantModel): Record<string, unknown> {
  const mail = mailOf(p, model);
  const signIn =
    p.kind === 'shared' || (p.lastSignIn === null && p.lastNonInteractive === null)
      ? null
      : {
          lastSignInDateTime: iso(p.lastSignIn),
          lastSignInRequestId: p.lastSignIn === null ? null : pseudoUuid(`si:${p.id}:${p.lastSignIn}`),
          lastNonInteractiveSignInDateTime: iso(p.lastNonInteractive),
          lastNonInteractiveSignInRequestId: p.lastNonInteractive === null ? null : pseudoUuid(`ni:${p.id}:${p.lastNonInteractive}`),
          lastSuccessfulSignInDateTime: iso(Math.max(p.lastSignIn ?? 0, p.lastNonInteractive ?? 0)),
          lastSuccessfulSignInRequestId: pseudoUuid(`ok:${p.id}:${Math.max(p.lastSignIn ?? 0, p.lastNonInteractive ?? 0)}`),
        };
  return {
    id: p.id,
    displayName: p.displayName,
    givenName: p.given,
    surname: p.surname,
    userPrincipalName: mail,
    mail,
    mailNickname: p.nick,
    otherMails: [],
    proxyAddresses: [`SMTP:${mail}`],
    jobTitle: p.jobTitle,
    department: p.kind === 'shared' ? null : p.department,
    companyName: model.org.name,
    officeLocation: p.office,
    usageLocation: 'ES',
    preferredLanguage: 'es-ES',
    businessPhones: [],
    mobilePhone: null,
    accountEnabled: p.accountEnabled,
    userType: 'Member',
    createdDateTime: iso(p.createdAt),
    employeeType: p.kind === 'service' ? 'Service account' : null,
    employeeHireDate: p.kind === 'member' ? date(p.createdAt) : null,
    employeeLeaveDateTime: p.leaveAt === null ? null : date(p.leaveAt),
    onPremisesSyncEnabled: null,
    signInActivity: signIn,
  };
}

function directoryObject(ref: OwnerRef, people: ReadonlyMap<string, Person>, groups: ReadonlyMap<string, { displayName: string; nick: string; unified: boolean }>, model: TenantModel): Record<string, unknown> | undefined {
  if (ref.type === 'user') {
    const p = people.get(ref.id);
    if (!p) return undefined;
    return { '@odata.type': '#microsoft.graph.user', id: p.id, displayName: p.displayName, userPrincipalName: mailOf(p, model), mail: mailOf(p, model) };
  }
  const g = groups.get(ref.id);
  if (!g) return undefined;
  return { '@odata.type': '#microsoft.graph.group', id: ref.id, displayName: g.displayName, mail: g.unified ? `${g.nick}@${model.org.domain}` : null };
}

function appRoleObjects(roles: readonly AppRoleDef[]): unknown[] {
  return roles.map((role) => ({
    allowedMemberTypes: role.memberTypes,
    description: role.displayName,
    displayName: role.displayName,
    id: role.id,
    isEnabled: true,
    origin: 'Application',
    value: role.value === 'User' ? null : role.value,
  }));
}

function servicePrincipalObject(sp: ServicePrincipal): Record<string, unknown> {
  const home = sp.origin === 'home';
  return {
    id: sp.id,
    appId: sp.appId,
    displayName: sp.displayName,
    appDisplayName: sp.displayName,
    appDescription: null,
    description: sp.description,
    servicePrincipalType: sp.origin === 'mi' ? 'ManagedIdentity' : 'Application',
    appOwnerOrganizationId: sp.ownerOrg,
    accountEnabled: sp.enabled,
    appRoleAssignmentRequired: false,
    signInAudience: home ? 'AzureADMyOrg' : sp.origin === 'mi' ? null : 'AzureADMultipleOrgs',
    tags: sp.tags,
    servicePrincipalNames: [sp.appId, ...(sp.homepage ? [sp.homepage.replace(/\/$/, '')] : [])],
    replyUrls: sp.replyUrls,
    homepage: sp.homepage,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    applicationTemplateId: sp.templateId,
    disabledByMicrosoftStatus: null,
    alternativeNames: sp.origin === 'mi' ? [`isExplicit=False`, `/subscriptions/${pseudoUuid(`sub:${sp.id}`)}/resourcegroups/rg-${sp.displayName}`] : [],
    info: { logoUrl: null, marketingUrl: sp.homepage, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    verifiedPublisher: sp.publisher ? { addedDateTime: '2023-05-16T11:42:08Z', displayName: sp.publisher.name, verifiedPublisherId: sp.publisher.id } : { addedDateTime: null, displayName: null, verifiedPublisherId: null },
    keyCredentials: [],
    passwordCredentials: [],
    appRoles: appRoleObjects(sp.appRoles),
    oauth2PermissionScopes: sp.scopes.map((s) => ({
      adminConsentDescription: s.displayName,
      adminConsentDisplayName: s.displayName,
      id: s.id,
      isEnabled: true,
      type: 'User',
      userConsentDescription: s.displayName,
      userConsentDisplayName: s.displayName,
      value: s.value,
    })),
  };
}

const END_OF_TIME = Date.parse('2299-12-31T00:00:00Z');

function passwordObject(c: Credential): Record<string, unknown> {
  return { customKeyIdentifier: null, displayName: c.displayName, endDateTime: isoSeconds(c.end ?? END_OF_TIME), hint: c.hint, keyId: c.keyId, secretText: null, startDateTime: isoSeconds(c.start) };
}

function keyObject(c: Credential): Record<string, unknown> {
  return { customKeyIdentifier: c.hint.toUpperCase(), displayName: c.displayName, endDateTime: isoSeconds(c.end ?? END_OF_TIME), key: null, keyId: c.keyId, startDateTime: isoSeconds(c.start), type: 'AsymmetricX509Cert', usage: 'Verify' };
}

function applicationObject(app: Application, model: TenantModel): Record<string, unknown> {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    description: null,
    createdDateTime: isoSeconds(app.createdAt),
    signInAudience: 'AzureADMyOrg',
    publisherDomain: model.org.domain,
    identifierUris: app.appRoles.length > 0 ? [`api://${app.appId}`] : [],
    tags: [],
    notes: null,
    serviceManagementReference: app.reference,
    applicationTemplateId: app.templateId,
    disabledByMicrosoftStatus: null,
    isFallbackPublicClient: false,
    groupMembershipClaims: null,
    verifiedPublisher: { addedDateTime: null, displayName: null, verifiedPublisherId: null },
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    web: {
      homePageUrl: null,
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
      logoutUrl: null,
      redirectUris: app.redirectUris,
      redirectUriSettings: app.redirectUris.map((uri) => ({ index: null, uri })),
    },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    requiredResourceAccess: app.requiredRoles.length > 0 ? [{ resourceAppId: GRAPH_APP_ID, resourceAccess: app.requiredRoles.map((r) => ({ id: r.roleId, type: 'Role' })) }] : [],
    appRoles: appRoleObjects(app.appRoles.filter((r) => r.value !== 'User')),
    keyCredentials: app.keys.map(keyObject),
    passwordCredentials: app.passwords.map(passwordObject),
  };
}

function directoryAuditObject(a: DirectoryAudit, people: ReadonlyMap<string, Person>, model: TenantModel): Record<string, unknown> {
  const by = a.byUserId ? people.get(a.byUserId) : undefined;
  const target = a.targetType === 'User' ? people.get(a.targetId) : undefined;
  return {
    id: a.id,
    category: a.category,
    correlationId: pseudoUuid(`corr:${a.id}`),
    result: 'success',
    resultReason: '',
    activityDisplayName: a.activity,
    activityDateTime: isoSeconds(a.at),
    loggedByService: 'Core Directory',
    operationType: a.operationType,
    initiatedBy: {
      app: a.byApp ? { appId: a.byApp.appId, displayName: a.byApp.name, servicePrincipalId: a.byApp.spId, servicePrincipalName: null } : null,
      user: a.byApp ? null : { id: a.byUserId ?? null, displayName: null, userPrincipalName: by ? mailOf(by, model) : null, ipAddress: `85.48.${hash32(a.id) % 255}.${hash32(`ip${a.id}`) % 255}` },
    },
    targetResources: [
      {
        id: a.targetId,
        displayName: a.targetType === 'User' ? null : a.targetName,
        type: a.targetType,
        userPrincipalName: target ? mailOf(target, model) : null,
        groupType: a.targetType === 'Group' ? 'unifiedGroups' : null,
        modifiedProperties: [],
      },
    ],
    additionalDetails: [],
  };
}

function signInObject(sp: ServicePrincipal): Record<string, unknown> {
  const at = isoSeconds(sp.lastSignIn ?? 0);
  const activity = { lastSignInDateTime: at, lastSignInRequestId: pseudoUuid(`spsi:${sp.id}:${at}`) };
  const microsoft = sp.origin === 'microsoft';
  return {
    id: Buffer.from(sp.appId).toString('base64'),
    appId: sp.appId,
    applicationAuthenticationClientSignInActivity: microsoft ? null : activity,
    applicationAuthenticationResourceSignInActivity: microsoft ? activity : null,
    delegatedClientSignInActivity: null,
    delegatedResourceSignInActivity: null,
    lastSignInActivity: activity,
  };
}

function synchronizationJob(sp: ServicePrincipal, model: TenantModel): Record<string, unknown> {
  const sync = sp.sync as NonNullable<ServicePrincipal['sync']>;
  const execution = (ms: number, exported: number) => ({
    activityIdentifier: pseudoUuid(`run:${sp.id}:${ms}`),
    countEntitled: sync.entitled,
    countEntitledForProvisioning: sync.entitled,
    countEscrowed: 0,
    countEscrowedRaw: 0,
    countExported: exported,
    countExports: exported,
    countImported: sync.entitled + 4,
    countImportedDeltas: exported,
    countImportedReferenceDeltas: 0,
    error: null,
    state: 'Succeeded',
    timeBegan: isoSeconds(ms),
    timeEnded: isoSeconds(ms + 60_000),
  });
  return {
    id: sync.jobId,
    templateId: sync.jobId.split('.')[0],
    schedule: { expiration: null, interval: 'PT40M', state: sync.state },
    status: {
      code: sync.state,
      countSuccessiveCompleteFailures: 0,
      escrowsPruned: false,
      lastExecution: execution(sync.lastRun, 0),
      lastSuccessfulExecution: execution(sync.lastRun, 0),
      lastSuccessfulExecutionWithExports: execution(sync.lastRun - 86_400_000, 1),
      progress: [],
      quarantine: null,
      steadyStateFirstAchievedTime: isoSeconds(model.at - 500 * 86_400_000),
      steadyStateLastAchievedTime: isoSeconds(sync.lastRun),
      synchronizedEntryCountByType: [
        { key: 'user to User', value: sync.entitled },
        { key: 'group to Group', value: 1 },
      ],
      troubleshootingUrl: null,
    },
    synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
  };
}

function renderGraph(model: TenantModel, file: string): FileInfo {
  const { org } = model;
  const people = new Map(model.people.map((p) => [p.id, p]));
  const groups = new Map(model.groups.map((g) => [g.id, g]));
  const w = new JsonObjectWriter(file);
  w.openObject(org.tenantId);
  w.entry('/v1.0/organization', [
    {
      id: org.tenantId,
      deletedDateTime: null,
      displayName: org.name,
      businessPhones: [],
      city: 'Barcelona',
      country: null,
      countryLetterCode: 'ES',
      createdDateTime: '2016-11-03T09:21:40Z',
      defaultUsageLocation: 'ES',
      marketingNotificationEmails: [],
      onPremisesLastSyncDateTime: null,
      onPremisesSyncEnabled: null,
      postalCode: '08018',
      preferredLanguage: 'es',
      securityComplianceNotificationMails: [],
      securityComplianceNotificationPhones: [],
      state: 'Barcelona',
      street: 'Avinguda Diagonal 177',
      technicalNotificationMails: [`it-notifications@${org.domain}`],
      tenantType: 'AAD',
      verifiedDomains: [
        { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: false, name: org.domain, type: 'Managed' },
        { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: false, isInitial: true, name: org.initialDomain, type: 'Managed' },
      ],
    },
  ]);
  const domain = (id: string, isDefault: boolean, services: string[]) => ({
    id,
    authenticationType: 'Managed',
    availabilityStatus: null,
    isAdminManaged: true,
    isDefault,
    isInitial: !isDefault,
    isRoot: true,
    isVerified: true,
    passwordNotificationWindowInDays: 14,
    passwordValidityPeriodInDays: 2147483647,
    state: null,
    supportedServices: services,
  });
  w.entry('/v1.0/domains', [domain(org.domain, true, ['Email', 'OfficeCommunicationsOnline', 'Intune']), domain(org.initialDomain, false, ['Email', 'OfficeCommunicationsOnline'])]);
  w.arrayEntry('/v1.0/users', (function* () {
    for (const p of model.people) yield userObject(p, model);
  })());
  for (const p of model.people) {
    if (p.sponsorId) {
      const sponsor = directoryObject({ type: 'user', id: p.sponsorId }, people, groups, model);
      w.entry(`/v1.0/users/${p.id}/sponsors`, sponsor ? [sponsor] : []);
    }
  }
  w.arrayEntry('/v1.0/groups', (function* () {
    for (const g of model.groups) {
      yield {
        id: g.id,
        displayName: g.displayName,
        description: g.description,
        mail: g.unified ? `${g.nick}@${org.domain}` : null,
        mailEnabled: g.unified,
        mailNickname: g.nick,
        securityEnabled: true,
        groupTypes: g.unified ? ['Unified'] : [],
        visibility: g.unified ? 'Private' : null,
        membershipRule: null,
        membershipRuleProcessingState: null,
        isAssignableToRole: false,
        createdDateTime: isoSeconds(g.createdAt),
        onPremisesSyncEnabled: null,
        proxyAddresses: g.unified ? [`SMTP:${g.nick}@${org.domain}`] : [],
        resourceProvisioningOptions: [],
      };
    }
  })());
  for (const g of model.groups) {
    w.arrayEntry(`/v1.0/groups/${g.id}/members`, (function* () {
      for (const id of g.memberIds) {
        const member = directoryObject({ type: 'user', id }, people, groups, model);
        if (member) yield member;
      }
    })());
  }
  w.arrayEntry('/v1.0/servicePrincipals', (function* () {
    for (const sp of model.sps) yield servicePrincipalObject(sp);
  })());
  w.arrayEntry('/v1.0/applications', (function* () {
    for (const app of model.apps) yield applicationObject(app, model);
  })());
  const assignmentObject = (a: TenantModel['assignments'][number]) => ({
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: new Date(a.createdAt).toISOString().replace('Z', '0000Z'),
    principalDisplayName: a.principalName,
    principalId: a.principalId,
    principalType: a.principalType,
    resourceDisplayName: a.resourceName,
    resourceId: a.resourceId,
  });
  const byPrincipal = new Map<string, TenantModel['assignments']>();
  const byResource = new Map<string, TenantModel['assignments']>();
  for (const a of model.assignments) {
    (byPrincipal.get(a.principalId) ?? byPrincipal.set(a.principalId, []).get(a.principalId))?.push(a);
    (byResource.get(a.resourceId) ?? byResource.set(a.resourceId, []).get(a.resourceId))?.push(a);
  }
  for (const sp of model.sps) {
    if (sp.origin === 'microsoft') continue;
    w.entry(`/v1.0/servicePrincipals/${sp.id}/appRoleAssignments`, (byPrincipal.get(sp.id) ?? []).map(assignmentObject));
  }
  for (const sp of model.sps) {
    if (sp.appRoles.length === 0) continue;
    w.entry(`/v1.0/servicePrincipals/${sp.id}/appRoleAssignedTo`, (byResource.get(sp.id) ?? []).map(assignmentObject));
  }
  for (const sp of model.sps) {
    if (sp.origin === 'microsoft') continue;
    w.entry(`/v1.0/servicePrincipals/${sp.id}/owners`, sp.owners.flatMap((o) => directoryObject(o, people, groups, model) ?? []));
  }
  for (const app of model.apps) w.entry(`/v1.0/applications/${app.id}/owners`, app.owners.flatMap((o) => directoryObject(o, people, groups, model) ?? []));
  for (const sp of model.sps) if (sp.sync) w.entry(`/v1.0/servicePrincipals/${sp.id}/synchronization/jobs`, [synchronizationJob(sp, model)]);
  w.entry('/v1.0/oauth2PermissionGrants', model.grants.map((g) => ({ clientId: g.clientId, consentType: 'AllPrincipals', id: g.id, principalId: null, resourceId: g.resourceId, scope: g.scope })));
  w.arrayEntry('/v1.0/auditLogs/directoryAudits', (function* () {
    for (const a of model.directoryAudits) yield directoryAuditObject(a, people, model);
  })());
  w.arrayEntry('/beta/reports/servicePrincipalSignInActivities', (function* () {
    for (const sp of model.sps) if (sp.lastSignIn !== null) yield signInObject(sp);
  })());
  w.closeObject();
  return w.close();
}

// ----------------------------------------------------------------------------------------------------------- jira

function renderJira(model: TenantModel, file: string): FileInfo {
  const site = `https://${model.org.slug}.atlassian.net`;
  const users = new Map(model.jiraUsers.map((u) => [u.accountId, u]));
  const groups = new Map(model.jiraGroups.map((g) => [g.groupId, g]));
  const schemes = new Map(model.schemes.map((s) => [s.id, s]));
  const userRef = (accountId: string) => ({ self: `${site}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`, accountId, accountType: users.get(accountId)?.type ?? 'atlassian', displayName: users.get(accountId)?.displayName ?? accountId, active: users.get(accountId)?.active ?? true });
  const schemeObject = (id: number) => {
    const s = schemes.get(id);
    if (!s) throw new Error(`no scheme ${id}`);
    return {
      expand: 'permissions,user,group,projectRole,field,all',
      id: s.id,
      self: `${site}/rest/api/3/permissionscheme/${s.id}`,
      name: s.name,
      description: s.description,
      permissions: s.grants.map((g) => ({
        id: g.id,
        self: `${site}/rest/api/3/permissionscheme/${s.id}/permission/${g.id}`,
        holder: g.holder.value === undefined ? { type: g.holder.type, expand: g.holder.type } : { type: g.holder.type, parameter: g.holder.value, value: g.holder.value, expand: g.holder.type },
        permission: g.permission,
      })),
    };
  };
  const roleName = (id: string) => JIRA_ROLE_DEFS.find((r) => r.id === id)?.name ?? id;
  const w = new JsonObjectWriter(file);
  w.arrayEntry('/rest/api/3/project/search', (function* () {
    for (const p of model.projects) {
      yield {
        expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
        self: `${site}/rest/api/3/project/${p.id}`,
        id: p.id,
        key: p.key,
        name: p.name,
        description: `${p.name}.`,
        lead: userRef(p.leadId),
        avatarUrls: { '48x48': `${site}/rest/api/3/universal_avatar/view/type/project/avatar/10410` },
        projectCategory: { self: `${site}/rest/api/3/projectCategory/10000`, id: String(10000 + (hash32(p.category) % 10)), name: p.category, description: p.category },
        projectTypeKey: p.type,
        simplified: false,
        style: 'classic',
        isPrivate: false,
        properties: {},
        uuid: p.uuid,
      };
    }
  })());
  w.entry('/rest/api/3/permissionscheme', { permissionSchemes: model.schemes.map((s) => schemeObject(s.id)) });
  w.entry('/rest/api/3/role', JIRA_ROLE_DEFS.map((r) => ({ self: `${site}/rest/api/3/role/${r.id}`, name: r.name, id: Number(r.id), description: r.description, actors: [] })));
  for (const p of model.projects) {
    w.entry(`/rest/api/3/project/${p.id}/permissionscheme`, schemeObject(p.schemeId));
    w.entry(`/rest/api/3/project/${p.id}/role`, Object.fromEntries(Object.keys(p.roles).map((id) => [roleName(id), `${site}/rest/api/3/project/${p.id}/role/${id}`])));
    for (const [roleId, actors] of Object.entries(p.roles)) {
      const def = JIRA_ROLE_DEFS.find((r) => r.id === roleId);
      w.entry(`/rest/api/3/project/${p.id}/role/${roleId}`, {
        self: `${site}/rest/api/3/project/${p.id}/role/${roleId}`,
        name: def?.name ?? roleId,
        id: Number(roleId),
        description: def?.description ?? '',
        actors: actors.flatMap((a): Array<Record<string, unknown>> => {
          if (a.user) return [{ id: a.id, displayName: users.get(a.user)?.displayName ?? a.user, type: 'atlassian-user-role-actor', actorUser: { accountId: a.user } }];
          const g = a.group ? groups.get(a.group) : undefined;
          return g ? [{ id: a.id, displayName: g.name, type: 'atlassian-group-role-actor', name: g.name, actorGroup: { name: g.name, displayName: g.name, groupId: g.groupId } }] : [];
        }),
      });
    }
  }
  w.arrayEntry('/rest/api/3/users/search', (function* () {
    for (const u of model.jiraUsers) {
      yield {
        self: `${site}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
        accountId: u.accountId,
        accountType: u.type,
        ...(u.email ? { emailAddress: u.email } : {}),
        displayName: u.displayName,
        active: u.active,
        timeZone: u.type === 'app' ? 'Etc/UTC' : 'Europe/Madrid',
        locale: u.type === 'app' ? 'en_US' : 'es_ES',
      };
    }
  })());
  w.entry('/rest/api/3/group/bulk', model.jiraGroups.map((g) => ({ name: g.name, groupId: g.groupId })));
  w.entry('/rest/api/3/group/bulk#accessType=admin', model.jiraGroups.filter((g) => g.admin).map((g) => ({ name: g.name, groupId: g.groupId })));
  for (const g of model.jiraGroups) {
    w.arrayEntry(`/rest/api/3/group/member#groupId=${g.groupId}`, (function* () {
      for (const id of g.memberIds) {
        const u = users.get(id);
        if (!u) continue;
        yield { self: `${site}/rest/api/3/user?accountId=${encodeURIComponent(id)}`, accountId: id, accountType: u.type, active: u.active, displayName: u.displayName, ...(u.email ? { emailAddress: u.email } : {}), timeZone: 'Europe/Madrid' };
      }
    })());
  }
  w.arrayEntry('/rest/api/3/auditing/record', (function* () {
    for (const a of model.jiraAudits) {
      yield {
        id: a.id,
        summary: a.summary,
        remoteAddress: `85.48.201.${hash32(a.author) % 255}`,
        authorKey: a.author,
        created: jiraTime(a.at),
        category: a.category,
        eventSource: '',
        objectItem: { id: a.objectId, name: a.objectName, typeName: a.typeName },
        associatedItems: a.associated ?? [],
        changedValues: [],
      };
    }
  })());
  const desks = model.projects.filter((p) => p.deskId);
  w.entry('/rest/servicedeskapi/servicedesk', desks.map((p) => ({ id: p.deskId, projectId: p.id, projectName: p.name, projectKey: p.key, _links: { self: `${site}/rest/servicedeskapi/servicedesk/${p.deskId ?? ''}` } })));
  for (const p of desks) {
    w.entry(
      `/rest/servicedeskapi/servicedesk/${p.deskId ?? ''}/requesttype`,
      (p.requestTypes ?? []).map((t, i) => ({
        _links: { self: `${site}/rest/servicedeskapi/servicedesk/${p.deskId ?? ''}/requesttype/${t.id}` },
        id: t.id,
        name: t.name,
        description: `${t.name}.`,
        helpText: '',
        issueTypeId: '10101',
        serviceDeskId: p.deskId,
        portalId: p.deskId,
        groupIds: [String(i + 1)],
        icon: { id: String(10610 + i), _links: { iconUrls: { '48x48': `${site}/rest/api/2/universal_avatar/view/type/SD_REQTYPE/avatar/${10610 + i}?size=large` } } },
      })),
    );
  }
  return w.close();
}

// ----------------------------------------------------------------------------------------------------- automation

function componentObject(c: RuleComponent, id: string): Record<string, unknown> {
  const base = { id, component: 'ACTION', children: [], conditions: [] };
  if (c.kind === 'webhook') {
    const headers: unknown[] = [{ id: `_header_${id}1`, name: 'Content-Type', value: { keyOrValue: 'application/json', secret: false } }];
    if (c.secretHeader) headers.push({ id: `_header_${id}2`, name: 'Authorization', value: { keyOrValue: '', secret: true } });
    return {
      ...base,
      schemaVersion: 2,
      type: 'jira.issue.outgoing.webhook',
      value: {
        url: c.credentialInUrl ? `${c.url ?? ''}?sv=1.0&sig=${id}${id}` : c.url,
        method: 'POST',
        headers,
        sendIssue: false,
        contentType: 'custom',
        customBody: '{"key":"{{issue.key}}","summary":"{{issue.summary}}"}',
        responseEnabled: false,
        continueOnErrorEnabled: false,
        usedSecretsKeys: [],
      },
    };
  }
  if (c.kind === 'email') {
    return {
      ...base,
      schemaVersion: 3,
      type: 'jira.issue.outgoing.email',
      value: { from: '', fromName: 'Jira Automation', replyTo: '', to: (c.to ?? []).map((value) => ({ type: 'FREE', value })), cc: [], bcc: [], subject: 'Update on {{issue.key}}', body: '<p>{{issue.summary}}</p>', mimeType: 'text/html', convertLineBreaks: true },
    };
  }
  if (c.kind === 'edit') return { ...base, schemaVersion: 12, type: 'jira.issue.edit', value: { operations: [{ field: { type: 'ID', value: 'labels' }, fieldType: 'labels', type: 'ADD', value: [{ type: 'FREE', value: 'automated' }] }], advancedFields: null, sendNotifications: true } };
  if (c.kind === 'comment') return { ...base, schemaVersion: 1, type: 'jira.issue.comment', value: { comment: 'Handled by automation.', publicComment: false, addCommentOnce: false } };
  return { ...base, schemaVersion: 11, type: 'jira.issue.transition', value: { destinationStatus: { type: 'NAME', value: 'Done' }, transitionMatch: '', operations: [] } };
}

function ruleObject(rule: Rule, model: TenantModel): Record<string, unknown> {
  const aris = rule.projectIds.map((id) => `ari:cloud:jira:${model.org.cloudId}:project/${id}`);
  const cid = (i: number) => String(1_000_000 + (hash32(`${rule.uuid}:${i}`) % 8_999_999));
  const trigger =
    rule.trigger === 'scheduled'
      ? { type: 'jira.jql.scheduled', value: { schedule: { method: 'CRON', cronExpression: '0 0 8 ? * MON', timeZone: 'Europe/Madrid' }, jql: `project in (${rule.projectIds.join(',')}) AND updated >= -7d`, executionMode: 'jql', onlyUpdatedIssues: false, processIssuesInBulk: true } }
      : { type: `jira.issue.event.trigger:${rule.trigger}`, value: { eventKey: `jira:issue_${rule.trigger}`, issueEvent: `issue_${rule.trigger}`, eventFilters: aris } };
  return {
    uuid: rule.uuid,
    name: rule.name,
    state: rule.enabled ? 'ENABLED' : 'DISABLED',
    description: rule.description,
    labels: rule.labels,
    ruleScopeARIs: aris,
    authorAccountId: rule.authorId,
    actor: { type: 'ACCOUNT_ID', actor: rule.actorId },
    canOtherRuleTrigger: false,
    notifyOnError: 'FIRSTERROR',
    writeAccessType: 'OWNER_ONLY',
    collaborators: [],
    created: rule.created / 1000,
    updated: rule.updated / 1000,
    trigger: { id: cid(0), component: 'TRIGGER', schemaVersion: 1, ...trigger, children: [], conditions: [] },
    components: rule.components.map((c, i) => componentObject(c, cid(i + 1))),
  };
}

function renderAutomation(model: TenantModel, file: string): FileInfo {
  const base = `/automation/public/jira/${model.org.cloudId}/rest/v1`;
  const w = new JsonObjectWriter(file);
  w.openObject('#export');
  w.arrayEntry('rules', (function* () {
    for (const rule of model.rules) yield ruleObject(rule, model);
  })());
  w.closeObject();
  w.arrayEntry(`${base}/rule/summary`, (function* () {
    for (const rule of model.rules) {
      yield {
        uuid: rule.uuid,
        name: rule.name,
        state: rule.enabled ? 'ENABLED' : 'DISABLED',
        description: rule.description,
        authorAccountId: rule.authorId,
        actorAccountId: rule.actorId,
        labels: rule.labels,
        ruleScopeARIs: rule.projectIds.map((id) => `ari:cloud:jira:${model.org.cloudId}:project/${id}`),
        created: rule.created / 1000,
        updated: rule.updated / 1000,
      };
    }
  })());
  for (const rule of model.rules) w.entry(`${base}/rule/${rule.uuid}`, { rule: ruleObject(rule, model), connections: [] });
  return w.close();
}

// ---------------------------------------------------------------------------------------------------- power platform

const CONNECTORS: Record<string, { displayName: string; tier: string; icon: string }> = {
  shared_jira: { displayName: 'Jira', tier: 'Premium', icon: 'jira' },
  shared_sharepointonline: { displayName: 'SharePoint', tier: 'Standard', icon: 'sharepointonline' },
  shared_office365: { displayName: 'Office 365 Outlook', tier: 'Standard', icon: 'office365' },
  shared_teams: { displayName: 'Microsoft Teams', tier: 'Standard', icon: 'teams' },
};

function renderPowerAutomate(model: TenantModel, file: string): FileInfo {
  const env = model.org.envName;
  const people = new Map(model.people.map((p) => [p.id, p]));
  const groups = new Map(model.groups.map((g) => [g.id, g]));
  const connections = new Map(model.connections.map((c) => [c.name, c]));
  const apiRef = (api: string) => {
    const c = CONNECTORS[api] ?? { displayName: api, tier: 'Standard', icon: api };
    return { name: api, id: `/providers/Microsoft.PowerApps/apis/${api}`, type: '/providers/Microsoft.PowerApps/apis', properties: { displayName: c.displayName, iconUri: `https://connectoricons-prod.azureedge.net/releases/v1.0.1712/1.0.1712.3891/${c.icon}/icon.png`, tier: c.tier } };
  };
  const flowBase = (f: Flow) => {
    const connection = f.connectionName ? connections.get(f.connectionName) : undefined;
    const creator = people.get(f.creatorId);
    return {
      name: f.name,
      id: `/providers/Microsoft.ProcessSimple/environments/${env}/flows/${f.name}`,
      type: 'Microsoft.ProcessSimple/environments/flows',
      properties: {
        apiId: '/providers/Microsoft.PowerApps/apis/shared_logicflows',
        displayName: f.displayName,
        userType: 'Owner',
        state: f.state,
        createdTime: new Date(f.created).toISOString().replace('Z', '0000Z'),
        lastModifiedTime: new Date(f.modified).toISOString().replace('Z', '0000Z'),
        flowSuspensionReason: 'None',
        environment: { name: env, type: 'Microsoft.ProcessSimple/environments', id: `/providers/Microsoft.ProcessSimple/environments/${env}` },
        definitionSummary: {
          triggers: [f.trigger === 'recurrence' ? { type: 'Recurrence', metadata: {} } : { type: 'OpenApiConnectionWebhook', swaggerOperationId: f.trigger === 'jira' ? 'OnNewIssue_V2' : 'GetOnNewItems', metadata: {}, api: apiRef(f.trigger === 'jira' ? 'shared_jira' : 'shared_sharepointonline') }],
          actions: [...(connection ? [{ type: 'OpenApiConnection', swaggerOperationId: 'GetItem', metadata: {}, api: apiRef(connection.api) }] : []), ...(f.httpUrl ? [{ type: 'Http', metadata: {} }] : [])],
        },
        creator: { tenantId: model.org.tenantId, objectId: creator?.id ?? f.creatorId, userId: creator?.id ?? f.creatorId, userType: 'ActiveDirectory' },
        provisioningMethod: 'FromDefinition',
        flowFailureAlertSubscribed: true,
        isManaged: false,
      },
    };
  };
  const w = new JsonObjectWriter(file);
  w.entry('/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments', [
    {
      id: `/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/${env}`,
      type: 'Microsoft.BusinessAppPlatform/scopes/environments',
      location: 'europe',
      name: env,
      properties: {
        tenantId: model.org.tenantId,
        azureRegionHint: 'westeurope',
        displayName: `${model.org.name} (default)`,
        createdTime: '2019-02-11T10:41:12.5538462Z',
        createdBy: { id: 'SYSTEM', displayName: 'SYSTEM', type: 'NotSpecified' },
        provisioningState: 'Succeeded',
        creationType: 'DefaultTenant',
        environmentSku: 'Default',
        isDefault: true,
        clientUris: { admin: `https://admin.powerplatform.microsoft.com/environments/${env}/hub`, maker: `https://make.powerapps.com/environments/${env}/home` },
        runtimeEndpoints: { 'microsoft.PowerApps': 'https://europe.api.powerapps.com', 'microsoft.Flow': 'https://emea.api.flow.microsoft.com' },
        states: { management: { id: 'NotSpecified' }, runtime: { id: 'Enabled' } },
      },
    },
  ]);
  const prefix = `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${env}`;
  w.entry(`${prefix}/v2/flows`, model.flows.map(flowBase));
  for (const f of model.flows) {
    const connection = f.connectionName ? connections.get(f.connectionName) : undefined;
    const base = flowBase(f);
    const triggers: Record<string, unknown> =
      f.trigger === 'recurrence'
        ? { Recurrence: { recurrence: { frequency: 'Week', interval: 1, schedule: { weekDays: ['Monday'], hours: ['7'], minutes: [0] }, timeZone: 'Romance Standard Time' }, type: 'Recurrence' } }
        : {
            [f.trigger === 'jira' ? 'When_a_new_issue_is_created_(V2)' : 'When_an_item_is_created']: {
              type: 'OpenApiConnectionWebhook',
              inputs: {
                host: { connectionName: f.trigger === 'jira' ? 'shared_jira' : 'shared_sharepointonline', operationId: f.trigger === 'jira' ? 'OnNewIssue_V2' : 'GetOnNewItems', apiId: `/providers/Microsoft.PowerApps/apis/${f.trigger === 'jira' ? 'shared_jira' : 'shared_sharepointonline'}` },
                parameters: f.trigger === 'jira' ? { 'X-Request-Jirainstance': `https://${model.org.slug}.atlassian.net`, projectKey: f.projectKey } : { dataset: `https://${model.org.sitesHost}/sites/Team${hash32(f.name) % 50}`, table: pseudoUuid(`list:${f.name}`) },
                authentication: "@parameters('$authentication')",
              },
            },
          };
    const actions: Record<string, unknown> = {};
    if (connection) actions.Get_item = { runAfter: {}, type: 'OpenApiConnection', inputs: { host: { connectionName: connection.api, operationId: 'GetItem', apiId: `/providers/Microsoft.PowerApps/apis/${connection.api}` }, parameters: {}, authentication: "@parameters('$authentication')" } };
    if (f.httpUrl) actions.Post_to_endpoint = { runAfter: connection ? { Get_item: ['Succeeded'] } : {}, type: 'Http', inputs: { method: 'POST', uri: f.httpUrl, headers: { 'Content-Type': 'application/json' }, body: "@body('Get_item')" } };
    if (f.emailTo) actions.Send_an_email = { runAfter: {}, type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_office365', operationId: 'SendEmailV2', apiId: '/providers/Microsoft.PowerApps/apis/shared_office365' }, parameters: { 'emailMessage/To': f.emailTo, 'emailMessage/Subject': f.displayName }, authentication: "@parameters('$authentication')" } };
    const references: Record<string, unknown> = {};
    for (const [key, name] of [[connection?.api, connection?.name], [f.trigger === 'jira' ? 'shared_jira' : undefined, connection?.api === 'shared_jira' ? connection.name : undefined]] as Array<[string | undefined, string | undefined]>) {
      if (!key || !name || references[key]) continue;
      const c = CONNECTORS[key];
      references[key] = { connectionName: name, source: 'Embedded', id: `/providers/Microsoft.PowerApps/apis/${key}`, displayName: c?.displayName ?? key, tier: c?.tier ?? 'Standard', apiName: key.replace('shared_', ''), isProcessSimpleApiReferenceConversion: false };
    }
    w.entry(`${prefix}/flows/${f.name}`, {
      ...base,
      properties: {
        ...base.properties,
        definition: {
          $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
          contentVersion: '1.0.0.0',
          parameters: { $connections: { defaultValue: {}, type: 'Object' }, $authentication: { defaultValue: {}, type: 'SecureObject' } },
          triggers,
          actions,
        },
        connectionReferences: references,
      },
    });
    w.entry(
      `${prefix}/flows/${f.name}/owners`,
      f.owners.flatMap((o) => {
        const p = o.type === 'User' ? people.get(o.id) : undefined;
        const g = o.type === 'Group' ? groups.get(o.id) : undefined;
        if (!p && !g) return [];
        return [
          {
            name: o.id,
            id: `/providers/Microsoft.ProcessSimple/environments/${env}/flows/${f.name}/permissions/${o.id}`,
            type: '/providers/Microsoft.ProcessSimple/environments/flows/permissions',
            properties: { roleName: o.role, permissionType: 'Principal', principal: { id: o.id, type: o.type, tenantId: model.org.tenantId, displayName: p?.displayName ?? g?.displayName, email: p ? mailOf(p, model) : g?.unified ? `${g.nick}@${model.org.domain}` : null } },
          },
        ];
      }),
    );
    w.entry(
      `${prefix}/flows/${f.name}/runs`,
      f.runs.map((at, i) => {
        const name = `0858${String(hash32(`${f.name}:${at}`)).padStart(10, '0')}${String(i).padStart(14, '0')}CU${10 + i}`;
        const start = `${new Date(at).toISOString().slice(0, 19)}.0000000Z`;
        return {
          name,
          id: `/providers/Microsoft.ProcessSimple/environments/${env}/flows/${f.name}/runs/${name}`,
          type: 'Microsoft.ProcessSimple/environments/flows/runs',
          properties: { startTime: start, endTime: start, status: 'Succeeded', correlation: { clientTrackingId: `${name}0` }, trigger: { name: Object.keys(triggers)[0], startTime: start, endTime: start, originHistoryName: name, code: 'OK', status: 'Succeeded' } },
        };
      }),
    );
  }
  w.entry(
    `/providers/Microsoft.PowerApps/scopes/admin/environments/${env}/connections`,
    model.connections.map((c) => {
      const owner = people.get(c.ownerId);
      const email = owner ? mailOf(owner, model) : 'unknown@invalid';
      const connector = CONNECTORS[c.api] ?? { displayName: c.api, tier: 'Standard', icon: c.api };
      return {
        name: c.name,
        id: `/providers/Microsoft.PowerApps/scopes/admin/environments/${env}/apis/${c.api}/connections/${c.name}`,
        type: 'Microsoft.PowerApps/scopes/admin/apis/connections',
        properties: {
          apiId: `/providers/Microsoft.PowerApps/apis/${c.api}`,
          displayName: c.api === 'shared_jira' ? `${email} (${model.org.slug}.atlassian.net)` : email,
          iconUri: `https://connectoricons-prod.azureedge.net/releases/v1.0.1712/1.0.1712.3891/${connector.icon}/icon.png`,
          statuses: [{ status: 'Connected' }],
          connectionParametersSet: { name: c.api === 'shared_jira' ? 'oauth' : 'oauthDefault', values: {} },
          keywordsRemaining: 0,
          createdBy: { id: c.ownerId, displayName: owner?.displayName ?? c.ownerId, email, type: 'User', tenantId: model.org.tenantId, userPrincipalName: email },
          createdTime: new Date(c.created).toISOString().replace('Z', '0000Z'),
          lastModifiedTime: new Date(c.modified).toISOString().replace('Z', '0000Z'),
          environment: { id: `/providers/Microsoft.PowerApps/environments/${env}`, name: env },
          authenticatedUser: { name: email },
          allowSharing: false,
          connectionReferences: [],
        },
      };
    }),
  );
  return w.close();
}

// ------------------------------------------------------------------------------------------------------ azure devops

function renderAzureDevOps(model: TenantModel, file: string): FileInfo {
  const org = model.org.adoOrg;
  const people = new Map(model.people.map((p) => [p.id, p]));
  const identity = (personId: string) => {
    const p = people.get(personId);
    const descriptor = p?.ado?.descriptor ?? `aad.${Buffer.from(personId).toString('base64url').slice(0, 48)}`;
    return {
      displayName: p?.displayName ?? personId,
      url: `https://spsprodweu5.vssps.visualstudio.com/A${model.org.adoAccountId}/_apis/Identities/${p?.ado?.id ?? personId}`,
      _links: { avatar: { href: `https://dev.azure.com/${org}/_apis/GraphProfile/MemberAvatars/${descriptor}` } },
      id: p?.ado?.id ?? personId,
      uniqueName: p ? mailOf(p, model) : personId,
      imageUrl: `https://dev.azure.com/${org}/_apis/GraphProfile/MemberAvatars/${descriptor}`,
      descriptor,
    };
  };
  const w = new JsonObjectWriter(file);
  w.entry(
    `/${org}/_apis/projects`,
    model.adoProjects.map((p) => ({ id: p.id, name: p.name, description: p.description, url: `https://dev.azure.com/${org}/_apis/projects/${p.id}`, state: 'wellFormed', revision: p.revision, visibility: 'private', lastUpdateTime: new Date(p.updated).toISOString() })),
  );
  w.entry(
    `/${org}/_apis/hooks/subscriptions`,
    model.hooks.map((h) => ({
      id: h.id,
      url: `https://dev.azure.com/${org}/_apis/hooks/subscriptions/${h.id}`,
      status: 'enabled',
      publisherId: 'tfs',
      eventType: 'workitem.updated',
      subscriber: null,
      resourceVersion: '1.0',
      eventDescription: 'Any work item',
      consumerId: 'webHooks',
      consumerActionId: 'httpRequest',
      actionDescription: `To host ${new URL(h.url).host}`,
      probationRetries: 0,
      createdBy: identity(h.createdById),
      createdDate: new Date(h.created).toISOString(),
      modifiedBy: identity(h.createdById),
      modifiedDate: new Date(h.created).toISOString(),
      publisherInputs: { projectId: h.projectId, tfsSubscriptionId: pseudoUuid(`tfs:${h.id}`) },
      consumerInputs: { url: h.url, ...(h.basicAuth ? { basicAuthUsername: `${org}-ado`, basicAuthPassword: '********' } : {}), resourceDetailsToSend: 'all', messagesToSend: 'none', detailedMessagesToSend: 'none' },
      _links: { self: { href: `https://dev.azure.com/${org}/_apis/hooks/subscriptions/${h.id}` } },
    })),
  );
  for (const h of model.hooks) {
    w.entry(
      `/${org}/_apis/hooks/subscriptions/${h.id}/notifications`,
      h.deliveries.map((at, i) => ({
        id: hash32(`${h.id}:${at}`) % 100000,
        subscriptionId: h.id,
        eventId: pseudoUuid(`ev:${h.id}:${at}`),
        eventType: 'workitem.updated',
        status: 'completed',
        result: 'succeeded',
        createdDate: new Date(at).toISOString(),
        modifiedDate: new Date(at + 1000).toISOString(),
        subscriberId: pseudoUuid(`sub:${h.id}:${i}`),
      })),
    );
  }
  for (const p of model.adoProjects) {
    w.entry(
      `/${org}/${p.name}/_apis/serviceendpoint/endpoints`,
      p.endpoints.map((e) => ({
        id: e.id,
        name: e.name,
        type: e.type,
        url: e.url,
        createdBy: identity(e.createdById),
        description: '',
        authorization: { scheme: e.authScheme, parameters: {} },
        isShared: false,
        isReady: true,
        owner: 'Library',
        serviceEndpointProjectReferences: [{ projectReference: { id: p.id, name: p.name }, name: e.name }],
      })),
    );
  }
  const adoUsers = model.people.filter((p) => p.ado);
  w.entry(
    `/${org}/_apis/graph/users`,
    adoUsers.map((p) => {
      const descriptor = p.ado?.descriptor ?? '';
      return {
        subjectKind: 'user',
        metaType: 'member',
        directoryAlias: p.nick,
        domain: model.org.tenantId,
        principalName: mailOf(p, model),
        mailAddress: mailOf(p, model),
        origin: 'aad',
        originId: p.id,
        displayName: p.displayName,
        _links: { self: { href: `https://vssps.dev.azure.com/${org}/_apis/Graph/Users/${descriptor}` } },
        url: `https://vssps.dev.azure.com/${org}/_apis/Graph/Users/${descriptor}`,
        descriptor,
      };
    }),
  );
  const patsByUser = new Map<string, TenantModel['pats']>();
  for (const pat of model.pats) (patsByUser.get(pat.userId) ?? patsByUser.set(pat.userId, []).get(pat.userId))?.push(pat);
  for (const p of adoUsers) {
    w.entry(
      `/${org}/_apis/tokenadmin/personalaccesstokens/${p.ado?.descriptor ?? ''}`,
      (patsByUser.get(p.ado?.id ?? '') ?? []).map((t) => ({
        clientId: '00000000-0000-0000-0000-000000000000',
        accessId: t.accessId,
        authorizationId: t.authorizationId,
        hostAuthorizationId: '00000000-0000-0000-0000-000000000000',
        userId: t.userId,
        validFrom: new Date(t.validFrom).toISOString(),
        validTo: new Date(t.validTo).toISOString(),
        displayName: t.displayName,
        scope: t.scope,
        targetAccounts: [model.org.adoAccountId],
        token: null,
        alternateToken: null,
        isValid: t.validTo > model.at,
        isPublic: false,
        publicData: null,
        source: null,
        claims: null,
      })),
    );
  }
  // The organization's audit log (auditservice.dev.azure.com), token events, as DecoratedAuditLogEntry.
  const details = { 'Token.PatCreateEvent': 'was created.', 'Token.PatRevokeEvent': 'was revoked.', 'Token.PatExpiredEvent': 'expired.' } as const;
  w.entry(
    `/${org}/_apis/audit/auditlog`,
    model.adoAudits.map((a) => ({
      id: `${a.at};${a.actor?.userId ?? '00000002-0000-8888-8000-000000000000'};${a.id}`,
      correlationId: a.id,
      activityId: a.id,
      actorCUID: '00000000-0000-0000-0000-000000000000',
      actorUserId: a.actor?.userId ?? '00000002-0000-8888-8000-000000000000',
      ...(a.actor ? { actorUPN: a.actor.upn } : {}),
      authenticationMechanism: a.actor ? 'FedAuth' : '',
      timestamp: new Date(a.at).toISOString(),
      scopeType: 'organization',
      scopeDisplayName: `${org} (Organization)`,
      scopeId: model.org.adoAccountId,
      ipAddress: a.actor ? '203.0.113.10' : null,
      userAgent: a.actor ? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' : '',
      actionId: a.actionId,
      data: { DisplayName: a.tokenName },
      details: `Personal Access Token "${a.tokenName}" ${details[a.actionId]}`,
      area: 'Token',
      category: a.actionId === 'Token.PatCreateEvent' ? 'create' : a.actionId === 'Token.PatRevokeEvent' ? 'remove' : 'modify',
      categoryDisplayName: a.actionId === 'Token.PatCreateEvent' ? 'Create' : a.actionId === 'Token.PatRevokeEvent' ? 'Remove' : 'Modify',
      actorDisplayName: a.actor?.displayName ?? 'Azure DevOps Service',
      actorImageUrl: null,
    })),
  );
  return w.close();
}
