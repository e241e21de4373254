/**
 * Findings open, update and close their own JSM requests: exactly one per finding.
 * - Idempotent: every ticket the app creates carries the labels `securityv0` and `sv0-<finding id>` from the moment
 *   it exists; before creating, the app looks those up, so a crash between create and record, or a lost answer to
 *   the create call, never yields a second ticket. The finding id is also stored as the indexed issue property
 *   `sv0-finding` (JQL `sv0FindingId = "..."`).
 * - Lifecycle: a finding whose chain or evidence changed gets one comment; one resolved by a complete scan gets a
 *   comment and the resolved transition; one that reappears reopens its ticket. People answer through the ticket:
 *   moved to a risk-accepted status with a due date, the finding is risk-accepted until then; to a false-positive
 *   status, acknowledged; a privilege_justification_gap ticket moved to a justified status records the
 *   justification (its last comment) for that grant.
 * - At most maxNewPerScan new tickets per scan; the rest wait, and the count is reported.
 */
import { SEVERITY_RANK } from '../checks/check';
import { checkById } from '../checks/catalogue';
import type { Finding } from '../findings/finding';
import { AppError, describeError } from '../shared/errors';
import type { Justification, Settings } from '../settings/settings';
import type { FindingStore } from '../store/finding-store';
import type { Sleep } from '../shared/http';
import { buildTicketRequest, changeComment, findingLabel } from './ticket-content';
import type { JiraWriter, TicketState } from './jira-writer';

export const FINDING_PROPERTY = 'sv0-finding';
const APP_LABEL = 'securityv0';
const CREATE_ATTEMPTS = 8;

export interface TicketSyncSummary {
  created: string[];
  linked: string[];
  commented: string[];
  resolved: string[];
  reopened: string[];
  riskAccepted: string[];
  acknowledged: string[];
  justifications: Justification[];
  waiting: number;
  errors: string[];
}

export interface TicketSyncInput {
  writer: JiraWriter;
  findings: FindingStore;
  settings: Settings;
  observedAt: string;
  sleep: Sleep;
}

const endOfDay = (date: string) => `${date.slice(0, 10)}T23:59:59.000Z`;
const inAny = (status: string, names: readonly string[]) => names.some((n) => n.toLowerCase() === status.toLowerCase());

function indexTickets(tickets: readonly TicketState[]): Map<string, TicketState> {
  const byFinding = new Map<string, TicketState>();
  for (const ticket of tickets) {
    const id = ticket.findingId ?? ticket.labels.find((l) => l.startsWith('sv0-F-'))?.slice('sv0-'.length);
    if (id && !byFinding.has(id)) byFinding.set(id, ticket);
  }
  return byFinding;
}

export async function syncTickets(input: TicketSyncInput): Promise<TicketSyncSummary> {
  const { writer, findings, settings } = input;
  const ticketing = settings.ticketing;
  const summary: TicketSyncSummary = { created: [], linked: [], commented: [], resolved: [], reopened: [], riskAccepted: [], acknowledged: [], justifications: [], waiting: 0, errors: [] };
  if (!ticketing.enabled) return summary;
  if (!ticketing.serviceDeskId || !ticketing.requestTypeId) throw new AppError('NOT_CONFIGURED', 'Ticketing is on but no service desk and request type are chosen: pick them in Settings > Ticketing');
  const mapping = ticketing.statusMapping;
  const tickets = indexTickets(await writer.search(`labels = "${APP_LABEL}"`, FINDING_PROPERTY));
  const save = (finding: Finding) => findings.saveMany([finding]);

  for (const found of await findings.listAll()) {
    let finding = found;
    const ticket = tickets.get(finding.id);
    if (!ticket) continue;
    try {
      if (finding.ticketKey !== ticket.key || finding.ticketStatus !== ticket.status) finding = { ...finding, ticketKey: ticket.key, ticketStatus: ticket.status };
      if (finding.status === 'resolved') {
        if (!inAny(ticket.status, [...mapping.resolved, ...mapping.riskAccepted, ...mapping.falsePositive])) {
          const note = `Resolved by SecurityV0: a complete scan on ${input.observedAt.slice(0, 10)} no longer finds this.`;
          if (await writer.transition(ticket.key, mapping.resolved, note)) summary.resolved.push(ticket.key);
          else {
            await writer.comment(ticket.key, `${note} No transition to ${mapping.resolved.join(' / ')} is available from "${ticket.status}"; please close it by hand.`);
            summary.errors.push(`${ticket.key}: no transition to a resolved status from "${ticket.status}"`);
          }
        }
      } else if (inAny(ticket.status, mapping.riskAccepted)) {
        if (finding.status !== 'risk_accepted') {
          const until = ticket.duedate ? endOfDay(ticket.duedate) : undefined;
          if (until && until > input.observedAt) {
            finding = { ...finding, status: 'risk_accepted', riskAcceptedUntil: until, justification: ticket.lastComment ?? `Risk accepted in ${ticket.key}` };
            summary.riskAccepted.push(ticket.key);
          }
        }
      } else if (inAny(ticket.status, mapping.falsePositive)) {
        if (finding.status === 'open') {
          finding = { ...finding, status: 'acknowledged', justification: `Marked a false positive in ${ticket.key}` };
          summary.acknowledged.push(ticket.key);
        }
      } else if (inAny(ticket.status, mapping.justified) && finding.check === 'privilege_justification_gap') {
        const justification = justificationFrom(finding, ticket, input.observedAt);
        if (justification) summary.justifications.push(justification);
      } else if (inAny(ticket.status, mapping.resolved) && finding.status === 'open') {
        if (await writer.transition(ticket.key, ['Reopen', 'Waiting for support', 'To Do'], `Reopened by SecurityV0: the scan on ${input.observedAt.slice(0, 10)} finds this again. ${finding.summary}`)) summary.reopened.push(ticket.key);
        else summary.errors.push(`${ticket.key}: no transition back to an open status from "${ticket.status}"`);
      } else if (finding.ticketFingerprint && finding.ticketFingerprint !== finding.fingerprint) {
        await writer.comment(ticket.key, changeComment(finding));
        summary.commented.push(ticket.key);
      }
      if (finding.ticketFingerprint !== finding.fingerprint) finding = { ...finding, ticketFingerprint: finding.fingerprint };
      if (finding !== found) await save(finding);
    } catch (error) {
      summary.errors.push(`${ticket.key}: ${describeError(error)}`);
    }
  }

  const minimum = SEVERITY_RANK[ticketing.minimumSeverity];
  const eligible = (await findings.listAll())
    .filter((f) => f.status === 'open' && !f.ticketKey && SEVERITY_RANK[f.severity] >= minimum && !tickets.has(f.id))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.id < b.id ? -1 : 1));
  for (const finding of eligible.slice(0, ticketing.maxNewPerScan)) {
    try {
      const key = await createTicket(input, finding);
      await save({ ...finding, ticketKey: key, ticketFingerprint: finding.fingerprint, ticketStatus: 'Waiting for support' });
      await writer.setProperty(key, FINDING_PROPERTY, { findingId: finding.id, check: finding.check, severity: finding.severity });
      summary.created.push(key);
    } catch (error) {
      summary.errors.push(`${finding.id}: ${describeError(error)}`);
    }
  }
  summary.waiting = Math.max(0, eligible.length - ticketing.maxNewPerScan);
  return summary;
}

/**
 * Creates the request once. When the answer is lost (dropped connection, 5xx) the ticket may exist anyway, so the
 * label is looked up before trying again; a 429 created nothing and is retried after waiting.
 */
async function createTicket(input: TicketSyncInput, finding: Finding): Promise<string> {
  const check = checkById(finding.check);
  if (!check) throw new AppError('NOT_FOUND', `Unknown check ${finding.check}`);
  const content = buildTicketRequest(finding, check.metadata, input.settings.ticketing);
  const body = {
    serviceDeskId: input.settings.ticketing.serviceDeskId,
    requestTypeId: input.settings.ticketing.requestTypeId,
    isAdfRequest: true,
    requestFieldValues: { summary: content.summary, description: content.description, labels: content.labels, priority: { name: content.priority } },
  };
  let lastError: unknown;
  for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
    try {
      return (await input.writer.createRequestOnce(body)).issueKey;
    } catch (error) {
      lastError = error;
      const throttled = error instanceof AppError && error.code === 'SOURCE_THROTTLED';
      if (!throttled) {
        const existing = (await input.writer.search(`labels = "${findingLabel(finding.id)}"`, FINDING_PROPERTY))[0];
        if (existing) return existing.key;
      }
      const asked = error instanceof AppError && typeof error.context.retryAfterMs === 'number' ? error.context.retryAfterMs : undefined;
      await input.sleep(Math.min(30_000, asked ?? 1000 * 2 ** (attempt - 1)));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

function justificationFrom(finding: Finding, ticket: TicketState, observedAt: string): Justification | undefined {
  const grant = finding.identityFields[0];
  const { tenantId, appId, nativeId, name } = finding.subject;
  if (!grant) return undefined;
  const base = { grant, reason: ticket.lastComment?.trim() || `Justified in ${ticket.key}`, reference: ticket.key, recordedBy: `Jira ticket ${ticket.key}`, recordedAt: observedAt };
  if (tenantId && appId) return { ...base, subject: { system: 'entra', tenantId, appId, displayName: name } };
  if (finding.subject.id.startsWith('jira:') && nativeId) return { ...base, subject: { system: 'jira', accountId: nativeId, displayName: name } };
  return undefined;
}
