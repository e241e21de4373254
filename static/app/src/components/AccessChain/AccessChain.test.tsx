import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import type { DrawnChainNode } from '../../api/types';
import { AccessChain, describeHop } from './AccessChain';

const flow: DrawnChainNode = { id: 'pa:w', kind: 'workload', name: 'Sync Deal Issues to Teams', system: 'powerautomate' };
const credential: DrawnChainNode = { id: 'pa:c', kind: 'credential', name: 'Sign-in of maria', system: 'powerautomate' };
const jiraUser: DrawnChainNode = { id: 'jira:i', kind: 'identity', name: 'Maria Garcia', system: 'jira' };
const entraUser: DrawnChainNode = { id: 'entra:i', kind: 'identity', name: 'Maria (Entra)', system: 'entra' };
const project: DrawnChainNode = { id: 'jira:r', kind: 'resource', name: 'CONTENT Content Pipeline', system: 'jira', sensitivity: 'restricted' };

it('draws every node in order, left to right, with its kind and system', () => {
  render(<AccessChain nodes={[flow, credential, jiraUser, project]} />);
  const cards = screen.getAllByTestId('chain-node');
  expect(cards.map((c) => c.getAttribute('data-kind'))).toEqual(['workload', 'credential', 'identity', 'resource']);
  expect(cards[0]?.textContent).toContain('Power Automate');
  expect(cards[3]?.getAttribute('data-sensitivity')).toBe('restricted');
  expect(cards[3]?.textContent).toContain('Restricted');
});

it('marks the hop where the system changes, and draws an identity-to-identity hop as correlated', () => {
  expect(describeHop(credential, jiraUser)).toMatchObject({ crossSystem: true, inferred: false });
  expect(describeHop(entraUser, jiraUser)).toMatchObject({ crossSystem: true, inferred: true });
  expect(describeHop(flow, credential)).toMatchObject({ crossSystem: false, inferred: false });
  render(<AccessChain nodes={[flow, credential, jiraUser]} />);
  const edges = screen.getAllByTestId('chain-edge');
  expect(edges.map((e) => e.getAttribute('data-cross-system'))).toEqual(['false', 'true']);
  expect(edges[1]?.getAttribute('aria-label')).toBe('cross-system hop from Power Automate to Jira');
});

it('takes the edge basis from the resolver when it sends one', () => {
  expect(describeHop(entraUser, { ...jiraUser, via: { kind: 'AUTHENTICATES_AS', basis: 'observed' } })).toMatchObject({ crossSystem: true, inferred: false });
  expect(describeHop(flow, { ...credential, via: { kind: 'USES', basis: 'inferred' } })).toMatchObject({ crossSystem: false, inferred: true });
});

it('lists the sensitive members of a tenant-wide scope, or the inventory detail when the node has none', () => {
  const scope: DrawnChainNode = { id: 'm365:r', kind: 'resource', name: 'Every mailbox', system: 'm365', members: [{ name: 'ceo@mediapro.tv', sensitivity: 'confidential' }] };
  const { unmount } = render(<AccessChain nodes={[scope]} />);
  expect(screen.getByTestId('chain-node').textContent).toContain('ceo@mediapro.tv (confidential)');
  unmount();
  render(<AccessChain nodes={[{ ...scope, members: undefined }]} resourceInfo={new Map([['m365:r', { sensitivity: 'confidential', detail: '2 classified: ceo@, legal@' }]])} />);
  expect(screen.getByTestId('chain-node').textContent).toContain('2 classified: ceo@, legal@');
  expect(screen.getByTestId('chain-node').getAttribute('data-sensitivity')).toBe('confidential');
});

it('renders names as text, never as markup', () => {
  render(<AccessChain nodes={[{ ...flow, name: '<img src=x onerror=alert(1)>' }]} />);
  expect(screen.getByTestId('chain-node').querySelector('img')).toBeNull();
  expect(screen.getByTestId('chain-node').textContent).toContain('<img src=x onerror=alert(1)>');
});
