/**
 * The ownership subjects the three ownership checks share (src/checks/definitions.ts): principals and the standing
 * credentials people own, in id order across kinds, whatever order the sources added them in.
 */
import { ownershipSubjects } from '../../src/checks/definitions';
import { automationRule, credential, daysAfter, daysBefore, graphOf, jiraAppUser, jiraPersonAccount, OBSERVED_AT, ownedBy, person, servicePrincipal } from '../support/graph-fixtures';

describe('ownershipSubjects', () => {
  it('lists principals and owned, usable credentials in id order across kinds, and nothing else', () => {
    // Arrange: ids interleave by system and kind (azuredevops:credential < entra:credential < entra:identity <
    // jira:identity < jira:workload), added in an order unlike it.
    const owner = person('ana@example.test', { departed: false });
    const rule = automationRule('Nightly export');
    const crm = servicePrincipal('CRM sync');
    const buildPat = credential('Build PAT', { system: 'azuredevops', subtype: 'pat', expiresAt: null });
    const expiredPat = credential('Old PAT', { system: 'azuredevops', subtype: 'pat', expiresAt: daysBefore(3) });
    const ownedSecret = credential('Owned secret', { expiresAt: daysAfter(30) });
    const unownedSecret = credential('Unowned secret');
    const appUser = jiraAppUser('Reporting app');
    const atlassianActor = jiraAppUser('Automation for Jira', { origin: 'atlassian' });
    const someone = jiraPersonAccount('ana@example.test');
    const graph = graphOf(rule, appUser, someone, atlassianActor, crm, owner, unownedSecret, ownedSecret, expiredPat, buildPat, ownedBy(buildPat, owner), ownedBy(expiredPat, owner), ownedBy(ownedSecret, owner));

    // Act
    const subjects = ownershipSubjects(graph, OBSERVED_AT).map((node) => node.id);

    // Assert
    expect(subjects).toEqual([buildPat.id, ownedSecret.id, crm.id, appUser.id, rule.id]);
    expect([...subjects].sort()).toEqual(subjects);
  });
});
