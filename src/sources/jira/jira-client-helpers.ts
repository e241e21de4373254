import { AppError } from '../../shared/errors';
import type { JiraClient } from './jira-client';

/**
 * Walks a startAt/maxResults endpoint that answers with a bare array (users/search): stop on a short or empty page,
 * as Jira documents (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-users-search-get).
 */
export async function getAllBareArrayPages(jira: JiraClient, path: string, maxResults: number): Promise<unknown[]> {
  const all: unknown[] = [];
  const separator = path.includes('?') ? '&' : '?';
  for (let startAt = 0; ; startAt += maxResults) {
    const page = await jira.getJson(`${path}${separator}startAt=${startAt}&maxResults=${maxResults}`);
    if (!Array.isArray(page)) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Jira ${path.split('?')[0]} did not return an array`, { system: 'jira', endpoint: path.split('?')[0] });
    }
    all.push(...page);
    if (page.length < maxResults) return all;
  }
}
