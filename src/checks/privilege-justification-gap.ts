/**
 * privilege_justification_gap: a high-risk grant with no recorded justification (settings.justifications).
 * High-risk grants: impersonation (ACT_AS_USER, full_access_as_app), a tenant-wide write application permission,
 * Jira administration, and a never-expiring credential of an identity that holds any of those or other high
 * privilege. Grant names match what admins record: the permission value, the scope name, ADMINISTER, or
 * credential:<type>.
 */
import { sortedPrincipalIdentities } from '../chains/reach';
import { recordNamesGrant } from '../model/definitions';
import type { GraphNode } from '../model/schema';
import type { Justification } from '../model/settings';
import type { Check, CheckResult } from './check';
import { describeNode } from './graph-queries';
import { ownGrants } from './own-grants';

export function isJustified(justifications: readonly Justification[], identity: GraphNode<'identity'>, grant: string): boolean {
  return justifiedBy(justifications)(identity, grant);
}

/**
 * isJustified with the records indexed by subject once per run: matched per grant, the subject's ids were lowercased
 * afresh for every record (thousands of high-risk grants times every record at L). An Entra record names its
 * subject by tenant and app id, case-insensitively; a Jira record by account id.
 */
function justifiedBy(justifications: readonly Justification[]): (identity: GraphNode<'identity'>, grant: string) => boolean {
  const bySubject = new Map<string, Justification[]>();
  for (const j of justifications) {
    const key = j.subject.system === 'entra' ? `entra|${j.subject.tenantId.toLowerCase()}|${j.subject.appId.toLowerCase()}` : `jira|${j.subject.accountId}`;
    const list = bySubject.get(key);
    if (list) list.push(j);
    else bySubject.set(key, [j]);
  }
  return (identity, grant) => {
    if (bySubject.size === 0) return false;
    const p = identity.props;
    const names = (j: Justification) => recordNamesGrant(j.grant, grant);
    // "ADMINISTER via group <name>", "<role> (directory role)": the record names the grant whatever surrounds it.
    if (typeof p.tenantId === 'string' && typeof p.appId === 'string' && bySubject.get(`entra|${p.tenantId.toLowerCase()}|${p.appId.toLowerCase()}`)?.some(names)) return true;
    return typeof p.nativeId === 'string' && (bySubject.get(`jira|${p.nativeId}`)?.some(names) ?? false);
  };
}

/** What the high-risk list below can hold, and every high-privilege permission (which makes a credential high-risk). */
function mayBeHighRisk(permission: GraphNode<'permission'>): boolean {
  const p = permission.props;
  return p.impersonation || p.highPrivilege || (p.subtype === 'jira_global' && p.key === 'ADMINISTER');
}

export const privilegeJustificationGap: Check = {
  metadata: {
    id: 'privilege_justification_gap',
    title: 'A high-risk grant has no recorded justification',
    severity: 'MEDIUM',
    description: 'A non-human identity holds impersonation, tenant-wide write or administration rights, or a never-expiring credential to such rights, and nobody has recorded why.',
    risk: 'High-risk grants without a reason are never reviewed; they outlive the project that needed them and are the first thing an attacker looks for.',
    remediation: [
      'Ask the owner why the grant is needed; remove it if it is not.',
      'Otherwise record the justification (reason, ticket reference) on the settings page, so reviews can check it.',
    ],
    references: ['https://developer.atlassian.com/cloud/jira/platform/scopes-for-connect-apps/'],
  },
  evaluate(context) {
    const results: CheckResult[] = [];
    const identities = sortedPrincipalIdentities(context.graph);
    const isJustifiedFor = justifiedBy(context.settings.justifications);
    const indexes = context.graph.indexesOf(identities);
    for (let i = 0; i < identities.length; i++) {
      const identity = identities[i] as GraphNode<'identity'>;
      const grants = ownGrants(context.graph, identity.id, mayBeHighRisk, indexes[i]);
      const highRisk: Array<{ grant: string; nodeId: string; why: string }> = [];
      for (const permission of grants.permissions) {
        const p = permission.props;
        if (p.impersonation) highRisk.push({ grant: p.key, nodeId: permission.id, why: `${p.key} lets it act as any user` });
        else if (p.subtype === 'graph_application' && p.highPrivilege && p.tenantWide) highRisk.push({ grant: p.key, nodeId: permission.id, why: `${p.key} is tenant-wide write access` });
        else if (p.subtype === 'jira_global' && p.key === 'ADMINISTER') highRisk.push({ grant: 'ADMINISTER', nodeId: permission.id, why: 'Jira administration' });
        else if (p.subtype === 'entra_directory_role' && p.highPrivilege) highRisk.push({ grant: p.key, nodeId: permission.id, why: `${p.key} is a privileged Entra directory role${p.tenantWide ? '' : ' (scoped)'}` });
      }
      if (grants.permissions.some((p) => p.props.highPrivilege)) {
        for (const credential of grants.credentials) {
          if (credential.props.expiresAt !== null) continue;
          highRisk.push({ grant: `credential:${credential.props.subtype}`, nodeId: credential.id, why: `${credential.name} never expires and carries its privileges` });
        }
      }
      const seen = new Set<string>();
      for (const item of highRisk) {
        if (seen.has(item.grant) || isJustifiedFor(identity, item.grant)) continue;
        seen.add(item.grant);
        results.push({
          outcome: 'fail',
          subjectId: identity.id,
          identityFields: [item.grant],
          summary: `${describeNode(identity)} holds ${item.grant.startsWith('credential:') ? `a never-expiring ${item.grant.slice('credential:'.length).replaceAll('_', ' ')}` : item.grant} with no recorded justification.`,
          chain: grants.chains.get(item.nodeId) ?? [identity.id, item.nodeId],
          evidence: [{ class: 'structural_authority', text: item.why, nodeIds: [item.nodeId] }, { class: 'observed_absence', text: `No justification recorded for ${item.grant}` }],
          projectKeys: [],
        });
      }
    }
    return results;
  },
};

