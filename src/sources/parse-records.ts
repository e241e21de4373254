import type { z } from 'zod';

/** A record that failed validation: kept out of the graph, counted and reported, never fatal. */
export interface QuarantinedRecord {
  system: string;
  endpoint: string;
  index: number;
  id?: string;
  issues: string[];
}

export interface ParsedRecords<T> {
  records: T[];
  quarantined: QuarantinedRecord[];
}

/** Fields that name a record, in the order APIs use them: Graph/ADO/Power Platform `id`, Jira `accountId`, `groupId`. */
const KEY_FIELDS = ['id', 'accountId', 'groupId'] as const;

/**
 * What names a record of a collection, so the same object can be matched across syncs (a record that fails
 * validation keeps its last known state): its first id field that holds a string or number.
 */
export function recordKey(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  for (const field of KEY_FIELDS) {
    const value = (record as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/** Parses untrusted API items one by one, so one bad record never costs the rest of the page. */
export function parseRecords<T>(
  items: readonly unknown[],
  schema: z.ZodType<T>,
  where: { system: string; endpoint: string },
): ParsedRecords<T> {
  const records: T[] = [];
  const quarantined: QuarantinedRecord[] = [];
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      records.push(parsed.data);
      return;
    }
    const id = recordKey(item);
    quarantined.push({
      ...where,
      index,
      ...(id !== undefined ? { id } : {}),
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    });
  });
  return { records, quarantined };
}
