/**
 * human_credential_as_workload: an automation that acts with a person's own account, as its actor (RUNS_AS) or
 * through a connection whose credential signs in as the person. Non-human identities (app users, service
 * principals, agents) pass; a person matched only by e-mail with no evidence is unknown, never a finding.
 */
import { humanCredentialAsWorkload } from '../../src/checks/human-credential-as-workload';
import {
  authenticatesAs,
  automationRule,
  checkContext,
  connector,
  copilotAgent,
  credential,
  entraPersonAccount,
  failsOf,
  flow,
  graphOf,
  invokes,
  jiraAppUser,
  jiraPersonAccount,
  only,
  runsAs,
  serviceHook,
  servicePrincipal,
  unknownsOf,
  uses,
} from '../support/graph-fixtures';

describe('an automation rule (its actor)', () => {
  it('fails when it runs as a person', () => {
    const rule = automationRule('Carrier ETA to Slack');
    const femke = jiraPersonAccount('femke@example.com', { name: 'Femke Example' });
    const context = checkContext(graphOf(rule, femke, runsAs(rule, femke)));

    const result = only(failsOf(humanCredentialAsWorkload.evaluate(context)));

    expect(result.subjectId).toBe(rule.id);
    expect(result.summary).toBe('Automation rule "Carrier ETA to Slack" acts with Femke Example\'s own account as its actor.');
    expect(result.chain).toEqual([rule.id, femke.id]);
  });

  it('passes when it runs as an app account (Atlassian’s automation actor or a Marketplace app)', () => {
    const rule = automationRule('Nightly cleanup');
    const actor = jiraAppUser('Automation for Jira', { origin: 'atlassian' });
    const context = checkContext(graphOf(rule, actor, runsAs(rule, actor)));

    const results = humanCredentialAsWorkload.evaluate(context);

    expect(failsOf(results)).toEqual([]);
    expect(unknownsOf(results)).toEqual([]);
  });
});

describe('a flow or hook (its connection’s credential)', () => {
  it('fails when a connection signs in as a person’s Jira account', () => {
    const syncFlow = flow('Sync deals to Teams', { sharedWith: 1 });
    const jira = connector('shared_jira: maria@example.com');
    const token = credential('Sign-in of shared_jira', { subtype: 'oauth_refresh_token' });
    const maria = jiraPersonAccount('maria@example.com', { name: 'Maria Example' });
    const context = checkContext(graphOf(syncFlow, jira, token, maria, invokes(syncFlow, jira), uses(jira, token), authenticatesAs(token, maria)));

    const result = only(failsOf(humanCredentialAsWorkload.evaluate(context)));

    expect(result.summary).toBe('Power Automate flow "Sync deals to Teams" acts with Maria Example\'s own account through the connection "shared_jira: maria@example.com".');
    expect(result.chain).toEqual([syncFlow.id, jira.id, token.id, maria.id]);
  });

  it('fails for a person’s Entra account as for a Jira one, and names both when there are two', () => {
    const hook = serviceHook('Build events');
    const a = connector('connection A');
    const b = connector('connection B');
    const ta = credential('token A', { subtype: 'api_token' });
    const tb = credential('token B', { subtype: 'oauth_refresh_token' });
    const ana = jiraPersonAccount('ana@example.com', { name: 'Ana Example' });
    const ben = entraPersonAccount('ben@example.com', { name: 'Ben Example' });
    const context = checkContext(graphOf(hook, a, b, ta, tb, ana, ben, invokes(hook, a), invokes(hook, b), uses(a, ta), uses(b, tb), authenticatesAs(ta, ana), authenticatesAs(tb, ben)));

    const result = only(failsOf(humanCredentialAsWorkload.evaluate(context)));

    expect(result.summary).toContain("Ana Example's own account");
    expect(result.summary).toContain("Ben Example's own account");
  });

  it('passes when the connection signs in as a service principal', () => {
    const syncFlow = flow('Sync with an app');
    const conn = connector('connection as app');
    const secret = credential('client secret', { subtype: 'client_secret' });
    const app = servicePrincipal('Integration app');
    const context = checkContext(graphOf(syncFlow, conn, secret, app, invokes(syncFlow, conn), uses(conn, secret), authenticatesAs(secret, app)));

    expect(humanCredentialAsWorkload.evaluate(context)).toEqual([]);
  });

  it('is unknown, not a finding, when the person is matched by e-mail only and nothing confirms it', () => {
    const syncFlow = flow('Maybe a person');
    const conn = connector('shared_jira: someone@example.com');
    const token = credential('Sign-in of shared_jira', { subtype: 'oauth_refresh_token' });
    const someone = jiraPersonAccount('someone@example.com', { name: 'Someone Example' });
    const context = checkContext(graphOf(syncFlow, conn, token, someone, invokes(syncFlow, conn), uses(conn, token), authenticatesAs(token, someone, { basis: 'correlated', evidenced: false })));

    const results = humanCredentialAsWorkload.evaluate(context);

    expect(failsOf(results)).toEqual([]);
    expect(only(unknownsOf(results)).reason).toContain('matched by e-mail only');
  });

  it('counts a matched link once evidence confirms it', () => {
    const syncFlow = flow('Confirmed');
    const conn = connector('shared_jira: confirmed@example.com');
    const token = credential('Sign-in of shared_jira', { subtype: 'oauth_refresh_token' });
    const person = jiraPersonAccount('confirmed@example.com', { name: 'Confirmed Example' });
    const context = checkContext(graphOf(syncFlow, conn, token, person, invokes(syncFlow, conn), uses(conn, token), authenticatesAs(token, person, { basis: 'correlated', evidenced: true })));

    expect(only(failsOf(humanCredentialAsWorkload.evaluate(context))).subjectId).toBe(syncFlow.id);
  });
});

describe('a Copilot Studio agent (the connections its maker-credentialed tools use)', () => {
  it('fails when it runs on a person’s own Jira connection', () => {
    const agent = copilotAgent('Rights Desk Copilot');
    const jira = connector('shared_jira: pilar@example.com');
    const token = credential('Sign-in of shared_jira', { subtype: 'oauth_refresh_token' });
    const pilar = jiraPersonAccount('pilar@example.com', { name: 'Pilar Example' });
    const context = checkContext(graphOf(agent, jira, token, pilar, invokes(agent, jira), uses(jira, token), authenticatesAs(token, pilar, { basis: 'correlated', evidenced: true })));

    const result = only(failsOf(humanCredentialAsWorkload.evaluate(context)));

    expect(result.subjectId).toBe(agent.id);
    expect(result.summary).toBe('Copilot Studio agent "Rights Desk Copilot" acts with Pilar Example\'s own account through the connection "shared_jira: pilar@example.com".');
    expect(result.chain).toEqual([agent.id, jira.id, token.id, pilar.id]);
  });

  it('passes when its tools use a service principal’s connection, or each user’s own sign-in (no connection of its own)', () => {
    const agent = copilotAgent('Status Desk Copilot');
    const perUser = copilotAgent('Per-user Copilot');
    const conn = connector('connection as app');
    const secret = credential('client secret', { subtype: 'client_secret' });
    const app = servicePrincipal('Integration app');
    const context = checkContext(graphOf(agent, perUser, conn, secret, app, invokes(agent, conn), uses(conn, secret), authenticatesAs(secret, app)));

    expect(humanCredentialAsWorkload.evaluate(context)).toEqual([]);
  });

  it('is unknown, never clean, when its tools and their connections could not be read', () => {
    const agent = copilotAgent('Unread Copilot', { connectionsUnread: 'its tools and their connections (Dataverse botcomponents) were not read' });
    const context = checkContext(graphOf(agent));

    const results = humanCredentialAsWorkload.evaluate(context);

    expect(failsOf(results)).toEqual([]);
    const unknown = only(unknownsOf(results));
    expect(unknown.subjectId).toBe(agent.id);
    expect(unknown.reason).toBe('Cannot tell whose account Copilot Studio agent "Unread Copilot" acts with: its tools and their connections (Dataverse botcomponents) were not read');
  });
});
