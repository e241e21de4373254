/**
 * Where a flow's connector actions send data, read from its definition (Logic Apps workflow definition language).
 * Sources for the shapes below:
 * - Connector actions: `OpenApiConnection` (and `…Webhook`) with inputs.host {connectionName, operationId, apiId}
 *   and inputs.parameters keyed by the operation's parameter paths (`emailMessage/To`); the older `ApiConnection`
 *   form with inputs.host.connection.name = "@parameters('$connections')['<key>']['connectionId']", inputs.path and
 *   inputs.body. https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-triggers
 * - inputs.host.connectionName is a key of properties.connectionReferences, which names the connector (`id`/`apiId`)
 *   and the connection it runs on (`connectionName`): a reference resolves to its connection.
 * - Office 365 Outlook `SendEmailV2` / `SharedMailboxSendEmailV2` / `ForwardEmail_V2`, Outlook.com, Mail
 *   (`shared_sendmail`), Gmail and SMTP name their recipients in To / Cc / Bcc parameters (`emailMessage/To`,
 *   `To`, `request/to`, `body/ToRecipients`), several addresses in one string separated by `;` or `,`
 *   (learn.microsoft.com/connectors/office365, /connectors/gmail, /connectors/sendmail).
 * What is kept: connector names, operation ids, recipient *domains* and the host of an instance parameter; never a
 * message, a subject, an address's local part or a parameter value otherwise.
 */
import { toRequestTarget } from '../automation/request-target';

/** Connectors whose actions send e-mail: their destinations are the recipient domains. */
const EMAIL_CONNECTORS = new Set(['shared_office365', 'shared_outlook', 'shared_sendmail', 'shared_gmail', 'shared_smtp']);

/**
 * Connectors of Microsoft services inside the organisation's own Microsoft 365 / Power Platform / Azure tenant:
 * their actions keep data in the tenant (Teams messages, SharePoint items, Dataverse rows), so they are not egress.
 * (E-mail is the exception, handled by recipient.)
 */
const TENANT_CONNECTORS = new Set([
  'shared_office365users',
  'shared_office365groups',
  'shared_office365groupsmail',
  'shared_sharepointonline',
  'shared_onedriveforbusiness',
  'shared_teams',
  'shared_excelonlinebusiness',
  'shared_planner',
  'shared_todo',
  'shared_commondataservice',
  'shared_commondataserviceforapps',
  'shared_dynamicscrmonline',
  'shared_azuread',
  'shared_webcontents',
  'shared_flowmanagement',
  'shared_powerplatformforadmins',
  'shared_powerappsforappmakers',
  'shared_powerappsnotification',
  'shared_powerappsnotificationv2',
  'shared_approvals',
  'shared_flowpush',
  'shared_microsoftforms',
  'shared_onenote',
  'shared_powerbi',
  'shared_logicflows',
  'shared_conversionservice',
  'shared_shifts',
  'shared_yammer',
  'shared_microsoftbookings',
  'shared_kusto',
  'shared_sql',
  'shared_azureblob',
  'shared_azurequeues',
  'shared_azuretables',
  'shared_keyvault',
  'shared_arm',
  'shared_azuremonitorlogs',
]);

/**
 * Third-party (and consumer) services behind well-known connectors, by the registrable domain of the service the
 * connector calls (learn.microsoft.com/connectors/<name>, "Service" of each connector). Every action of such a
 * connector hands data to that service. A connector missing here (a custom connector, a rarer SaaS) still counts as
 * egress, with its destination unknown.
 */
const SAAS_CONNECTOR_DOMAINS: Record<string, string> = {
  shared_slack: 'slack.com',
  shared_twitter: 'twitter.com',
  shared_dropbox: 'dropbox.com',
  shared_box: 'box.com',
  shared_onedrive: 'onedrive.live.com',
  shared_googledrive: 'google.com',
  shared_googlesheet: 'google.com',
  shared_googlecalendar: 'google.com',
  shared_googletasks: 'google.com',
  shared_salesforce: 'salesforce.com',
  shared_trello: 'trello.com',
  shared_asana: 'asana.com',
  shared_github: 'github.com',
  shared_servicenow: 'service-now.com',
  shared_zendesk: 'zendesk.com',
  shared_mailchimp: 'mailchimp.com',
  shared_sendgrid: 'sendgrid.com',
  shared_twilio: 'twilio.com',
  shared_docusign: 'docusign.net',
  shared_smartsheet: 'smartsheet.com',
  shared_todoist: 'todoist.com',
  shared_pagerduty: 'pagerduty.com',
  shared_typeform: 'typeform.com',
  shared_surveymonkey: 'surveymonkey.com',
  shared_linkedinv2: 'linkedin.com',
  shared_youtube: 'youtube.com',
  shared_telegrambot: 'telegram.org',
};

/**
 * Connectors addressed to one instance of a service that an action parameter names (the Jira connector's
 * `X-Request-Jirainstance`: the site URL): the destination is that instance's host.
 */
const INSTANCE_PARAMETER: Record<string, RegExp> = { shared_jira: /jirainstance/i };

/** What the definition says about one connector action. */
export interface ConnectorActionSummary {
  name: string;
  type: string;
  /** inputs.host.connectionName (or the `$connections` key of the older form): a key of connectionReferences. */
  referenceKey?: string;
  /** The connector (shared_office365), from the action's apiId, else from its connection reference. */
  connector?: string;
  operationId?: string;
  /** Lower-case domains of literal recipient addresses (To, Cc, Bcc), sorted. */
  recipientDomains: string[];
  /** A recipient is set by an expression at run time, so some destinations cannot be known from the definition. */
  runtimeRecipients: boolean;
  /** The host of the service instance an action parameter names (the Jira site). */
  instanceHost?: string;
}

export interface ConnectionReferenceLike {
  key: string;
  connectionName?: string;
  apiId?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CONNECTOR_ACTION_TYPE = /^(openapiconnection|apiconnection)(webhook|notification)?$/i;

export function isConnectorActionType(type: string): boolean {
  return CONNECTOR_ACTION_TYPE.test(type);
}

/** `…/apis/shared_office365` -> shared_office365. */
export function connectorOfApiId(apiId: string | undefined): string | undefined {
  const last = apiId?.split('/').filter(Boolean).pop();
  return last ? last.toLowerCase() : undefined;
}

const CONNECTIONS_PARAMETER_KEY = /\[\s*'([^']+)'\s*\]\s*\[\s*'connectionId'\s*\]/;

/** The parameter (and body) paths that hold e-mail recipients: the last segment is To, Cc, Bcc or *Recipients. */
const RECIPIENT_FIELD = /^(to|cc|bcc|torecipients|ccrecipients|bccrecipients)$/i;
const EMAIL_ADDRESS = /^[^@\s{}<>"'()]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

function recipientTexts(container: unknown): string[] {
  if (!isRecord(container)) return [];
  const texts: string[] = [];
  for (const [key, value] of Object.entries(container)) {
    if (!RECIPIENT_FIELD.test(key.split('/').pop() ?? key)) continue;
    for (const entry of Array.isArray(value) ? value : [value]) if (typeof entry === 'string') texts.push(entry);
  }
  return texts;
}

/** Domains of literal addresses, and whether any recipient is an expression (`@{…}`, `@body(…)`). */
export function recipientsOf(texts: readonly string[]): { domains: string[]; runtime: boolean } {
  const domains = new Set<string>();
  let runtime = false;
  for (const text of texts) {
    if (text.includes('@{') || text.trim().startsWith('@')) runtime = true;
    for (const token of text.split(/[;,\s]+/)) {
      const match = EMAIL_ADDRESS.exec(token.replace(/^<|>$/g, ''));
      if (match?.[1]) domains.add(match[1].toLowerCase());
    }
  }
  return { domains: [...domains].sort(), runtime };
}

function instanceHostOf(connector: string | undefined, parameters: Record<string, unknown>): string | undefined {
  const pattern = connector ? INSTANCE_PARAMETER[connector] : undefined;
  if (!pattern) return undefined;
  const value = Object.entries(parameters).find(([key]) => pattern.test(key))?.[1];
  return typeof value === 'string' && /^https?:\/\//i.test(value) ? toRequestTarget(value).host : undefined;
}

/** One connector action, reduced to what egress needs. */
export function summarizeConnectorAction(name: string, type: string, inputs: Record<string, unknown>, references: readonly ConnectionReferenceLike[]): ConnectorActionSummary {
  const host = isRecord(inputs.host) ? inputs.host : {};
  const connection = isRecord(host.connection) ? host.connection : {};
  const referenceKey =
    typeof host.connectionName === 'string' ? host.connectionName : typeof connection.name === 'string' ? CONNECTIONS_PARAMETER_KEY.exec(connection.name)?.[1] : undefined;
  const reference = referenceKey ? references.find((r) => r.key === referenceKey) : undefined;
  const connector = connectorOfApiId(typeof host.apiId === 'string' ? host.apiId : undefined) ?? connectorOfApiId(reference?.apiId) ?? referenceKey?.toLowerCase().replace(/_\d+$/, '');
  const parameters = isRecord(inputs.parameters) ? inputs.parameters : {};
  const { domains, runtime } = connector && EMAIL_CONNECTORS.has(connector) ? recipientsOf([...recipientTexts(parameters), ...recipientTexts(inputs.body)]) : { domains: [], runtime: false };
  const instanceHost = instanceHostOf(connector, parameters);
  return {
    name,
    type,
    ...(referenceKey ? { referenceKey } : {}),
    ...(connector ? { connector } : {}),
    ...(typeof host.operationId === 'string' ? { operationId: host.operationId } : {}),
    recipientDomains: domains,
    runtimeRecipients: runtime,
    ...(instanceHost ? { instanceHost } : {}),
  };
}

/** What an action sends out, if anything. */
export type ActionEgress =
  | { kind: 'email'; domains: string[]; runtimeRecipients: boolean }
  | { kind: 'connector'; connector: string; host?: string };

const SENDS_MAIL_OPERATION = /send|forward|reply/i;

/**
 * An action's egress: an e-mail connector's recipients (an e-mail send whose recipients are all set at run time
 * still sends, to somewhere unknown); a third-party or consumer service's connector (the service's domain, an
 * instance host, or unknown); nothing for a Microsoft service inside the tenant or a read of a mailbox.
 */
export function egressOf(action: ConnectorActionSummary): ActionEgress | undefined {
  const connector = action.connector;
  if (!connector) return undefined;
  if (EMAIL_CONNECTORS.has(connector)) {
    const sends = action.recipientDomains.length > 0 || action.runtimeRecipients || SENDS_MAIL_OPERATION.test(action.operationId ?? '');
    return sends ? { kind: 'email', domains: action.recipientDomains, runtimeRecipients: action.runtimeRecipients || action.recipientDomains.length === 0 } : undefined;
  }
  if (TENANT_CONNECTORS.has(connector)) return undefined;
  const host = action.instanceHost ?? SAAS_CONNECTOR_DOMAINS[connector];
  return { kind: 'connector', connector, ...(host ? { host } : {}) };
}
