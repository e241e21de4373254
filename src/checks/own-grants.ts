/**
 * What an identity itself holds: permissions through its roles and groups, and credentials that authenticate as it,
 * including the hops derived from it (a service principal's SCIM directory key). Unlike reach, this does not cross
 * into another principal, so a grant is reported once, on the identity that holds it.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';
import { props } from './graph-queries';

export interface OwnGrants {
  permissions: Array<GraphNode<'permission'>>;
  credentials: Array<GraphNode<'credential'>>;
  /** Node ids from the identity to each permission or credential. */
  chains: Map<string, string[]>;
}

export function ownGrants(graph: AccessGraph, identityId: string): OwnGrants {
  const result: OwnGrants = { permissions: [], credentials: [], chains: new Map() };
  const selves = [{ id: identityId, via: [identityId] }];
  for (const edge of graph.out(identityId, 'AUTHENTICATES_TO')) {
    const target = graph.node(edge.to);
    if (target?.kind === 'identity' && props(target, 'identity').derivedFrom === identityId) selves.push({ id: target.id, via: [identityId, target.id] });
  }
  for (const self of selves) {
    for (const roleEdge of [...graph.out(self.id, 'HAS_ROLE'), ...graph.out(self.id, 'MEMBER_OF')]) {
      for (const grant of graph.out(roleEdge.to, 'GRANTS')) {
        const permission = graph.node(grant.to);
        if (permission?.kind !== 'permission' || result.chains.has(permission.id)) continue;
        result.permissions.push(permission as GraphNode<'permission'>);
        result.chains.set(permission.id, [...self.via, roleEdge.to, permission.id]);
      }
    }
    for (const auth of graph.in(self.id, 'AUTHENTICATES_AS')) {
      const credential = graph.node(auth.from);
      if (credential?.kind !== 'credential' || result.chains.has(credential.id)) continue;
      result.credentials.push(credential as GraphNode<'credential'>);
      result.chains.set(credential.id, [...self.via, credential.id]);
    }
  }
  result.permissions.sort((a, b) => (a.id < b.id ? -1 : 1));
  result.credentials.sort((a, b) => (a.id < b.id ? -1 : 1));
  return result;
}
