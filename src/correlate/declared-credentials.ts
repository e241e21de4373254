/**
 * Credentials that no API shows, recorded by an admin (settings.credentialDeclarations): a SCIM token, a Connect
 * shared secret, an API token. Each attaches to its holder; when an extractor already inferred a credential of the
 * same type for that holder (the secret token of a provisioning job), the declaration completes it rather than
 * adding a second node for the same secret.
 */
import type { AccessGraph } from '../model/graph';
import { nodeId, type GraphNode } from '../model/schema';
import type { CredentialDeclaration } from '../model/settings';

function holderOf(graph: AccessGraph, declaration: CredentialDeclaration): GraphNode<'identity'> | undefined {
  const subject = declaration.subject;
  if (subject.system === 'jira') {
    const node = graph.node(nodeId('jira', 'identity', subject.accountId));
    return node?.kind === 'identity' ? (node as GraphNode<'identity'>) : undefined;
  }
  return graph.nodesOfKind('identity').find((n) => n.props.appId === subject.appId && n.props.tenantId === subject.tenantId && (n.props.subtype === 'service_principal' || n.props.subtype === 'entra_agent_identity'));
}

/** Credentials authenticating as the holder or as an identity derived from it. */
function existingCredentials(graph: AccessGraph, holder: GraphNode<'identity'>): Array<GraphNode<'credential'>> {
  const selves = [holder.id, ...graph.out(holder.id, 'AUTHENTICATES_TO').map((e) => e.to).filter((id) => {
    const n = graph.node(id);
    return n?.kind === 'identity' && (n.props as GraphNode<'identity'>['props']).derivedFrom === holder.id;
  })];
  return selves.flatMap((self) => graph.in(self, 'AUTHENTICATES_AS').map((e) => graph.node(e.from))).filter((n): n is GraphNode<'credential'> => n?.kind === 'credential');
}

export function applyCredentialDeclarations(graph: AccessGraph, declarations: readonly CredentialDeclaration[]): void {
  for (const declaration of declarations) {
    const holder = holderOf(graph, declaration);
    if (!holder) continue; // declared for something this sync did not see; nothing to attach it to
    const declared = {
      createdAt: declaration.createdDateTime,
      expiresAt: declaration.expiresDateTime === undefined ? undefined : declaration.expiresDateTime,
    };
    const match = existingCredentials(graph, holder).find((c) => c.props.subtype === declaration.credentialType);
    if (match) {
      graph.addNode({ ...match, name: declaration.displayName ?? match.name, props: { ...match.props, ...declared } });
      continue;
    }
    const id = nodeId(holder.system, 'credential', 'declared', holder.props.nativeId, declaration.credentialType);
    graph.addNode({
      id,
      kind: 'credential',
      system: holder.system,
      name: declaration.displayName ?? `${declaration.credentialType.replaceAll('_', ' ')} of ${holder.name}`,
      props: { subtype: declaration.credentialType, nativeId: id, tenantId: holder.props.tenantId, ...declared },
    });
    graph.addEdge({ kind: 'AUTHENTICATES_AS', from: id, to: holder.id, basis: 'declared', reason: `declared by ${declaration.declaredBy ?? 'an admin'}` });
  }
}
