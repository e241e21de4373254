/**
 * One actor can appear as several identities: a marketplace app is an Entra service principal and a Jira app user.
 * When a proven AUTHENTICATES_TO link joins them, reach-based checks judge them together, so one app raises one
 * finding with the whole bridge in its chain. The representative is the member reaching the most sensitive
 * resource (then Entra before Jira, then id), deterministic for the same graph.
 */
import type { AccessGraph } from '../model/graph';
import { SENSITIVITY_RANK, type GraphNode } from '../model/schema';
import { isPrincipal, isProvenEdge, sortedPrincipals, type PrincipalReach } from '../chains/reach';

const SYSTEM_ORDER = ['entra', 'jira', 'powerautomate', 'azuredevops', 'm365', 'people', 'external'];

export interface PrincipalGroup {
  representative: GraphNode;
  members: GraphNode[];
}

export function groupPrincipals(graph: AccessGraph, reach: ReadonlyMap<string, PrincipalReach>): PrincipalGroup[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    const p = parent.get(id) ?? id;
    if (p === id) return id;
    const root = find(p);
    parent.set(id, root);
    return root;
  };
  const principals = sortedPrincipals(graph);
  const indexes = graph.indexesOf(principals);
  for (let i = 0; i < principals.length; i++) {
    const node = principals[i] as GraphNode;
    graph.forEachOutOfKindAt(indexes[i] as number, 'AUTHENTICATES_TO', (other, otherId, basis, evidenced) => {
      if (!other || !isPrincipal(other) || !isProvenEdge({ basis, evidenced })) return;
      const [a, b] = [find(node.id), find(otherId)].sort();
      if (a !== undefined && b !== undefined && a !== b) parent.set(b, a);
    });
  }
  const groups = new Map<string, GraphNode[]>();
  for (const node of principals) {
    // Most principals are joined to none: only those in `parent` need their root looked up.
    const root = parent.size === 0 || !parent.has(node.id) ? node.id : find(node.id);
    const group = groups.get(root);
    if (group) group.push(node);
    else groups.set(root, [node]);
  }
  const maxRank = (node: GraphNode) => {
    let rank = -1;
    for (const r of reach.get(node.id)?.reached ?? []) rank = Math.max(rank, SENSITIVITY_RANK[r.sensitivity]);
    return rank;
  };
  return [...groups.values()]
    .map((members) => {
      if (members.length === 1) return { representative: members[0] as GraphNode, members };
      const sorted = [...members].sort(
        (a, b) => maxRank(b) - maxRank(a) || SYSTEM_ORDER.indexOf(a.system) - SYSTEM_ORDER.indexOf(b.system) || (a.id < b.id ? -1 : 1),
      );
      return { representative: sorted[0] as GraphNode, members: sorted };
    })
    .sort((a, b) => (a.representative.id < b.representative.id ? -1 : 1));
}
