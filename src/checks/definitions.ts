/**
 * The definitions every check shares (../shared design.md, "Definitions the checks share"), each written once here
 * or in src/model/definitions.ts (what the sources need too: privileged directory roles, never-expiring dates, how
 * a recorded setting names a grant). A check asks these, never its own variant, so no two checks disagree about
 * the same subject:
 * - owner and departed: ownersOf, ownerState (a service principal owner never departs; a group while it has an
 *   active member; a person by any system's word, src/correlate joins them);
 * - ownership subjects: ownershipSubjects (principals but the platforms' own actors, and standing credentials a
 *   person owns such as PATs);
 * - execution evidence: lastEvidence (matching the authority: delegated use is not an app permission in use);
 * - sensitive: SENSITIVE.
 * Pure.
 */
import { sortedPrincipals } from '../chains/reach';
import type { AccessGraph } from '../model/graph';
import type { GraphNode, Sensitivity } from '../model/schema';
import { props } from './graph-queries';

export function ownersOf(graph: AccessGraph, nodeId: string): Array<GraphNode<'owner'>> {
  const index = graph.indexOfId(nodeId);
  return index === undefined ? [] : ownersAt(graph, index);
}

/** ownersOf by the node's index (AccessGraph.indexesOf): asked for every subject of the tenant, by three checks. */
function ownersAt(graph: AccessGraph, index: number): Array<GraphNode<'owner'>> {
  const owners: Array<GraphNode<'owner'>> = [];
  graph.forEachOutOfKindAt(index, 'OWNED_BY', (owner) => {
    if (owner?.kind === 'owner') owners.push(owner as GraphNode<'owner'>);
  });
  return owners.length > 1 ? owners.sort((a, b) => (a.id < b.id ? -1 : 1)) : owners;
}

/** An owner is gone when its person departed, or it is a group with no active member left. */
export function ownerState(owner: GraphNode<'owner'>): 'active' | 'departed' | 'unknown' {
  const p = owner.props;
  if (p.subtype === 'group') return p.activeMembers === undefined ? 'unknown' : p.activeMembers > 0 ? 'active' : 'departed';
  if (p.departed === true) return 'departed';
  if (p.departed === false) return 'active';
  return 'unknown';
}

/**
 * The newest execution evidence on a node (directly, or on a workload that runs as it). With `authority`
 * 'application', activity on a user's behalf does not count: it shows delegated use, not the node's own
 * permissions in use (design.md, "Evidence must match the authority").
 */
export function lastEvidence(graph: AccessGraph, nodeId: string, authority?: 'application'): { at: string; source: string; evidenceId: string } | undefined {
  const targets = [nodeId];
  graph.forEachIn(nodeId, 'RUNS_AS', (_workload, workloadId) => targets.push(workloadId));
  let best: { at: string; source: string; evidenceId: string } | undefined;
  for (const target of targets) {
    graph.forEachIn(target, 'EVIDENCES', (evidence) => {
      if (evidence?.kind !== 'execution_evidence') return;
      const p = props(evidence, 'execution_evidence');
      if (authority === 'application' && p.authority === 'delegated') return;
      if (!best || Date.parse(p.lastAt) > Date.parse(best.at)) best = { at: p.lastAt, source: p.source, evidenceId: evidence.id };
    });
  }
  return best;
}

/**
 * What ownership is judged for: every principal (workloads and non-human identities), and every credential that
 * stands on its own with an owner of its own (a personal access token belongs to its user, and keeps working for
 * whoever holds it after that user leaves) while it can still be used (not past its expiry). In id order.
 */
export function ownershipSubjects(graph: AccessGraph, observedAt: string): GraphNode[] {
  return ownedSubjects(graph, observedAt).map((subject) => subject.node);
}

export interface OwnedSubject {
  node: GraphNode;
  owners: Array<GraphNode<'owner'>>;
}

/** ownershipSubjects with each subject's owners (ownersOf), read once: a credential's owners decide whether it is one. */
export function ownedSubjects(graph: AccessGraph, observedAt: string): OwnedSubject[] {
  const at = Date.parse(observedAt);
  const credentials: OwnedSubject[] = [];
  const all = graph.sortedNodesOfKind('credential');
  const credentialIndexes = graph.indexesOf(all);
  for (let i = 0; i < all.length; i++) {
    const node = all[i] as GraphNode<'credential'>;
    const expiresAt = node.props.expiresAt;
    if (expiresAt && Date.parse(expiresAt) < at) continue;
    const owners = ownersAt(graph, credentialIndexes[i] as number);
    if (owners.length > 0) credentials.push({ node, owners });
  }
  // Principals and credentials are each in id order: merged, not sorted again (sorting every identity, people
  // included, cost more than the ownership checks themselves at 140,000 people).
  const subjects: OwnedSubject[] = [];
  let c = 0;
  const principals = sortedPrincipals(graph);
  const principalIndexes = graph.indexesOf(principals);
  for (let i = 0; i < principals.length; i++) {
    const principal = principals[i] as GraphNode;
    // Atlassian's own actors (the automation account) are the platform's, like Microsoft's first-party apps (which
    // isPrincipal already leaves out): nobody in the organisation can own them.
    if (principal.kind === 'identity' && props(principal, 'identity').origin === 'atlassian') continue;
    while (c < credentials.length && (credentials[c] as OwnedSubject).node.id < principal.id) subjects.push(credentials[c++] as OwnedSubject);
    subjects.push({ node: principal, owners: ownersAt(graph, principalIndexes[i] as number) });
  }
  while (c < credentials.length) subjects.push(credentials[c++] as OwnedSubject);
  return subjects;
}

export const SENSITIVE: ReadonlySet<Sensitivity> = new Set(['restricted', 'confidential']);

