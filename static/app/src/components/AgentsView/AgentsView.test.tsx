import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import type { AgentView } from '../../api/types';
import { AgentsView } from './AgentsView';

const listAgents = vi.fn();
vi.mock('../../api/listAgents', () => ({ listAgents: (...args: unknown[]) => listAgents(...args) }));

const AGENT: AgentView = {
  id: 'entra:identity:t/agent-1',
  name: 'Research Agent',
  kind: 'identity',
  system: 'entra',
  type: 'Entra agent identity',
  enabled: true,
  owners: [{ name: 'Carlos Ruiz', kind: 'person', departed: true, leftAt: '2026-10-01T00:00:00.000Z', leftAtSource: 'leave-date' }],
  runsAs: [{ id: 'entra:identity:t/agent-1', name: 'Research Agent', system: 'entra', human: false, via: 'itself' }],
  jira: { projects: 3, mostSensitive: 'restricted' },
  findings: [{ id: 'F-1', check: 'orphaned_ownership', title: 'Orphaned ownership', severity: 'CRITICAL', status: 'open' }],
};

it('shows each agent with its mark, type, departed sponsor, what it runs as, its Jira reach and its findings', async () => {
  listAgents.mockResolvedValue({ ok: true, data: { total: 1, items: [AGENT], scanned: true } });
  const onOpenFinding = vi.fn();
  const onOpenReach = vi.fn();
  render(<AgentsView search="" onOpenFinding={onOpenFinding} onOpenReach={onOpenReach} />);
  const row = await screen.findByTestId('agent-row');
  expect(listAgents).toHaveBeenLastCalledWith('', { offset: 0, limit: 50 });
  expect(within(row).getByLabelText('AI agent')).toBeTruthy();
  expect(row.textContent).toContain('Research Agent');
  expect(row.textContent).toContain('Entra agent identity');
  expect(within(row).getByTestId('owner-left').textContent).toMatch(/^left /);
  expect(row.textContent).toContain('Its own identity');
  expect(row.textContent).toContain('3 projects');
  expect(row.textContent).toContain('Restricted');
  fireEvent.click(within(row).getByTestId('agent-finding'));
  expect(onOpenFinding).toHaveBeenCalledWith('F-1');
  fireEvent.click(within(row).getByTestId('agent-reach'));
  expect(onOpenReach).toHaveBeenCalledWith(AGENT.id, 'Research Agent');
});

it('marks a person’s account an agent runs as', async () => {
  listAgents.mockResolvedValue({ ok: true, data: { total: 1, items: [{ ...AGENT, kind: 'workload', type: 'Copilot Studio agent', runsAs: [{ id: 'u1', name: 'Maria Garcia', system: 'entra', human: true, via: 'connection' }], jira: { projects: 0 }, findings: [] }], scanned: true } });
  render(<AgentsView search="" onOpenFinding={vi.fn()} />);
  const row = await screen.findByTestId('agent-row');
  expect(row.textContent).toContain('Maria Garcia');
  expect(row.textContent).toContain('a person’s account');
  expect(row.textContent).toContain('no project');
});

it('explains, without agents, what the app reads to find them and which permission makes them visible', async () => {
  listAgents.mockResolvedValue({ ok: true, data: { total: 0, items: [], scanned: true } });
  render(<AgentsView search="" onOpenFinding={vi.fn()} />);
  const empty = await screen.findByTestId('agents-empty');
  expect(empty.textContent).toContain('No AI agents found');
  expect(empty.textContent).toContain('Entra agent identities');
  expect(empty.textContent).toContain('AgentIdentity.Read.All');
});

it('passes the search to the resolver and says when nothing matches', async () => {
  listAgents.mockResolvedValue({ ok: true, data: { total: 0, items: [], scanned: true } });
  render(<AgentsView search="nobody" onOpenFinding={vi.fn()} />);
  await waitFor(() => expect(listAgents).toHaveBeenLastCalledWith('nobody', { offset: 0, limit: 50 }));
  expect(await screen.findByText('No AI agent matches the search.')).toBeTruthy();
});

it('shows a refusal in words', async () => {
  listAgents.mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can see this page.' } });
  render(<AgentsView search="" onOpenFinding={vi.fn()} />);
  expect(await screen.findByText(/Only Jira administrators/)).toBeTruthy();
});
