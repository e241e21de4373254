/** Small reads over the graph that several checks share. Pure. */
import type { AccessGraph } from '../model/graph';
import type { GraphNode, Sensitivity } from '../model/schema';

export function props<K extends GraphNode['kind']>(node: GraphNode, _kind: K): GraphNode<K>['props'] {
  return node.props as GraphNode<K>['props'];
}

export function ownersOf(graph: AccessGraph, nodeId: string): Array<GraphNode<'owner'>> {
  return graph
    .out(nodeId, 'OWNED_BY')
    .map((e) => graph.node(e.to))
    .filter((n): n is GraphNode<'owner'> => n?.kind === 'owner')
    .sort((a, b) => (a.id < b.id ? -1 : 1));
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
  const targets = [nodeId, ...graph.in(nodeId, 'RUNS_AS').map((e) => e.from)];
  let best: { at: string; source: string; evidenceId: string } | undefined;
  for (const target of targets) {
    for (const edge of graph.in(target, 'EVIDENCES')) {
      const evidence = graph.node(edge.from);
      if (evidence?.kind !== 'execution_evidence') continue;
      const p = props(evidence, 'execution_evidence');
      if (authority === 'application' && p.authority === 'delegated') continue;
      if (!best || Date.parse(p.lastAt) > Date.parse(best.at)) best = { at: p.lastAt, source: p.source, evidenceId: evidence.id };
    }
  }
  return best;
}

export function daysBetween(earlierIso: string, laterIso: string): number {
  return (Date.parse(laterIso) - Date.parse(earlierIso)) / 86_400_000;
}

export const SENSITIVE: ReadonlySet<Sensitivity> = new Set(['restricted', 'confidential']);

/** Jira project keys among the nodes of a chain (resources that are Jira projects). */
export function projectKeysOf(graph: AccessGraph, nodeIds: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const id of nodeIds) {
    const node = graph.node(id);
    if (node?.kind === 'resource') {
      const p = props(node, 'resource');
      if (p.subtype === 'jira_project' && p.key) keys.add(p.key);
    }
  }
  return [...keys].sort();
}

/** How summaries name a subject: its kind in words, then its name in quotes (`Service principal "CRM sync"`). */
export function describeNode(node: GraphNode): string {
  const label = SUBTYPE_LABELS[(node.props as { subtype?: string }).subtype ?? ''] ?? node.kind.replace('_', ' ');
  return `${label} "${node.name}"`;
}

const SUBTYPE_LABELS: Record<string, string> = {
  service_principal: 'Service principal',
  managed_identity: 'Managed identity',
  entra_user: 'Entra account',
  jira_app_user: 'Jira app user',
  jira_service_account: 'Jira service account',
  jira_user: 'Jira user',
  ado_user: 'Azure DevOps account',
  jira_automation_rule: 'Automation rule',
  power_automate_flow: 'Power Automate flow',
  ado_service_hook: 'Azure DevOps service hook',
  entra_provisioning_job: 'Provisioning job',
  atlassian_scim_directory: 'Atlassian SCIM directory',
};

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Names in a sentence, the first `max` of them and then how many more: a summary stays a sentence when a
 * principal's baseline holds hundreds of projects (the full list is in the evidence and the chain).
 */
export function joinSomeNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return joinNames(names);
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
