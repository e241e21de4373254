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
    const id = typeof item === 'object' && item !== null && 'id' in item ? String((item as { id: unknown }).id) : undefined;
    quarantined.push({
      ...where,
      index,
      id,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    });
  });
  return { records, quarantined };
}
