/**
 * Where findings live. On Forge: the `finding` custom entity (indexed for the admin list, checks and the issue
 * panel) plus `findingproject` rows (one per project a finding touches, indexed for the project page). In tests: a
 * map. The core only sees this port.
 */
import type { Finding } from '../findings/finding';
import { isPackedJson, packJson, packedJsonBytes, unpackJson, type BrotliJson, type PackedJson } from './packed-json';

/**
 * A finding as the store keeps it (the `details` of a `finding` entity on Forge): its JSON, compressed (Brotli, or
 * gzip as stored before), in base64, or, as stored before compression, the finding itself. Forge bills and meters
 * storage by the bytes of each request, and a finding's chain and evidence spell the same node ids and names again
 * and again: at 140,000 people 19,700 findings were 48 MB as JSON and 18 MB packed with gzip, the most of the build
 * step's quota units on a first sync and on every resync's listing (docs/decisions/0015-compressed-finding-details.md).
 */
export type StoredFindingDetails = Finding | PackedJson;

/** What each finding packed or unpacked here weighs as stored: the meter counts that, not the finding's JSON. */
const storedBytes = new WeakMap<Finding, number>();

export function packFindingDetails(finding: Finding): BrotliJson {
  const packed = packJson(JSON.stringify(finding));
  storedBytes.set(finding, packedJsonBytes(packed));
  return packed;
}

export function unpackFindingDetails(details: StoredFindingDetails): Finding {
  if (!isPacked(details)) return details;
  const finding = unpackJson<Finding>(details);
  storedBytes.set(finding, packedJsonBytes(details));
  return finding;
}

/** A finding has an id and many more keys; packed details have one. */
function isPacked(details: StoredFindingDetails): details is PackedJson {
  return isPackedJson(details);
}

/** The bytes a finding takes as stored: known for those packed or unpacked here, else worked out. */
export function storedFindingBytes(finding: Finding): number {
  return storedBytes.get(finding) ?? packedJsonBytes(packFindingDetails(finding));
}

/**
 * Who writes a finding: the build step of a sync (`sync`), or anything else (`edit`: an admin's triage, the ticket
 * step). The build step keeps a compact state of every finding it leaves (finding-state.ts); what is edited after it
 * is read back by `listEditedSince` and laid over that state, so a resync need not list every finding.
 */
export type FindingWriter = 'sync' | 'edit';

export interface FindingStore {
  /** Every stored finding, any status. */
  listAll(): Promise<Finding[]>;
  /**
   * The findings whose last write was an edit at or after `since` (an ISO time, by the writers' clocks). A finding
   * the build step wrote last is not among them, whenever it was written.
   */
  listEditedSince(since: string): Promise<Finding[]>;
  get(id: string): Promise<Finding | undefined>;
  /**
   * Writes these findings (new or changed) and their project rows, as `writer` (an edit unless said). `previous` is
   * what is stored now, by id, when the caller has just listed it: their old project rows are known without a read
   * per finding.
   */
  saveMany(findings: readonly Finding[], previous?: ReadonlyMap<string, Finding>, writer?: FindingWriter): Promise<void>;
  /** Removes findings stored under ids they no longer have (their history lives on under the new id). */
  deleteMany(ids: readonly string[]): Promise<void>;
}

/** In tests: a map, with each finding's last writer and write time (`now`, by default the clock). */
export function memoryFindingStore(initial: readonly Finding[] = [], now: () => string = () => new Date().toISOString()): FindingStore & { data: Map<string, Finding> } {
  const data = new Map(initial.map((f) => [f.id, f]));
  const written = new Map<string, { writer: FindingWriter; at: string }>();
  return {
    data,
    listAll: async () => [...data.values()].map((f) => structuredClone(f)),
    listEditedSince: async (since) =>
      [...data.values()].filter((f) => {
        const last = written.get(f.id);
        return last?.writer === 'edit' && last.at >= since;
      }).map((f) => structuredClone(f)),
    get: async (id) => (data.has(id) ? structuredClone(data.get(id)) : undefined),
    saveMany: async (findings, _previous, writer = 'edit') => {
      const at = now();
      for (const f of findings) {
        data.set(f.id, structuredClone(f));
        written.set(f.id, { writer, at });
      }
    },
    deleteMany: async (ids) => {
      for (const id of ids) {
        data.delete(id);
        written.delete(id);
      }
    },
  };
}
