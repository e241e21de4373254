/**
 * When a step that re-reads only what an audit log says changed may do so. The step's cursor is a ReadMark: when
 * everything was last read, and when its dataset was last brought up to date. The incremental path needs the last
 * sync's dataset and mark, this sync's audit records, and a full read no older than FULL_READ_EVERY_DAYS: a bound
 * on what a change the log never recorded can hide.
 */
/** Even with a complete audit log, everything is read again this often: a bound on what an unlogged change can hide. */
export const FULL_READ_EVERY_DAYS = 7;
/** Kept as the step's cursor: when everything was last read, and when this dataset was last brought up to date. */
export interface ReadMark {
  fullAt: string;
  readAt: string;
}

export function parseReadMark(cursor: string | undefined): ReadMark | undefined {
  if (!cursor) return undefined;
  try {
    const mark = JSON.parse(cursor) as Partial<ReadMark>;
    return typeof mark.fullAt === 'string' && typeof mark.readAt === 'string' ? { fullAt: mark.fullAt, readAt: mark.readAt } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether this sync may read incrementally: the last sync's dataset and mark exist, this sync's audit records were
 * read, and the last full read is recent enough. Returns the mark's fullAt to carry on, or undefined for a full read.
 */
export function incrementalBase(mark: ReadMark | undefined, previous: readonly unknown[] | undefined, audit: readonly unknown[] | undefined, observedAt: string): ReadMark | undefined {
  if (!mark || !previous || !audit) return undefined;
  return withinFullReadBound(mark, observedAt) ? mark : undefined;
}

/** Whether the last full read is recent enough (under FULL_READ_EVERY_DAYS, and not in the future) to read less now. */
export function withinFullReadBound(mark: ReadMark | undefined, observedAt: string): mark is ReadMark {
  if (!mark) return false;
  const age = Date.parse(observedAt) - Date.parse(mark.fullAt);
  return age >= 0 && age < FULL_READ_EVERY_DAYS * 86_400_000;
}
