/**
 * Integration: every Entra step against the fake Graph (dev/fake/fake-cloud.ts) through the real SDK client and
 * token provider: $top/nextLink paging, $select, per-object lookups in $batch chunks of 20, beta reports, a 404 for
 * a service principal without provisioning, and a 403 that names the endpoint, the tenant and the permission.
 */
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { AccessGraph } from '../../../src/model/graph';
import { defaultSettings } from '../../../src/settings/settings';
import { entraDatasets, entraExtractionSteps } from '../../../src/sources/entra/extraction-steps';
import { entraGraphBuilder } from '../../../src/sources/entra/to-graph';
import { servicePrincipal as testServicePrincipal, TEST_ENTRA_TENANT, writeTestTenant } from '../../support/tenant-builder';
import { extendTestTenant, runSteps, type RecordedRequest } from '../automation/fake-cloud-egress';
import { graphClientFor } from './fake-graph';

const T = TEST_ENTRA_TENANT;
const SYNC_AT = '2026-11-20T06:00:00Z';
const GRAPH_SP = '5e000000-0000-4000-8000-00000000ff01';
const MAIL_SP = '5e000000-0000-4000-8000-00000000ff02';
const MAIL_APP_ID = 'a9000000-0000-4000-8000-00000000ff02';
const MAIL_APP_OBJECT = 'ab000000-0000-4000-8000-00000000ff02';
const SCIM_SP = '5e000000-0000-4000-8000-00000000ff03';
const GALLERY_SP_WITHOUT_JOBS = '5e000000-0000-4000-8000-00000000ff04';
const OWNER_USER = 'u0000000-0000-4000-8000-000000000001';
const LEAVING_USER = 'u0000000-0000-4000-8000-000000000002';
const OWNER_GROUP = 'g0000000-0000-4000-8000-000000000001';
const MAIL_READ = '810c84a8-4a9e-49e6-bf7d-12d183f40d01';
const EXTRA_SERVICE_PRINCIPALS = 1001; // with the 4 above: two pages of servicePrincipals at $top=999
const MANY_OWNERS = 120;
const AGENT = 'a6e00000-0000-4000-8000-00000000ag01';
const AGENT_APP_ID = 'a9000000-0000-4000-8000-00000000ag01';
const AGENT_GROUP = 'g0000000-0000-4000-8000-000000000002';

const sp = (id: string, appId: string, fields: Record<string, unknown>) => ({ ...testServicePrincipal(0), id, appId, ...fields });
const userObject = (id: string, name: string) => ({ '@odata.type': '#microsoft.graph.user', id, displayName: name, userPrincipalName: `${name}@test.example`, mail: `${name}@test.example` });

function graphJson(): Record<string, unknown> {
  return {
    '/v1.0/organization': [{ id: T, displayName: 'Test Entra', verifiedDomains: [{ capabilities: 'Email', isDefault: true, isInitial: false, name: 'test.example', type: 'Managed' }] }],
    '/v1.0/servicePrincipals': [
      sp(GRAPH_SP, '00000003-0000-0000-c000-000000000000', {
        displayName: 'Microsoft Graph',
        appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
        appRoles: [{ allowedMemberTypes: ['Application'], description: 'Read mail', displayName: 'Read mail in all mailboxes', id: MAIL_READ, isEnabled: true, origin: 'Application', value: 'Mail.Read' }],
      }),
      sp(MAIL_SP, MAIL_APP_ID, { displayName: 'Mail reader', replyUrls: ['https://mail.test.example/callback'] }),
      sp(SCIM_SP, 'a9000000-0000-4000-8000-00000000ff03', { displayName: 'SCIM provisioner', applicationTemplateId: '89ab51d3-8fce-4f20-bd0a-3a8ccfb1d704', tags: ['WindowsAzureActiveDirectoryIntegratedApp'] }),
      sp(GALLERY_SP_WITHOUT_JOBS, 'a9000000-0000-4000-8000-00000000ff04', { displayName: 'Gallery SSO app', tags: ['WindowsAzureActiveDirectoryGalleryApplicationPrimaryV1'] }),
      ...Array.from({ length: EXTRA_SERVICE_PRINCIPALS }, (_, i) => testServicePrincipal(i + 1)),
    ],
    '/v1.0/applications': [
      { id: MAIL_APP_OBJECT, appId: MAIL_APP_ID, displayName: 'Mail reader', createdDateTime: '2025-01-01T00:00:00Z', publisherDomain: 'test.example', keyCredentials: [], passwordCredentials: [{ customKeyIdentifier: null, displayName: 'prod', endDateTime: '2027-01-01T00:00:00Z', hint: 'Ab~', keyId: 'k0000000-0000-4000-8000-000000000001', secretText: null, startDateTime: '2026-01-01T00:00:00Z' }] },
    ],
    // Shape of https://learn.microsoft.com/graph/api/agentidentity-list (v1.0): agent identities are service principals,
    // listed apart; this one has an owner of its own and two sponsors (a person and a group).
    '/v1.0/servicePrincipals/microsoft.graph.agentIdentity': [
      { '@odata.type': '#microsoft.graph.agentIdentity', id: AGENT, appId: AGENT_APP_ID, displayName: 'Research agent', agentIdentityBlueprintId: 'b1000000-0000-4000-8000-000000000001', createdDateTime: '2026-06-01T00:00:00Z', accountEnabled: true, appOwnerOrganizationId: T, tags: [], keyCredentials: [], passwordCredentials: [] },
    ],
    [`/v1.0/servicePrincipals/${AGENT}/microsoft.graph.agentIdentity/sponsors`]: [userObject(LEAVING_USER, 'leo'), { '@odata.type': '#microsoft.graph.group', id: AGENT_GROUP, displayName: 'Research team', mail: 'research@test.example' }],
    [`/v1.0/servicePrincipals/${AGENT}/owners`]: [userObject(OWNER_USER, 'olivia')],
    [`/v1.0/servicePrincipals/${MAIL_SP}/owners`]: [userObject(OWNER_USER, 'olivia')],
    // More owners than Graph's default page of 100: the batch answer carries an @odata.nextLink to follow.
    [`/v1.0/servicePrincipals/${GALLERY_SP_WITHOUT_JOBS}/owners`]: Array.from({ length: MANY_OWNERS }, (_, i) => userObject(`u0000000-0000-4000-8000-1${String(i).padStart(11, '0')}`, `owner${i}`)),
    [`/v1.0/applications/${MAIL_APP_OBJECT}/owners`]: [{ '@odata.type': '#microsoft.graph.group', id: OWNER_GROUP, displayName: 'Mail team', mail: 'mailteam@test.example' }],
    // Shape of https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials (response example).
    [`/v1.0/applications/${MAIL_APP_OBJECT}/federatedIdentityCredentials`]: [
      { id: 'f1c00000-0000-4000-8000-000000000001', name: 'deploy-production', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:example-org/mail-reader:environment:production', description: null, audiences: ['api://AzureADTokenExchange'] },
    ],
    [`/v1.0/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo`]: [
      { id: 'assign-mail', deletedDateTime: null, appRoleId: MAIL_READ, createdDateTime: '2025-02-01T00:00:00Z', principalDisplayName: 'Mail reader', principalId: MAIL_SP, principalType: 'ServicePrincipal', resourceDisplayName: 'Microsoft Graph', resourceId: GRAPH_SP },
      { id: 'assign-user', deletedDateTime: null, appRoleId: MAIL_READ, createdDateTime: '2025-02-01T00:00:00Z', principalDisplayName: 'Olivia', principalId: OWNER_USER, principalType: 'User', resourceDisplayName: 'Microsoft Graph', resourceId: GRAPH_SP },
    ],
    '/v1.0/oauth2PermissionGrants': [{ clientId: MAIL_SP, consentType: 'AllPrincipals', id: 'grant-1', principalId: null, resourceId: GRAPH_SP, scope: 'User.Read offline_access' }],
    '/v1.0/users': [
      { id: OWNER_USER, displayName: 'Olivia', userPrincipalName: 'olivia@test.example', mail: 'olivia@test.example', accountEnabled: true, employeeLeaveDateTime: null, userType: 'Member' },
      { id: LEAVING_USER, displayName: 'Leo', userPrincipalName: 'leo@test.example', mail: 'leo@test.example', accountEnabled: true, employeeLeaveDateTime: '2027-02-01T00:00:00Z', userType: 'Member' },
    ],
    '/v1.0/groups': [
      { id: OWNER_GROUP, displayName: 'Mail team', mail: 'mailteam@test.example', securityEnabled: true, mailEnabled: true, groupTypes: ['Unified'] },
      { id: AGENT_GROUP, displayName: 'Research team', mail: 'research@test.example', securityEnabled: false, mailEnabled: true, groupTypes: ['Unified'] },
    ],
    [`/v1.0/groups/${AGENT_GROUP}/members`]: [userObject(LEAVING_USER, 'leo')],
    [`/v1.0/groups/${OWNER_GROUP}/members`]: [userObject(OWNER_USER, 'olivia'), userObject(LEAVING_USER, 'leo')],
    // Shape of https://learn.microsoft.com/graph/api/reportroot-list-appcredentialsigninactivities?view=graph-rest-beta
    '/beta/reports/appCredentialSignInActivities': [
      { id: 'cred-row-1', keyId: 'k0000000-0000-4000-8000-000000000001', keyType: 'clientSecret', keyUsage: 'verify', appId: MAIL_APP_ID, appObjectId: MAIL_APP_OBJECT, servicePrincipalObjectId: MAIL_SP, resourceId: '00000003-0000-0000-c000-000000000000', credentialOrigin: 'application', expirationDateTime: '2027-01-01T00:00:00Z', signInActivity: { lastSignInDateTime: '2026-11-17T07:00:00Z', lastSignInRequestId: 'req-1' } },
    ],
    '/beta/reports/servicePrincipalSignInActivities': [
      { id: Buffer.from(MAIL_APP_ID).toString('base64'), appId: MAIL_APP_ID, applicationAuthenticationClientSignInActivity: { lastSignInDateTime: '2026-11-19T08:00:00Z', lastSignInRequestId: 'r1' }, applicationAuthenticationResourceSignInActivity: null, delegatedClientSignInActivity: null, delegatedResourceSignInActivity: null, lastSignInActivity: { lastSignInDateTime: '2026-11-19T08:00:00Z', lastSignInRequestId: 'r1' } },
    ],
    '/v1.0/auditLogs/directoryAudits': [
      { id: 'audit-recent', category: 'UserManagement', activityDisplayName: 'Update user', activityDateTime: '2026-11-18T10:00:00Z', result: 'success', initiatedBy: { app: { appId: MAIL_APP_ID, displayName: 'Mail reader', servicePrincipalId: MAIL_SP, servicePrincipalName: null }, user: null }, targetResources: [] },
      { id: 'audit-old', category: 'UserManagement', activityDisplayName: 'Update user', activityDateTime: '2026-10-01T10:00:00Z', result: 'success', initiatedBy: { app: { appId: MAIL_APP_ID, displayName: 'Mail reader', servicePrincipalId: MAIL_SP, servicePrincipalName: null }, user: null }, targetResources: [] },
      { id: 'audit-by-person', category: 'GroupManagement', activityDisplayName: 'Add member to group', activityDateTime: '2026-11-18T11:00:00Z', result: 'success', initiatedBy: { app: null, user: { id: OWNER_USER, userPrincipalName: 'olivia@test.example' } }, targetResources: [] },
      // An account disabled by a person: no app's evidence, but how a departure is dated.
      { id: 'audit-disable', category: 'UserManagement', activityDisplayName: 'Disable account', activityDateTime: '2026-11-18T12:00:00Z', result: 'success', initiatedBy: { app: null, user: { id: OWNER_USER, userPrincipalName: 'olivia@test.example' } }, targetResources: [{ id: LEAVING_USER, type: 'User', userPrincipalName: 'leo@test.example' }] },
    ],
    '/v1.0/roleManagement/directory/roleDefinitions': [
      { id: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', displayName: 'Application Administrator', isBuiltIn: true, isEnabled: true, templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', resourceScopes: ['/'], rolePermissions: [], version: '1' },
      { id: 'e8611ab8-c189-46e8-94e1-60213ab1f814', displayName: 'Privileged Role Administrator', isBuiltIn: true, isEnabled: true, templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814', resourceScopes: ['/'], rolePermissions: [], version: '1' },
    ],
    '/v1.0/roleManagement/directory/roleAssignments': [{ id: 'ra-1', principalId: MAIL_SP, roleDefinitionId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', directoryScopeId: '/', appScopeId: null, condition: null }],
    '/v1.0/roleManagement/directory/roleEligibilityScheduleInstances': [
      { id: 're-1', principalId: SCIM_SP, roleDefinitionId: 'e8611ab8-c189-46e8-94e1-60213ab1f814', directoryScopeId: '/', appScopeId: null, startDateTime: '2026-01-01T00:00:00Z', endDateTime: null, memberType: 'Direct', roleEligibilityScheduleId: 'sched-1' },
    ],
    [`/v1.0/servicePrincipals/${SCIM_SP}/synchronization/jobs`]: [
      { id: 'atlassianCloud.test.job', templateId: 'atlassianCloud', schedule: { expiration: null, interval: 'PT40M', state: 'Active' }, status: { code: 'Active', lastSuccessfulExecution: { state: 'Succeeded', timeBegan: '2026-11-20T05:20:00Z', timeEnded: '2026-11-20T05:22:00Z' }, steadyStateFirstAchievedTime: '2024-06-01T10:52:13Z' }, synchronizationJobSettings: [] },
    ],
  };
}

let cloud: FakeCloud;
let restricted: FakeCloud;

beforeAll(async () => {
  const syncs = [{ name: '01-only', at: SYNC_AT }];
  cloud = new FakeCloud(extendTestTenant(writeTestTenant({ syncs }), { files: { graph: { [T]: graphJson() } } }));
  restricted = new FakeCloud(extendTestTenant(writeTestTenant({ syncs, roles: ['Application.Read.All', 'User.Read.All'] }), { files: { graph: { [T]: graphJson() } } }));
  await cloud.start();
  await restricted.start();
});

afterAll(async () => {
  await cloud.close();
  await restricted.close();
});

it('reads every Entra dataset through the fake Graph and builds a graph with no dangling edge', async () => {
  // Arrange
  const log: RecordedRequest[] = [];
  const client = await graphClientFor(cloud, T, log);
  const steps = entraExtractionSteps({ tenantId: T, displayName: 'Test Entra' }, async () => client, { observedAt: () => SYNC_AT });
  const names = entraDatasets(T);

  // Act
  const run = await runSteps(steps);
  const contribution = await entraGraphBuilder(T).build(async <R>(name: string) => run.datasets.get(name) as R[] | undefined, { settings: defaultSettings(), observedAt: SYNC_AT });
  const graph = AccessGraph.from(contribution.fragment);

  // Assert: every step stored its dataset
  expect(run.failures).toEqual(new Map());
  expect(run.quarantined).toEqual([]);
  const counts = Object.fromEntries(Object.entries(names).map(([entity, dataset]) => [entity, run.datasets.get(dataset)?.length]));
  expect(counts).toEqual({
    organization: 1,
    servicePrincipals: EXTRA_SERVICE_PRINCIPALS + 4,
    applications: 1,
    owners: 3 + MANY_OWNERS,
    appRoleAssignments: 1,
    oauth2PermissionGrants: 1,
    users: 2,
    groups: 2,
    signInActivities: 1,
    directoryAudits: 2,
    synchronizationJobs: 1,
    directoryRoles: 4,
    federatedCredentials: 1,
    credentialSignIns: 1,
    agentIdentities: 1,
    // This tenant has no blueprint and no agent user (agent-blueprints-fake-cloud.test.ts reads them).
    agentBlueprints: 0,
    agentBlueprintPrincipals: 0,
    agentUsers: 0,
  });
  // An agent identity: one identity node, typed as an agent, owned by its owner and by its sponsors.
  const agent = `entra:identity:${T}/${AGENT}`;
  expect(graph.node(agent)?.props).toMatchObject({ subtype: 'entra_agent_identity', appId: AGENT_APP_ID, human: false, origin: 'first_party' });
  expect(graph.out(agent, 'OWNED_BY').map((e) => `${e.to} (${e.reason ?? ''})`).sort()).toEqual([
    `people:owner:group/${T}/${AGENT_GROUP} (sponsor of the agent identity)`,
    'people:owner:leo@test.example (sponsor of the agent identity)',
    'people:owner:olivia@test.example (owner of the service principal)',
  ]);
  expect(graph.node(`people:owner:group/${T}/${AGENT_GROUP}`)?.props).toMatchObject({ subtype: 'group', activeMembers: 1 });
  // A federated credential: GitHub Actions tokens for one repository environment sign in as the mail reader.
  const fic = `entra:credential:${T}/app/${MAIL_APP_OBJECT}/fic/f1c00000-0000-4000-8000-000000000001`;
  expect(graph.node(fic)?.props).toMatchObject({ subtype: 'federated_identity_credential', federatedIssuer: 'https://token.actions.githubusercontent.com', federatedSubject: 'repo:example-org/mail-reader:environment:production' });
  expect(graph.node(fic)?.name).toBe('GitHub Actions federation "deploy-production" of Mail reader');
  expect(graph.out(fic, 'AUTHENTICATES_AS').map((e) => e.to)).toEqual([`entra:identity:${T}/${MAIL_SP}`]);
  // The secret's own last sign-in is evidence on the secret and on the service principal it signs in as.
  const credentialEvidence = `entra:execution_evidence:${T}/credential/k0000000-0000-4000-8000-000000000001`;
  expect(new Set(graph.out(credentialEvidence, 'EVIDENCES').map((e) => e.to))).toEqual(new Set([`entra:credential:${T}/app/${MAIL_APP_OBJECT}/k0000000-0000-4000-8000-000000000001`, `entra:identity:${T}/${MAIL_SP}`]));
  // Directory roles: an active assignment is held (high privilege over the directory); eligibility is latent only.
  const role = `entra:role:${T}/directory-role/9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3/tenant`;
  expect(graph.out(`entra:identity:${T}/${MAIL_SP}`, 'HAS_ROLE').map((e) => e.to)).toContain(role);
  expect(graph.node(`entra:permission:${T}/directory-role/9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3/tenant`)?.props).toMatchObject({ subtype: 'entra_directory_role', key: 'Application Administrator', highPrivilege: true, tenantWide: true });
  expect(graph.node(`entra:identity:${T}/${SCIM_SP}`)?.props).toMatchObject({ eligibleDirectoryRoles: ['Privileged Role Administrator'] });
  expect(graph.out(`entra:identity:${T}/${SCIM_SP}`, 'HAS_ROLE').map((e) => e.to).filter((id) => id.includes('directory-role'))).toEqual([]);
  // Assert: paging, $select, $batch chunks of at most 20 through the same egress
  const urls = log.map((r) => r.url);
  expect(urls.filter((u) => u.startsWith('https://graph.microsoft.com/v1.0/servicePrincipals?'))).toHaveLength(2);
  expect(urls.find((u) => u.startsWith('https://graph.microsoft.com/v1.0/servicePrincipals/microsoft.graph.agentIdentity?'))).toContain('agentIdentityBlueprintId');
  expect(urls.filter((u) => u.startsWith(`https://graph.microsoft.com/v1.0/servicePrincipals/${GALLERY_SP_WITHOUT_JOBS}/owners?`) && u.includes('$skiptoken='))).toHaveLength(1);
  expect(urls.find((u) => u.startsWith('https://graph.microsoft.com/v1.0/users?'))).toContain('$select=id,displayName,userPrincipalName,mail,proxyAddresses,accountEnabled,employeeLeaveDateTime');
  const batches = log.filter((r) => r.url.endsWith('/$batch')).map((r) => (JSON.parse(r.init?.body ?? '{}') as { requests: unknown[] }).requests.length);
  expect(Math.max(...batches)).toBe(20);
  // agent sponsors (1 agent), owners (non-Microsoft SPs + the agent + app), appRoleAssignedTo, jobs (2 candidates),
  // groups + members (an owner group and a sponsor group), federated credentials (1 app)
  expect(batches.reduce((a, b) => a + b, 0)).toBe(1 + EXTRA_SERVICE_PRINCIPALS + 3 + 1 + 1 + 1 + 2 + 4 + 1);
  // Assert: the graph
  expect(graph.danglingEdges).toEqual([]);
  expect(contribution.verifiedDomains).toEqual(['test.example']);
  // The account a person disabled is kept as the end of that account, though no app made the change.
  expect(contribution.accountEnds?.()).toEqual([{ at: '2026-11-18T12:00:00.000Z', accountId: LEAVING_USER, system: 'entra' }]);
  expect((contribution.people ?? []).map((p) => `${p.email}:${String(p.departed)}`).sort()).toEqual(['leo@test.example:false', 'olivia@test.example:false']);
  const mailReader = `entra:identity:${T}/${MAIL_SP}`;
  expect(new Set(graph.out(mailReader).map((e) => `${e.kind} ${e.to}`))).toEqual(
    new Set([
      `HAS_ROLE entra:role:${T}/${GRAPH_SP}/${MAIL_READ}`,
      `HAS_ROLE entra:role:${T}/${MAIL_SP}/delegated/${GRAPH_SP}`,
      `HAS_ROLE entra:role:${T}/directory-role/9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3/tenant`,
      'OWNED_BY people:owner:olivia@test.example',
      `OWNED_BY people:owner:group/${T}/${OWNER_GROUP}`,
    ]),
  );
  expect(graph.node(`people:owner:group/${T}/${OWNER_GROUP}`)?.props).toMatchObject({ subtype: 'group', activeMembers: 2 });
  expect(graph.in(mailReader, 'EVIDENCES').map((e) => graph.node(e.from)?.props)).toEqual(
    expect.arrayContaining([expect.objectContaining({ subtype: 'sign_in', lastAt: '2026-11-19T08:00:00Z' }), expect.objectContaining({ subtype: 'audit_record', lastAt: '2026-11-18T10:00:00Z', count: 1 })]),
  );
  expect(graph.nodesOfKind('workload').map((w) => w.props.subtype)).toEqual(['entra_provisioning_job']);
});

it('stops a step refused with 403 as SOURCE_UNAUTHORIZED naming the endpoint, the tenant and the missing permission', async () => {
  // Arrange
  const client = await graphClientFor(restricted, T);
  const steps = entraExtractionSteps({ tenantId: T }, async () => client, { observedAt: () => SYNC_AT });

  // Act
  const run = await runSteps(steps);

  // Assert
  expect(new Set(run.failures.keys())).toEqual(
    new Set(['organization', 'oauth2-permission-grants', 'groups', 'sign-in-activity', 'directory-audits', 'synchronization-jobs', 'directory-roles', 'credential-sign-ins'].map((id) => `entra:${T}:${id}`)),
  );
  const signIns = run.failures.get(`entra:${T}:sign-in-activity`) as Error & { code: string };
  expect(signIns.code).toBe('SOURCE_UNAUTHORIZED');
  expect(signIns.message).toContain('/beta/reports/servicePrincipalSignInActivities');
  expect(signIns.message).toContain(`Entra tenant ${T}`);
  expect(signIns.message).toContain('Authorization_RequestDenied');
  expect(signIns.message).toContain('AuditLog.Read.All');
  expect((run.failures.get(`entra:${T}:synchronization-jobs`) as Error).message).toContain('Synchronization.Read.All');
  expect((run.failures.get(`entra:${T}:groups`) as Error).message).toContain('GroupMember.Read.All');
  expect((run.failures.get(`entra:${T}:directory-roles`) as Error).message).toContain('RoleManagement.Read.Directory');
  // Agents list with Application.Read.All (Graph's higher-privileged read); their sponsors open app-only to
  // AgentIdentity.ReadWrite.All alone: refused, the agents are kept and marked, never taken as sponsor-less.
  const agents = run.datasets.get(entraDatasets(T).agentIdentities) as Array<{ id: string; sponsors: unknown[]; sponsorsUnread?: string }>;
  expect(agents.map((a) => a.id)).toEqual([AGENT]);
  expect(agents[0]?.sponsors).toEqual([]);
  expect(agents[0]?.sponsorsUnread).toContain('AgentIdentity.ReadWrite.All');
  expect((run.failures.get(`entra:${T}:directory-roles`) as unknown as { context: Record<string, unknown> }).context.optional).toBeUndefined();
  expect(run.datasets.get(entraDatasets(T).servicePrincipals)).toHaveLength(EXTRA_SERVICE_PRINCIPALS + 4);
});
