/**
 * unresolved_cross_system_auth: a web request or webhook that sends no credential, or a cross-system link found only
 * by correlation with no execution evidence in the window. A request whose authentication cannot be told
 * (sendsCredential undefined) is unknown.
 */
import { unresolvedCrossSystemAuth } from '../../src/checks/unresolved-cross-system-auth';
import {
  authenticatesAs,
  authenticatesTo,
  automationRule,
  checkContext,
  correlatedPair,
  credential,
  connector,
  emailRecipients,
  failsOf,
  flow,
  graphOf,
  invokes,
  jiraAppUser,
  jiraPersonAccount,
  jiraProject,
  only,
  sendsTo,
  serviceHook,
  servicePrincipal,
  triggersOn,
  unknownsOf,
  uses,
  webRequest,
  webhook,
} from '../support/graph-fixtures';

const ops = jiraProject('OPS');

describe('unresolved_cross_system_auth', () => {
  describe('a request without a credential', () => {
    it('fails for a rule’s web request, one finding per request', () => {
      // Arrange
      const rule = automationRule('Push Incidents', { scopeProjectIds: [ops.props.nativeId] });
      const open = webRequest('hooks.pager.example.com', { sendsCredential: false, url: 'https://hooks.pager.example.com/v1/events' });
      const context = checkContext(graphOf(rule, open, ops, sendsTo(rule, open), triggersOn(rule, ops)));

      // Act
      const result = only(failsOf(unresolvedCrossSystemAuth.evaluate(context)));

      // Assert
      expect(result.subjectId).toBe(rule.id);
      expect(result.identityFields).toEqual([open.id]);
      expect(result.summary).toBe('Automation rule "Push Incidents" calls https://hooks.pager.example.com/v1/events without any credential.');
      expect(result.chain).toEqual([rule.id, open.id]);
      expect(result.projectKeys).toEqual(['OPS']);
    });

    it('fails for a service hook’s webhook', () => {
      const hook = serviceHook('Build Events');
      const open = webhook('ci.vendor.example.com', { sendsCredential: false });
      const context = checkContext(graphOf(hook, open, sendsTo(hook, open)));

      expect(only(failsOf(unresolvedCrossSystemAuth.evaluate(context))).subjectId).toBe(hook.id);
    });

    it('passes when the request carries a credential', () => {
      const rule = automationRule('Push Incidents');
      const signed = webRequest('hooks.pager.example.com', { sendsCredential: true });

      expect(unresolvedCrossSystemAuth.evaluate(checkContext(graphOf(rule, signed, sendsTo(rule, signed))))).toEqual([]);
    });

    it('ignores e-mail actions, which carry no credential by nature', () => {
      const rule = automationRule('Mail Partner');
      const mail = emailRecipients('partner.example.com');

      expect(unresolvedCrossSystemAuth.evaluate(checkContext(graphOf(rule, mail, sendsTo(rule, mail))))).toEqual([]);
    });

    it('is unknown when the extractor cannot tell whether it is authenticated', () => {
      const rule = automationRule('Push Incidents');
      const unclear = webRequest('hooks.pager.example.com', { sendsCredential: undefined });

      const results = unresolvedCrossSystemAuth.evaluate(checkContext(graphOf(rule, unclear, sendsTo(rule, unclear))));

      expect(failsOf(results)).toEqual([]);
      const unknown = only(unknownsOf(results));
      expect(unknown.subjectId).toBe(rule.id);
      expect(unknown.reason).toContain('hooks.pager.example.com');
    });

    it('keeps two unauthenticated requests of one rule apart by identity field', () => {
      const rule = automationRule('Push Incidents');
      const first = webRequest('a.example.com', { key: 'push-incidents/1', sendsCredential: false });
      const second = webRequest('b.example.com', { key: 'push-incidents/2', sendsCredential: false });

      const results = failsOf(unresolvedCrossSystemAuth.evaluate(checkContext(graphOf(rule, first, second, sendsTo(rule, first), sendsTo(rule, second)))));

      expect(new Set(results.map((r) => r.identityFields[0]))).toEqual(new Set([first.id, second.id]));
    });
  });

  describe('a link found only by correlation', () => {
    it('fails when no activity proves it, naming both ends and the reason', () => {
      const vendorSp = servicePrincipal('Ticket Bridge', { origin: 'third_party' });
      const vendorAppUser = jiraAppUser('Ticket Bridge for Jira');
      const context = checkContext(graphOf(vendorSp, vendorAppUser, authenticatesTo(vendorSp, vendorAppUser, { basis: 'correlated', evidenced: false, reason: 'same publisher domain bridge.example.com' })));

      const result = only(failsOf(unresolvedCrossSystemAuth.evaluate(context)));

      expect(result.subjectId).toBe(vendorSp.id);
      expect(result.identityFields).toEqual([vendorSp.id, vendorAppUser.id]);
      expect(result.summary).toBe(
        'Service principal "Ticket Bridge" reaches Jira app user "Ticket Bridge for Jira" through a link inferred only from same publisher domain bridge.example.com; no activity in the last 30 days proves it.',
      );
      expect(result.chain).toEqual([vendorSp.id, vendorAppUser.id]);
      expect(result.evidence.map((e) => e.class)).toEqual(['correlated_pattern', 'observed_absence']);
    });

    it('reports a correlated credential on the workload that sends it, chain workload -> connection -> credential -> identity', () => {
      const digest = flow('Deal Digest');
      const connection = connector('Jira connection of ana');
      const token = credential('Jira token of ana', { system: 'powerautomate', subtype: 'oauth_refresh_token', accountEmail: 'ana@example.test' });
      const ana = jiraPersonAccount('ana@example.test');
      const context = checkContext(
        graphOf(digest, connection, token, ana, invokes(digest, connection), uses(connection, token), authenticatesAs(token, ana, { basis: 'correlated', evidenced: false, reason: 'signed in as ana@example.test' })),
      );

      const result = only(failsOf(unresolvedCrossSystemAuth.evaluate(context)));

      expect(result.subjectId).toBe(digest.id);
      expect(result.identityFields).toEqual([token.id, ana.id]);
      expect(result.summary).toContain('Power Automate flow "Deal Digest" reaches');
      expect(result.chain).toEqual([digest.id, connection.id, token.id, ana.id]);
    });

    it('reports a correlated credential nobody sends on the credential itself', () => {
      const token = credential('Loose token', { system: 'azuredevops', subtype: 'shared_secret' });
      const app = jiraAppUser('Ticket Bridge for Jira');
      const context = checkContext(graphOf(token, app, authenticatesAs(token, app, { basis: 'correlated', evidenced: false })));

      const result = only(failsOf(unresolvedCrossSystemAuth.evaluate(context)));

      expect(result.subjectId).toBe(token.id);
      expect(result.chain).toEqual([token.id, app.id]);
    });

    it('picks the same subject for a credential shared by two workloads whatever order the edges were added in', () => {
      // unresolved-cross-system-auth.ts senderPath() takes the first INVOKES/SENDS_TO edge in insertion order, unsorted.
      const early = flow('Alpha Digest');
      const late = flow('Zulu Digest');
      const connection = connector('Shared Jira connection');
      const token = credential('Shared Jira token', { system: 'powerautomate', subtype: 'oauth_refresh_token' });
      const ana = jiraPersonAccount('ana@example.test');
      const common = [early, late, connection, token, ana, uses(connection, token), authenticatesAs(token, ana, { basis: 'correlated', evidenced: false })];
      const oneOrder = checkContext(graphOf(...common, invokes(early, connection), invokes(late, connection)));
      const otherOrder = checkContext(graphOf(...common, invokes(late, connection), invokes(early, connection)));

      const subjects = (context: typeof oneOrder) => failsOf(unresolvedCrossSystemAuth.evaluate(context)).map((r) => r.subjectId);

      expect(subjects(otherOrder)).toEqual(subjects(oneOrder));
    });

    it('passes when the correlated link is evidenced, or observed', () => {
      const vendorSp = servicePrincipal('Ticket Bridge', { origin: 'third_party' });
      const vendorAppUser = jiraAppUser('Ticket Bridge for Jira');
      const directoryTarget = jiraAppUser('Directory Target');
      const context = checkContext(graphOf(vendorSp, vendorAppUser, directoryTarget, correlatedPair(vendorSp, vendorAppUser, { evidenced: true }), authenticatesTo(vendorSp, directoryTarget)));

      expect(unresolvedCrossSystemAuth.evaluate(context)).toEqual([]);
    });

    it('reports an unproven pair correlated both ways once, on the smaller id', () => {
      const vendorSp = servicePrincipal('Ticket Bridge', { origin: 'third_party' });
      const vendorAppUser = jiraAppUser('Ticket Bridge for Jira');
      const context = checkContext(graphOf(vendorSp, vendorAppUser, correlatedPair(vendorSp, vendorAppUser, { evidenced: false })));

      const results = failsOf(unresolvedCrossSystemAuth.evaluate(context));

      expect(new Set(results.map((r) => `${r.subjectId} | ${r.identityFields.join()}`))).toEqual(
        new Set([`${vendorSp.id} | ${vendorSp.id},${vendorAppUser.id}`]),
      );
    });
  });
});
