/** Fix links: where each node is changed; a graph with a cycle of derivation and holding still answers. */
import { linksForNode } from '../../src/findings/fix-links';
import { AccessGraph } from '../../src/model/graph';
import type { GraphNode } from '../../src/model/schema';

it('answers for an account derived from the credential it holds (a cycle), instead of recursing forever', () => {
  const credential = {
    id: 'automation:credential:rule-7/basic',
    kind: 'credential',
    system: 'automation',
    name: 'Basic auth of a web request',
    props: { subtype: 'basic_auth', nativeId: 'rule-7/basic' },
  } as unknown as GraphNode;
  const account = {
    id: 'jira:identity:external/svc-sync',
    kind: 'identity',
    system: 'jira',
    name: 'svc-sync',
    props: { subtype: 'external_account', nativeId: 'svc-sync', human: false, enabled: true, origin: 'unknown', derivedFrom: credential.id },
  } as unknown as GraphNode;
  const graph = new AccessGraph().addNode(credential).addNode(account);
  graph.addEdge({ kind: 'AUTHENTICATES_AS', from: credential.id, to: account.id, basis: 'declared' });

  expect(linksForNode(graph, account, 'credentials')).toEqual([]);
  expect(linksForNode(graph, credential, 'credentials')).toEqual([]);
});
