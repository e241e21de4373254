import { AppError } from '../../shared/errors';
import type { JiraClient } from './jira-client';
import { HOST_CONCURRENCY, mapConcurrent } from '../../shared/concurrency';
import { PageWalk } from '../../shared/paging';

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
  const walk = new PageWalk({ system: 'jira', endpoint: `Jira ${path.split('?')[0] ?? path}` });
  // An API that ignores startAt answers the same page again: the first item of each page must be new.
  const firstItems = new Set<string>();
  for (let startAt = 0, window = 1; ; window = Math.min(window * 2, HOST_CONCURRENCY)) {
    const starts = Array.from({ length: window }, (_, i) => startAt + i * maxResults);
    for (let i = 0; i < window; i++) walk.page();
    const pages = await mapConcurrent(starts, window, pageAt);
    for (const page of pages) {
      if (page.length > 0) {
        const firstItem = JSON.stringify(page[0]);
        if (firstItems.has(firstItem)) throw new AppError('SOURCE_BAD_RESPONSE', `Jira ${path.split('?')[0] ?? path} answered the same page twice (it ignored startAt); the collection was not read completely`, { system: 'jira', paging: true });
        firstItems.add(firstItem);
      }
      all.push(...page);
      if (page.length < maxResults) return all;
    }
    startAt += window * maxResults;
  }
}
