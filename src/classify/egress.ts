/**
 * Egress classification of every connection with a destination host: internal when the host is (a subdomain of) a
 * verified domain of a configured Entra tenant or the organisation's own Jira site, sanctioned when an admin listed
 * it (host, or *.domain), else external. An unverified domain is external.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';

export interface EgressBoundary {
  verifiedDomains: readonly string[];
  /** Hosts of the organisation's own systems (its Jira site). */
  ownHosts: readonly string[];
  sanctioned: readonly string[];
}

function within(host: string, domain: string): boolean {
  const d = domain.toLowerCase().replace(/^\*\./, '');
  return host === d || host.endsWith(`.${d}`);
}

export function classifyHost(host: string, boundary: EgressBoundary): 'internal' | 'sanctioned' | 'external' {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  if (boundary.verifiedDomains.some((d) => within(h, d)) || boundary.ownHosts.some((o) => h === o.toLowerCase())) return 'internal';
  if (boundary.sanctioned.some((s) => (s.startsWith('*.') ? within(h, s) : h === s.toLowerCase()))) return 'sanctioned';
  return 'external';
}

/**
 * Sets props.egress on every connection that has a host. When the verified domains could not all be read
 * (`boundaryComplete` false), a host is never called external: it stays unclassified. Call before seal().
 */
export function classifyEgress(graph: AccessGraph, boundary: EgressBoundary, boundaryComplete = true): AccessGraph {
  for (const node of graph.nodesOfKind('connection')) {
    const host = node.props.host;
    if (!host) continue;
    const egress = classifyHost(host, boundary);
    if (egress === 'external' && !boundaryComplete) continue;
    graph.addNode({ ...node, props: { ...node.props, egress } } as GraphNode);
  }
  return graph;
}
