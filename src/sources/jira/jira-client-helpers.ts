import { AppError } from '../../shared/errors';
import type { JiraClient } from './jira-client';
import { HOST_CONCURRENCY, mapConcurrent } from '../../shared/concurrency';

/**
 * Reads a startAt/maxResults endpoint that answers with a bare array (users/search): a short or empty page ends it,
 * as Jira documents (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-users-search-get).
 * With no total to go by, pages are asked for in windows that double up to the host's concurrency: a one-page
 * collection costs one request, a long one runs concurrently, and at most a window less one is asked past the end.
 */
export async function getAllBareArrayPages(jira: JiraClient, path: string, maxResults: number): Promise<unknown[]> {
  const all: unknown[] = [];
  const separator = path.includes('?') ? '&' : '?';
  const pageAt = async (startAt: number): Promise<unknown[]> => {
    const page = await jira.getJson(`${path}${separator}startAt=${startAt}&maxResults=${maxResults}`);
    if (!Array.isArray(page)) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Jira ${path.split('?')[0]} did not return an array`, { system: 'jira', endpoint: path.split('?')[0] });
    }
    return page;
  };
  for (let startAt = 0, window = 1; ; window = Math.min(window * 2, HOST_CONCURRENCY)) {
    const starts = Array.from({ length: window }, (_, i) => startAt + i * maxResults);
    const pages = await mapConcurrent(starts, window, pageAt);
    for (const page of pages) {
      all.push(...page);
      if (page.length < maxResults) return all;
    }
    startAt += window * maxResults;
  }
}
