/**
 * scope_drift: what a principal can reach grew beyond its baseline — its reach when first seen in a complete sync,
 * moved forward only when an admin acknowledges the change. So a drift stays visible until someone looks at it.
 */
import { reachKey, type ReachedResource } from '../chains/reach';
import type { Check, CheckContext, CheckResult } from './check';
import { describeNode, joinSomeNames, projectKeysOf } from './graph-queries';

/**
 * Whether a stored baseline is in key order (strictly: each key once), as diff/baselines.ts writes it. One in any
 * other order (written by hand, or by an older version) is searched through a Set.
 */
function inKeyOrder(baseline: readonly string[]): boolean {
  for (let i = 1; i < baseline.length; i++) if (!((baseline[i - 1] as string) < (baseline[i] as string))) return false;
  return true;
}

/**
 * A stored key compared with a reached thing's key (reachKey: `resource`, or `resource#member`) as strings compare,
 * without building the reached key: a principal holding a mailbox scope reaches thousands of members.
 */
function compareStored(stored: string, item: ReachedResource): number {
  const { resourceId, memberId } = item;
  // Equality first: most stored keys are held still, and `===` on two equal ids is a memory compare where `<` and
  // `>` each walk them code unit by code unit.
  if (memberId === undefined) return stored === resourceId ? 0 : stored < resourceId ? -1 : 1;
  // Not starting with the resource's id, the stored key differs from the member's key where it differs from the id.
  if (!stored.startsWith(resourceId)) return stored < resourceId ? -1 : 1;
  const at = resourceId.length;
  if (stored.length === at) return -1;
  const next = stored.charCodeAt(at);
  if (next !== HASH) return next < HASH ? -1 : 1;
  // `resource#...`: the rest against the member's id, code unit by code unit as `<` compares strings.
  const rest = stored.length - at - 1;
  const common = Math.min(rest, memberId.length);
  for (let i = 0; i < common; i++) {
    const d = stored.charCodeAt(at + 1 + i) - memberId.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return rest < memberId.length ? -1 : rest > memberId.length ? 1 : 0;
}

/** `#`, between a resource's id and its member's in a reach key. */
const HASH = 35;

/** Whether two reached things are in key order (reachKey), building keys only across two resources with a member. */
function inOrder(a: ReachedResource, b: ReachedResource): boolean {
  if (a.resourceId === b.resourceId) return a.memberId === undefined || (b.memberId !== undefined && a.memberId <= b.memberId);
  if (a.memberId === undefined && b.memberId === undefined) return a.resourceId < b.resourceId;
  return reachKey(a) <= reachKey(b);
}

/**
 * What a principal reaches beyond its baseline, in reach order. Reach lists resources in id order with each one's
 * members after it, which is mostly key order: both lists are then walked once side by side. A principal reaching
 * 6,000 projects was 6,000 binary searches of long ids with a common prefix, on every resync. Out of order (a member
 * list not sorted, an id that sorts before `#`), each key is searched for instead.
 */
function addedSince(baseline: readonly string[], reached: readonly ReachedResource[], sorted: boolean): ReachedResource[] {
  if (sorted) {
    const added: ReachedResource[] = [];
    let stored = 0;
    let ordered = true;
    for (let i = 0; i < reached.length && ordered; i++) {
      const item = reached[i] as ReachedResource;
      if (i > 0 && !inOrder(reached[i - 1] as ReachedResource, item)) ordered = false;
      let order = 1;
      while (stored < baseline.length && (order = compareStored(baseline[stored] as string, item)) < 0) stored++;
      if (order !== 0) added.push(item);
    }
    if (ordered) return added;
  }
  const known = sorted ? searchSorted(baseline) : new Set(baseline);
  return reached.filter((r) => !known.has(reachKey(r)));
}

/** A sorted baseline searched as it is, without a Set of it. */
function searchSorted(baseline: readonly string[]): { has(key: string): boolean } {
  return {
    has(key) {
      let [low, high] = [0, baseline.length - 1];
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const at = baseline[middle] as string;
        if (at === key) return true;
        if (at < key) low = middle + 1;
        else high = middle - 1;
      }
      return false;
    },
  };
}

/**
 * The names of what a baseline holds, each once, in the baseline's order: a resource by its node's name, a member
 * (`resource#member`) by its resource's, a key whose node is gone by the key. A member key follows its resource's in
 * a stored baseline, so it is passed over without slicing it or adding its resource's name again (thousands of
 * members for a mailbox scope). `nameOf` is shared by every principal of a run: drifted principals mostly share their
 * resources, and a small Map of those is cheaper to ask than the graph's index of every id.
 */
function baselineNames(baseline: readonly string[], nameOf: (id: string) => string | undefined): string[] {
  const names = new Set<string>();
  let lastId = '';
  let lastName: string | undefined;
  for (const key of baseline) {
    // A member of the resource just named: `${lastId}#...`.
    if (lastName !== undefined && key.length > lastId.length && key.charCodeAt(lastId.length) === HASH && key.startsWith(lastId)) continue;
    const hash = key.indexOf('#');
    const id = hash < 0 ? key : key.slice(0, hash);
    if (id !== lastId) [lastId, lastName] = [id, nameOf(id)];
    names.add(lastName ?? key);
  }
  return [...names];
}

/** A node's name by id, each id asked of the graph once per run. */
function namesFrom(graph: CheckContext['graph']): (id: string) => string | undefined {
  const known = new Map<string, string | undefined>();
  return (id) => {
    if (known.has(id)) return known.get(id);
    const name = graph.node(id)?.name;
    known.set(id, name);
    return name;
  };
}

export const scopeDrift: Check = {
  metadata: {
    id: 'scope_drift',
    title: 'A non-human identity reaches more than it used to',
    severity: 'HIGH',
    description: 'Since its baseline, this automation or integration gained reach to new resources, usually because the account it runs as was given more access.',
    risk: 'Access granted to a person silently flows into every automation that runs as them; data can start leaving through a path that was reviewed when it reached less.',
    remediation: [
      'Check why the new access was granted and whether the automation needs it.',
      'If not, run the automation as a dedicated account with only the projects it needs.',
      'If it does, acknowledge the finding: the new reach becomes the baseline.',
    ],
    references: [],
  },
  evaluate(context) {
    const results: CheckResult[] = [];
    const nameOf = namesFrom(context.graph);
    for (const [principalId, reach] of [...context.reach].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const baseline = context.baselines.reachOf(principalId);
      if (!baseline) continue;
      const added = addedSince(baseline, reach.reached, inKeyOrder(baseline));
      if (added.length === 0) continue;
      const node = context.graph.node(principalId);
      if (!node) continue;
      const before = baselineNames(baseline, nameOf);
      results.push({
        outcome: 'fail',
        subjectId: principalId,
        identityFields: [],
        summary: `${describeNode(node)} now also reaches ${joinSomeNames(added.map((a) => `${a.name} (${a.sensitivity})`))}, beyond its baseline of ${before.length > 0 ? joinSomeNames(before) : 'nothing'}.`,
        chain: (added[0] as { chain: string[] }).chain,
        evidence: added.map((a) => ({ class: 'structural_authority' as const, text: `Added since baseline: ${a.name}`, nodeIds: a.chain })),
        projectKeys: projectKeysOf(context.graph, added.flatMap((a) => a.chain)),
      });
    }
    return results;
  },
};
