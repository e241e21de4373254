/**
 * What a flow's definition sends out -> graph: e-mail connector actions (Office 365 Outlook SendEmailV2 and its
 * shared-mailbox form, Outlook.com, Mail, Gmail) by recipient domain, at any depth (Foreach, Scope, If, Switch);
 * mixed case, `;` lists, Cc/Bcc, run-time recipients; third-party connectors (Slack PostMessageV2) by their service's
 * domain; the Jira connector by the site it names; Teams and SharePoint inside the tenant not egress; Teams/Slack
 * incoming webhooks through HTTP actions; connection references resolved to their connection and connector; the
 * older ApiConnection action form; triggers from the definition.
 * Shapes: Logic Apps workflow definition language (learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-
 * triggers), connector parameter names from learn.microsoft.com/connectors/office365 (SendEmailV2 `emailMessage/To`),
 * /connectors/gmail (`To`, `CC`, `BCC`), /connectors/sendmail (`request/to`), /connectors/slack (PostMessageV2).
 * No message body, subject or local part of an address is kept.
 */
import { classifyEgress } from '../../../src/classify/egress';
import { AccessGraph } from '../../../src/model/graph';
import { defaultSettings } from '../../../src/settings/settings';
import { flowDetailSchema, flowDetailsToGraph } from '../../../src/sources/powerautomate/flow-details';
import { egressOf, recipientsOf, summarizeConnectorAction } from '../../../src/sources/powerautomate/flow-egress';
import { flowSchema, flowsToGraph } from '../../../src/sources/powerautomate/flows';
import type { GraphEdge, GraphNode } from '../../../src/model/schema';

const context = { settings: defaultSettings(), observedAt: '2026-11-30T05:00:00.000Z' };
const ENV = 'env-operations';
const FLOW = 'flow-egress-1';
const WORKLOAD = `powerautomate:workload:${ENV}/${FLOW}`;
const conn = (suffix: string) => `powerautomate:connection:${ENV}/${FLOW}/${suffix}`;
const SUBJECT = 'Quarterly customs file 7731';

const op = (referenceKey: string, operationId: string, parameters: Record<string, unknown>) => ({
  type: 'OpenApiConnection',
  inputs: { host: { connectionName: referenceKey, operationId, apiId: `/providers/Microsoft.PowerApps/apis/${referenceKey.replace(/_\d+$/, '')}` }, parameters, authentication: "@parameters('$authentication')" },
});

const detail = flowDetailSchema.parse({
  environmentName: ENV,
  name: FLOW,
  properties: {
    displayName: 'Egress flow',
    state: 'Started',
    definition: {
      triggers: {
        When_a_new_issue_is_created: {
          type: 'OpenApiConnectionWebhook',
          inputs: { host: { connectionName: 'shared_jira', operationId: 'OnNewIssue_V2', apiId: '/providers/Microsoft.PowerApps/apis/shared_jira' }, parameters: { 'X-Request-Jirainstance': 'https://corp.atlassian.net', projectKey: 'OPS' } },
        },
      },
      actions: {
        For_each_file: {
          type: 'Foreach',
          foreach: "@outputs('List')?['body/value']",
          actions: {
            Send_to_broker: op('shared_office365', 'SendEmailV2', {
              'emailMessage/To': 'Declarations@BrokerLane.IO; ops@corp.example',
              'emailMessage/Cc': 'audit@Corp.Example',
              'emailMessage/Subject': SUBJECT,
              'emailMessage/Body': '<p>attached</p>',
            }),
          },
        },
        Scope_notify: {
          type: 'Scope',
          actions: {
            Check: {
              type: 'If',
              actions: { From_shared_mailbox: op('shared_office365_1', 'SharedMailboxSendEmailV2', { MailboxAddress: 'desk@corp.example', 'emailMessage/To': 'partner@carrier.example', 'emailMessage/Bcc': "@{triggerBody()?['email']}" }) },
              else: { actions: { Post_to_Slack: op('shared_slack', 'PostMessageV2', { channelName: 'C0123', 'postMessageRequest/text': 'hi' }) } },
            },
          },
        },
        Switch_on_type: {
          type: 'Switch',
          cases: { Gmail_case: { case: 'a', actions: { Send_gmail: op('shared_gmail', 'SendEmailV2', { To: 'someone@gmail.com', CC: 'x@Partner.example,y@partner.example' }) } } },
          default: { actions: { Notify_mail: op('shared_sendmail', 'SendEmailNotification', { 'request/to': 'alerts@corp.example', 'request/subject': 's' }) } },
        },
        Read_inbox: op('shared_office365', 'GetEmailsV3', { folderPath: 'Inbox' }),
        Post_in_Teams: op('shared_teams', 'PostMessageToConversation', { poster: 'Flow bot', location: 'Channel' }),
        Update_list: op('shared_sharepointonline', 'PatchItem', { dataset: 'https://corp.sharepoint.com/sites/ops' }),
        Update_issue: op('shared_jira', 'UpdateIssue_V2', { 'X-Request-Jirainstance': 'https://partner-site.atlassian.net', issueKey: 'X-1' }),
        Call_custom: op('shared_corp-5fweather-20api-5f8a1b2c3d4e5f6071', 'GetForecast', { city: 'Rotterdam' }),
        Older_send: {
          type: 'ApiConnection',
          inputs: { host: { connection: { name: "@parameters('$connections')['shared_outlook']['connectionId']" } }, method: 'post', path: '/v2/Mail', body: { To: 'friend@outlook.com', Subject: SUBJECT } },
        },
        Teams_webhook: { type: 'Http', inputs: { method: 'POST', uri: 'https://corp.webhook.office.com/webhookb2/abc@tenant/IncomingWebhook/def/ghi', body: {} } },
      },
    },
    connectionReferences: {
      shared_jira: { connectionName: 'shared-jira-1', id: '/providers/Microsoft.PowerApps/apis/shared_jira' },
      shared_office365: { connectionName: 'shared-office365-1', id: '/providers/Microsoft.PowerApps/apis/shared_office365' },
      shared_office365_1: { connectionName: 'shared-office365-2', id: '/providers/Microsoft.PowerApps/apis/shared_office365' },
      shared_slack: { connectionName: 'shared-slack-1', id: '/providers/Microsoft.PowerApps/apis/shared_slack' },
      shared_gmail: { connectionName: 'shared-gmail-1', id: '/providers/Microsoft.PowerApps/apis/shared_gmail' },
      shared_sendmail: { connectionName: 'shared-sendmail-1', id: '/providers/Microsoft.PowerApps/apis/shared_sendmail' },
      shared_teams: { connectionName: 'shared-teams-1', id: '/providers/Microsoft.PowerApps/apis/shared_teams' },
      shared_sharepointonline: { connectionName: 'shared-sharepointonl-1', id: '/providers/Microsoft.PowerApps/apis/shared_sharepointonline' },
      'shared_corp-5fweather-20api-5f8a1b2c3d4e5f6071': { connectionName: 'shared-corp-weather-1', id: '/providers/Microsoft.PowerApps/apis/shared_corp-5fweather-20api-5f8a1b2c3d4e5f6071' },
      shared_outlook: { connectionName: 'shared-outlook-1', id: '/providers/Microsoft.PowerApps/apis/shared_outlook' },
      // A solution-aware flow's Dataverse connection reference: no connection named here.
      shared_commondataserviceforapps: { connectionReferenceLogicalName: 'corp_sharedcommondataserviceforapps_1a2b3', id: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps' },
    },
  },
});

const fragment = flowDetailsToGraph([detail], context);
const sendsTo = new Set(fragment.edges.filter((e) => e.kind === 'SENDS_TO').map((e) => e.to));
const node = (id: string) => fragment.nodes.find((n) => n.id === id);

describe('e-mail connector actions', () => {
  it('sends to each recipient domain, lower-case, from To, Cc and Bcc lists at any depth', () => {
    for (const domain of ['brokerlane.io', 'corp.example', 'carrier.example', 'gmail.com', 'partner.example', 'outlook.com']) {
      expect(sendsTo).toContain(conn(`email/${domain}`));
      expect(node(conn(`email/${domain}`))?.props).toMatchObject({ subtype: 'email', host: domain });
    }
  });

  it('keeps one destination per domain, naming every action that sends there and the connection it runs on', () => {
    const edge = fragment.edges.find((e) => e.kind === 'SENDS_TO' && e.to === conn('email/corp.example'));

    expect(edge?.reason).toContain('shared_office365 SendEmailV2 action Send_to_broker on connection shared-office365-1');
    expect(edge?.reason).toContain('shared_sendmail SendEmailNotification action Notify_mail on connection shared-sendmail-1');
    expect(fragment.edges.filter((e) => e.to === conn('email/corp.example'))).toHaveLength(1);
  });

  it('resolves a numbered connection reference (shared_office365_1) to its connection', () => {
    const edge = fragment.edges.find((e) => e.kind === 'SENDS_TO' && e.to === conn('email/carrier.example'));

    expect(edge?.reason).toContain('SharedMailboxSendEmailV2 action From_shared_mailbox on connection shared-office365-2');
    expect(fragment.edges.filter((e) => e.kind === 'INVOKES').map((e) => e.to)).toContain(`powerautomate:connection:${ENV}/shared-office365-2`);
  });

  it('keeps a recipient set at run time as a destination with no host (unknown, not internal)', () => {
    expect(node(conn('email/run-time'))?.props).toEqual({ subtype: 'email', nativeId: `${ENV}/${FLOW}/email/run-time`, connectorId: 'shared_office365' });
  });

  it('reads no egress from reading a mailbox', () => {
    expect(fragment.edges.some((e) => e.reason?.includes('Read_inbox'))).toBe(false);
  });

  it('splits recipient lists on ; and , and tells expressions from addresses', () => {
    expect(recipientsOf(['A@X.example;b@y.example, c@x.example'])).toEqual({ domains: ['x.example', 'y.example'], runtime: false });
    expect(recipientsOf(["@{variables('to')}"])).toEqual({ domains: [], runtime: true });
    expect(recipientsOf(["ops@corp.example;@{body('Get')?['owner']}"])).toEqual({ domains: ['corp.example'], runtime: true });
  });

  it('counts a send whose recipients are all set at run time', () => {
    const action = summarizeConnectorAction('Reply', 'OpenApiConnection', { host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_office365', operationId: 'ReplyToV3' }, parameters: { messageId: '@x' } }, []);

    expect(egressOf(action)).toEqual({ kind: 'email', domains: [], runtimeRecipients: true });
  });

  it('never stores a subject, a body or the local part of an address', () => {
    const stored = JSON.stringify(detail) + JSON.stringify(fragment);
    expect(stored).not.toContain(SUBJECT);
    expect(stored).not.toContain('attached');
    expect(stored.toLowerCase()).not.toContain('declarations@');
  });
});

describe('connector actions to other services', () => {
  it('sends to a third-party service through its connector (Slack PostMessageV2 -> slack.com)', () => {
    expect(sendsTo).toContain(conn('connector/shared_slack/slack.com'));
    expect(node(conn('connector/shared_slack/slack.com'))?.props).toMatchObject({ subtype: 'connector', connectorId: 'shared_slack', host: 'slack.com' });
  });

  it('sends to the Jira site an action names, one destination per site', () => {
    expect(sendsTo).toContain(conn('connector/shared_jira/partner-site.atlassian.net'));
    // The trigger receives from the organisation's own site; only actions send.
    expect(sendsTo).not.toContain(conn('connector/shared_jira/corp.atlassian.net'));
  });

  it('keeps a custom or unknown connector as a destination whose host is unknown', () => {
    const id = conn('connector/shared_corp-5fweather-20api-5f8a1b2c3d4e5f6071');
    expect(sendsTo).toContain(id);
    expect(node(id)?.props).not.toHaveProperty('host');
  });

  it('does not count Teams or SharePoint actions inside the tenant as egress', () => {
    expect([...sendsTo].some((id) => /shared_teams|shared_sharepointonline/.test(id))).toBe(false);
  });

  it('sends a Teams incoming webhook through its HTTP action', () => {
    expect(node(conn('http/Teams_webhook'))?.props).toMatchObject({ subtype: 'web_request', host: 'corp.webhook.office.com' });
  });

  it('classifies the destinations: other organisations external, verified domains internal, unknown unclassified', () => {
    const graph = new AccessGraph().addFragment(fragment);
    classifyEgress(graph, { verifiedDomains: ['corp.example'], ownHosts: ['corp.atlassian.net'], sanctioned: ['corp.webhook.office.com'] });
    const egress = (id: string) => (graph.node(id) as GraphNode<'connection'> | undefined)?.props.egress;

    expect(egress(conn('email/brokerlane.io'))).toBe('external');
    expect(egress(conn('email/corp.example'))).toBe('internal');
    expect(egress(conn('connector/shared_slack/slack.com'))).toBe('external');
    expect(egress(conn('http/Teams_webhook'))).toBe('sanctioned');
    expect(egress(conn('email/run-time'))).toBeUndefined();
  });
});

describe('connection references and triggers', () => {
  const edgesOf = (edges: GraphEdge[], kind: GraphEdge['kind']) => new Set(edges.filter((e) => e.kind === kind).map((e) => e.to));

  it('invokes each referenced connection; a Dataverse connection reference with no connection is kept by name only', () => {
    expect(edgesOf(fragment.edges, 'INVOKES')).toContain(`powerautomate:connection:${ENV}/shared-slack-1`);
    expect(detail.connectionReferences.find((r) => r.key === 'shared_commondataserviceforapps')).toEqual({
      key: 'shared_commondataserviceforapps',
      apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps',
      logicalName: 'corp_sharedcommondataserviceforapps_1a2b3',
    });
  });

  it('takes the trigger from the definition when the list gives no summary', () => {
    const listed = flowSchema.parse({ environmentName: ENV, name: FLOW, properties: { displayName: 'Egress flow', state: 'Started' } });

    const { nodes } = flowsToGraph([listed], undefined, context, undefined, [detail]);

    expect(nodes.find((n) => n.id === WORKLOAD)?.props).toMatchObject({ trigger: 'OpenApiConnectionWebhook (shared_jira OnNewIssue_V2)', executionMode: 'autonomous' });
  });

  it('reads a manual trigger kind from the definition', () => {
    const manual = flowDetailSchema.parse({ environmentName: ENV, name: FLOW, properties: { definition: { triggers: { manual: { type: 'Request', kind: 'Button', inputs: {} } } } } });
    const listed = flowSchema.parse({ environmentName: ENV, name: FLOW, properties: { definitionSummary: { triggers: [] } } });

    const { nodes } = flowsToGraph([listed], undefined, context, undefined, [manual]);

    expect(nodes.find((n) => n.id === WORKLOAD)?.props).toMatchObject({ trigger: 'Request', executionMode: 'manual' });
  });
});
