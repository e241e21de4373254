/**
 * Every pager ends. A collection walk stops with an error (the step is then partial, never "complete with what it
 * had") when the API hands back a link or token it already followed, a page that is not the one asked for, or more
 * pages than any real collection has. Pages past the reported total are never asked for.
 */
import { AppError } from './errors';

/**
 * Pages one collection walk may take. The largest real collections (a 140,000-member Jira group at 50 a page, Entra
 * users at 999) are a few thousand pages; anything near this is an API that never says "last".
 */
export const MAX_PAGES = 20_000;

export interface PageWalkContext {
  system: string;
  endpoint: string;
  tenantId?: string;
}

export class PageWalk {
  private readonly followed = new Set<string>();
  private pages = 0;

  constructor(
    private readonly where: PageWalkContext,
    private readonly maxPages: number = MAX_PAGES,
  ) {}

  private stop(why: string): never {
    const { system, endpoint, tenantId } = this.where;
    throw new AppError('SOURCE_BAD_RESPONSE', `${endpoint} ${why}; the collection was not read completely`, { system, endpoint, ...(tenantId ? { tenantId } : {}), paging: true });
  }

  /** Counts one more page; stops the walk past the cap. */
  page(): void {
    this.pages++;
    if (this.pages > this.maxPages) this.stop(`went on for more than ${this.maxPages} pages`);
  }

  /** Notes a next link or continuation token about to be followed; stops the walk if it was followed before. */
  follow(link: string): string {
    if (this.followed.has(link)) this.stop('returned a next link it had already given');
    this.followed.add(link);
    return link;
  }

  /** A page whose offset is not the one asked for (the API ignored the paging parameter). */
  expectOffset(asked: number, answered: number | undefined): void {
    if (answered !== undefined && answered !== asked) this.stop(`answered offset ${answered} when asked for ${asked}`);
  }
}

/**
 * The pages after a first one of an offset-paged collection that reports its total (Jira PageBean, audit records):
 * asked for `concurrency` at a time, in order, until the total; a page that comes back empty ends the walk there
 * (a total can overstate), so a reported total of a billion costs one round of requests, not a billion. Results are
 * in offset order, ending before the first empty page.
 */
export async function readOffsetPages<P>(
  walk: PageWalk,
  first: { start: number; size: number; total: number },
  concurrency: number,
  fetchAt: (offset: number) => Promise<P>,
  sizeOf: (page: P) => number,
): Promise<P[]> {
  const { start, size, total } = first;
  if (size <= 0 || start + size >= total) return [];
  const count = Math.ceil((total - start - size) / size);
  const results: Array<P | undefined> = [];
  let next = 0;
  let end = Number.POSITIVE_INFINITY;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < count && next < end) {
      const index = next++;
      try {
        walk.page();
        const page = await fetchAt(start + (index + 1) * size);
        results[index] = page;
        if (sizeOf(page) === 0) end = Math.min(end, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  if (failure) throw failure.error;
  return results.slice(0, Math.min(count, end)).filter((p): p is P => p !== undefined);
}
