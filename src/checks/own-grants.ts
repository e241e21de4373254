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

/**
 * `which` picks the permissions a caller asks about: one identity in a group that holds a role in every project is
 * granted tens of thousands of project permissions, and a chain is made only for those picked. `index`: the
 * identity's index in the graph, when the caller has it (AccessGraph.indexesOf); each hop goes on by index.
 */
export function ownGrants(graph: AccessGraph, identityId: string, which: (permission: GraphNode<'permission'>) => boolean = () => true, index = graph.indexOfId(identityId)): OwnGrants {
  const result: OwnGrants = { permissions: [], credentials: [], chains: new Map() };
  if (index === undefined) return result;
  const selves = [{ id: identityId, index, via: [identityId] }];
  // By the graph's adjacency (forEachOut/forEachIn), in the order out()/in() list: no edge objects per grant.
  graph.forEachOutOfKindAt(index, 'AUTHENTICATES_TO', (target, targetId, _basis, _evidenced, targetIndex) => {
    if (target?.kind === 'identity' && props(target, 'identity').derivedFrom === identityId) selves.push({ id: targetId, index: targetIndex, via: [identityId, targetId] });
  });
  for (const self of selves) {
    const viaRole = (roleId: string, roleIndex: number) =>
      graph.forEachOutOfKindAt(roleIndex, 'GRANTS', (permission) => {
        if (permission?.kind !== 'permission' || !which(permission as GraphNode<'permission'>) || result.chains.has(permission.id)) return;
        result.permissions.push(permission as GraphNode<'permission'>);
        result.chains.set(permission.id, [...self.via, roleId, permission.id]);
      });
    graph.forEachOutOfKindAt(self.index, 'HAS_ROLE', (_role, roleId, _basis, _evidenced, roleIndex) => viaRole(roleId, roleIndex));
    graph.forEachOutOfKindAt(self.index, 'MEMBER_OF', (_group, groupId, _basis, _evidenced, groupIndex) => viaRole(groupId, groupIndex));
    graph.forEachInOfKindAt(self.index, 'AUTHENTICATES_AS', (credential) => {
      if (credential?.kind !== 'credential' || result.chains.has(credential.id)) return;
      result.credentials.push(credential as GraphNode<'credential'>);
      result.chains.set(credential.id, [...self.via, credential.id]);
    });
  }
  result.permissions.sort((a, b) => (a.id < b.id ? -1 : 1));
  result.credentials.sort((a, b) => (a.id < b.id ? -1 : 1));
  return result;
}
