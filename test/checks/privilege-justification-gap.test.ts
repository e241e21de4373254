/**
 * privilege_justification_gap: a high-risk grant (impersonation, tenant-wide write graph permission, Jira
 * ADMINISTER, a never-expiring credential of a high-privilege identity) with no recorded justification. A
 * justification matches by subject (Entra: tenant + appId; Jira: accountId) AND grant name. Never unknown.
 */
import { isJustified, privilegeJustificationGap } from '../../src/checks/privilege-justification-gap';
import {
  OTHER_TENANT,
  authenticatesAs,
  authenticatesTo,
  checkContext,
  credential,
  entraJustification,
  failsOf,
  grant,
  graphAppPermission,
  graphOf,
  jiraAdminister,
  jiraAppScope,
  jiraAppUser,
  jiraJustification,
  only,
  permission,
  resource,
  scimDirectory,
  servicePrincipal,
} from '../support/graph-fixtures';

const sites = resource('Every site', { subtype: 'site_scope' });
const jiraSite = resource('Jira site', { system: 'jira', subtype: 'jira_site' });
const sitesWrite = graphAppPermission('Sites.ReadWrite.All', { highPrivilege: true, write: true });

describe('privilege_justification_gap', () => {
  describe('impersonation (ACT_AS_USER)', () => {
    const bridge = jiraAppUser('Ticket Bridge for Jira', { accountId: 'acc-ticket-bridge' });
    const graph = () => graphOf(bridge, grant(bridge, jiraAppScope('ACT_AS_USER')));

    it('fails without a justification, naming the app and the grant', () => {
      // Arrange
      const context = checkContext(graph());

      // Act
      const result = only(failsOf(privilegeJustificationGap.evaluate(context)));

      // Assert
      expect(result.subjectId).toBe(bridge.id);
      expect(result.identityFields).toEqual(['ACT_AS_USER']);
      expect(result.summary).toBe('Jira app user "Ticket Bridge for Jira" holds ACT_AS_USER with no recorded justification.');
      expect(result.chain[0]).toBe(bridge.id);
      expect(result.chain[result.chain.length - 1]).toBe(jiraAppScope('ACT_AS_USER').id);
    });

    it('passes with a justification for that account and grant', () => {
      const context = checkContext(graph(), { settings: { justifications: [jiraJustification(bridge, 'ACT_AS_USER')] } });

      expect(privilegeJustificationGap.evaluate(context)).toEqual([]);
    });

    it('still fails with a justification for another grant or another account', () => {
      const other = jiraAppUser('Other App', { accountId: 'acc-other' });
      const context = checkContext(graph(), { settings: { justifications: [jiraJustification(bridge, 'READ'), jiraJustification(other, 'ACT_AS_USER')] } });

      expect(only(failsOf(privilegeJustificationGap.evaluate(context))).identityFields).toEqual(['ACT_AS_USER']);
    });
  });

  describe('a tenant-wide write graph permission', () => {
    const migrator = servicePrincipal('content-migrator');
    const graph = () => graphOf(migrator, grant(migrator, sitesWrite, sites));

    it('fails without a justification', () => {
      const result = only(failsOf(privilegeJustificationGap.evaluate(checkContext(graph()))));

      expect(result.subjectId).toBe(migrator.id);
      expect(result.identityFields).toEqual(['Sites.ReadWrite.All']);
      expect(result.summary).toBe('Service principal "content-migrator" holds Sites.ReadWrite.All with no recorded justification.');
      expect(result.chain[0]).toBe(migrator.id);
    });

    it('passes with a justification matching tenant, appId and grant', () => {
      const context = checkContext(graph(), { settings: { justifications: [entraJustification(migrator, 'Sites.ReadWrite.All')] } });

      expect(privilegeJustificationGap.evaluate(context)).toEqual([]);
    });

    it('still fails with a justification for a different grant', () => {
      const context = checkContext(graph(), { settings: { justifications: [entraJustification(migrator, 'Sites.Read.All')] } });

      expect(failsOf(privilegeJustificationGap.evaluate(context))).toHaveLength(1);
    });

    it('still fails with a justification for the same appId in another tenant', () => {
      const elsewhere = { ...entraJustification(migrator, 'Sites.ReadWrite.All'), subject: { system: 'entra' as const, tenantId: OTHER_TENANT, appId: migrator.props.appId ?? '' } };
      const context = checkContext(graph(), { settings: { justifications: [elsewhere] } });

      expect(failsOf(privilegeJustificationGap.evaluate(context))).toHaveLength(1);
    });

    it('passes for a read-only, non-privileged graph permission', () => {
      const reader = servicePrincipal('report-reader');
      const context = checkContext(graphOf(reader, grant(reader, graphAppPermission('Sites.Read.All', { highPrivilege: false }), sites)));

      expect(privilegeJustificationGap.evaluate(context)).toEqual([]);
    });
  });

  describe('Jira ADMINISTER', () => {
    const syncUser = jiraAppUser('Issue Sync User', { accountId: 'acc-issue-sync' });
    const graph = () => graphOf(syncUser, grant(syncUser, jiraAdminister(), jiraSite));

    it('fails without a justification', () => {
      const result = only(failsOf(privilegeJustificationGap.evaluate(checkContext(graph()))));

      expect(result.identityFields).toEqual(['ADMINISTER']);
      expect(result.summary).toBe('Jira app user "Issue Sync User" holds ADMINISTER with no recorded justification.');
    });

    it('passes with a justification by accountId', () => {
      expect(privilegeJustificationGap.evaluate(checkContext(graph(), { settings: { justifications: [jiraJustification(syncUser, 'ADMINISTER')] } }))).toEqual([]);
    });
  });

  describe('a never-expiring credential of a high-privilege identity', () => {
    const migrator = servicePrincipal('content-migrator');
    const forever = credential('content-migrator secret', { subtype: 'client_secret', expiresAt: null });

    it('fails for the credential as well as the grant, each on its own identity field', () => {
      const context = checkContext(graphOf(migrator, forever, authenticatesAs(forever, migrator), grant(migrator, sitesWrite, sites)));

      const results = failsOf(privilegeJustificationGap.evaluate(context));

      expect(new Set(results.map((r) => r.identityFields.join()))).toEqual(new Set(['Sites.ReadWrite.All', 'credential:client_secret']));
      const credentialGap = results.find((r) => r.identityFields[0] === 'credential:client_secret');
      expect(credentialGap?.summary).toBe('Service principal "content-migrator" holds a never-expiring client secret with no recorded justification.');
      expect(credentialGap?.chain).toEqual([migrator.id, forever.id]);
    });

    it('is suppressed by a justification for credential:<type> only', () => {
      const context = checkContext(graphOf(migrator, forever, authenticatesAs(forever, migrator), grant(migrator, sitesWrite, sites)), {
        settings: { justifications: [entraJustification(migrator, 'credential:client_secret')] },
      });

      expect(only(failsOf(privilegeJustificationGap.evaluate(context))).identityFields).toEqual(['Sites.ReadWrite.All']);
    });

    it('counts the derived SCIM directory’s token and privilege as the service principal’s own', () => {
      const provisioner = servicePrincipal('directory-provisioner');
      const scim = scimDirectory(provisioner);
      const token = credential('SCIM secret token', { subtype: 'bearer_token', expiresAt: null });
      const provision = permission('provision users and groups', { subtype: 'atlassian_directory', highPrivilege: true, tenantWide: true, write: true });
      const context = checkContext(graphOf(provisioner, scim, authenticatesTo(provisioner, scim), token, authenticatesAs(token, scim), grant(scim, provision)));

      const result = only(failsOf(privilegeJustificationGap.evaluate(context)));

      expect(result.subjectId).toBe(provisioner.id);
      expect(result.identityFields).toEqual(['credential:bearer_token']);
      expect(result.chain).toEqual([provisioner.id, scim.id, token.id]);
    });

    it('passes for a never-expiring credential of an identity without high privilege', () => {
      const reader = servicePrincipal('report-reader');
      const secret = credential('report-reader secret', { expiresAt: null });
      const context = checkContext(graphOf(reader, secret, authenticatesAs(secret, reader), grant(reader, graphAppPermission('Sites.Read.All'), sites)));

      expect(privilegeJustificationGap.evaluate(context)).toEqual([]);
    });

    it('passes for an expiring credential of a high-privilege identity once the grant is justified', () => {
      const rotating = credential('content-migrator rotating secret', { expiresAt: '2027-05-01T00:00:00Z' });
      const context = checkContext(graphOf(migrator, rotating, authenticatesAs(rotating, migrator), grant(migrator, sitesWrite, sites)), {
        settings: { justifications: [entraJustification(migrator, 'Sites.ReadWrite.All')] },
      });

      expect(privilegeJustificationGap.evaluate(context)).toEqual([]);
    });

    it('names a multi-word credential type with spaces (oauth_refresh_token -> "oauth refresh token")', () => {
      // privilege-justification-gap.ts:63 uses String.replace('_', ' '), which replaces only the first underscore.
      const token = credential('content-migrator refresh token', { subtype: 'oauth_refresh_token', expiresAt: null });
      const context = checkContext(graphOf(migrator, token, authenticatesAs(token, migrator), grant(migrator, sitesWrite, sites)), {
        settings: { justifications: [entraJustification(migrator, 'Sites.ReadWrite.All')] },
      });

      expect(only(failsOf(privilegeJustificationGap.evaluate(context))).summary).toContain('a never-expiring oauth refresh token');
    });
  });

  it('raises nothing for a Microsoft first-party service principal', () => {
    const platform = servicePrincipal('Platform Sites Service', { origin: 'microsoft' });

    expect(privilegeJustificationGap.evaluate(checkContext(graphOf(platform, grant(platform, sitesWrite, sites))))).toEqual([]);
  });

  it('raises nothing for a derived identity itself (its grants belong to its principal)', () => {
    const provisioner = servicePrincipal('directory-provisioner');
    const scim = scimDirectory(provisioner);
    const context = checkContext(graphOf(provisioner, scim, grant(scim, jiraAppScope('ACT_AS_USER'))));

    expect(privilegeJustificationGap.evaluate(context).filter((r) => r.subjectId === scim.id)).toEqual([]);
  });

  describe('isJustified', () => {
    it('matches Entra subjects by tenant and appId, Jira subjects by accountId', () => {
      const sp = servicePrincipal('content-migrator');
      const app = jiraAppUser('Ticket Bridge for Jira', { accountId: 'acc-ticket-bridge' });
      const justifications = [entraJustification(sp, 'Sites.ReadWrite.All'), jiraJustification(app, 'ACT_AS_USER')];

      expect(isJustified(justifications, sp, 'Sites.ReadWrite.All')).toBe(true);
      expect(isJustified(justifications, sp, 'ACT_AS_USER')).toBe(false);
      expect(isJustified(justifications, app, 'ACT_AS_USER')).toBe(true);
      expect(isJustified(justifications, app, 'Sites.ReadWrite.All')).toBe(false);
    });

    it('matches Entra tenant and app ids whatever their case, and only in the same tenant', () => {
      const sp = servicePrincipal('content-migrator');
      const recorded = entraJustification(sp, 'Sites.ReadWrite.All');
      if (recorded.subject.system !== 'entra') throw new Error('an Entra record');
      const shouted = { ...recorded, subject: { ...recorded.subject, tenantId: recorded.subject.tenantId.toUpperCase(), appId: recorded.subject.appId.toUpperCase() } };
      const elsewhere = { ...recorded, subject: { ...recorded.subject, tenantId: '00000000-0000-4000-8000-00000000beef' } };

      expect(isJustified([shouted], sp, 'Sites.ReadWrite.All')).toBe(true);
      expect(isJustified([elsewhere], sp, 'Sites.ReadWrite.All')).toBe(false);
      expect(isJustified([elsewhere, shouted], sp, 'Sites.ReadWrite.All')).toBe(true);
    });
  });
});
