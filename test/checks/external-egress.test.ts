/**
 * external_egress: a workload sends data to a destination classify/ marked external (outside the verified domains,
 * not sanctioned). Internal and sanctioned connections pass. This check never answers unknown.
 */
import { externalEgress } from '../../src/checks/external-egress';
import {
  automationRule,
  checkContext,
  emailRecipients,
  failsOf,
  graphOf,
  jiraProject,
  only,
  sendsTo,
  serviceHook,
  subjectsOf,
  triggersOn,
  webRequest,
  webhook,
} from '../support/graph-fixtures';

const ops = jiraProject('OPS');

describe('external_egress', () => {
  it('fails for a rule posting to an external host, naming the rule and the host', () => {
    // Arrange
    const rule = automationRule('Push Incidents', { scopeProjectIds: [ops.props.nativeId] });
    const pager = webRequest('hooks.pager.example.com', { egress: 'external', sendsCredential: true, url: 'https://hooks.pager.example.com/v1/events' });
    const context = checkContext(graphOf(rule, pager, ops, sendsTo(rule, pager), triggersOn(rule, ops)));

    // Act
    const result = only(failsOf(externalEgress.evaluate(context)));

    // Assert
    expect(result.subjectId).toBe(rule.id);
    expect(result.identityFields).toEqual([]);
    expect(result.summary).toBe('Automation rule "Push Incidents" sends data to hooks.pager.example.com, outside the organisation.');
    expect(result.chain).toEqual([rule.id, pager.id]);
    expect(result.projectKeys).toEqual(['OPS']);
    expect(result.evidence.map((e) => e.text)).toEqual(['POST https://hooks.pager.example.com/v1/events']);
  });

  it('lists every external host of one workload in one finding', () => {
    const rule = automationRule('Push Incidents');
    const pager = webRequest('hooks.pager.example.com', { egress: 'external' });
    const mail = emailRecipients('partner.example.com', { egress: 'external' });
    const context = checkContext(graphOf(rule, pager, mail, sendsTo(rule, pager), sendsTo(rule, mail)));

    const result = only(failsOf(externalEgress.evaluate(context)));

    expect(result.summary).toBe('Automation rule "Push Incidents" sends data to hooks.pager.example.com and partner.example.com, outside the organisation.');
    expect(new Set(result.chain)).toEqual(new Set([rule.id, pager.id, mail.id]));
  });

  it('passes for internal and sanctioned destinations', () => {
    const rule = automationRule('Notify Team');
    const internal = webRequest('intranet.example.test', { egress: 'internal' });
    const sanctioned = webRequest('api.chat.example.com', { egress: 'sanctioned' });
    const context = checkContext(graphOf(rule, internal, sanctioned, sendsTo(rule, internal), sendsTo(rule, sanctioned)));

    expect(externalEgress.evaluate(context)).toEqual([]);
  });

  it('fails only for the workloads that send externally', () => {
    const hook = serviceHook('Build Events');
    const rule = automationRule('Notify Team');
    const outside = webhook('ci.vendor.example.com', { egress: 'external' });
    const inside = webRequest('intranet.example.test', { egress: 'internal' });
    const context = checkContext(graphOf(hook, rule, outside, inside, sendsTo(hook, outside), sendsTo(rule, inside)));

    expect(subjectsOf(externalEgress.evaluate(context))).toEqual(new Set([hook.id]));
  });
});
