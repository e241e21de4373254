/**
 * dormant_authority: high privilege (directory or organisation administration, a tenant-wide write permission,
 * Jira administration) held by a non-human identity with no execution evidence inside the dormancy window.
 * Evidence: sign-ins, audit records by the account, provisioning runs, flow runs, hook deliveries. When the source
 * that would show use was not read completely, absence proves nothing and the result is unknown.
 */
import { sortedPrincipalIdentities, type ReachedPermission } from '../chains/reach';
import type { GraphNode } from '../model/schema';
import type { Check, CheckResult } from './check';
import { lastEvidence } from './definitions';
import { daysBetween, describeNode, projectKeysOf, props } from './graph-queries';

export const dormantAuthority: Check = {
  metadata: {
    id: 'dormant_authority',
    title: 'High privilege that is not being used',
    severity: 'HIGH',
    description: 'A non-human identity holds administrative or tenant-wide write authority but has shown no activity within the dormancy window.',
    risk: 'Unused privilege is pure attack surface: a leaked credential can use it, and nobody would notice an unusual first use.',
    remediation: [
      'Confirm with the owner whether the integration is still needed.',
      'If not, disable it and revoke its credentials; if it is, reduce its permissions to what it actually uses.',
      'Set an expiry on its credentials so a forgotten integration stops by itself.',
    ],
    references: ['https://learn.microsoft.com/entra/identity/monitoring-health/concept-sign-in-log-activity-details'],
  },
  evaluate(context) {
    const results: CheckResult[] = [];
    const windowDays = context.settings.dormancyWindowDays;
    // The high-privilege permissions, asked by id for every permission every identity reaches (46,000 at L): a few
    // hundred of them, against the graph's index of every id.
    const highPrivilege = new Map<string, GraphNode<'permission'>>();
    for (const permission of context.graph.nodesOfKind('permission')) if (props(permission, 'permission').highPrivilege) highPrivilege.set(permission.id, permission);
    for (const node of sortedPrincipalIdentities(context.graph)) {
      // Proven high privilege (a principal can hold thousands of grants).
      const authority: ReachedPermission[] = [];
      const permissionNodes: Array<GraphNode<'permission'>> = [];
      for (const p of context.reach.get(node.id)?.permissions ?? []) {
        if (!p.proven) continue;
        const permission = highPrivilege.get(p.permissionId);
        if (!permission) continue;
        authority.push(p);
        permissionNodes.push(permission);
      }
      if (authority.length === 0) continue;
      // Application permissions and directory roles are exercised app-only: a sign-in on a user's behalf does not
      // show them in use.
      const appOnly = permissionNodes.some((permission) => permission.props.subtype === 'graph_application' || permission.props.subtype === 'entra_directory_role');
      const evidence = lastEvidence(context.graph, node.id, appOnly ? 'application' : undefined);
      const idleDays = evidence ? daysBetween(evidence.at, context.observedAt) : undefined;
      if (idleDays !== undefined && idleDays <= windowDays) continue;
      // Without every evidence source, "no recent activity" may only mean "not read": say unknown, never dormant.
      const gap = context.coverage.gapFor(node);
      if (gap) {
        results.push({ outcome: 'unknown', subjectId: node.id, reason: `No activity seen inside the window, but ${gap}, so absence proves nothing` });
        continue;
      }
      const names = permissionNodes.map((permission) => permission.name);
      const first = authority[0] as { chain: string[] };
      results.push({
        outcome: 'fail',
        subjectId: node.id,
        identityFields: [],
        // Dates, not "N days ago": a summary that changed every day would rewrite the finding (and its ticket) daily.
        summary: `${describeNode(node)} holds ${names.join(', ')} but ${evidence ? `was last active on ${evidence.at.slice(0, 10)} (${evidence.source}), before the ${windowDays}-day window` : `shows no activity at all; the window is ${windowDays} days`}.`,
        chain: first.chain,
        evidence: [
          { class: 'structural_authority', text: `Holds ${names.join(', ')}`, nodeIds: authority.map((p) => p.permissionId) },
          evidence
            ? { class: 'observed_execution', text: `Last activity ${evidence.at} (${evidence.source})`, at: evidence.at, nodeIds: [evidence.evidenceId] }
            : { class: 'observed_absence', text: 'No sign-in, audit record or run recorded for it' },
        ],
        projectKeys: projectKeysOf(context.graph, first.chain),
      });
    }
    return results;
  },
};
