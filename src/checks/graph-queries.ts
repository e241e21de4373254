/** Small reads over the graph that several checks share, and how they name things. Definitions: ./definitions.ts. Pure. */
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';

export function props<K extends GraphNode['kind']>(node: GraphNode, _kind: K): GraphNode<K>['props'] {
  return node.props as GraphNode<K>['props'];
}

export function daysBetween(earlierIso: string, laterIso: string): number {
  return (Date.parse(laterIso) - Date.parse(earlierIso)) / 86_400_000;
}

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

/** The Jira project keys a workload is triggered on (the projects its TRIGGERS_ON edges point at). */
export function triggerProjectKeys(graph: AccessGraph, workloadId: string): string[] {
  const ids: string[] = [];
  graph.forEachOut(workloadId, 'TRIGGERS_ON', (_node, id) => ids.push(id));
  return ids.length === 0 ? [] : projectKeysOf(graph, ids);
}

/** How summaries name a subject: its kind in words, then its name in quotes (`Service principal "CRM sync"`). */
export function describeNode(node: GraphNode): string {
  const label = SUBTYPE_LABELS[(node.props as { subtype?: string }).subtype ?? ''] ?? node.kind.replace('_', ' ');
  return `${label} "${node.name}"`;
}

const SUBTYPE_LABELS: Record<string, string> = {
  service_principal: 'Service principal',
  managed_identity: 'Managed identity',
  entra_agent_identity: 'Entra agent identity',
  entra_agent_blueprint: 'Entra agent identity blueprint',
  entra_agent_user: 'Entra agent user',
  entra_user: 'Entra account',
  jira_app_user: 'Jira app user',
  jira_service_account: 'Jira service account',
  jira_user: 'Jira user',
  ado_user: 'Azure DevOps account',
  jira_automation_rule: 'Automation rule',
  power_automate_flow: 'Power Automate flow',
  ado_service_hook: 'Azure DevOps service hook',
  entra_provisioning_job: 'Provisioning job',
  copilot_studio_agent: 'Copilot Studio agent',
  mcp_client: 'MCP client',
  atlassian_scim_directory: 'Atlassian SCIM directory',
};

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Names in a sentence, the first `max` of them and then how many more: a summary stays a sentence when a
 * principal's baseline holds hundreds of projects (the full list is in the evidence and the chain). `total`: how many
 * names there are when `names` holds only the first of them (at least max + 1).
 */
export function joinSomeNames(names: readonly string[], max = 5, total = names.length): string {
  if (total <= max) return joinNames(names);
  return `${names.slice(0, max).join(', ')} and ${total - max} more`;
}
