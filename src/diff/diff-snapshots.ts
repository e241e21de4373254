/**
 * What changed since the last complete snapshot, per node. A partial snapshot never reports removals (a source that
 * was not read is not a source that lost everything). Each collection is first guarded against itself when it is
 * read (sync/collection-guard.ts); as a second line, a graph system that still lost most of its nodes trips this
 * breaker: findings resting on that system are held, and said so.
 */
import { hash } from 'node:crypto';
import type { AccessGraph } from '../model/graph';

export interface NodeDigest {
  id: string;
  kind: string;
  system: string;
  name: string;
  hash: string;
}

export interface SnapshotDiff {
  added: string[];
  removed: string[];
  changed: string[];
  /** Removals are reported only when the snapshot is complete and the breaker held. */
  removalsReported: boolean;
  /** `systems`: the graph systems that lost too much; findings resting on them are held (not resolved). */
  breaker: { tripped: boolean; reason?: string; systems?: string[] };
}

/** A system losing more than this share of its nodes at once (with at least BREAKER_MIN_NODES before) trips the breaker. */
export const BREAKER_SHARE = 0.5;
export const BREAKER_MIN_NODES = 20;

export function digestGraph(graph: AccessGraph): NodeDigest[] {
  return graph
    .sortedNodes()
    .map((n) => ({ id: n.id, kind: n.kind, system: n.system, name: n.name, hash: hash('sha256', JSON.stringify(n), 'hex').slice(0, 16) }));
}

export function diffSnapshots(previous: readonly NodeDigest[] | undefined, current: readonly NodeDigest[], complete: boolean): SnapshotDiff {
  if (!previous) return { added: current.map((n) => n.id), removed: [], changed: [], removalsReported: false, breaker: { tripped: false } };
  const { added, changed, removed } = byIdOrder(previous) && byIdOrder(current) ? mergeDiff(previous, current) : mapDiff(previous, current);
  const breaker = checkBreaker(previous, removed);
  const removalsReported = complete && !breaker.tripped;
  return { added, changed, removed: removalsReported ? removed.map((n) => n.id) : [], removalsReported, breaker };
}

const ascending = (a: string, b: string) => a < b;

/** Whether digests are in strictly ascending id order, as digestGraph writes them (an older snapshot may not be). */
function byIdOrder(digests: readonly NodeDigest[]): boolean {
  for (let i = 1; i < digests.length; i++) if (!ascending((digests[i - 1] as NodeDigest).id, (digests[i] as NodeDigest).id)) return false;
  return true;
}

interface Changes {
  added: string[];
  changed: string[];
  removed: NodeDigest[];
}

/**
 * Both lists in id order: one pass over each, no Map of either (at 140,000 people two Maps of 400,000 digests were
 * some 50 MB of the build step's peak). Same lists, in the same orders, as mapDiff.
 */
function mergeDiff(previous: readonly NodeDigest[], current: readonly NodeDigest[]): Changes {
  const changes: Changes = { added: [], changed: [], removed: [] };
  let i = 0;
  let j = 0;
  while (i < previous.length || j < current.length) {
    const before = previous[i];
    const now = current[j];
    if (now === undefined || (before !== undefined && ascending(before.id, now.id))) {
      changes.removed.push(before as NodeDigest);
      i++;
    } else if (before === undefined || ascending(now.id, before.id)) {
      changes.added.push(now.id);
      j++;
    } else {
      if (before.hash !== now.hash) changes.changed.push(now.id);
      i++;
      j++;
    }
  }
  return changes;
}

function mapDiff(previous: readonly NodeDigest[], current: readonly NodeDigest[]): Changes {
  const before = new Map(previous.map((n) => [n.id, n]));
  const now = new Map(current.map((n) => [n.id, n]));
  return {
    added: current.filter((n) => !before.has(n.id)).map((n) => n.id),
    changed: current.filter((n) => before.has(n.id) && before.get(n.id)?.hash !== n.hash).map((n) => n.id),
    removed: previous.filter((n) => !now.has(n.id)),
  };
}

function checkBreaker(previous: readonly NodeDigest[], removed: readonly NodeDigest[]): SnapshotDiff['breaker'] {
  const totals = new Map<string, number>();
  for (const n of previous) totals.set(n.system, (totals.get(n.system) ?? 0) + 1);
  const losses = new Map<string, number>();
  for (const n of removed) losses.set(n.system, (losses.get(n.system) ?? 0) + 1);
  const tripped: Array<{ system: string; lost: number; total: number }> = [];
  for (const [system, lost] of [...losses].sort()) {
    const total = totals.get(system) ?? 0;
    if (total >= BREAKER_MIN_NODES && lost / total > BREAKER_SHARE) tripped.push({ system, lost, total });
  }
  if (tripped.length === 0) return { tripped: false };
  const reason = tripped.map((t) => `${t.system} lost ${t.lost} of ${t.total} objects`).join('; ');
  return { tripped: true, reason: `${reason} since the last complete sync; removals are held until a sync confirms them`, systems: tripped.map((t) => t.system) };
}
