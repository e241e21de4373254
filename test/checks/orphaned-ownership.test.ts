/**
 * orphaned_ownership and its catalogue siblings ownership_degraded and ownership_unknown: who answers for a
 * workload or non-human identity once its people have left (design.md "Owners", "Departed").
 */
import { orphanedOwnership, ownershipDegraded, ownershipUnknown } from '../../src/checks/orphaned-ownership';
import {
  automationRule,
  checkContext,
  credential,
  daysAfter,
  daysBefore,
  failsOf,
  flow,
  graphOf,
  groupOwner,
  jiraAppUser,
  jiraPersonAccount,
  only,
  ownedBy,
  person,
  scimDirectory,
  servicePrincipal,
  unknownsOf,
} from '../support/graph-fixtures';

const departedAna = person('ana@example.test', { name: 'Ana Example', departed: true, reason: 'Entra account disabled' });
const departedBen = person('ben@example.test', { name: 'Ben Example', departed: true, reason: 'Atlassian account inactive' });
const activeCleo = person('cleo@example.test', { name: 'Cleo Example', departed: false });
const undecidedDara = person('dara@example.test', { name: 'Dara Example' });

describe('orphaned_ownership', () => {
  it('fails when every owner of a rule has left, naming the rule and its owners', () => {
    // Arrange
    const rule = automationRule('Nightly Ticket Export');
    const context = checkContext(graphOf(rule, departedAna, departedBen, ownedBy(rule, departedAna), ownedBy(rule, departedBen)));

    // Act
    const result = only(failsOf(orphanedOwnership.evaluate(context)));

    // Assert
    expect(result.subjectId).toBe(rule.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toContain('"Nightly Ticket Export"');
    expect(result.summary).toContain('Ana Example');
    expect(result.summary).toContain('Ben Example');
    expect(result.chain[0]).toBe(rule.id);
    expect(new Set(result.chain)).toEqual(new Set([rule.id, departedAna.id, departedBen.id]));
    expect(new Set(result.evidence.map((e) => e.text))).toEqual(new Set(['Ana Example: Entra account disabled', 'Ben Example: Atlassian account inactive']));
    expect(result.evidence.every((e) => e.class === 'observed_absence')).toBe(true);
  });

  it('fails for a service principal whose only owner left', () => {
    const sp = servicePrincipal('crm-sync');
    const context = checkContext(graphOf(sp, departedAna, ownedBy(sp, departedAna)));

    const result = only(failsOf(orphanedOwnership.evaluate(context)));

    expect(result.subjectId).toBe(sp.id);
    expect(result.summary).toContain('Service principal "crm-sync"');
    expect(result.chain).toEqual([sp.id, departedAna.id]);
  });

  it('passes while one owner is still here', () => {
    const rule = automationRule('Nightly Ticket Export');
    const context = checkContext(graphOf(rule, departedAna, activeCleo, ownedBy(rule, departedAna), ownedBy(rule, activeCleo)));

    expect(orphanedOwnership.evaluate(context)).toEqual([]);
  });

  it('is unknown when no system says whether the owners are still here', () => {
    const rule = automationRule('Nightly Ticket Export');
    const context = checkContext(graphOf(rule, undecidedDara, ownedBy(rule, undecidedDara)));

    const results = orphanedOwnership.evaluate(context);

    expect(failsOf(results)).toEqual([]);
    const unknown = only(unknownsOf(results));
    expect(unknown.subjectId).toBe(rule.id);
    expect(unknown.reason).toContain('Dara Example');
  });

  it('is unknown, not orphaned, when some owners left and the others are undecided', () => {
    const rule = automationRule('Nightly Ticket Export');
    const context = checkContext(graphOf(rule, departedAna, undecidedDara, ownedBy(rule, departedAna), ownedBy(rule, undecidedDara)));

    const results = orphanedOwnership.evaluate(context);

    expect(failsOf(results)).toEqual([]);
    expect(only(unknownsOf(results)).subjectId).toBe(rule.id);
  });

  it('never fires when there is no owner at all (that is ownership_unknown)', () => {
    const context = checkContext(graphOf(automationRule('Ownerless Rule')));

    expect(orphanedOwnership.evaluate(context)).toEqual([]);
  });

  describe('a group co-owner', () => {
    it('counts while it has active members', () => {
      const shared = flow('Weekly Digest');
      const team = groupOwner('Support Team', { activeMembers: 3 });
      const context = checkContext(graphOf(shared, departedAna, team, ownedBy(shared, departedAna), ownedBy(shared, team)));

      expect(failsOf(orphanedOwnership.evaluate(context))).toEqual([]);
    });

    it('is gone once it has no active member left', () => {
      const shared = flow('Weekly Digest');
      const emptyTeam = groupOwner('Support Team', { activeMembers: 0 });
      const context = checkContext(graphOf(shared, departedAna, emptyTeam, ownedBy(shared, departedAna), ownedBy(shared, emptyTeam)));

      const result = only(failsOf(orphanedOwnership.evaluate(context)));

      expect(result.subjectId).toBe(shared.id);
      expect(result.evidence.map((e) => e.text)).toContain('Support Team: no active members');
    });

    it('leaves the verdict unknown when its membership was not read', () => {
      const shared = flow('Weekly Digest');
      const unreadTeam = groupOwner('Support Team');
      const context = checkContext(graphOf(shared, departedAna, unreadTeam, ownedBy(shared, departedAna), ownedBy(shared, unreadTeam)));

      const results = orphanedOwnership.evaluate(context);

      expect(failsOf(results)).toEqual([]);
      expect(only(unknownsOf(results)).subjectId).toBe(shared.id);
    });
  });

  it('raises nothing for Microsoft first-party service principals', () => {
    const platform = servicePrincipal('Platform Service', { origin: 'microsoft' });
    const context = checkContext(graphOf(platform, departedAna, ownedBy(platform, departedAna)));

    expect(orphanedOwnership.evaluate(context)).toEqual([]);
  });

  it('raises nothing for a derived principal itself', () => {
    const provisioner = servicePrincipal('directory-provisioner');
    const directory = scimDirectory(provisioner);
    const context = checkContext(graphOf(provisioner, activeCleo, ownedBy(provisioner, activeCleo), directory, ownedBy(directory, departedAna)));

    expect(orphanedOwnership.evaluate(context)).toEqual([]);
  });

  it('never judges a person by their own account', () => {
    const account = jiraPersonAccount('ana@example.test');
    const context = checkContext(graphOf(account, departedAna, ownedBy(account, departedAna)));

    expect(orphanedOwnership.evaluate(context)).toEqual([]);
  });
});

describe('ownership_degraded', () => {
  it('fails when some owners left and others remain, naming both', () => {
    const shared = flow('Weekly Digest');
    const context = checkContext(graphOf(shared, departedAna, activeCleo, ownedBy(shared, departedAna), ownedBy(shared, activeCleo)));

    const result = only(failsOf(ownershipDegraded.evaluate(context)));

    expect(result.subjectId).toBe(shared.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toContain('Power Automate flow "Weekly Digest"');
    expect(result.summary).toContain('lost owner Ana Example');
    expect(result.summary).toContain('Cleo Example remains');
    expect(result.chain[0]).toBe(shared.id);
    expect(new Set(result.chain)).toEqual(new Set([shared.id, departedAna.id, activeCleo.id]));
  });

  it('passes when every owner is still here', () => {
    const shared = flow('Weekly Digest');
    const context = checkContext(graphOf(shared, activeCleo, ownedBy(shared, activeCleo)));

    expect(ownershipDegraded.evaluate(context)).toEqual([]);
  });

  it('passes when every owner left (that is orphaned_ownership)', () => {
    const shared = flow('Weekly Digest');
    const context = checkContext(graphOf(shared, departedAna, ownedBy(shared, departedAna)));

    expect(ownershipDegraded.evaluate(context)).toEqual([]);
  });

  it('passes when the only other owner is undecided (orphaned_ownership says unknown instead)', () => {
    const shared = flow('Weekly Digest');
    const context = checkContext(graphOf(shared, departedAna, undecidedDara, ownedBy(shared, departedAna), ownedBy(shared, undecidedDara)));

    expect(ownershipDegraded.evaluate(context)).toEqual([]);
  });
});

describe('ownership_unknown', () => {
  it('fails for a principal with no recorded owner', () => {
    const sp = servicePrincipal('crm-sync');
    const context = checkContext(graphOf(sp));

    const result = only(failsOf(ownershipUnknown.evaluate(context)));

    expect(result.subjectId).toBe(sp.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toBe('Service principal "crm-sync" has no recorded owner.');
    expect(result.chain).toEqual([sp.id]);
  });

  it('passes as soon as any owner is recorded, even an undecided one', () => {
    const sp = servicePrincipal('crm-sync');
    const context = checkContext(graphOf(sp, undecidedDara, ownedBy(sp, undecidedDara)));

    expect(ownershipUnknown.evaluate(context)).toEqual([]);
  });

  it('raises nothing for Microsoft first-party or derived principals', () => {
    const platform = servicePrincipal('Platform Service', { origin: 'microsoft' });
    const provisioner = servicePrincipal('directory-provisioner');
    const context = checkContext(graphOf(platform, provisioner, activeCleo, ownedBy(provisioner, activeCleo), scimDirectory(provisioner)));

    expect(ownershipUnknown.evaluate(context)).toEqual([]);
  });
});

describe('ownership of standing credentials (a personal access token belongs to its user)', () => {
  const pat = (name: string, expiresAt?: string | null) => credential(name, { system: 'azuredevops', subtype: 'pat', expiresAt });

  it('orphans a PAT whose user has left: it keeps working for whoever holds it', () => {
    const token = pat('release-notes', daysAfter(180));
    const result = only(failsOf(orphanedOwnership.evaluate(checkContext(graphOf(token, departedAna, ownedBy(token, departedAna))))));
    expect(result.subjectId).toBe(token.id);
    expect(result.summary).toContain('Ana Example');
  });

  it('passes a PAT whose user is still here, and answers unknown when no system says', () => {
    const kept = pat('kept', daysAfter(30));
    const undecided = pat('undecided', null);
    const context = checkContext(graphOf(kept, undecided, activeCleo, undecidedDara, ownedBy(kept, activeCleo), ownedBy(undecided, undecidedDara)));
    expect(failsOf(orphanedOwnership.evaluate(context))).toEqual([]);
    expect(unknownsOf(orphanedOwnership.evaluate(context)).map((r) => r.subjectId)).toEqual([undecided.id]);
  });

  it('leaves out a PAT past its expiry (it opens nothing) and a credential nobody owns on its own', () => {
    const expired = pat('expired', daysBefore(1));
    const appSecret = credential('crm-sync secret');
    const context = checkContext(graphOf(expired, appSecret, departedAna, ownedBy(expired, departedAna)));
    expect(orphanedOwnership.evaluate(context)).toEqual([]);
    expect(ownershipUnknown.evaluate(context)).toEqual([]);
  });
});

describe('platform actors', () => {
  it('asks no owner for Atlassian\'s own actors, as for Microsoft\'s first-party apps', () => {
    const automationActor = jiraAppUser('Automation for Jira', { origin: 'atlassian' });
    const vendorApp = jiraAppUser('Vendor Sync');
    const context = checkContext(graphOf(automationActor, vendorApp));
    expect(failsOf(ownershipUnknown.evaluate(context)).map((r) => r.subjectId)).toEqual([vendorApp.id]);
  });
});

describe('orphaned_ownership of an Entra agent identity (its sponsors count as owners)', () => {
  // Sponsors and owners both arrive as OWNED_BY edges (src/sources/entra/agent-identities.ts): the check needs no change.
  const agent = () => servicePrincipal('Rights Research Agent', { subtype: 'entra_agent_identity' });

  it('fails when its sponsor and its owner have both left, naming it as an agent', () => {
    const node = agent();
    const context = checkContext(graphOf(node, departedAna, departedBen, ownedBy(node, departedAna), ownedBy(node, departedBen)));

    const result = only(failsOf(orphanedOwnership.evaluate(context)));

    expect(result.subjectId).toBe(node.id);
    expect(result.summary).toBe('Entra agent identity "Rights Research Agent" is owned only by Ana Example and Ben Example, who have left.');
    expect(new Set(result.chain)).toEqual(new Set([node.id, departedAna.id, departedBen.id]));
  });

  it('passes while one sponsor is still here', () => {
    const node = agent();
    const context = checkContext(graphOf(node, departedAna, activeCleo, ownedBy(node, departedAna), ownedBy(node, activeCleo)));

    const results = orphanedOwnership.evaluate(context);

    expect(failsOf(results)).toEqual([]);
    expect(unknownsOf(results)).toEqual([]);
  });

  describe('when Graph refused its sponsors (only AgentIdentity.ReadWrite.All reads them)', () => {
    const unread = () => servicePrincipal('Rights Research Agent', { subtype: 'entra_agent_identity', ownersUnread: 'sponsors not read' });

    it('is unknown, not orphaned, when its only listed owner left: a sponsor may still be here', () => {
      const node = unread();
      const context = checkContext(graphOf(node, departedAna, ownedBy(node, departedAna)));

      const results = orphanedOwnership.evaluate(context);

      expect(failsOf(results)).toEqual([]);
      expect(only(unknownsOf(results)).reason).toContain('sponsors not read');
    });

    it('passes when an owner it lists is still here, whatever its sponsors', () => {
      const node = unread();
      const context = checkContext(graphOf(node, activeCleo, ownedBy(node, activeCleo)));

      const results = orphanedOwnership.evaluate(context);

      expect(failsOf(results)).toEqual([]);
      expect(unknownsOf(results)).toEqual([]);
    });
  });

  it('is unknown when no system says whether its sponsor is still here', () => {
    const node = agent();
    const context = checkContext(graphOf(node, departedAna, undecidedDara, ownedBy(node, departedAna), ownedBy(node, undecidedDara)));

    const results = orphanedOwnership.evaluate(context);

    expect(failsOf(results)).toEqual([]);
    expect(only(unknownsOf(results)).subjectId).toBe(node.id);
  });
});
