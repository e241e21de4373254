/**
 * Issue panel resolvers (module sv0-issue-panel). The issue comes from the (tamperable) context, so the caller's
 * right to see it is checked asUser first; then the finding linked to that ticket is looked up through the finding
 * entity's by-ticket index and shown live (src/use-cases/issue-panel.ts).
 */
import Resolver from '@forge/resolver';
import { AppError } from '../../shared/errors';
import { ticketFinding } from '../../use-cases/issue-panel';
import { forgePorts as ports } from '../adapters/ports';
import { respond } from './envelope';
import { acceptRiskFromIssue, acknowledgeFromIssue, issuePermissions, visibleIssue } from './issue-actions';

export const issueResolver = new Resolver()
  .define('issue/finding', ({ context }) =>
    respond(async () => {
      if (!context.accountId) throw new AppError('FORBIDDEN', 'Sign in to see SecurityV0 findings');
      return ticketFinding(ports, await visibleIssue(context));
    }),
  )
  .define('issue/permissions', (request) => respond(() => issuePermissions(request)))
  .define('issue/acknowledge', (request) => respond(() => acknowledgeFromIssue(request)))
  .define('issue/accept-risk', (request) => respond(() => acceptRiskFromIssue(request)))
  .getDefinitions();
