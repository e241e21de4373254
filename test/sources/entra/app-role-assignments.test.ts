import { appRoleAssignmentsToGraph, resourcesWithApplicationRoles, type AppRoleAssignment } from '../../../src/sources/entra/app-role-assignments';
import { classifyGraphPermission, scopeResourceFor } from '../../../src/sources/entra/graph-permissions';
import { defaultSettings, settingsSchema } from '../../../src/settings/settings';
import type { GraphNode } from '../../../src/model/schema';
import { context, GRAPH_APP_ID, MAIL_READ_ROLE, microsoftGraph, OTHER_TENANT, servicePrincipal, SITES_READWRITE_ROLE, TENANT } from './entra-records';

const identity = (spId: string) => `entra:identity:${TENANT}/${spId}`;
const MAIL_READ_PERMISSION = `entra:permission:${TENANT}/${GRAPH_APP_ID}/Mail.Read`;
const MAILBOXES = `m365:resource:${TENANT}/mailboxes`;

function assignment(id: string, principalId: string, appRoleId: string, fields: Partial<AppRoleAssignment> = {}): AppRoleAssignment {
  return { id, principalId, appRoleId, principalType: 'ServicePrincipal', resourceId: 'graph-sp', resourceDisplayName: 'Microsoft Graph', ...fields };
}

const sensitiveMailboxes = {
  sensitivity: {
    mailboxes: { 'CEO@corp.example': { level: 'confidential', businessDomain: 'Executive' }, 'support@corp.example': { level: 'internal' } },
    sharePointSites: { 'https://corp.sharepoint.com/sites/HR': { level: 'restricted', displayName: 'HR' } },
  },
};

describe('classifyGraphPermission', () => {
  it.each([
    ['Mail.Read', { tenantWide: true, write: false, highPrivilege: false, impersonation: false }],
    ['Mail.ReadWrite', { tenantWide: true, write: true, highPrivilege: true, impersonation: false }],
    ['Mail.Send', { tenantWide: true, write: true, highPrivilege: true, impersonation: true }],
    ['full_access_as_app', { tenantWide: true, write: true, highPrivilege: true, impersonation: true }],
    ['Sites.ReadWrite.All', { tenantWide: true, write: true, highPrivilege: true, impersonation: false }],
    ['Sites.Read.All', { tenantWide: true, write: false, highPrivilege: false, impersonation: false }],
    ['Sites.Selected', { tenantWide: false, write: false, highPrivilege: false, impersonation: false }],
    ['Directory.ReadWrite.All', { tenantWide: true, write: true, highPrivilege: true, impersonation: false }],
    ['Application.ReadWrite.All', { tenantWide: true, write: true, highPrivilege: true, impersonation: false }],
    ['Application.ReadWrite.OwnedBy', { tenantWide: false, write: true, highPrivilege: false, impersonation: false }],
    ['AppRoleAssignment.ReadWrite.All', { tenantWide: true, write: true, highPrivilege: true, impersonation: false }],
    ['RoleManagement.ReadWrite.Directory', { tenantWide: true, write: true, highPrivilege: true, impersonation: false }],
    ['User.ReadWrite.All', { tenantWide: true, write: true, highPrivilege: true, impersonation: false }],
    ['Calendars.Read', { tenantWide: true, write: false, highPrivilege: false, impersonation: false }],
    ['AuditLog.Read.All', { tenantWide: true, write: false, highPrivilege: false, impersonation: false }],
  ])('%s', (value, expected) => {
    expect(classifyGraphPermission(value)).toEqual(expected);
  });
});

describe('scopeResourceFor', () => {
  it('puts every mailbox permission of every app on one mailbox_scope node with the sensitive mailboxes as members', () => {
    // Arrange
    const settings = settingsSchema.parse(sensitiveMailboxes);

    // Act
    const forMailRead = scopeResourceFor('Mail.Read', TENANT, settings, 'app-a');
    const forCalendars = scopeResourceFor('Calendars.ReadWrite', TENANT, settings, 'app-b');

    // Assert
    expect(forMailRead?.id).toBe(MAILBOXES);
    expect(forCalendars?.id).toBe(MAILBOXES);
    expect(forMailRead?.props).toMatchObject({ subtype: 'mailbox_scope', tenantId: TENANT, sensitivity: 'confidential' });
    expect(new Set(forMailRead?.props.members?.map((m) => `${m.name}:${m.sensitivity}`))).toEqual(new Set(['ceo@corp.example:confidential', 'support@corp.example:internal']));
  });

  it('maps Sites.*.All to the site scope, directory permissions to the directory, and others to nothing', () => {
    // Arrange
    const settings = settingsSchema.parse(sensitiveMailboxes);

    // Act
    const sites = scopeResourceFor('Sites.ReadWrite.All', TENANT, settings);
    const directory = scopeResourceFor('Directory.Read.All', TENANT, settings);

    // Assert
    expect(sites).toMatchObject({ id: `m365:resource:${TENANT}/sites`, props: { subtype: 'site_scope', sensitivity: 'restricted', members: [{ id: 'https://corp.sharepoint.com/sites/HR', name: 'HR', sensitivity: 'restricted' }] } });
    expect(directory).toMatchObject({ id: `entra:resource:${TENANT}/directory`, system: 'entra', props: { subtype: 'entra_directory', sensitivity: 'internal' } });
    expect(scopeResourceFor('AuditLog.Read.All', TENANT, defaultSettings())).toBeUndefined();
    expect(scopeResourceFor('Sites.Selected', TENANT, defaultSettings())).toBeUndefined();
  });
});

describe('appRoleAssignmentsToGraph', () => {
  it('resolves an assignment to its permission name through the resource service principal and applies Mail.Read to every mailbox', () => {
    // Arrange
    const mailReader = servicePrincipal('sp-mail', 'app-mail', { displayName: 'Mail reader' });
    const grant = assignment('assign-1', 'sp-mail', MAIL_READ_ROLE);

    // Act
    const fragment = appRoleAssignmentsToGraph([grant], [microsoftGraph(), mailReader], context(sensitiveMailboxes), TENANT);

    // Assert
    const roleId = `entra:role:${TENANT}/graph-sp/${MAIL_READ_ROLE}`;
    const byId = new Map(fragment.nodes.map((n) => [n.id, n]));
    expect(new Set(byId.keys())).toEqual(new Set([roleId, MAIL_READ_PERMISSION, MAILBOXES]));
    expect(byId.get(roleId)?.name).toBe('Microsoft Graph: Mail.Read');
    expect(byId.get(MAIL_READ_PERMISSION)).toMatchObject({ name: 'Mail.Read', props: { subtype: 'graph_application', key: 'Mail.Read', tenantWide: true, write: false, highPrivilege: false } });
    expect((byId.get(MAILBOXES) as GraphNode<'resource'>).props.members?.map((m) => m.name).sort()).toEqual(['ceo@corp.example', 'support@corp.example']);
    expect(new Set(fragment.edges.map((e) => `${e.kind} ${e.from} ${e.to}`))).toEqual(
      new Set([`HAS_ROLE ${identity('sp-mail')} ${roleId}`, `GRANTS ${roleId} ${MAIL_READ_PERMISSION}`, `APPLIES_TO ${MAIL_READ_PERMISSION} ${MAILBOXES}`]),
    );
  });

  it('narrows Mail.Read to the recorded Exchange scope for that app only', () => {
    // Arrange
    const SCOPED_APP_ID = 'aaaaaaaa-0000-4000-8000-00000000000a';
    const scopedApp = servicePrincipal('sp-scoped', SCOPED_APP_ID);
    const unscopedApp = servicePrincipal('sp-wide', 'app-wide');
    const settings = {
      ...sensitiveMailboxes,
      mailboxAccessScopes: [{ tenantId: TENANT, appId: SCOPED_APP_ID, permission: 'Mail.Read', mechanism: 'ApplicationAccessPolicy', mailboxes: ['Support@corp.example'] }],
    };

    // Act
    const fragment = appRoleAssignmentsToGraph(
      [assignment('assign-scoped', 'sp-scoped', MAIL_READ_ROLE), assignment('assign-wide', 'sp-wide', MAIL_READ_ROLE)],
      [microsoftGraph(), scopedApp, unscopedApp],
      context(settings),
      TENANT,
    );

    // Assert
    const scopedResource = `${MAILBOXES}/${SCOPED_APP_ID}-scoped`;
    const scopedPermission = `${MAIL_READ_PERMISSION}/${SCOPED_APP_ID}-scoped`;
    const applies = new Set(fragment.edges.filter((e) => e.kind === 'APPLIES_TO').map((e) => `${e.from} -> ${e.to}`));
    expect(applies).toEqual(new Set([`${scopedPermission} -> ${scopedResource}`, `${MAIL_READ_PERMISSION} -> ${MAILBOXES}`]));
    const scoped = fragment.nodes.find((n) => n.id === scopedResource) as GraphNode<'resource'>;
    expect(scoped.props.members).toEqual([{ id: 'support@corp.example', name: 'support@corp.example', sensitivity: 'internal' }]);
    expect(fragment.nodes.find((n) => n.id === scopedPermission)?.props).toMatchObject({ key: 'Mail.Read' });
    const scopedRoles = fragment.edges.filter((e) => e.from === identity('sp-scoped')).map((e) => e.to);
    expect(fragment.edges.filter((e) => scopedRoles.includes(e.from)).map((e) => e.to)).toEqual([scopedPermission]);
  });

  it('keeps an unresolvable app role as a role that grants nothing, and ignores user, group and default-access assignments', () => {
    // Arrange
    const vendor = servicePrincipal('sp-vendor', 'app-vendor', { appOwnerOrganizationId: OTHER_TENANT });
    const assignments = [
      assignment('unknown-role', 'sp-vendor', 'deadbeef-0000-4000-8000-000000000000'),
      assignment('to-a-user', 'user-1', SITES_READWRITE_ROLE, { principalType: 'User' }),
      assignment('to-a-group', 'group-1', SITES_READWRITE_ROLE, { principalType: 'Group' }),
      assignment('default-access', 'sp-vendor', '00000000-0000-0000-0000-000000000000'),
    ];

    // Act
    const fragment = appRoleAssignmentsToGraph(assignments, [microsoftGraph(), vendor], context(), TENANT);

    // Assert
    expect(fragment.nodes.map((n) => `${n.kind} ${n.name}`)).toEqual(['role Microsoft Graph: deadbeef-0000-4000-8000-000000000000']);
    expect(fragment.edges.map((e) => e.kind)).toEqual(['HAS_ROLE']);
  });
});

it('sweeps only resource service principals with app roles that applications can hold', () => {
  // Arrange
  const userOnlyApp = servicePrincipal('sp-saml', 'app-saml', { appRoles: [{ id: 'r1', value: null, displayName: 'User', allowedMemberTypes: ['User'], isEnabled: true }] });
  const noRoles = servicePrincipal('sp-plain', 'app-plain');

  // Act
  const resources = resourcesWithApplicationRoles([microsoftGraph(), userOnlyApp, noRoles]);

  // Assert
  expect(resources.map((sp) => sp.id)).toEqual(['graph-sp']);
});
