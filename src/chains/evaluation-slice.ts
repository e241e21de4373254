/**
 * The people evaluation can do without: a person, or a person's own account, whose only ties are memberships (a Jira
 * account in groups and project roles, a person who owns nothing). Principals are never people (isPrincipal), a walk
 * enters a person's account only through a credential (walkEdges), and no check reads who holds a role, so such
 * people change no reach and no finding (decision 0013, "What evaluation needs of the graph"; pinned by the
 * metamorphic suite's "people who only hold access"). At 140,000 people they are most of the graph's nodes and of
 * its edges (their memberships). Who holds a role is still the access review's business: it takes its holder
 * counts before they go (read-models.ts accessReviewHolders).
 */
import type { AccessGraph } from '../model/graph';
import type { EdgeKind, GraphNode } from '../model/schema';

const MEMBERSHIP: ReadonlySet<EdgeKind> = new Set(['HAS_ROLE', 'MEMBER_OF']);

function isPerson(node: GraphNode | undefined): boolean {
  return node !== undefined && (node.kind === 'owner' || (node.kind === 'identity' && (node.props as GraphNode<'identity'>['props']).human === true));
}

/**
 * Indexes of the people tied to nothing but by membership. A person stays when any other edge (in either direction)
 * ties them to something that is not a person, or to a person who stays: an owner, a rule's actor, a credential's
 * holder, and the accounts and person joined to them.
 */
export function peopleOnlyHoldingAccess(graph: AccessGraph): number[] {
  const count = graph.idCount;
  const person = new Uint8Array(count);
  const kept = new Uint8Array(count);
  const queue: number[] = [];
  for (let index = 0; index < count; index++) if (isPerson(graph.nodeAt(index))) person[index] = 1;
  const keep = (index: number) => {
    if (person[index] !== 1 || kept[index] === 1) return;
    kept[index] = 1;
    queue.push(index);
  };
  for (let index = 0; index < count; index++) {
    if (person[index] !== 1) continue;
    const tie = (kind: EdgeKind, other: number) => {
      if (!MEMBERSHIP.has(kind) && person[other] !== 1 && graph.nodeAt(other) !== undefined) keep(index);
    };
    graph.forEachOutAt(index, (kind, to) => tie(kind, to));
    graph.forEachInAt(index, tie);
  }
  // The people joined to a person who stays (an owner's accounts, an account's owner) stay with them.
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const join = (kind: EdgeKind, other: number) => {
      if (!MEMBERSHIP.has(kind)) keep(other);
    };
    graph.forEachOutAt(next, (kind, to) => join(kind, to));
    graph.forEachInAt(next, join);
  }
  const dropped: number[] = [];
  for (let index = 0; index < count; index++) if (person[index] === 1 && kept[index] !== 1) dropped.push(index);
  return dropped;
}
