/**
 * orphaned_ownership, and its catalogue siblings ownership_degraded and ownership_unknown: who answers for a
 * workload or non-human identity once its people have left.
 * Owners: rule -> author; flow -> owners and co-owners (a group counts while it has active members); hook -> its
 * creator; Entra identity -> owners of the SP and its application; PAT -> its user (extractors emit OWNED_BY).
 * Subjects and owner states are ./definitions.ts's.
 */
import type { GraphNode } from '../model/schema';
import type { Check, CheckContext, CheckResult } from './check';
import { ownedSubjects, ownerState } from './definitions';
import { describeNode, joinNames } from './graph-queries';

type OwnershipVerdict = 'orphaned' | 'degraded' | 'unknown_owner' | 'undecidable' | 'healthy';

interface Assessment {
  /** Owners or their departures not fully read: nothing can be concluded either way. */
  gap: string | undefined;
  owners: Array<GraphNode<'owner'>>;
  verdict: OwnershipVerdict;
  departed: string[];
  active: string[];
  reasons: string[];
}

function verdictFor(owners: ReadonlyArray<GraphNode<'owner'>>): Omit<Assessment, 'gap' | 'owners'> {
  // One pass over the owners: this runs for every subject of the tenant.
  const departed: string[] = [];
  const reasons: string[] = [];
  const active: string[] = [];
  for (const owner of owners) {
    const state = ownerState(owner);
    if (state === 'active') active.push(owner.name);
    else if (state === 'departed') {
      departed.push(owner.name);
      reasons.push(`${owner.name}: ${owner.props.departedReason ?? (owner.props.subtype === 'group' ? 'no active members' : 'departed')}`);
    }
  }
  const names = { departed, active, reasons };
  if (owners.length === 0) return { verdict: 'unknown_owner', ...names };
  if (departed.length === owners.length) return { verdict: 'orphaned', ...names };
  if (active.length === 0) return { verdict: 'undecidable', ...names };
  if (departed.length > 0) return { verdict: 'degraded', ...names };
  return { verdict: 'healthy', ...names };
}

/**
 * The three ownership checks judge the same subjects by the same owners: each subject is assessed once per
 * check run (the context), not once per check.
 */
const assessments = new WeakMap<CheckContext, Array<{ node: GraphNode; assessment: Assessment }>>();

function assessAll(context: CheckContext): Array<{ node: GraphNode; assessment: Assessment }> {
  const known = assessments.get(context);
  if (known) return known;
  const all = ownedSubjects(context.graph, context.observedAt).map(({ node, owners }) => {
      const verdict = verdictFor(owners);
      // Owners read but some of who answers for it not (an agent's sponsors): only an active owner settles it.
      const unread = node.kind === 'identity' && verdict.active.length === 0 ? (node as GraphNode<'identity'>).props.ownersUnread : undefined;
      // The first of the subject's and its owners' coverage gaps.
      let gap = context.coverage.gapFor(node, 'ownership');
      for (let i = 0; gap === undefined && i < owners.length; i++) gap = context.coverage.gapFor(owners[i] as GraphNode, 'ownership');
      return { node, assessment: { gap: gap ?? unread, owners, ...verdict } };
    });
  assessments.set(context, all);
  return all;
}

export const orphanedOwnership: Check = {
  metadata: {
    id: 'orphaned_ownership',
    title: 'Every owner of a non-human identity or workload has left',
    severity: 'CRITICAL',
    description: 'All the people who own this automation, integration or identity have left the organisation: their accounts are disabled, deleted or past their leave date.',
    risk: 'Nobody is accountable for it any more: it keeps running with its access, nobody reviews what it does, and nobody notices when it is abused or breaks.',
    remediation: [
      'Assign a current owner (the team that relies on it) in the system where it lives.',
      'Review what it does and what it can reach with that owner; disable it if nobody needs it.',
      'Rotate any credential the departed owner could have copied.',
    ],
    references: ['https://learn.microsoft.com/entra/identity/enterprise-apps/overview-assign-app-owners'],
  },
  evaluate(context) {
    const results: CheckResult[] = [];
    for (const { node, assessment } of assessAll(context)) {
      const { gap, owners, verdict, departed, reasons } = assessment;
      if (gap) {
        results.push({ outcome: 'unknown', subjectId: node.id, reason: `Who owns it cannot be decided: ${gap}` });
        continue;
      }
      if (verdict === 'undecidable') {
        results.push({ outcome: 'unknown', subjectId: node.id, reason: `No system says whether ${joinNames(owners.map((o) => o.name))} is still here` });
      }
      if (verdict !== 'orphaned') continue;
      results.push({
        outcome: 'fail',
        subjectId: node.id,
        identityFields: [],
        summary: `${describeNode(node)} is owned only by ${joinNames(departed)}, who ${departed.length > 1 ? 'have' : 'has'} left.`,
        chain: [node.id, ...owners.map((o) => o.id)],
        evidence: reasons.map((text) => ({ class: 'observed_absence' as const, text })),
        projectKeys: [],
      });
    }
    return results;
  },
};

export const ownershipDegraded: Check = {
  metadata: {
    id: 'ownership_degraded',
    title: 'Some owners of a non-human identity or workload have left',
    severity: 'LOW',
    description: 'At least one owner has left while others remain.',
    risk: 'Ownership is thinning out; the remaining owners may not know what the departed one set up.',
    remediation: ['Confirm the remaining owners know this integration and remove the departed owner.'],
    references: [],
  },
  evaluate(context) {
    return assessAll(context).flatMap(({ node, assessment }): CheckResult[] => {
      const { gap, owners, verdict, departed, active } = assessment;
      if (gap || verdict !== 'degraded') return [];
      return [
        {
          outcome: 'fail',
          subjectId: node.id,
          identityFields: [],
          summary: `${describeNode(node)} lost owner ${joinNames(departed)}; ${joinNames(active)} remain${active.length === 1 ? 's' : ''}.`,
          chain: [node.id, ...owners.map((o) => o.id)],
          evidence: departed.map((name) => ({ class: 'observed_absence' as const, text: `${name} has left` })),
          projectKeys: [],
        },
      ];
    });
  },
};

export const ownershipUnknown: Check = {
  metadata: {
    id: 'ownership_unknown',
    title: 'No owner is recorded for a non-human identity or workload',
    severity: 'LOW',
    description: 'No system records who owns it.',
    risk: 'When it misbehaves or its credential leaks, there is nobody to ask and nobody who will notice.',
    remediation: ['Record an owner: app owners in Entra, a flow co-owner, or a note in the app’s settings.'],
    references: [],
  },
  evaluate(context) {
    return assessAll(context).flatMap(({ node, assessment }): CheckResult[] =>
      !assessment.gap && assessment.verdict === 'unknown_owner'
        ? [{ outcome: 'fail', subjectId: node.id, identityFields: [], summary: `${describeNode(node)} has no recorded owner.`, chain: [node.id], evidence: [{ class: 'observed_absence', text: 'No owner in any source' }], projectKeys: [] }]
        : [],
    );
  },
};
