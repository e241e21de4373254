/**
 * reachable_sensitive_domain: a non-human principal reaches restricted or confidential resources, and that reach is
 * wider than the resource's own audience: a shared flow lends its owner's access to everyone it is shared with; a
 * third-party-run app holds it on infrastructure the organisation does not control; an application permission
 * covers every mailbox or every site of the tenant. Only proven chains count (observed or declared grants, or
 * correlations shown by use); unproven ones are unresolved_cross_system_auth's business.
 */
import { SENSITIVITY_RANK, type GraphNode } from '../model/schema';
import type { ReachedResource } from '../chains/reach';
import type { Check, CheckContext, CheckResult } from './check';
import { SENSITIVE } from './definitions';
import { describeNode, joinNames, joinSomeNames, projectKeysOf, props } from './graph-queries';
import { groupPrincipals } from './principal-groups';

/** How many reached resources a summary names before "and N more". */
const SUMMARY_NAMES = 5;

function widening(member: GraphNode, reached: readonly ReachedResource[], graph: CheckContext['graph']): string[] {
  const reasons: string[] = [];
  if (member.kind === 'workload' && (props(member, 'workload').sharedWith ?? 0) > 0) {
    reasons.push(`${member.name} is shared with ${props(member, 'workload').sharedWith} more people, who use its owner's access`);
  }
  if (member.kind === 'identity' && props(member, 'identity').origin === 'third_party') {
    reasons.push(`${member.name} is run by a third party, outside the organisation's control`);
  }
  // A grant narrowed to named mailboxes (a recorded Exchange scope) is not wider than the audience by itself.
  const tenantWide = reached.some((r) => {
    const resource = r.memberId !== undefined ? graph.node(r.resourceId) : undefined;
    return resource?.kind === 'resource' && props(resource, 'resource').narrowed !== true;
  });
  if (tenantWide) reasons.push(`${member.name} holds an application permission over every mailbox or site of the tenant`);
  return reasons;
}

export const reachableSensitiveDomain: Check = {
  metadata: {
    id: 'reachable_sensitive_domain',
    title: 'A non-human identity reaches sensitive data beyond its audience',
    severity: 'HIGH',
    description: 'An automation, integration or app can reach restricted or confidential resources, and more people or parties can use that reach than the resource is meant for.',
    risk: 'Sensitive data (contracts, executive mail, HR records, unreleased content) can be read or moved by whoever controls this integration, without their own access being checked.',
    remediation: [
      'Narrow the grant: Sites.Selected instead of Sites.*.All, an Exchange application access policy for mail permissions, a dedicated connection account with only the projects it needs.',
      'Stop sharing flows that run on a person’s connection; use a service account scoped to the flow.',
      'For third-party apps, confirm the vendor needs this reach and record the decision.',
    ],
    references: [
      'https://learn.microsoft.com/graph/auth-limit-mailbox-access',
      'https://learn.microsoft.com/graph/permissions-selected-overview',
    ],
  },
  evaluate(context) {
    const results: CheckResult[] = [];
    for (const group of groupPrincipals(context.graph, context.reach)) {
      const sensitive: Array<{ member: GraphNode; item: ReachedResource }> = [];
      const reasons = new Set<string>();
      for (const member of group.members) {
        const reached = (context.reach.get(member.id)?.reached ?? []).filter((r) => r.proven && SENSITIVE.has(r.sensitivity));
        if (reached.length === 0) continue;
        const why = widening(member, reached, context.graph);
        if (why.length === 0) continue;
        why.forEach((w) => reasons.add(w));
        // A scope resource whose sensitive members are listed is named by its members, not again as a whole.
        const withMembers = reached.some((r) => r.memberId) ? new Set(reached.filter((r) => r.memberId).map((r) => r.resourceId)) : undefined;
        for (const item of reached) if (!(item.memberId === undefined && withMembers?.has(item.resourceId))) sensitive.push({ member, item });
      }
      if (sensitive.length === 0) continue;
      sensitive.sort((a, b) => SENSITIVITY_RANK[b.item.sensitivity] - SENSITIVITY_RANK[a.item.sensitivity] || (a.item.name < b.item.name ? -1 : 1));
      // Each name and sensitivity once, in that order; only the first few are spelt out (a principal can reach
      // every restricted project of the site).
      const named = new Map<string, number>();
      const names: string[] = [];
      let distinct = 0;
      for (const { item } of sensitive) {
        const seen = named.get(item.name) ?? 0;
        const bit = 1 << SENSITIVITY_RANK[item.sensitivity];
        if (seen & bit) continue;
        named.set(item.name, seen | bit);
        if (distinct++ <= SUMMARY_NAMES) names.push(`${item.name} (${item.sensitivity})`);
      }
      // Every node of the chains, once: a principal can reach thousands of restricted projects by a few hops each.
      const chainNodes = new Set<string>();
      for (const { item } of sensitive) for (const id of item.chain) chainNodes.add(id);
      const subject = group.representative;
      results.push({
        outcome: 'fail',
        subjectId: subject.id,
        identityFields: [],
        summary: `${describeNode(subject)} can reach ${joinSomeNames(names, SUMMARY_NAMES, distinct)}${group.members.length > 1 ? ` together with ${joinNames(group.members.filter((m) => m.id !== subject.id).map((m) => `"${m.name}"`))}` : ''}.`,
        chain: (sensitive[0] as { item: ReachedResource }).item.chain,
        evidence: [
          ...[...reasons].map((text) => ({ class: 'structural_authority' as const, text })),
          ...sensitive.map((s) => ({ class: 'structural_authority' as const, text: `${s.member.name} reaches ${s.item.name} via ${s.item.chain.length - 1} hops`, nodeIds: s.item.chain })),
        ],
        projectKeys: projectKeysOf(context.graph, [...chainNodes]),
      });
    }
    return results;
  },
};
