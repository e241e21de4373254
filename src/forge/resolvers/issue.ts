/**
 * Issue panel resolvers (module sv0-issue-panel). The issue comes from the (tamperable) context, so the caller's
 * right to see it is checked asUser first; then the finding linked to that ticket is looked up through the finding
 * entity's by-ticket index and shown live.
 */
import Resolver from '@forge/resolver';
import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { Finding } from '../../findings/finding';
import { jiraAsUser } from '../adapters/http';
import { visibleDetailOf } from '../read/visibility-reads';
import { respond } from './envelope';
import { acceptRiskFromIssue, acknowledgeFromIssue, issuePermissions } from './issue-actions';

const issueExtensionSchema = z.looseObject({ issue: z.looseObject({ key: z.string().min(1) }) });

export const issueResolver = new Resolver()
  .define('issue/finding', ({ context }) =>
    respond(async () => {
      if (!context.accountId) throw new AppError('FORBIDDEN', 'Sign in to see SecurityV0 findings');
      const extension = issueExtensionSchema.safeParse(context.extension);
      if (!extension.success) throw new AppError('INVALID_INPUT', 'This panel must be opened on a Jira issue');
      const issueKey = extension.data.issue.key;
      const visible = await jiraAsUser(`/rest/api/3/issue/${encodeURIComponent(issueKey)}?fields=id`);
      if (visible.status !== 200) throw new AppError('FORBIDDEN', `You cannot see issue ${issueKey}`);
      // Only the ticket the app created and recorded for a finding shows it: a label or property on another issue
      // (anyone who can edit an issue can set those) links nothing.
      const linked = await kvs.entity<{ details: Finding }>('finding').query().index('by-ticket').where(WhereConditions.equalTo(issueKey)).limit(1).getMany();
      const finding = linked.results[0]?.value.details;
      if (!finding || finding.ticketKey !== issueKey) return { issueKey, detail: null };
      return { issueKey, detail: await visibleDetailOf(finding) };
    }),
  )
  .define('issue/permissions', (request) => respond(() => issuePermissions(request)))
  .define('issue/acknowledge', (request) => respond(() => acknowledgeFromIssue(request)))
  .define('issue/accept-risk', (request) => respond(() => acceptRiskFromIssue(request)))
  .getDefinitions();
