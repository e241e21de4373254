/**
 * Triage from the issue panel, by the admin page's rules: the caller must see the issue (asUser) and administer
 * Jira (asUser), and the finding must be the one the app recorded on this ticket (its ticketKey), so a panel can
 * only act on its own ticket's finding whatever the browser sends.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { Finding } from '../../findings/finding';
import { acceptTicketFindingRisk, acknowledgeTicketFinding } from '../../use-cases/issue-panel';
import { jiraAsUser } from '../adapters/http';
import { forgePorts as ports } from '../adapters/ports';
import { requireJiraAdmin } from './authorize';
import { parsePayload } from './payloads';

const issueExtensionSchema = z.looseObject({ issue: z.looseObject({ key: z.string().min(1) }) });

interface IssueCall {
  payload: unknown;
  context: { accountId?: string; extension?: unknown };
}

/** The issue key of the panel's context, once the caller is shown to see that issue (asUser). */
export async function visibleIssue(context: IssueCall['context']): Promise<string> {
  const extension = issueExtensionSchema.safeParse(context.extension);
  if (!extension.success) throw new AppError('INVALID_INPUT', 'This panel must be opened on a Jira issue');
  const issueKey = extension.data.issue.key;
  const visible = await jiraAsUser(`/rest/api/3/issue/${encodeURIComponent(issueKey)}?fields=id`);
  if (visible.status !== 200) throw new AppError('FORBIDDEN', `You cannot see issue ${issueKey}`);
  return issueKey;
}

/** issue/permissions: whether the caller may triage from this panel (the buttons show only then). */
export async function issuePermissions({ context }: IssueCall): Promise<{ canTriage: boolean }> {
  await visibleIssue(context);
  try {
    await requireJiraAdmin(context.accountId);
    return { canTriage: true };
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') return { canTriage: false };
    throw error;
  }
}

/** issue/acknowledge {id, note?} */
export async function acknowledgeFromIssue({ payload, context }: IssueCall): Promise<{ finding: Finding }> {
  const issueKey = await visibleIssue(context);
  await requireJiraAdmin(context.accountId);
  const { id, note } = parsePayload(z.object({ id: z.string().min(1), note: z.string().max(2000).optional() }), payload, 'Acknowledge');
  return acknowledgeTicketFinding(ports, issueKey, id, context.accountId as string, note);
}

/** issue/accept-risk {id, until, justification} */
export async function acceptRiskFromIssue({ payload, context }: IssueCall): Promise<{ finding: Finding }> {
  const issueKey = await visibleIssue(context);
  await requireJiraAdmin(context.accountId);
  const { id, until, justification } = parsePayload(z.object({ id: z.string().min(1), until: z.string(), justification: z.string().max(2000) }), payload, 'Accept risk');
  return acceptTicketFindingRisk(ports, issueKey, id, until, justification, context.accountId as string);
}
