/**
 * scope_drift: what a principal can reach grew beyond its baseline — its reach when first seen in a complete sync,
 * moved forward only when an admin acknowledges the change. So a drift stays visible until someone looks at it.
 */
import { reachKey } from '../chains/reach';
import type { Check, CheckContext, CheckResult } from './check';
import { describeNode, joinSomeNames, projectKeysOf } from './graph-queries';

/**
 * Membership in a baseline without a Set per principal: a baseline is stored as sorted unique keys
 * (diff/baselines.ts), so it is searched as it is; one in any other order (written by hand, or by an older version)
 * still gets a Set. On a resync every principal has a baseline, and a Set of each cost more than the check's own work.
 */
function baselineHas(baseline: readonly string[]): (key: string) => boolean {
  for (let i = 1; i < baseline.length; i++) {
    if (!((baseline[i - 1] as string) < (baseline[i] as string))) {
      const set = new Set(baseline);
      return (key) => set.has(key);
    }
  }
  return (key) => {
    let [low, high] = [0, baseline.length - 1];
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = baseline[middle] as string;
      if (at === key) return true;
      if (at < key) low = middle + 1;
      else high = middle - 1;
    }
    return false;
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
    if (lastName !== undefined && key.length > lastId.length && key.charCodeAt(lastId.length) === 35 && key.startsWith(lastId)) continue;
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
      const known = baselineHas(baseline);
      const added = reach.reached.filter((r) => !known(reachKey(r)));
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
