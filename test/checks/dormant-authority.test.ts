/**
 * dormant_authority: high privilege held by a non-human identity with no execution evidence inside the dormancy
 * window (default 30 days). When the evidence source was not read completely, absence proves nothing: unknown.
 */
import { dormantAuthority } from '../../src/checks/dormant-authority';
import {
  OBSERVED_AT,
  checkContext,
  coverageWithGap,
  daysBefore,
  evidence,
  failsOf,
  grant,
  graphAppPermission,
  graphOf,
  jiraAdminister,
  jiraAppUser,
  only,
  provisioningJob,
  resource,
  runsAs,
  scimDirectory,
  servicePrincipal,
  unknownsOf,
  permission,
  authenticatesTo,
} from '../support/graph-fixtures';

const directory = resource('Directory', { system: 'entra', subtype: 'entra_directory' });
const directoryWrite = graphAppPermission('Directory.ReadWrite.All', { highPrivilege: true, write: true });

function adminApp(lastActive?: string) {
  const sp = servicePrincipal('user-lifecycle');
  const graph = graphOf(sp, grant(sp, directoryWrite, directory), ...(lastActive ? [evidence(sp, lastActive, { source: 'sign-in activity' })] : []));
  return { sp, graph };
}

describe('dormant_authority', () => {
  it('fails for a directory writer that never shows any activity', () => {
    // Arrange
    const { sp, graph } = adminApp();
    const context = checkContext(graph);

    // Act
    const result = only(failsOf(dormantAuthority.evaluate(context)));

    // Assert
    expect(result.subjectId).toBe(sp.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toBe('Service principal "user-lifecycle" holds Directory.ReadWrite.All but shows no activity at all; the window is 30 days.');
    expect(result.chain[0]).toBe(sp.id);
    expect(result.chain[result.chain.length - 1]).toBe(directoryWrite.id);
    expect(result.evidence.map((e) => e.class)).toEqual(['structural_authority', 'observed_absence']);
  });

  it('fails when the last activity is older than the window, naming its date and source', () => {
    const { sp, graph } = adminApp(daysBefore(31));

    const result = only(failsOf(dormantAuthority.evaluate(checkContext(graph))));

    expect(result.subjectId).toBe(sp.id);
    expect(result.summary).toContain('was last active on 2026-10-20 (sign-in activity), before the 30-day window');
  });

  it('passes at exactly the window (≤ window is active)', () => {
    const { graph } = adminApp(daysBefore(30));

    expect(dormantAuthority.evaluate(checkContext(graph))).toEqual([]);
  });

  it('fails one second past the window', () => {
    const { graph } = adminApp(daysBefore(30 + 1 / 86_400));

    expect(failsOf(dormantAuthority.evaluate(checkContext(graph)))).toHaveLength(1);
  });

  it('follows the dormancy window from settings', () => {
    const { graph } = adminApp(daysBefore(10));

    expect(failsOf(dormantAuthority.evaluate(checkContext(graph, { settings: { dormancyWindowDays: 7 } })))).toHaveLength(1);
  });

  it('counts evidence on a workload that runs as the identity', () => {
    const { sp, graph } = adminApp();
    const job = provisioningJob(sp);
    graph.addNode(job).addEdge(runsAs(job, sp)).addFragment(evidence(job, daysBefore(2), { subtype: 'provisioning_run' }));

    expect(dormantAuthority.evaluate(checkContext(graph))).toEqual([]);
  });

  it('passes for an identity without high privilege', () => {
    const reader = servicePrincipal('report-reader');
    const context = checkContext(graphOf(reader, grant(reader, graphAppPermission('Directory.Read.All', { highPrivilege: false }), directory)));

    expect(dormantAuthority.evaluate(context)).toEqual([]);
  });

  it('fails for a Jira app user holding ADMINISTER with an old audit record', () => {
    const syncUser = jiraAppUser('Issue Sync User');
    const site = resource('Jira site', { system: 'jira', subtype: 'jira_site' });
    const context = checkContext(graphOf(syncUser, grant(syncUser, jiraAdminister(), site), evidence(syncUser, daysBefore(53), { subtype: 'audit_record', source: 'Jira audit log' })));

    const result = only(failsOf(dormantAuthority.evaluate(context)));

    expect(result.subjectId).toBe(syncUser.id);
    expect(result.summary).toContain('Jira app user "Issue Sync User" holds ADMINISTER');
  });

  describe('when the evidence source was read partially', () => {
    const gap = 'Entra sign-in activity was not read completely (403)';

    it('is unknown when no evidence exists', () => {
      const { sp, graph } = adminApp();
      const context = checkContext(graph, { coverage: coverageWithGap(gap) });

      const results = dormantAuthority.evaluate(context);

      expect(failsOf(results)).toEqual([]);
      const unknown = only(unknownsOf(results));
      expect(unknown.subjectId).toBe(sp.id);
      expect(unknown.reason).toContain(gap);
    });

    it('is unknown, never dormant, when only old evidence exists', () => {
      const { graph } = adminApp(daysBefore(90));

      const results = dormantAuthority.evaluate(checkContext(graph, { coverage: coverageWithGap(gap) }));

      expect(failsOf(results)).toEqual([]);
      expect(unknownsOf(results)).toHaveLength(1);
    });

    it('still passes when recent evidence exists', () => {
      const { graph } = adminApp(daysBefore(1));

      expect(dormantAuthority.evaluate(checkContext(graph, { coverage: coverageWithGap(gap) }))).toEqual([]);
    });
  });

  it('ignores authority reached only through an unproven link', () => {
    const vendorSp = servicePrincipal('Ticket Bridge', { origin: 'third_party' });
    const admin = jiraAppUser('Ticket Bridge for Jira');
    const site = resource('Jira site', { system: 'jira', subtype: 'jira_site' });
    const context = checkContext(graphOf(vendorSp, admin, authenticatesTo(vendorSp, admin, { basis: 'correlated', evidenced: false }), grant(admin, jiraAdminister(), site), evidence(admin, daysBefore(1))));

    expect(dormantAuthority.evaluate(context)).toEqual([]);
  });

  it('raises nothing for a Microsoft first-party service principal or a derived identity itself', () => {
    const platform = servicePrincipal('Platform Directory Service', { origin: 'microsoft' });
    const provisioner = servicePrincipal('directory-provisioner');
    const scim = scimDirectory(provisioner);
    const provision = permission('provision users and groups', { subtype: 'atlassian_directory', highPrivilege: true, tenantWide: true, write: true });
    const context = checkContext(graphOf(platform, grant(platform, directoryWrite, directory), provisioner, scim, grant(scim, provision), evidence(provisioner, daysBefore(1))));

    expect(dormantAuthority.evaluate(context)).toEqual([]);
  });

  it('judges against the sync clock, not the wall clock', () => {
    const { graph } = adminApp('2026-11-01T00:00:00.000Z');

    expect(dormantAuthority.evaluate(checkContext(graph, { observedAt: OBSERVED_AT }))).toEqual([]);
    expect(failsOf(dormantAuthority.evaluate(checkContext(graph, { observedAt: '2027-01-01T00:00:00.000Z' })))).toHaveLength(1);
  });
});
