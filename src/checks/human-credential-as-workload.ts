/**
 * human_credential_as_workload: an automation, flow, hook or agent that acts with a person's own account: a Jira
 * automation rule whose actor is a person (https://support.atlassian.com/cloud-automation/docs/what-is-a-rule-actor/),
 * a flow whose connection holds a person's sign-in (a Power Automate connection stores the OAuth token of the account
 * that created it), a service hook or service connection that authenticates with a person's token. The work then runs
 * under that person's name (audit trails blame them, their permissions decide its reach) and stops, or keeps running
 * on a token nobody watches, when they leave.
 *
 * What counts as a person: an identity the graph marks `human` (an Atlassian `atlassian` account, an Entra user, an
 * Azure DevOps user). Service principals, managed identities, agents, app users and Atlassian's own automation actor
 * are not. A hop that is only correlated (same e-mail) counts only once evidence confirms it, as everywhere else.
 * A Copilot Studio agent is read the same way: it INVOKES the connections its maker-credentialed tools use. When what
 * a workload acts through could not be read (connectionsUnread), no person found is not "none": the answer is unknown.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';
import type { Check, CheckResult } from './check';
import { describeNode, props, triggerProjectKeys } from './graph-queries';

interface ActedAs {
  person: GraphNode<'identity'>;
  chain: string[];
  /** How: "as its actor", or "through connection "…"". */
  how: string;
  /** The hop to the person is only matched (same e-mail) and no evidence confirms it. */
  unproven: boolean;
}

/** Each person a workload acts as, with the chain that shows it (workload first, the person last). */
function peopleActedAs(graph: AccessGraph, workload: GraphNode, index: number): ActedAs[] {
  const found = new Map<string, ActedAs>();
  const consider = (node: GraphNode | undefined, chain: string[], how: string, unproven: boolean) => {
    if (node?.kind !== 'identity') return;
    const identity = node as GraphNode<'identity'>;
    if (!identity.props.human) return;
    const known = found.get(identity.id);
    // A proven path wins over an unproven one to the same person.
    if (known && (unproven || !known.unproven)) return;
    found.set(identity.id, { person: identity, chain: [...chain, identity.id], how, unproven });
  };
  graph.forEachOutOfKindAt(index, 'RUNS_AS', (node, _to, basis, evidenced) => consider(node, [workload.id], 'as its actor', basis !== 'observed' && !evidenced));
  const throughConnection = (connection: GraphNode | undefined, connectionId: string, _basis: unknown, _evidenced: unknown, connectionIndex: number) => {
    graph.forEachOutOfKindAt(connectionIndex, 'USES', (_credential, credentialId, _b, _e, credentialIndex) => {
      graph.forEachOutOfKindAt(credentialIndex, 'AUTHENTICATES_AS', (node, _to, basis, evidenced) => {
        consider(node, [workload.id, connectionId, credentialId], `through the connection "${connection?.name ?? connectionId}"`, basis !== 'observed' && !evidenced);
      });
    });
  };
  graph.forEachOutOfKindAt(index, 'INVOKES', throughConnection);
  graph.forEachOutOfKindAt(index, 'SENDS_TO', throughConnection);
  return [...found.values()].sort((a, b) => (a.person.id < b.person.id ? -1 : 1));
}

export const humanCredentialAsWorkload: Check = {
  metadata: {
    id: 'human_credential_as_workload',
    title: 'An automation runs on a person’s own account',
    severity: 'HIGH',
    description: 'An automation rule, flow, service hook or agent acts with a person’s own account or token rather than an identity of its own.',
    risk: 'Everything it does is recorded under that person’s name and reaches what they can reach; when they leave or change roles it stops, or keeps running on a credential nobody reviews.',
    remediation: [
      'Give it an identity of its own: Atlassian’s automation actor or a service account, a service principal or managed identity for a flow’s connection, a service connection with workload identity federation.',
      'Narrow that identity to what the work needs, and record who owns it.',
      'Remove the person’s connection or token from it once it runs under its own identity.',
    ],
    references: ['https://support.atlassian.com/cloud-automation/docs/what-is-a-rule-actor/', 'https://learn.microsoft.com/power-automate/change-cloud-flow-connections'],
  },
  evaluate(context) {
    const graph = context.graph;
    const results: CheckResult[] = [];
    const workloads = graph.sortedNodesOfKind('workload');
    const indexes = graph.indexesOf(workloads);
    for (let i = 0; i < workloads.length; i++) {
      const workload = workloads[i] as GraphNode<'workload'>;
      if (workload.props.derivedFrom) continue;
      const acted = peopleActedAs(graph, workload, indexes[i] as number);
      const proven = acted.filter((a) => !a.unproven);
      for (const maybe of acted.filter((a) => a.unproven)) {
        results.push({ outcome: 'unknown', subjectId: workload.id, reason: `It may act as ${maybe.person.name} ${maybe.how}: the account is matched by e-mail only and no sign-in or audit record confirms it` });
      }
      const unread = props(workload, 'workload').connectionsUnread;
      if (proven.length === 0) {
        if (unread) results.push({ outcome: 'unknown', subjectId: workload.id, reason: `Cannot tell whose account ${describeNode(workload)} acts with: ${unread}` });
        continue;
      }
      const scope = triggerProjectKeys(graph, workload.id);
      const disabled = props(workload, 'workload').enabled === false ? ' (disabled)' : '';
      results.push({
        outcome: 'fail',
        subjectId: workload.id,
        identityFields: [],
        summary: `${describeNode(workload)}${disabled} acts with ${proven.map((p) => `${p.person.name}'s own account ${p.how}`).join(', and with ')}.`,
        chain: [...new Set(proven.flatMap((p) => p.chain))],
        evidence: proven.map((p) => ({ class: 'structural_authority' as const, text: `${p.person.name}'s account is a person's, not an identity of the automation's own`, nodeIds: [p.person.id] })),
        projectKeys: scope,
      });
    }
    return results;
  },
};
