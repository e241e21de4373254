import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it } from 'vitest';
import type { BlastRadius as Radius } from '../../api/types';
import { driftRadius } from '../../test/fixtures';
import { BlastRadius } from './BlastRadius';
import { defaultCollapsed, GROUP_PAGE, readLayout, restId, toDrawnGraph, toElkGraph } from './model';

/** A rule reaching `n` internal projects, one restricted. */
function wide(n: number): Radius {
  const rule = { id: 'rule', kind: 'workload' as const, system: 'jira' as const, name: 'Global rule', depth: 0 };
  const projects = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, kind: 'resource' as const, system: 'jira' as const, name: `P${i}`, sensitivity: i === 0 ? ('restricted' as const) : ('internal' as const), depth: 1 }));
  return { principalId: 'rule', nodes: [rule, ...projects], edges: projects.map((p) => ({ from: 'rule', to: p.id, kind: 'TRIGGERS_ON' as const, basis: 'observed' as const, crossSystem: false })), reached: { restricted: 1, internal: n - 1 }, summarised: 0 };
}

it('puts each system in its lane and marks the new resource and the grant that brought it', () => {
  const graph = toDrawnGraph(driftRadius, { added: ['jira:content'], causes: [{ from: 'jira:maria', to: 'jira:role:content', kind: 'HAS_ROLE' }] });
  expect(graph.lanes.map((l) => l.system)).toEqual(['powerautomate', 'jira']);
  expect(graph.nodes.get('jira:content')?.isNew).toBe(true);
  expect(graph.edges.find((e) => e.to === 'jira:role:content')?.isCause).toBe(true);
  expect(graph.edges.find((e) => e.to === 'jira:maria')).toMatchObject({ crossSystem: true, unproven: true });
});

it('collapses a big sensitivity group into one counted node, unless it holds something new', () => {
  const radius = wide(40);
  expect([...defaultCollapsed(radius)]).toEqual(['group:jira:internal']);
  const graph = toDrawnGraph(radius);
  expect(graph.nodes.get('group:jira:internal')).toMatchObject({ members: 39, name: '39 internal resources' });
  expect(graph.edges).toHaveLength(2);
  expect([...defaultCollapsed(radius, { added: ['p5'] })]).toEqual([]);
});

it('lays out hundreds of resources (ELK, layered, left to right) and answers every box and edge route', async () => {
  const radius = wide(300);
  const graph = toDrawnGraph(radius, {}, new Set(), new Map([['group:jira:internal', 300]]));
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const started = performance.now();
  const laid = readLayout(await new ELK().layout(toElkGraph(graph)));
  const ms = performance.now() - started;
  expect(laid.boxes.size).toBe(graph.nodes.size + graph.lanes.length + graph.groups.length);
  expect(laid.paths.size).toBe(graph.edges.length);
  expect(laid.width).toBeGreaterThan(0);
  console.info(`ELK laid out ${graph.nodes.size} nodes and ${graph.edges.length} edges in ${Math.round(ms)} ms`);
}, 30_000);

it('draws the radius with its reach in words, and opens a collapsed group', async () => {
  render(<BlastRadius radius={wide(12)} label="Everything Global rule can reach" />);
  expect(screen.getByTestId('reach-summary').textContent).toContain('Reaches 12 resources');
  await waitFor(() => expect(screen.getAllByTestId('blast-node').length).toBeGreaterThan(0));
  expect(screen.getAllByTestId('blast-node').map((n) => n.getAttribute('data-count'))).toContain('11');
  fireEvent.click(screen.getByTestId('blast-group-open'));
  await waitFor(() => expect(screen.getAllByTestId('blast-node')).toHaveLength(13));
});

it('draws an open group of hundreds a page at a time, what is new first', () => {
  const radius = wide(300);
  const graph = toDrawnGraph(radius, { added: ['p250'] }, new Set(), new Map());
  const rest = graph.nodes.get(restId('group:jira:internal'));
  expect(rest).toMatchObject({ members: 299 - GROUP_PAGE, name: `${299 - GROUP_PAGE} more internal` });
  expect(graph.nodes.has('p250')).toBe(true);
  const more = toDrawnGraph(radius, {}, new Set(), new Map([['group:jira:internal', 2 * GROUP_PAGE]]));
  expect(more.nodes.get(restId('group:jira:internal'))?.members).toBe(299 - 2 * GROUP_PAGE);
});

it('draws an AI agent with its own mark and names it as an agent', async () => {
  const agent = { id: 'agent', kind: 'identity' as const, system: 'entra' as const, name: 'Research Agent', depth: 0, agent: 'Entra agent identity' };
  const project = { id: 'p', kind: 'resource' as const, system: 'jira' as const, name: 'FIN', sensitivity: 'restricted' as const, depth: 1 };
  const radius: Radius = { principalId: 'agent', nodes: [agent, project], edges: [{ from: 'agent', to: 'p', kind: 'AUTHENTICATES_TO', basis: 'observed', crossSystem: true }], reached: { restricted: 1 }, summarised: 0 };
  render(<BlastRadius radius={radius} label="Everything Research Agent can reach" />);
  await waitFor(() => expect(screen.getAllByTestId('blast-node')).toHaveLength(2));
  const drawn = screen.getAllByTestId('blast-node').find((n) => n.getAttribute('data-node-id') === 'agent');
  expect(drawn?.getAttribute('data-agent')).toBe('Entra agent identity');
  expect(drawn?.getAttribute('aria-label')).toBe('AI agent (Entra agent identity) in Entra ID: Research Agent');
  expect(drawn?.querySelector('[data-testid="agent-icon"]')).not.toBeNull();
  const other = screen.getAllByTestId('blast-node').find((n) => n.getAttribute('data-node-id') === 'p');
  expect(other?.querySelector('[data-testid="agent-icon"]')).toBeNull();
});
