/**
 * Jira users and app users.
 * Endpoint: GET /rest/api/3/users/search?startAt&maxResults (bare array, max 1000; includes inactive users).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-users-search-get
 * Scope read:jira-user. accountType is atlassian | app | customer; emailAddress depends on profile visibility.
 * Non-human accounts: accountType app (app users; appType service = Atlassian service account), and atlassian
 * accounts the admin lists in settings.serviceAccounts or whose name marks them as one (svc-, bot, sync user).
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import type { GraphContext } from '../source-step';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { JiraClient } from './jira-client';
import { getAllBareArrayPages } from './jira-client-helpers';

export const JIRA_USERS_PAGE_SIZE = 1000;

export const jiraUserSchema = z.looseObject({
  accountId: z.string().min(1),
  accountType: z.string(),
  appType: z.string().optional(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  active: z.boolean(),
});
export type JiraUser = z.infer<typeof jiraUserSchema>;

export async function fetchJiraUsers(jira: JiraClient): Promise<ParsedRecords<JiraUser>> {
  const raw = await getAllBareArrayPages(jira, '/rest/api/3/users/search', JIRA_USERS_PAGE_SIZE);
  return parseRecords(raw, jiraUserSchema, { system: 'jira', endpoint: '/rest/api/3/users/search' });
}

const SERVICE_ACCOUNT_NAME = /(^|[\s._-])(svc|service|bot|sync|integration|automation)([\s._-]|$)|sync user|service account/i;

/** Why an atlassian-type account is treated as non-human, or undefined for a person. */
export function serviceAccountReason(user: JiraUser, declared: readonly string[]): string | undefined {
  if (user.accountType === 'app') return user.appType === 'service' ? 'Atlassian service account' : 'Jira app user';
  if (declared.includes(user.accountId)) return 'declared a service account in settings';
  const local = user.emailAddress?.split('@')[0] ?? '';
  if (SERVICE_ACCOUNT_NAME.test(user.displayName ?? '') || SERVICE_ACCOUNT_NAME.test(local)) {
    return `named like a service account ("${user.displayName ?? local}")`;
  }
  return undefined;
}

export const jiraIdentityId = (accountId: string) => nodeId('jira', 'identity', accountId);
export const personOwnerId = (email: string) => nodeId('people', 'owner', email.toLowerCase());

export function jiraUsersToGraph(users: readonly JiraUser[], context: GraphContext): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const user of users) {
    if (user.accountType === 'customer') continue; // JSM portal customers hold no Jira access
    const nonHuman = serviceAccountReason(user, context.settings.serviceAccounts);
    const subtype = user.accountType === 'app' ? (user.appType === 'service' ? 'jira_service_account' : 'jira_app_user') : nonHuman ? 'jira_service_account' : 'jira_user';
    const id = jiraIdentityId(user.accountId);
    nodes.push({
      id,
      kind: 'identity',
      system: 'jira',
      name: user.displayName ?? user.accountId,
      props: {
        subtype,
        nativeId: user.accountId,
        human: nonHuman === undefined,
        enabled: user.active,
        origin: user.accountType === 'app' ? 'unknown' : 'first_party',
        email: user.emailAddress?.toLowerCase(),
        appKey: context.settings.jiraAppScopeDeclarations.find((d) => d.accountId === user.accountId)?.appKey,
      },
    });
    // A person's own account belongs to that person; their departure shows on the owner node.
    if (nonHuman === undefined && user.emailAddress) {
      const ownerId = personOwnerId(user.emailAddress);
      nodes.push({
        id: ownerId,
        kind: 'owner',
        system: 'people',
        name: user.displayName ?? user.emailAddress,
        props: {
          subtype: 'person',
          email: user.emailAddress.toLowerCase(),
          entraUserIds: [],
          atlassianAccountIds: [user.accountId],
          adoUserIds: [],
          ...(user.active ? {} : { departed: true, departedReason: 'Atlassian account inactive' }),
        },
      });
      edges.push({ kind: 'OWNED_BY', from: id, to: ownerId, basis: 'observed', reason: 'the person’s own Atlassian account' });
    }
  }
  return { nodes, edges };
}
