/**
 * runChecks over the whole catalogue: detections carry the subject and the chain's nodes, unknowns carry the
 * subject's name, the same context gives the same run, and platform plumbing (Microsoft first-party service
 * principals) and derived hops raise nothing themselves under any check.
 */
import { runChecks } from '../../src/checks/run-checks';
import { orphanedOwnership } from '../../src/checks/orphaned-ownership';
import {
  authenticatesAs,
  automationRule,
  checkContext,
  credential,
  grant,
  graphAppPermission,
  graphOf,
  mailboxScope,
  only,
  ownedBy,
  person,
  scimDirectory,
  scopeMember,
  servicePrincipal,
  jiraAppScope,
  authenticatesTo,
} from '../support/graph-fixtures';

const departedAna = person('ana@example.test', { name: 'Ana Example', departed: true, reason: 'Entra account disabled' });

/** Everything that could be wrong with an identity: no owner, tenant-wide write, a never-expiring secret on the SP, sensitive mail. */
function troubledIdentity(sp: ReturnType<typeof servicePrincipal>) {
  const secret = credential(`${sp.name} secret`, { expiresAt: null, onServicePrincipal: true });
  const mailboxes = mailboxScope({ members: [scopeMember('ceo@example.test', 'restricted')] });
  return graphOf(sp, secret, authenticatesAs(secret, sp), grant(sp, graphAppPermission('Mail.ReadWrite', { highPrivilege: true, write: true }), mailboxes));
}

describe('runChecks', () => {
  it('turns fail results into detections with the subject and the chain’s nodes', () => {
    // Arrange
    const rule = automationRule('Nightly Ticket Export');
    const context = checkContext(graphOf(rule, departedAna, ownedBy(rule, departedAna)));

    // Act
    const run = runChecks(context, [orphanedOwnership]);

    // Assert
    const detection = only(run.detections);
    expect(detection.metadata.id).toBe('orphaned_ownership');
    expect(detection.subject).toMatchObject({ id: rule.id, kind: 'workload', name: 'Nightly Ticket Export' });
    expect(detection.chainNodes).toEqual([
      { id: rule.id, kind: 'workload', name: 'Nightly Ticket Export', system: 'jira' },
      { id: departedAna.id, kind: 'owner', name: 'Ana Example', system: 'people', via: { kind: 'OWNED_BY', basis: 'observed' } },
    ]);
    expect(run.unknowns).toEqual([]);
  });

  it('collects unknown outcomes with the subject’s name', () => {
    const rule = automationRule('Nightly Ticket Export');
    const undecided = person('dara@example.test', { name: 'Dara Example' });
    const context = checkContext(graphOf(rule, undecided, ownedBy(rule, undecided)));

    const run = runChecks(context, [orphanedOwnership]);

    expect(run.detections).toEqual([]);
    expect(only(run.unknowns)).toMatchObject({ check: 'orphaned_ownership', subjectId: rule.id, subjectName: 'Nightly Ticket Export' });
  });

  it('gives the same run for the same context', () => {
    const sp = servicePrincipal('mail-archiver');
    const graph = troubledIdentity(sp);

    expect(runChecks(checkContext(graph))).toEqual(runChecks(checkContext(graph)));
  });

  it('raises findings on a troubled first-party identity under several checks', () => {
    const sp = servicePrincipal('mail-archiver');

    const run = runChecks(checkContext(troubledIdentity(sp)));

    expect(new Set(run.detections.map((d) => d.metadata.id))).toEqual(
      new Set(['reachable_sensitive_domain', 'dormant_authority', 'privilege_justification_gap', 'ownership_unknown', 'credential_never_expires', 'secret_on_service_principal']),
    );
  });

  it('raises nothing at all for a Microsoft first-party service principal', () => {
    const platform = servicePrincipal('Platform Mail Service', { origin: 'microsoft' });

    const run = runChecks(checkContext(troubledIdentity(platform)));

    expect(run.detections).toEqual([]);
    expect(run.unknowns).toEqual([]);
  });

  it('never makes a derived hop the subject of a finding', () => {
    const provisioner = servicePrincipal('directory-provisioner');
    const directory = scimDirectory(provisioner);
    const context = checkContext(graphOf(provisioner, departedAna, ownedBy(provisioner, departedAna), directory, authenticatesTo(provisioner, directory), grant(directory, jiraAppScope('ACT_AS_USER'))));

    const run = runChecks(context);

    expect(run.detections.filter((d) => d.subject.id === directory.id)).toEqual([]);
    expect(run.detections.some((d) => d.subject.id === provisioner.id)).toBe(true);
  });
});
