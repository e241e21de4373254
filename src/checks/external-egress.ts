/**
 * external_egress: a workload sends data to a destination outside the organisation's verified domains and not on
 * the sanctioned-destination list (classify/ decides internal / sanctioned / external per connection).
 */
import type { GraphNode } from '../model/schema';
import type { Check, CheckResult } from './check';
import { describeNode, joinNames, props, triggerProjectKeys } from './graph-queries';

export const externalEgress: Check = {
  metadata: {
    id: 'external_egress',
    title: 'An automation sends data outside the organisation',
    severity: 'MEDIUM',
    description: 'A workload posts data (issue fields, messages, files) to a host outside the organisation’s verified domains that is not on the sanctioned-destination list.',
    risk: 'Data leaves the trust boundary without review; if the destination changes hands or the URL is edited, it leaks silently.',
    remediation: [
      'Confirm the destination with the owner and the data it receives.',
      'If it is an approved vendor, add its host to the sanctioned destinations; otherwise remove the action.',
    ],
    references: [],
  },
  evaluate(context) {
    const results: CheckResult[] = [];
    const workloads = context.graph.sortedNodesOfKind('workload');
    const indexes = context.graph.indexesOf(workloads);
    for (let i = 0; i < workloads.length; i++) {
      const workload = workloads[i] as GraphNode<'workload'>;
      if (workload.props.derivedFrom) continue;
      const external: GraphNode[] = [];
      context.graph.forEachOutOfKindAt(indexes[i] as number, 'SENDS_TO', (n) => {
        if (n?.kind === 'connection' && props(n, 'connection').egress === 'external') external.push(n);
      });
      if (external.length === 0) continue;
      const hosts = [...new Set(external.map((c) => props(c, 'connection').host ?? c.name))].sort();
      results.push({
        outcome: 'fail',
        subjectId: workload.id,
        identityFields: [],
        summary: `${describeNode(workload)} sends data to ${joinNames(hosts)}, outside the organisation.`,
        chain: [workload.id, ...external.map((c) => c.id)],
        evidence: external.map((c) => ({ class: 'structural_authority' as const, text: `${props(c, 'connection').method ?? 'Sends'} ${props(c, 'connection').url ?? props(c, 'connection').host ?? c.name}`, nodeIds: [c.id] })),
        projectKeys: triggerProjectKeys(context.graph, workload.id),
      });
    }
    return results;
  },
};
