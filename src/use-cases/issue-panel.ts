/**
 * The issue panel's use-cases (module sv0-issue-panel), for an issue the resolver has checked the caller may see:
 * only the ticket the app created and recorded for a finding (its ticketKey) shows it or triages it. A label or
 * property on another issue (anyone who can edit an issue can set those) links nothing.
 */
import type { Finding } from '../findings/finding';
import { AppError } from '../shared/errors';
import type { FindingDetail } from '../api/contract';
import type { FindingPorts, TriagePorts } from './ports';
import { acceptRisk, acknowledge } from './triage';
import { visibleDetailOf, type CallerPorts } from './visibility';

export interface TicketPorts {
  /** The finding stored with this ticket key, if any (the finding store's by-ticket index). */
  findingByTicket(issueKey: string): Promise<Finding | undefined>;
}

export async function ticketFinding(ports: CallerPorts & TicketPorts, issueKey: string): Promise<{ issueKey: string; detail: FindingDetail | null }> {
  const finding = await ports.findingByTicket(issueKey);
  if (!finding || finding.ticketKey !== issueKey) return { issueKey, detail: null };
  return { issueKey, detail: await visibleDetailOf(ports, finding) };
}

async function findingOfTicket(ports: FindingPorts, id: string, issueKey: string): Promise<Finding> {
  const finding = await ports.findings.get(id);
  if (!finding || finding.ticketKey !== issueKey) throw new AppError('NOT_FOUND', `Finding ${id} is not the finding of ${issueKey}`);
  return finding;
}

export async function acknowledgeTicketFinding(ports: TriagePorts, issueKey: string, id: string, accountId: string, note: string | undefined): Promise<{ finding: Finding }> {
  await findingOfTicket(ports, id, issueKey);
  return { finding: await acknowledge(ports, id, accountId, note) };
}

export async function acceptTicketFindingRisk(ports: TriagePorts, issueKey: string, id: string, until: string, justification: string, accountId: string): Promise<{ finding: Finding }> {
  await findingOfTicket(ports, id, issueKey);
  return { finding: await acceptRisk(ports, id, until, justification, accountId) };
}
