/**
 * Azure DevOps records -> graph: service hooks (destination without query, basic auth and auth headers as
 * credentials whose values are never kept, creator as owner), deliveries as evidence, users, and PATs whose
 * scopes become permissions over the organization's projects.
 */
import { defaultSettings, settingsSchema } from '../../../src/settings/settings';
import { serviceHookSchema, serviceHooksToGraph } from '../../../src/sources/azuredevops/service-hooks';
import { hookNotificationSchema, hookNotificationsToGraph } from '../../../src/sources/azuredevops/hook-notifications';
import { classifyPatScope, personalAccessTokenSchema, personalAccessTokensToGraph } from '../../../src/sources/azuredevops/personal-access-tokens';
import { adoUserSchema, adoUsersToGraph } from '../../../src/sources/azuredevops/graph-users';
import { adoProjectSchema, adoProjectsToGraph } from '../../../src/sources/azuredevops/projects';
import type { GraphEdge } from '../../../src/model/schema';

const ORG = 'contoso';
const context = { settings: defaultSettings(), observedAt: '2026-11-20T06:00:00.000Z' };
const HOOK_ID = 'hook-0001';
const PROJECT_ID = 'proj-0001';
const HEADER_SECRET = 'Bearer hook-h3ader-secret';
const PAT_VALUE = 'pat-t0ken-value-never-kept';

const edgesOf = (edges: GraphEdge[], kind: GraphEdge['kind']) => new Set(edges.filter((e) => e.kind === kind).map((e) => `${e.from} -> ${e.to}`));

const webhookWithBasicAuthAndHeader = serviceHookSchema.parse({
  id: HOOK_ID,
  status: 'onProbation',
  publisherId: 'tfs',
  eventType: 'workitem.updated',
  consumerId: 'webHooks',
  consumerActionId: 'httpRequest',
  createdBy: { id: 'vsid-1', uniqueName: 'Creator@Corp.example', displayName: 'Creator', descriptor: 'aad.creator' },
  publisherInputs: { projectId: PROJECT_ID, areaPath: 'x' },
  consumerInputs: {
    url: 'https://sync.partner.example/api/hooks?tenant=corp',
    basicAuthUsername: 'corp-user',
    basicAuthPassword: '********',
    httpHeaders: `X-Partner-Tenant: corp\nAuthorization: ${HEADER_SECRET}`,
  },
});

describe('serviceHooksToGraph', () => {
  it('sends to the destination without its query, with basic auth and the auth header as credentials, and no value kept', () => {
    // Act
    const fragment = serviceHooksToGraph([webhookWithBasicAuthAndHeader], context, ORG);

    // Assert
    const hook = `azuredevops:workload:${ORG}/${HOOK_ID}`;
    const connection = fragment.nodes.find((n) => n.id === `azuredevops:connection:${ORG}/${HOOK_ID}`);
    expect(connection?.props).toMatchObject({
      subtype: 'webhook',
      host: 'sync.partner.example',
      url: 'https://sync.partner.example/api/hooks',
      method: 'POST',
      sendsCredential: true,
      credentialMechanism: 'basic auth; header Authorization',
    });
    expect(fragment.nodes.find((n) => n.id === hook)?.props).toMatchObject({ subtype: 'ado_service_hook', enabled: true, trigger: 'tfs workitem.updated' });
    expect(edgesOf(fragment.edges, 'SENDS_TO')).toEqual(new Set([`${hook} -> azuredevops:connection:${ORG}/${HOOK_ID}`]));
    expect(fragment.nodes.find((n) => n.id === `azuredevops:credential:${ORG}/hook/${HOOK_ID}`)?.props).toEqual({ subtype: 'basic_auth', nativeId: HOOK_ID });
    expect(edgesOf(fragment.edges, 'USES')).toEqual(new Set([`azuredevops:connection:${ORG}/${HOOK_ID} -> azuredevops:credential:${ORG}/hook/${HOOK_ID}`]));
    expect(edgesOf(fragment.edges, 'TRIGGERS_ON')).toEqual(new Set([`${hook} -> azuredevops:resource:${ORG}/${PROJECT_ID}`]));
    expect(edgesOf(fragment.edges, 'CREATED_BY')).toEqual(new Set([`${hook} -> people:owner:creator@corp.example`]));
    expect(edgesOf(fragment.edges, 'OWNED_BY')).toEqual(new Set([`${hook} -> people:owner:creator@corp.example`]));
    const stored = JSON.stringify(webhookWithBasicAuthAndHeader) + JSON.stringify(fragment);
    for (const value of ['hook-h3ader-secret', 'corp-user', '********', 'tenant=corp', 'X-Partner-Tenant: corp']) expect(stored).not.toContain(value);
  });

  it('marks a hook disabled by the system as not enabled', () => {
    const disabled = serviceHookSchema.parse({ id: 'hook-2', status: 'disabledBySystem', consumerInputs: { url: 'https://x.example/y' } });

    const { nodes } = serviceHooksToGraph([disabled], context, ORG);

    expect(nodes.find((n) => n.kind === 'workload')?.props).toMatchObject({ enabled: false });
    expect(nodes.find((n) => n.kind === 'connection')?.props).toMatchObject({ sendsCredential: false });
  });
});

describe('hookNotificationsToGraph', () => {
  it('evidences a hook with its latest delivery and keeps no request details', () => {
    const delivery = (id: number, createdDate: string) =>
      hookNotificationSchema.parse({ id, subscriptionId: HOOK_ID, status: 'completed', result: 'succeeded', createdDate, details: { request: 'POST https://x\r\nAuthorization: Basic abc' } });
    const deliveries = [delivery(1, '2026-08-05T16:18:47.902Z'), delivery(2, '2026-08-19T14:07:22.117Z'), delivery(3, '2026-07-29T08:55:31.348Z')];

    const { nodes, edges } = hookNotificationsToGraph(deliveries, context, ORG);

    expect(nodes).toEqual([expect.objectContaining({ id: `azuredevops:execution_evidence:${ORG}/${HOOK_ID}/deliveries`, props: expect.objectContaining({ subtype: 'hook_delivery', lastAt: '2026-08-19T14:07:22.117Z', count: 3 }) })]);
    expect(edgesOf(edges, 'EVIDENCES')).toEqual(new Set([`azuredevops:execution_evidence:${ORG}/${HOOK_ID}/deliveries -> azuredevops:workload:${ORG}/${HOOK_ID}`]));
    expect(JSON.stringify(deliveries)).not.toContain('Basic abc');
  });
});

describe('personal access tokens', () => {
  it('classifies scopes: _write is write, full access and _manage are high privilege, plain read is neither', () => {
    expect(classifyPatScope('vso.work_write')).toEqual({ write: true, highPrivilege: false });
    expect(classifyPatScope('vso.code')).toEqual({ write: false, highPrivilege: false });
    expect(classifyPatScope('vso.build_execute')).toEqual({ write: true, highPrivilege: false });
    expect(classifyPatScope('vso.security_manage')).toEqual({ write: true, highPrivilege: true });
    expect(classifyPatScope('app_token')).toEqual({ write: true, highPrivilege: true });
  });

  it('makes a PAT with a write scope a credential of its user whose role grants write over every project, never keeping the token', () => {
    // Arrange
    const projects = [adoProjectSchema.parse({ id: 'proj-a', name: 'alpha' }), adoProjectSchema.parse({ id: 'proj-b', name: 'beta' })];
    const writePat = personalAccessTokenSchema.parse({
      subjectDescriptor: 'aad.svc',
      authorizationId: 'auth-1',
      displayName: 'sync',
      scope: 'vso.work_write vso.code',
      validFrom: '2026-01-02T10:15:44.21Z',
      validTo: '2027-01-01T00:00:00Z',
      isValid: true,
      token: PAT_VALUE,
      alternateToken: PAT_VALUE,
    });
    const revokedPat = personalAccessTokenSchema.parse({ subjectDescriptor: 'aad.svc', authorizationId: 'auth-2', scope: 'app_token', isValid: false });

    // Act
    const fragment = personalAccessTokensToGraph([writePat, revokedPat], projects, context, ORG);

    // Assert
    const credential = `azuredevops:credential:${ORG}/auth-1`;
    const role = `azuredevops:role:${ORG}/pat/auth-1`;
    expect(fragment.nodes.find((n) => n.id === credential)?.props).toEqual({
      subtype: 'pat',
      nativeId: 'auth-1',
      createdAt: '2026-01-02T10:15:44.210Z',
      expiresAt: '2027-01-01T00:00:00.000Z',
      scopes: ['vso.code', 'vso.work_write'],
    });
    expect(fragment.nodes.find((n) => n.id === `azuredevops:permission:${ORG}/vso.work_write`)?.props).toMatchObject({ subtype: 'ado', write: true, highPrivilege: false });
    expect(edgesOf(fragment.edges, 'AUTHENTICATES_AS')).toEqual(new Set([`${credential} -> azuredevops:identity:${ORG}/aad.svc`]));
    expect(edgesOf(fragment.edges, 'HAS_ROLE')).toEqual(new Set([`azuredevops:identity:${ORG}/aad.svc -> ${role}`]));
    expect(edgesOf(fragment.edges, 'GRANTS')).toEqual(new Set([`${role} -> azuredevops:permission:${ORG}/vso.work_write`, `${role} -> azuredevops:permission:${ORG}/vso.code`]));
    expect(edgesOf(fragment.edges, 'APPLIES_TO')).toEqual(
      new Set(['vso.work_write', 'vso.code'].flatMap((scope) => ['proj-a', 'proj-b'].map((p) => `azuredevops:permission:${ORG}/${scope} -> azuredevops:resource:${ORG}/${p}`))),
    );
    expect(fragment.nodes.some((n) => n.id.endsWith('auth-2'))).toBe(false);
    expect(JSON.stringify([writePat, fragment])).not.toContain(PAT_VALUE);
  });

  it('emits the reach of a scope shared by several PATs once, each PAT still granting it through its own role', () => {
    // Arrange: three users' PATs with the same scope, over two projects
    const projects = [adoProjectSchema.parse({ id: 'proj-a', name: 'alpha' }), adoProjectSchema.parse({ id: 'proj-b', name: 'beta' })];
    const pats = ['u1', 'u2', 'u3'].map((user, i) => personalAccessTokenSchema.parse({ subjectDescriptor: `aad.${user}`, authorizationId: `auth-${i}`, scope: 'vso.code_write', isValid: true }));

    // Act
    const fragment = personalAccessTokensToGraph(pats, projects, context, ORG);

    // Assert: one APPLIES_TO per project, one GRANTS per PAT
    const appliesTo = fragment.edges.filter((e) => e.kind === 'APPLIES_TO');
    expect(appliesTo.map((e) => e.to)).toEqual([`azuredevops:resource:${ORG}/proj-a`, `azuredevops:resource:${ORG}/proj-b`]);
    expect(fragment.edges.filter((e) => e.kind === 'GRANTS')).toHaveLength(3);
    expect(fragment.nodes.filter((n) => n.kind === 'permission')).toHaveLength(1);
  });
});

describe('users and projects', () => {
  it('makes users identities, a person owning their own account and a service account owned by no one', () => {
    const person = adoUserSchema.parse({ descriptor: 'aad.person', displayName: 'Ana Person', mailAddress: 'ana@corp.example', origin: 'aad', originId: 'entra-ana', domain: 'tenant-1' });
    const service = adoUserSchema.parse({ descriptor: 'aad.svc', displayName: 'svc-sync', mailAddress: 'svc-sync@corp.example', origin: 'aad', originId: 'entra-svc', domain: 'tenant-1' });

    const { nodes, edges } = adoUsersToGraph([person, service], context, ORG);

    expect(nodes.find((n) => n.id === `azuredevops:identity:${ORG}/aad.svc`)?.props).toMatchObject({ subtype: 'ado_user', human: false, tenantId: 'tenant-1' });
    expect(nodes.find((n) => n.id === 'people:owner:ana@corp.example')?.props).toMatchObject({ adoUserIds: ['aad.person'], entraUserIds: ['entra-ana'] });
    expect(edgesOf(edges, 'OWNED_BY')).toEqual(new Set([`azuredevops:identity:${ORG}/aad.person -> people:owner:ana@corp.example`]));
  });

  it('classifies projects by "org/name" from settings', () => {
    const settings = settingsSchema.parse({ sensitivity: { adoProjects: { [`${ORG}/alpha`]: { level: 'restricted', businessDomain: 'Code' } } } });

    const { nodes } = adoProjectsToGraph([adoProjectSchema.parse({ id: 'proj-a', name: 'alpha' }), adoProjectSchema.parse({ id: 'proj-b', name: 'beta' })], { ...context, settings }, ORG);

    expect(new Set(nodes.map((n) => `${n.id} ${(n.props as { sensitivity: string }).sensitivity}`))).toEqual(
      new Set([`azuredevops:resource:${ORG}/proj-a restricted`, `azuredevops:resource:${ORG}/proj-b internal`]),
    );
  });
});
