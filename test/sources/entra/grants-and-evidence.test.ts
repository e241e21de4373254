import { directoryAuditsToGraph, type DirectoryAudit } from '../../../src/sources/entra/directory-audits';
import { oauth2PermissionGrantsToGraph } from '../../../src/sources/entra/oauth2-permission-grants';
import { verifiedDomainsOf } from '../../../src/sources/entra/organization';
import { signInActivitiesToGraph } from '../../../src/sources/entra/sign-in-activities';
import { synchronizationJobsToGraph, canHaveProvisioningJobs, type SynchronizationJob } from '../../../src/sources/entra/synchronization-jobs';
import { context, GRAPH_APP_ID, microsoftGraph, OTHER_TENANT, servicePrincipal, TENANT } from './entra-records';

const identity = (spId: string) => `entra:identity:${TENANT}/${spId}`;
const edgeSet = (edges: ReadonlyArray<{ kind: string; from: string; to: string }>) => new Set(edges.map((e) => `${e.kind} ${e.from} -> ${e.to}`));

it('turns a delegated grant into a per-client role granting each scope of the resource', () => {
  // Arrange
  const connector = servicePrincipal('sp-connector', 'app-connector');
  const grant = { id: 'grant-1', clientId: 'sp-connector', consentType: 'AllPrincipals', principalId: null, resourceId: 'graph-sp', scope: ' User.Read  offline_access ' };
  const grantToUnlistedResource = { id: 'grant-2', clientId: 'sp-connector', consentType: 'Principal', principalId: 'u-1', resourceId: 'gone-sp', scope: 'Files.Read' };

  // Act
  const fragment = oauth2PermissionGrantsToGraph([grant, grantToUnlistedResource], [microsoftGraph(), connector], context(), TENANT);

  // Assert
  const role = `entra:role:${TENANT}/sp-connector/delegated/graph-sp`;
  const userRead = `entra:permission:${TENANT}/${GRAPH_APP_ID}/delegated/User.Read`;
  const offline = `entra:permission:${TENANT}/${GRAPH_APP_ID}/delegated/offline_access`;
  expect(new Set(fragment.nodes.map((n) => n.id))).toEqual(new Set([role, userRead, offline]));
  expect(fragment.nodes.find((n) => n.id === userRead)?.props).toEqual({ subtype: 'graph_delegated', key: 'User.Read', tenantWide: false, write: false, highPrivilege: false, impersonation: false });
  expect(edgeSet(fragment.edges)).toEqual(new Set([`HAS_ROLE ${identity('sp-connector')} -> ${role}`, `GRANTS ${role} -> ${userRead}`, `GRANTS ${role} -> ${offline}`]));
});

describe('execution evidence', () => {
  it('keys sign-in activity by appId and evidences the service principal with that appId', () => {
    // Arrange
    const reporter = servicePrincipal('sp-reporter', 'app-reporter');
    const activities = [
      { appId: 'app-reporter', lastSignInActivity: { lastSignInDateTime: '2026-11-19T22:07:00Z' } },
      { appId: 'app-not-here', lastSignInActivity: { lastSignInDateTime: '2026-11-19T22:07:00Z' } },
      { appId: 'app-reporter-summary-missing', delegatedClientSignInActivity: { lastSignInDateTime: '2026-11-01T00:00:00Z' } },
    ];
    const summaryMissing = servicePrincipal('sp-2', 'app-reporter-summary-missing');

    // Act
    const fragment = signInActivitiesToGraph(activities, [reporter, summaryMissing], context(), TENANT);

    // Assert
    const evidence = `entra:execution_evidence:${TENANT}/app-reporter/sign-in`;
    expect(fragment.nodes.find((n) => n.id === evidence)?.props).toEqual({ subtype: 'sign_in', lastAt: '2026-11-19T22:07:00Z', source: 'Entra service principal sign-in activity' });
    // A row that says which kind of sign-in it saw keeps them apart: a delegated sign-in is delegated evidence only.
    expect(fragment.nodes.find((n) => n.id.includes('summary-missing'))?.props).toMatchObject({ lastAt: '2026-11-01T00:00:00Z', authority: 'delegated' });
    expect(edgeSet(fragment.edges)).toEqual(new Set([`EVIDENCES ${evidence} -> ${identity('sp-reporter')}`, `EVIDENCES entra:execution_evidence:${TENANT}/app-reporter-summary-missing/sign-in-delegated -> ${identity('sp-2')}`]));
  });

  it('tells app-only sign-ins (its own permissions in use) from sign-ins on a user\'s behalf', () => {
    const app = servicePrincipal('sp-archive', 'app-archive');
    const fragment = signInActivitiesToGraph(
      [{ appId: 'app-archive', lastSignInActivity: { lastSignInDateTime: '2026-11-27T08:00:00Z' }, applicationAuthenticationClientSignInActivity: { lastSignInDateTime: '2026-09-12T03:00:00Z' }, delegatedClientSignInActivity: { lastSignInDateTime: '2026-11-27T08:00:00Z' } }],
      [app],
      context(),
      TENANT,
    );
    const byId = new Map(fragment.nodes.map((n) => [n.id, n.props]));
    expect(byId.get(`entra:execution_evidence:${TENANT}/app-archive/sign-in`)).toMatchObject({ lastAt: '2026-09-12T03:00:00Z', authority: 'application' });
    expect(byId.get(`entra:execution_evidence:${TENANT}/app-archive/sign-in-delegated`)).toMatchObject({ lastAt: '2026-11-27T08:00:00Z', authority: 'delegated' });
  });

  it('summarises app-initiated directory audits per service principal: the latest record and the count', () => {
    // Arrange
    const automation = servicePrincipal('sp-auto', 'app-auto');
    const audit = (id: string, at: string, app: DirectoryAudit['initiatedBy']): DirectoryAudit => ({ id, activityDateTime: at, activityDisplayName: 'Update user', initiatedBy: app });
    const audits = [
      audit('a1', '2026-11-10T08:00:00Z', { app: { servicePrincipalId: 'sp-auto', displayName: 'Automation' } }),
      audit('a2', '2026-11-12T08:00:00Z', { app: { appId: 'app-auto', servicePrincipalId: null } }),
      audit('a3', '2026-11-11T08:00:00Z', { app: null }),
    ];

    // Act
    const fragment = directoryAuditsToGraph(audits, [automation], context(), TENANT);

    // Assert
    const evidence = `entra:execution_evidence:${TENANT}/sp-auto/audit`;
    expect(fragment.nodes).toEqual([expect.objectContaining({ id: evidence, props: { subtype: 'audit_record', lastAt: '2026-11-12T08:00:00Z', count: 2, source: 'Entra directory audit "Update user"' } })]);
    expect(edgeSet(fragment.edges)).toEqual(new Set([`EVIDENCES ${evidence} -> ${identity('sp-auto')}`]));
  });
});

describe('provisioning jobs', () => {
  const scimApp = servicePrincipal('sp-scim', 'app-scim', { displayName: 'SCIM to Atlassian', applicationTemplateId: 'template-1', tags: ['WindowsAzureActiveDirectoryIntegratedApp'] });
  const job: SynchronizationJob = {
    servicePrincipalId: 'sp-scim',
    id: 'atlassianCloud.job1',
    templateId: 'atlassianCloud',
    schedule: { state: 'Paused', interval: 'PT40M' },
    status: { code: 'Paused', lastSuccessfulExecution: { timeBegan: '2026-10-09T11:02:36Z', timeEnded: '2026-10-09T11:03:36Z', state: 'Succeeded' } },
  };

  it('asks for jobs only on this tenant’s enterprise apps created from a template or tagged for provisioning', () => {
    expect(canHaveProvisioningJobs(scimApp, TENANT)).toBe(true);
    expect(canHaveProvisioningJobs(servicePrincipal('sp-plain', 'app-plain', { tags: ['WindowsAzureActiveDirectoryIntegratedApp'] }), TENANT)).toBe(false);
    expect(canHaveProvisioningJobs(servicePrincipal('sp-vendor', 'app-vendor', { applicationTemplateId: 'x', appOwnerOrganizationId: OTHER_TENANT }), TENANT)).toBe(false);
    expect(canHaveProvisioningJobs(servicePrincipal('sp-mi', 'app-mi', { servicePrincipalType: 'ManagedIdentity', applicationTemplateId: 'x' }), TENANT)).toBe(false);
  });

  it('builds the workload, connection, never-expiring token, SCIM directory key, its authority and the run evidence', () => {
    // Act
    const fragment = synchronizationJobsToGraph([job], [scimApp], context(), TENANT);

    // Assert
    const base = `${TENANT}/sp-scim/atlassianCloud.job1`;
    const ids = {
      workload: `entra:workload:${base}`,
      connection: `entra:connection:${base}`,
      credential: `entra:credential:${base}/secret-token`,
      evidence: `entra:execution_evidence:${base}/provisioning`,
      scim: 'jira:identity:scim/atlassianCloud.job1',
      role: 'jira:role:scim/atlassianCloud.job1',
      permission: 'jira:permission:atlassian-directory/provision',
      resource: 'jira:resource:atlassian-directory',
      sp: identity('sp-scim'),
    };
    const nodes = new Map(fragment.nodes.map((n) => [n.id, n]));
    expect(new Set(nodes.keys())).toEqual(new Set([ids.workload, ids.connection, ids.credential, ids.evidence, ids.scim, ids.role, ids.permission, ids.resource]));
    expect(nodes.get(ids.workload)?.props).toMatchObject({ subtype: 'entra_provisioning_job', enabled: false, executionMode: 'autonomous', derivedFrom: ids.sp });
    expect(nodes.get(ids.connection)?.props).toMatchObject({ subtype: 'scim_provisioning', host: 'api.atlassian.com', sendsCredential: true });
    expect(nodes.get(ids.credential)?.props).toMatchObject({ subtype: 'bearer_token', expiresAt: null });
    expect(nodes.get(ids.scim)?.props).toMatchObject({ subtype: 'atlassian_scim_directory', human: false, derivedFrom: ids.sp });
    expect(nodes.get(ids.permission)?.props).toEqual({ subtype: 'atlassian_directory', key: 'PROVISION_USERS_AND_GROUPS', highPrivilege: true, tenantWide: true, write: true, impersonation: false });
    expect(nodes.get(ids.evidence)?.props).toMatchObject({ subtype: 'provisioning_run', lastAt: '2026-10-09T11:03:36Z' });
    expect(edgeSet(fragment.edges)).toEqual(
      new Set([
        `RUNS_AS ${ids.workload} -> ${ids.sp}`,
        `INVOKES ${ids.workload} -> ${ids.connection}`,
        `USES ${ids.connection} -> ${ids.credential}`,
        `AUTHENTICATES_AS ${ids.credential} -> ${ids.scim}`,
        `AUTHENTICATES_TO ${ids.sp} -> ${ids.scim}`,
        `HAS_ROLE ${ids.scim} -> ${ids.role}`,
        `GRANTS ${ids.role} -> ${ids.permission}`,
        `APPLIES_TO ${ids.permission} -> ${ids.resource}`,
        `EVIDENCES ${ids.evidence} -> ${ids.workload}`,
        `EVIDENCES ${ids.evidence} -> ${ids.sp}`,
      ]),
    );
  });
});

it('reads the verified domains of the organization', () => {
  expect(verifiedDomainsOf([{ id: TENANT, verifiedDomains: [{ name: 'Corp.example' }, { name: 'corp.onmicrosoft.com' }, { name: 'corp.example' }] }])).toEqual(['corp.example', 'corp.onmicrosoft.com']);
});
