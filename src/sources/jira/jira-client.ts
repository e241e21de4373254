/**
 * Jira REST access for the extractors: JSON GETs with Jira's retry rules and error classification, and the
 * PageBean pager (startAt / maxResults / isLast) used by project/search, group/bulk and group/member.
 * Rate limits: https://developer.atlassian.com/cloud/jira/platform/rate-limiting/ (429 with Retry-After).
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { ProductRequest, Sleep } from '../../shared/http';
import { sendWithRetry } from '../../shared/retry';
import { HOST_CONCURRENCY } from '../../shared/concurrency';
import { MAX_PAGES, PageWalk, readOffsetPages } from '../../shared/paging';

const pageBeanSchema = z.looseObject({
  startAt: z.number().optional(),
  maxResults: z.number().optional(),
  total: z.number().optional(),
  isLast: z.boolean().optional(),
  values: z.array(z.unknown()),
});

/**
 * The offsets of the pages after a first page of `stride` items at `start`, up to `total`: to ask for them at once.
 * A total that would take more than MAX_PAGES pages is not believed: the walk stops and the collection is partial.
 */
export function remainingOffsets(start: number, stride: number, total: number, endpoint = 'Jira collection'): number[] {
  if (stride > 0 && (total - start) / stride > MAX_PAGES) {
    throw new AppError('SOURCE_BAD_RESPONSE', `${endpoint} reported ${total} items, more than ${MAX_PAGES} pages of ${stride}; the collection was not read completely`, { system: 'jira', endpoint, paging: true });
  }
  const offsets: number[] = [];
  for (let offset = start + stride; stride > 0 && offset < total; offset += stride) offsets.push(offset);
  return offsets;
}

export class JiraClient {
  constructor(
    private readonly request: ProductRequest,
    private readonly sleep: Sleep,
  ) {}

  async getJson(path: string): Promise<unknown> {
    const endpoint = path.split('?')[0];
    let response;
    try {
      response = await sendWithRetry(() => this.request(path, { headers: { Accept: 'application/json' } }), this.sleep);
    } catch (cause) {
      throw new AppError('SOURCE_UNAVAILABLE', `Jira did not answer ${endpoint} (the connection kept dropping)`, { system: 'jira', endpoint }, { cause });
    }
    const body = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new AppError(
        'SOURCE_UNAUTHORIZED',
        `Jira refused ${endpoint} (HTTP ${response.status}); check the app's scopes and that it is installed on this site`,
        { system: 'jira', endpoint, status: response.status },
      );
    }
    if (response.status === 404) {
      throw new AppError('NOT_FOUND', `Jira has no ${endpoint}`, { system: 'jira', endpoint, status: 404 });
    }
    if (response.status === 429) {
      throw new AppError('SOURCE_THROTTLED', `Jira kept rate-limiting ${endpoint}; the sync will resume later`, {
        system: 'jira',
        endpoint,
      });
    }
    if (response.status >= 400) {
      throw new AppError('SOURCE_UNAVAILABLE', `Jira answered HTTP ${response.status} for ${endpoint}`, {
        system: 'jira',
        endpoint,
        status: response.status,
      });
    }
    try {
      return JSON.parse(body) as unknown;
    } catch (cause) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Jira returned a body that is not JSON for ${endpoint}`, { system: 'jira', endpoint }, { cause });
    }
  }

  /** One page of a PageBean collection. `path` may carry its own query; paging parameters are appended. */
  async getPageBean(path: string, startAt: number, maxResults: number): Promise<{ values: unknown[]; startAt?: number; total?: number; isLast?: boolean }> {
    const separator = path.includes('?') ? '&' : '?';
    const page = pageBeanSchema.safeParse(await this.getJson(`${path}${separator}startAt=${startAt}&maxResults=${maxResults}`));
    if (!page.success) {
      throw new AppError('SOURCE_BAD_RESPONSE', `Jira ${path.split('?')[0]} did not return a page of values`, {
        system: 'jira',
        endpoint: path.split('?')[0],
      });
    }
    return page.data;
  }

  /**
   * Every item of a PageBean collection. Once the first page gives `total`, the other pages are asked for
   * concurrently by offset (the host gate bounds how many are in flight) until the total or the first empty page;
   * without a total, page after page. A page at another offset than asked, or a walk past MAX_PAGES, stops it.
   */
  async getAllPageBeanValues(path: string, maxResults: number, startAt = 0): Promise<unknown[]> {
    const walk = new PageWalk({ system: 'jira', endpoint: `Jira ${path.split('?')[0] ?? path}` });
    walk.page();
    const first = await this.getPageBean(path, startAt, maxResults);
    walk.expectOffset(startAt, first.startAt);
    const values: unknown[] = [...first.values];
    // isLast is authoritative when present; an empty page ends the walk either way.
    if (first.isLast === true || first.values.length === 0) return values;
    if (first.total !== undefined) {
      const pages = await readOffsetPages(walk, { start: startAt, size: first.values.length, total: first.total }, HOST_CONCURRENCY, async (offset) => {
        const page = await this.getPageBean(path, offset, maxResults);
        walk.expectOffset(offset, page.startAt);
        return page;
      }, (page) => page.values.length);
      for (const page of pages) values.push(...page.values);
      return values;
    }
    for (let next = startAt + first.values.length; ; ) {
      walk.page();
      const page = await this.getPageBean(path, next, maxResults);
      walk.expectOffset(next, page.startAt);
      values.push(...page.values);
      if (page.isLast === true || page.values.length === 0) return values;
      next += page.values.length;
    }
  }
}
