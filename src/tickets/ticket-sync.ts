/**
 * Findings open, update and close their own JSM requests: exactly one per finding.
 * - Only the app's own tickets count. A finding's ticket is the request the app created and recorded on the finding
 *   (its issue id and key). Labels and issue properties can be set by anyone who can edit an issue, so they never
 *   make an issue a finding's ticket: statuses, acceptances, acknowledgements and justifications are read only from
 *   the recorded ticket, and only while Jira says the app created it and it is in the configured service desk.
 * - Idempotent creation: before creating, the app records its intent; a crash between create and record, or a lost
 *   answer to the create call, is resolved by looking for the ticket the app itself created for that finding (its
 *   label, creator = the app's account, in the service desk's project), never by adopting someone else's issue. A
 *   planted look-alike is ignored and never stops the real ticket being created.
 * - Lifecycle: a finding whose chain or evidence changed gets one comment; one resolved by a complete scan gets a
 *   comment and the resolved transition; one that reappears reopens its ticket. People answer through the ticket:
 *   moved to a risk-accepted status with a due date and a reason in its last comment, the finding is risk-accepted
 *   until then, by the same rules as the admin page (a reason, at most two years); to a false-positive status,
 *   acknowledged; a privilege_justification_gap ticket moved to a justified status records the justification (its
 *   last comment) for that grant.
 * - A JSM 400 on create is a configuration error (the request type lacks a field the app sets): ticketing stops for
 *   this sync with JSM's explanation, the findings are kept, and the sync ends.
 * - At most maxNewPerScan new tickets per scan; the rest wait, and the count is reported.
 */
import { SEVERITY_RANK } from '../checks/check';
import { checkById } from '../checks/catalogue';
import { acceptFindingRisk } from '../findings/actions';
import type { Finding } from '../findings/finding';
import { AppError, describeError } from '../shared/errors';
import type { Justification, Settings } from '../settings/settings';
import type { FindingStore } from '../store/finding-store';
import type { KeyValueStore } from '../store/key-value-store';
import type { Sleep } from '../shared/http';
import { buildTicketRequest, changeComment, findingLabel } from './ticket-content';
import type { JiraWriter, TicketState } from './jira-writer';
import { ticketIntentKey } from '../store/layout';

export const FINDING_PROPERTY = 'sv0-finding';
export const APP_LABEL = 'securityv0';
const CREATE_ATTEMPTS = 6;
/** Where the app notes a ticket it is about to create, until the created ticket is recorded on its finding. */

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
  /** Ticketing could not run as configured (JSM refused the request type): what to fix. */
  configurationError?: string;
}

export interface TicketSyncInput {
  writer: JiraWriter;
  findings: FindingStore;
  store: KeyValueStore;
  settings: Settings;
  observedAt: string;
  sleep: Sleep;
}

const inAny = (status: string, names: readonly string[]) => names.some((n) => n.toLowerCase() === status.toLowerCase());

interface Intent {
  at: string;
}

export async function syncTickets(input: TicketSyncInput): Promise<TicketSyncSummary> {
  const { writer, findings, settings } = input;
  const ticketing = settings.ticketing;
  const summary: TicketSyncSummary = { created: [], linked: [], commented: [], resolved: [], reopened: [], riskAccepted: [], acknowledged: [], justifications: [], waiting: 0, errors: [] };
  if (!ticketing.enabled) return summary;
  if (!ticketing.serviceDeskId || !ticketing.requestTypeId) throw new AppError('NOT_CONFIGURED', 'Ticketing is on but no service desk and request type are chosen: pick them in Settings > Ticketing');
  const mapping = ticketing.statusMapping;
  const [appAccountId, deskProject] = await Promise.all([writer.appAccountId(), writer.serviceDeskProject(ticketing.serviceDeskId)]);
  /** Jira's word that this is the app's own ticket in the configured desk, or why not. */
  const notOurs = (ticket: TicketState | undefined): string | undefined => {
    if (!ticket) return 'no longer exists or the app cannot see it';
    if (ticket.creatorAccountId !== appAccountId) return 'was not created by the app';
    if (ticket.projectKey !== deskProject) return `is no longer in service desk project ${deskProject}`;
    return undefined;
  };
  const save = (finding: Finding) => findings.saveMany([finding]);

  const all = await findings.listAll();
  const recorded = all.filter((f) => f.ticketKey);
  const states = await writer.ticketsByIdOrKey(recorded.map((f) => f.ticketId ?? (f.ticketKey as string)));
  for (const found of recorded) {
    let finding = found;
    const ticket = states.get(found.ticketId ?? (found.ticketKey as string));
    const refusal = notOurs(ticket);
    if (refusal || !ticket) {
      summary.errors.push(`${found.ticketKey ?? ''}: the ticket recorded for ${found.id} ${refusal ?? 'is missing'}; it is not followed`);
      if (ticket && ticket.creatorAccountId !== appAccountId) {
        // Linked before tickets had to be the app's own (a label anyone can set): forget it, so the real one is made.
        const { ticketKey: _key, ticketId: _id, ticketStatus: _status, ticketFingerprint: _fp, ...unlinked } = found;
        await save(unlinked);
      }
      continue;
    }
    try {
      if (finding.ticketKey !== ticket.key || finding.ticketStatus !== ticket.status || finding.ticketId !== ticket.id) finding = { ...finding, ticketKey: ticket.key, ticketId: ticket.id, ticketStatus: ticket.status };
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
        if (finding.status !== 'risk_accepted') finding = await acceptFromTicket(input, finding, ticket, summary);
      } else if (inAny(ticket.status, mapping.falsePositive)) {
        if (finding.status === 'open') {
          finding = { ...finding, status: 'acknowledged', justification: `Marked a false positive in ${ticket.key}`, acknowledgedBy: `Jira ticket ${ticket.key}`, acknowledgedAt: input.observedAt };
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
    .filter((f) => f.status === 'open' && !f.ticketKey && SEVERITY_RANK[f.severity] >= minimum)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.id < b.id ? -1 : 1));
  let opened = 0;
  for (const finding of eligible) {
    if (opened >= ticketing.maxNewPerScan) break;
    try {
      const ticket = await openTicket(input, finding, { appAccountId, deskProject });
      await save({ ...finding, ticketKey: ticket.key, ticketId: ticket.id, ticketFingerprint: finding.fingerprint, ticketStatus: ticket.status });
      await input.store.delete(ticketIntentKey(finding.id));
      await writer.setProperty(ticket.key, FINDING_PROPERTY, { findingId: finding.id, check: finding.check, severity: finding.severity });
      (ticket.adopted ? summary.linked : summary.created).push(ticket.key);
      opened++;
    } catch (error) {
      if (error instanceof AppError && error.context.ticketing === true) {
        // The request type cannot take what the app sends: every other create would be refused the same way.
        summary.configurationError = error.message;
        summary.errors.push(error.message);
        break;
      }
      summary.errors.push(`${finding.id}: ${describeError(error)}`);
    }
  }
  summary.waiting = Math.max(0, eligible.length - opened);
  return summary;
}

/**
 * Risk accepted in the ticket: held to the admin page's rules (a due date after today and at most two years ahead,
 * a reason of at least 10 characters in the ticket's last comment). Refused, the ticket is told why, once.
 */
async function acceptFromTicket(input: TicketSyncInput, finding: Finding, ticket: TicketState, summary: TicketSyncSummary): Promise<Finding> {
  const reason = ticket.lastComment?.trim() ?? '';
  try {
    if (!ticket.duedate) throw new AppError('INVALID_INPUT', 'set the due date to the day the acceptance ends');
    const accepted = acceptFindingRisk(finding, ticket.duedate.slice(0, 10), reason, `Jira ticket ${ticket.key}`, input.observedAt);
    summary.riskAccepted.push(ticket.key);
    const { ticketRefusal: _refusal, ...rest } = accepted;
    return rest;
  } catch (error) {
    const why = describeError(error);
    if (finding.ticketRefusal === why) return finding;
    await input.writer.comment(ticket.key, `SecurityV0 did not record this risk acceptance: ${why}. Add a comment saying why the risk is acceptable and a due date at most two years ahead, then move the ticket to "${ticket.status}" again.`);
    summary.errors.push(`${ticket.key}: risk acceptance refused: ${why}`);
    return { ...finding, ticketRefusal: why };
  }
}

/**
 * Creates the finding's request once. The intent is recorded first; a lost answer (or a crash before the key was
 * recorded, seen as an intent left by an earlier sync) is resolved by looking for the app's own ticket for this
 * finding, created since the intent. A 429 created nothing and is retried after waiting; a 400 is a configuration
 * error and is thrown at once.
 */
async function openTicket(input: TicketSyncInput, finding: Finding, ours: { appAccountId: string; deskProject: string }): Promise<TicketState & { adopted?: boolean }> {
  const lookup = async (since: string): Promise<TicketState | undefined> => {
    const found = await input.writer.search(`project = "${ours.deskProject}" AND labels = "${findingLabel(finding.id)}" AND creator = "${ours.appAccountId}"`);
    return found.filter((t) => t.creatorAccountId === ours.appAccountId && t.projectKey === ours.deskProject && (!t.created || Date.parse(t.created) >= Date.parse(since) - 60_000)).sort((a, b) => Number(a.id) - Number(b.id))[0];
  };
  const earlier = await input.store.get<Intent>(ticketIntentKey(finding.id));
  if (earlier) {
    const existing = await lookup(earlier.at);
    if (existing) return { ...existing, adopted: true };
  }
  // The sync's own (Jira) clock: the ticket this intent leads to is created after it.
  const intent: Intent = { at: earlier?.at ?? input.observedAt };
  await input.store.set(ticketIntentKey(finding.id), intent);
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
      const { issueKey } = await input.writer.createRequestOnce(body);
      const created = (await input.writer.ticketsByIdOrKey([issueKey])).get(issueKey);
      return created ?? { id: '', key: issueKey, projectKey: ours.deskProject, status: 'Waiting for support', statusCategory: 'new', labels: content.labels };
    } catch (error) {
      lastError = error;
      if (error instanceof AppError && (error.code === 'NOT_CONFIGURED' || error.code === 'INVALID_INPUT' || error.code === 'SOURCE_UNAUTHORIZED' || error.code === 'NOT_FOUND')) throw error;
      const throttled = error instanceof AppError && error.code === 'SOURCE_THROTTLED';
      if (!throttled) {
        const existing = await lookup(intent.at);
        if (existing) return { ...existing, adopted: true };
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
