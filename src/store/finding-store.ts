/**
 * Where findings live. On Forge: the `finding` custom entity (indexed for the admin list, checks and the issue
 * panel) plus `findingproject` rows (one per project a finding touches, indexed for the project page). In tests: a
 * map. The core only sees this port.
 */
import type { Finding } from '../findings/finding';

export interface FindingStore {
  /** Every stored finding, any status. */
  listAll(): Promise<Finding[]>;
  get(id: string): Promise<Finding | undefined>;
  /**
   * Writes these findings (new or changed) and their project rows. `previous` is what is stored now, by id, when the
   * caller has just listed it: their old project rows are known without a read per finding.
   */
  saveMany(findings: readonly Finding[], previous?: ReadonlyMap<string, Finding>): Promise<void>;
  /** Removes findings stored under ids they no longer have (their history lives on under the new id). */
  deleteMany(ids: readonly string[]): Promise<void>;
}

export function memoryFindingStore(initial: readonly Finding[] = []): FindingStore & { data: Map<string, Finding> } {
  const data = new Map(initial.map((f) => [f.id, f]));
  return {
    data,
    listAll: async () => [...data.values()].map((f) => structuredClone(f)),
    get: async (id) => (data.has(id) ? structuredClone(data.get(id)) : undefined),
    saveMany: async (findings) => {
      for (const f of findings) data.set(f.id, structuredClone(f));
    },
    deleteMany: async (ids) => {
      for (const id of ids) data.delete(id);
    },
  };
}
