import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { expect, it, vi } from 'vitest';

// The drawing has its own tests (BlastRadius.test.tsx); here it is a placeholder, so ELK is not loaded.
vi.mock('../BlastRadius/BlastRadius', () => ({ BlastRadius: ({ label }: { label: string }) => <p data-testid="blast-radius-stub">{label}</p> }));
import { bridgeCalls } from '../../test/bridge-stub';
import { driftDetail } from '../../test/fixtures';
import { FindingDetail, radiusFromChain } from './FindingDetail';

it('shows the four fixed sections, what is new since the baseline and the grant that brought it', () => {
  render(<FindingDetail detail={driftDetail} />);
  expect(screen.getByTestId('section-what-happened').textContent).toContain('Flow now also reaches CONTENT.');
  expect(screen.getByTestId('section-am-i-exposed').textContent).toContain('Access flows into automations.');
  expect(screen.getByTestId('drift-callout').textContent).toContain('CONTENT Content Pipeline (restricted)');
  expect(screen.getByTestId('drift-callout').textContent).toContain('Brought by: Maria Garcia was given the Member role of CONTENT');
  expect(screen.getByTestId('evidence-list').textContent).toContain('Added since baseline: CONTENT Content Pipeline');
  expect(screen.queryByTestId('finding-actions')).toBeNull();
});

it('marks an owner who left, with the date in the user’s locale', () => {
  render(<FindingDetail detail={driftDetail} />);
  const owners = within(screen.getByTestId('section-who-owns-it'));
  expect(owners.getAllByTestId('owner-left').map((l) => l.textContent)).toEqual(['left 3 Nov 2026']);
  expect(owners.getByText('(Atlassian account inactive)')).toBeTruthy();
});

it('names each fix with its impact and opens where it happens through Jira’s router', async () => {
  render(<FindingDetail detail={driftDetail} />);
  const fixes = screen.getAllByTestId('fix');
  expect(fixes).toHaveLength(2);
  expect(within(fixes[0] as HTMLElement).getByTestId('fix-impact').textContent).toBe('Removing Maria Garcia from the Member role of CONTENT closes 1 finding and cuts its reach to CONTENT Content Pipeline.');
  fireEvent.click(within(fixes[1] as HTMLElement).getByTestId('fix-link'));
  await waitFor(() => expect(bridgeCalls).toContainEqual({ name: 'open', payload: 'https://make.powerautomate.com/environments/env/flows/f/details' }));
  fireEvent.click(within(fixes[0] as HTMLElement).getByTestId('fix-link'));
  await waitFor(() => expect(bridgeCalls).toContainEqual({ name: 'navigate', payload: '/plugins/servlet/project-config/CONTENT/people' }));
});

it('opens the ticket through the router', async () => {
  render(<FindingDetail detail={driftDetail} />);
  fireEvent.click(screen.getByTestId('ticket-link'));
  await waitFor(() => expect(bridgeCalls).toContainEqual({ name: 'navigate', payload: { target: 'issue', issueKey: 'ITSM-11' } }));
});

it('acknowledges through the action and shows the new status', async () => {
  const acknowledge = vi.fn().mockResolvedValue({ ok: true, data: { finding: { ...driftDetail.finding, status: 'acknowledged' } } });
  render(<FindingDetail detail={driftDetail} actions={{ acknowledge, acceptRisk: vi.fn() }} />);
  fireEvent.click(screen.getByTestId('acknowledge'));
  await waitFor(() => expect(screen.getByTestId('status-acknowledged')).toBeTruthy());
  expect(acknowledge).toHaveBeenCalledWith('F-1');
  expect(screen.getByTestId('finding-action-result').textContent).toContain('now the baseline');
});

it('shows a refused action in words', async () => {
  const acknowledge = vi.fn().mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can use this page' } });
  render(<FindingDetail detail={driftDetail} actions={{ acknowledge, acceptRisk: vi.fn() }} />);
  fireEvent.click(screen.getByTestId('acknowledge'));
  await waitFor(() => expect(screen.getByTestId('finding-action-result').textContent).toContain('Only Jira administrators'));
});

it('draws a finding stored without a blast radius from its chain', () => {
  const radius = radiusFromChain(driftDetail.finding);
  expect(radius.nodes.map((n) => n.name)).toEqual(['Sync Deal Issues to Teams', 'CONTENT Content Pipeline']);
  expect(radius.edges).toHaveLength(1);
});

it('reads a chain that starts at an AI agent hop by hop, the agent first with its mark; other chains show no such path', () => {
  const agentId = 'entra:identity:t/agent';
  const detail = {
    ...driftDetail,
    finding: {
      ...driftDetail.finding,
      check: 'orphaned_ownership',
      subject: { id: agentId, kind: 'identity' as const, name: 'Rights Research Agent', agent: 'Entra agent identity' },
      chain: [agentId, 'people:owner:carlos'],
      chainNodes: [
        { id: agentId, kind: 'identity' as const, name: 'Rights Research Agent', system: 'entra', agent: 'Entra agent identity' },
        { id: 'people:owner:carlos', kind: 'owner' as const, name: 'Carlos Ruiz', system: 'people', via: { kind: 'OWNED_BY' as const, basis: 'observed' as const } },
      ],
    },
    insight: undefined,
    blast: undefined,
  };
  render(<FindingDetail detail={detail} />);
  const path = screen.getByTestId('agent-path');
  expect(path.textContent).toBe('AI agent Rights Research Agent(Entra agent identity)→ owned by →Carlos Ruiz');
  expect(within(path).getAllByTestId('agent-icon')).toHaveLength(1);
  expect(screen.getByTestId('finding-subject-agent').textContent).toBe('AI agent');
});

it('shows no agent path or mark for a chain that does not start at an agent', () => {
  render(<FindingDetail detail={driftDetail} />);
  expect(screen.queryByTestId('agent-path')).toBeNull();
  expect(screen.queryByTestId('finding-subject-agent')).toBeNull();
});
