/**
 * What changed since the last complete snapshot, per node. A partial snapshot never reports removals (a source that
 * was not read is not a source that lost everything). Each collection is first guarded against itself when it is
 * read (sync/collection-guard.ts); as a second line, a graph system that still lost most of its nodes trips this
 * breaker: findings resting on that system are held, and said so.
 */
import { hash } from 'node:crypto';
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';

/**
 * What the diff reads of a node: its id, its system (the breaker counts losses per system) and a hash of the whole
 * node. Nothing more is stored: at 140,000 people the snapshot is 400,000 digests, read back by every resync, and a
 * node's name (a person's, often) would only be a copy of what the sync's datasets hold. Snapshots stored by an
 * older version also carry kind and name, which nothing reads.
 */
export interface NodeDigest {
  id: string;
  system: string;
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

export function digestOf(n: GraphNode): NodeDigest {
  return { id: n.id, system: n.system, hash: hash('sha256', JSON.stringify(n), 'hex').slice(0, 16) };
}

/** Every node's digest, in id order. */
export function digestGraph(graph: AccessGraph): NodeDigest[] {
  return graph.sortedNodes().map(digestOf);
}

export function diffSnapshots(previous: readonly NodeDigest[] | undefined, current: readonly NodeDigest[], complete: boolean): SnapshotDiff {
  const differ = new SnapshotDiffer(previous, byIdOrder(current));
  for (const digest of current) differ.next(digest);
  return differ.finish(complete);
}

/**
 * diffSnapshots one digest at a time, for a caller that writes each digest as it makes it (the build step streams
 * them into the snapshot's dataset): at 140,000 people the 400,000 digests of this sync need never be held at once.
 * Digests come in id order (`currentInIdOrder`, as digestGraph makes them); the previous snapshot, when it is in
 * id order too, is walked alongside them once. An older snapshot in another order is matched by Maps, for which the
 * current digests are kept until finish().
 */
export class SnapshotDiffer {
  private readonly changes: Changes = { added: [], changed: [], removed: [] };
  private readonly merging: boolean;
  private kept: NodeDigest[] = [];
  private at = 0;
  private finished = false;
  /** The last snapshot's digests until finish(), which lets go of them (and of the kept ones): see finish(). */
  private previous: readonly NodeDigest[] | undefined;

  constructor(previous: readonly NodeDigest[] | undefined, currentInIdOrder = true) {
    this.previous = previous;
    this.merging = previous !== undefined && currentInIdOrder && byIdOrder(previous);
  }

  next(now: NodeDigest): void {
    if (this.finished) throw new Error('SnapshotDiffer: a digest came after the diff was made');
    const previous = this.previous;
    if (!previous) {
      this.changes.added.push(now.id);
      return;
    }
    if (!this.merging) {
      this.kept.push(now);
      return;
    }
    // As mergeDiff: previous digests before this id were removed; one with this id was kept or changed.
    let before = previous[this.at];
    while (before !== undefined && ascending(before.id, now.id)) {
      this.changes.removed.push(before);
      before = previous[++this.at];
    }
    if (before !== undefined && before.id === now.id) {
      if (before.hash !== now.hash) this.changes.changed.push(now.id);
      this.at++;
    } else {
      this.changes.added.push(now.id);
    }
  }

  /**
   * The diff. The differ holds no digest after it: a caller that gave it the last snapshot's digests alone (at
   * 140,000 people 400,000 of them, about 80 MB) has them garbage from here on.
   */
  finish(complete: boolean): SnapshotDiff {
    const previous = this.previous;
    const kept = this.kept;
    this.previous = undefined;
    this.kept = [];
    this.finished = true;
    if (!previous) return { added: this.changes.added, removed: [], changed: [], removalsReported: false, breaker: { tripped: false } };
    let changes = this.changes;
    if (this.merging) for (; this.at < previous.length; this.at++) changes.removed.push(previous[this.at] as NodeDigest);
    else changes = mapDiff(previous, kept);
    const breaker = checkBreaker(previous, changes.removed);
    const removalsReported = complete && !breaker.tripped;
    return { added: changes.added, changed: changes.changed, removed: removalsReported ? changes.removed.map((n) => n.id) : [], removalsReported, breaker };
  }
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
