/**
 * Writes small tenant directories (docs/tenant-format.md) for tests, deterministically: same inputs, same
 * files. Each test names what it needs (how many service principals, which roles are granted) and nothing else.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const TEST_CLOUD_ID = '7c1e4b1a-0000-4000-8000-000000000001';
export const TEST_ENTRA_TENANT = '11111111-2222-4333-8444-555555555555';
export const TEST_CLIENT_ID = '99999999-8888-4777-8666-555555555555';
export const TEST_CLIENT_SECRET = 'test-secret-value~abc123';
export const ADMIN_ACCOUNT = '712020:00000000-0000-4000-8000-00000000ad01';
export const USER_ACCOUNT = '712020:00000000-0000-4000-8000-00000000u001';
export const ADMIN_GROUP = 'aaaaaaaa-0000-4000-8000-000000000001';

export interface TestTenantOptions {
  servicePrincipals?: number;
  projects?: number;
  /** Graph application permissions granted to the scanner; undefined = all. */
  roles?: string[];
  syncs?: Array<{ name: string; at: string }>;
}

function guid(prefix: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

export function servicePrincipal(n: number): Record<string, unknown> {
  return {
    id: guid(0x5e, n),
    appId: guid(0xa9, n),
    displayName: `Test app ${String(n).padStart(5, '0')}`,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: TEST_ENTRA_TENANT,
    accountEnabled: true,
    tags: [],
    passwordCredentials: [],
    keyCredentials: [],
  };
}

export function project(n: number): Record<string, unknown> {
  return {
    id: String(10000 + n),
    key: `P${n}`,
    name: `Project ${n}`,
    projectTypeKey: 'software',
    simplified: false,
    style: 'classic',
    lead: { accountId: ADMIN_ACCOUNT, displayName: 'Ada Admin', active: true },
  };
}

export function writeTestTenant(options: TestTenantOptions = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-tenant-'));
  const syncs = options.syncs ?? [{ name: '01-only', at: '2026-11-20T06:00:00Z' }];
  const tenantJson = {
    name: 'test-tenant',
    jira: { site: 'https://test-site.atlassian.net', cloudId: TEST_CLOUD_ID },
    entra: [{ tenantId: TEST_ENTRA_TENANT, displayName: 'Test Entra', domains: ['test.example'] }],
    settings: {},
    secrets: {
      entra: {
        [TEST_ENTRA_TENANT]: { clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, ...(options.roles ? { roles: options.roles } : {}) },
      },
    },
  };
  fs.writeFileSync(path.join(dir, 'tenant.json'), JSON.stringify(tenantJson, null, 2));
  const users = [
    { accountId: ADMIN_ACCOUNT, accountType: 'atlassian', active: true, displayName: 'Ada Admin', emailAddress: 'ada@test.example' },
    { accountId: USER_ACCOUNT, accountType: 'atlassian', active: true, displayName: 'Uma User', emailAddress: 'uma@test.example' },
  ];
  for (const sync of syncs) {
    const syncDir = path.join(dir, 'syncs', sync.name);
    fs.mkdirSync(syncDir, { recursive: true });
    fs.writeFileSync(path.join(syncDir, 'sync.json'), JSON.stringify({ at: sync.at }));
    const projects = Array.from({ length: options.projects ?? 3 }, (_, i) => project(i + 1));
    const adminGroup = { groupId: ADMIN_GROUP, name: 'jira-admins-test-site' };
    const jira: Record<string, unknown> = {
      '/rest/api/3/project/search': projects,
      '/rest/api/3/users/search': users,
      '/rest/api/3/group/bulk': [adminGroup],
      '/rest/api/3/group/bulk#accessType=admin': [adminGroup],
      [`/rest/api/3/group/member#groupId=${ADMIN_GROUP}`]: [users[0]],
      '/rest/api/3/auditing/record': [],
      '/rest/api/3/role': [{ self: 'https://test-site.atlassian.net/rest/api/3/role/10100', name: 'Member', id: 10100, description: 'Members of the project', actors: [] }],
    };
    for (const p of projects) {
      const id = String(p.id);
      jira[`/rest/api/3/project/${id}/role`] = { Member: `https://test-site.atlassian.net/rest/api/3/project/${id}/role/10100` };
      jira[`/rest/api/3/project/${id}/role/10100`] = { id: 10100, name: 'Member', actors: [{ id: 1, displayName: 'Uma User', type: 'atlassian-user-role-actor', actorUser: { accountId: USER_ACCOUNT } }] };
      jira[`/rest/api/3/project/${id}/permissionscheme`] = {
        id: 10000,
        name: 'Default',
        permissions: [{ id: 1, permission: 'BROWSE_PROJECTS', holder: { type: 'projectRole', parameter: '10100', value: '10100' } }],
      };
    }
    const graph = {
      [TEST_ENTRA_TENANT]: {
        '/v1.0/organization': [{ id: TEST_ENTRA_TENANT, displayName: 'Test Entra', verifiedDomains: [{ name: 'test.example', isDefault: true, isInitial: false, type: 'Managed', capabilities: 'Email' }] }],
        '/v1.0/servicePrincipals': Array.from({ length: options.servicePrincipals ?? 5 }, (_, i) => servicePrincipal(i + 1)),
        '/v1.0/applications': [],
        '/v1.0/oauth2PermissionGrants': [],
        '/v1.0/users': [],
        '/v1.0/auditLogs/directoryAudits': [],
        '/beta/reports/servicePrincipalSignInActivities': [],
      },
    };
    fs.writeFileSync(path.join(syncDir, 'jira.json'), JSON.stringify(jira, null, 2));
    fs.writeFileSync(path.join(syncDir, 'graph.json'), JSON.stringify(graph, null, 2));
  }
  return dir;
}
