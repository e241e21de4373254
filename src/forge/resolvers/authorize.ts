import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { jiraAsUser } from '../adapters/http';

const myPermissionsSchema = z.object({
  permissions: z.record(z.string(), z.looseObject({ havePermission: z.boolean() })),
});

/**
 * Checks, as the calling user, that they are a Jira administrator. Only the invocation context's accountId is
 * trusted (https://developer.atlassian.com/platform/forge/app-context-security/); asUser makes Jira answer for
 * that account, so nothing the browser sends can widen it.
 */
export async function requireJiraAdmin(accountId: string | undefined): Promise<void> {
  if (!accountId) throw new AppError('FORBIDDEN', 'Only a signed-in Jira administrator can use this page');
  await requirePermission('/rest/api/3/mypermissions?permissions=ADMINISTER', 'ADMINISTER', 'Only Jira administrators can use this page');
}

/** The caller may browse the project (asUser): the project page shows nothing to anyone else. */
export async function requireProjectBrowse(accountId: string | undefined, projectKey: string): Promise<void> {
  if (!accountId) throw new AppError('FORBIDDEN', 'Sign in to see this project');
  await requirePermission(
    `/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=${encodeURIComponent(projectKey)}`,
    'BROWSE_PROJECTS',
    `You cannot browse project ${projectKey}`,
  );
}

async function requirePermission(path: string, permission: string, refusal: string): Promise<void> {
  const response = await jiraAsUser(path, { headers: { Accept: 'application/json' } });
  if (response.status === 401 || response.status === 403 || response.status === 404) throw new AppError('FORBIDDEN', refusal);
  if (response.status !== 200) {
    throw new AppError('SOURCE_UNAVAILABLE', `Jira could not check your permissions (HTTP ${response.status}); try again`);
  }
  const parsed = myPermissionsSchema.safeParse(JSON.parse(await response.text()));
  if (!parsed.success || parsed.data.permissions[permission]?.havePermission !== true) throw new AppError('FORBIDDEN', refusal);
}
