/**
 * unresolved_cross_system_auth: a cross-system hop nobody can vouch for — a web request or webhook that sends no
 * credential (anyone who learns the URL can feed or impersonate it), or a link between systems found only by
 * correlation (same e-mail, same publisher domain) with no execution evidence inside the window.
 */
import type { GraphNode } from '../model/schema';
import type { Check, CheckContext, CheckResult } from './check';
import { describeNode, props, triggerProjectKeys } from './graph-queries';

/** workload -> connection -> credential, for a credential some workload sends (else just the credential). */
function senderPath(graph: CheckContext['graph'], credentialId: string): string[] {
  for (const uses of [...graph.in(credentialId, 'USES')].sort((a, b) => (a.from < b.from ? -1 : 1))) {
    const sender = [...graph.in(uses.from, 'SENDS_TO'), ...graph.in(uses.from, 'INVOKES')].sort((a, b) => (a.from < b.from ? -1 : 1))[0];
    if (sender) return [sender.from, uses.from, credentialId];
  }
  return [credentialId];
}

export const unresolvedCrossSystemAuth: Check = {
  metadata: {
    id: 'unresolved_cross_system_auth',
    title: 'A cross-system link is unauthenticated or unproven',
    severity: 'MEDIUM',
    description: 'Data or authority crosses between systems through a request that carries no credential, or through a link inferred from names and domains that no sign-in or audit record confirms.',
    risk: 'An unauthenticated hop can be spoofed or redirected; an unproven one may be a path nobody knows is live.',
    remediation: [
      'Add authentication to the request (a secret header, a signed URL) and keep the secret in the tool’s secret store.',
      'For inferred links, confirm with both owners whether the integration is live; remove its credentials if not.',
    ],
    references: ['https://support.atlassian.com/cloud-automation/docs/jira-automation-actions/#Send-web-request'],
  },
  evaluate(context) {
    const results: CheckResult[] = [];
    const graph = context.graph;
    const workloads = graph.sortedNodesOfKind('workload');
    const indexes = graph.indexesOf(workloads);
    for (let i = 0; i < workloads.length; i++) {
      const workload = workloads[i] as GraphNode<'workload'>;
      if (workload.props.derivedFrom) continue;
      const requests: GraphNode[] = [];
      graph.forEachOutOfKindAt(indexes[i] as number, 'SENDS_TO', (n) => {
        if (n?.kind === 'connection' && ['web_request', 'webhook'].includes(props(n, 'connection').subtype)) requests.push(n);
      });
      if (requests.length === 0) continue;
      let scope: string[] | undefined;
      for (const connection of requests) {
        const sends = props(connection, 'connection').sendsCredential;
        if (sends === undefined) results.push({ outcome: 'unknown', subjectId: workload.id, reason: `Cannot tell whether the request to ${props(connection, 'connection').host ?? connection.name} is authenticated` });
        if (sends !== false) continue;
        results.push({
          outcome: 'fail',
          subjectId: workload.id,
          identityFields: [connection.id],
          summary: `${describeNode(workload)} calls ${props(connection, 'connection').url ?? props(connection, 'connection').host ?? connection.name} without any credential.`,
          chain: [workload.id, connection.id],
          evidence: [{ class: 'structural_authority', text: 'The request carries no authorization header, secret or signature', nodeIds: [connection.id] }],
          projectKeys: (scope ??= triggerProjectKeys(graph, workload.id)),
        });
      }
    }
    const unproven = graph.edgesOfKind('AUTHENTICATES_TO', 'AUTHENTICATES_AS').filter((e) => (e.basis === 'correlated' || e.basis === 'inferred') && !e.evidenced);
    const links = new Set(unproven.map((e) => `${e.from}|${e.to}`));
    for (const edge of unproven) {
      // A link correlated both ways is one link: report it once, from the smaller id.
      if (edge.kind === 'AUTHENTICATES_TO' && links.has(`${edge.to}|${edge.from}`) && edge.from > edge.to) continue;
      const from = graph.node(edge.from);
      const to = graph.node(edge.to);
      if (!from || !to) continue;
      // A credential is reported on the workload that sends it: workload -> connection -> credential -> identity.
      const path = from.kind === 'credential' ? senderPath(graph, from.id) : [from.id];
      const subject = graph.node(path[0] ?? from.id) ?? from;
      results.push({
        outcome: 'fail',
        subjectId: subject.id,
        identityFields: [from.id, to.id],
        summary: `${describeNode(subject)} reaches ${describeNode(to)} through a link inferred only from ${edge.reason ?? 'correlation'}; no activity in the last ${context.settings.dormancyWindowDays} days proves it.`,
        chain: [...path, to.id],
        evidence: [
          { class: 'correlated_pattern', text: edge.reason ?? 'Correlated by name or domain', nodeIds: [from.id, to.id] },
          { class: 'observed_absence', text: 'No sign-in, audit record or delivery confirms the link in the window' },
        ],
        projectKeys: [],
      });
    }
    return results;
  },
};
