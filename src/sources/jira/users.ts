/**
 * Jira users and app users.
 * Endpoint: GET /rest/api/3/users/search?startAt&maxResults (bare array, max 1000; includes inactive users).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-users-search-get
 * Scope read:jira-user. emailAddress depends on profile visibility ("may be returned as null").
 *
 * The platform spec's User marks no field required (accountId is "Required in requests"), accountType and active
 * included; accountType is atlassian | app | customer | unknown, and only `app` ("system account used for Connect
 * applications and OAuth to represent external systems") says non-human. So a record without accountType (or with
 * `unknown`) is kept, not quarantined: it is read like an atlassian account, whose humanity the same evidence decides
 * (a declared service account, a service-like name), with origin unknown; absence is never taken for "non-human".
 * A missing `active` is not "inactive": the account is not marked departed. Only a record without accountId, the fact
 * every edge needs, is quarantined.
 * Non-human accounts: accountType app (app users; appType service = an Atlassian service account, which only the
 * organisation's admins create, https://support.atlassian.com/user-management/docs/understand-service-accounts/), and
 * other accounts the admin lists in settings.serviceAccounts or whose name marks them as one (svc-, bot, sync user).
 * An app user's origin comes from its declared app key (app-origin.ts).
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import { NO_IDS, nodeId, type GraphEdge, type GraphNode, type IdentityProps } from '../../model/schema';
import type { GraphContext } from '../source-step';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { JiraClient } from './jira-client';
import { getAllBareArrayPages } from './bare-array-pages';
import { appUserOrigin, type OrganisationDomains } from './app-origin';

export const JIRA_USERS_PAGE_SIZE = 1000;

/**
 * What the app reads of a user; other fields (self, timeZone, locale, avatarUrls) are dropped when the page is
 * parsed, not stored: the users list is the largest Jira dataset (140,000 records at L) and its URL alone was about
 * a third of each record.
 */
export const jiraUserSchema = z.object({
  accountId: z.string().min(1),
  accountType: z.string().optional(),
  appType: z.string().optional(),
  displayName: z.string().optional(),
  emailAddress: z.string().nullish(),
  active: z.boolean().optional(),
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

/** The origin of a Jira account: app users by their declared app key, service accounts are the organisation's own. */
function originOf(user: JiraUser, appKey: string | undefined, organisation: OrganisationDomains | undefined): IdentityProps['origin'] {
  if (user.accountType === 'app') return user.appType === 'service' ? 'first_party' : appUserOrigin(appKey, organisation);
  return user.accountType === 'atlassian' ? 'first_party' : 'unknown';
}

/** `organisation`: the verified domains an app key is judged against (undefined = not known: app origins stay unknown). */
export function jiraUsersToGraph(users: readonly JiraUser[], context: GraphContext, organisation?: OrganisationDomains): GraphFragment {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const user of users) {
    if (user.accountType === 'customer') continue; // JSM portal customers hold no Jira access
    const nonHuman = serviceAccountReason(user, context.settings.serviceAccounts);
    const subtype = user.accountType === 'app' ? (user.appType === 'service' ? 'jira_service_account' : 'jira_app_user') : nonHuman ? 'jira_service_account' : 'jira_user';
    const id = jiraIdentityId(user.accountId);
    const appKey = context.settings.jiraAppScopeDeclarations.find((d) => d.accountId === user.accountId)?.appKey;
    const email = user.emailAddress ? user.emailAddress.toLowerCase() : undefined;
    nodes.push({
      id,
      kind: 'identity',
      system: 'jira',
      name: user.displayName ?? user.accountId,
      props: {
        subtype,
        nativeId: user.accountId,
        human: nonHuman === undefined,
        // Only an explicit `active: false` disables; an absent flag is not read as one.
        enabled: user.active !== false,
        origin: originOf(user, appKey, organisation),
        email,
        appKey,
      },
    });
    // A person's own account belongs to that person; their departure shows on the owner node.
    if (nonHuman === undefined && user.emailAddress && email) {
      const ownerId = personOwnerId(email);
      nodes.push({
        id: ownerId,
        kind: 'owner',
        system: 'people',
        name: user.displayName ?? user.emailAddress,
        props: {
          subtype: 'person',
          email,
          entraUserIds: NO_IDS,
          atlassianAccountIds: [user.accountId],
          adoUserIds: NO_IDS,
          ...(user.active === false ? { departed: true, departedReason: 'Atlassian account inactive' } : {}),
        },
      });
      edges.push({ kind: 'OWNED_BY', from: id, to: ownerId, basis: 'observed', reason: 'the person’s own Atlassian account' });
    }
  }
  return { nodes, edges };
}
