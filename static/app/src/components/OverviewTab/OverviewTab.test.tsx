import { render, screen, waitFor } from '@testing-library/react';
import { beforeEach, expect, it, vi } from 'vitest';
import type { Overview } from '../../api/types';
import { OverviewTab } from './OverviewTab';

const getOverview = vi.fn();
vi.mock('../../api/getOverview', () => ({ getOverview: () => getOverview() }));

const overview: Overview = {
  verdict: '5 critical and 6 high findings need an owner’s attention.',
  bySeverity: { CRITICAL: 5, HIGH: 6 },
  byCheck: [{ check: 'orphaned_ownership', title: 'Every owner has left', severity: 'CRITICAL', count: 5 }],
  lastSync: { syncId: 's2', status: 'partial', trigger: 'scheduled', requestedAt: '2026-11-20T06:00:00Z', observedAt: '2026-11-20T06:00:00Z', finishedAt: '2026-11-20T06:01:00Z', steps: [{ id: 'graph', label: 'Entra service principals', status: 'partial', count: 4, reason: 'HTTP 429' }] },
  running: null,
  trend: [],
  ticketsWaiting: 0,
};

beforeEach(() => getOverview.mockReset());

it('shows the verdict, the counts and each source of the last scan', async () => {
  getOverview.mockResolvedValue({ ok: true, data: overview });
  render(<OverviewTab />);
  expect((await screen.findByTestId('verdict')).textContent).toBe(overview.verdict);
  expect(screen.getByTestId('count-CRITICAL').textContent).toContain('5');
  expect(screen.getByTestId('count-LOW').textContent).toContain('0');
  expect(screen.getByTestId('last-scan').textContent).toContain('Entra service principals: 4 (HTTP 429)');
});

it('polls while a scan runs and shows its progress', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  getOverview.mockResolvedValueOnce({ ok: true, data: { ...overview, running: { ...overview.lastSync, status: 'running', done: 2, total: 8, current: 'Jira users' } } });
  getOverview.mockResolvedValue({ ok: true, data: overview });
  render(<OverviewTab />);
  expect((await screen.findByTestId('scan-progress')).textContent).toContain('Step 3 of 8: Jira users');
  await vi.advanceTimersByTimeAsync(2100);
  await waitFor(() => expect(screen.queryByTestId('scan-progress')).toBeNull());
  expect(getOverview).toHaveBeenCalledTimes(2);
  vi.useRealTimers();
});

it('renders a refusal', async () => {
  getOverview.mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can use this page' } });
  render(<OverviewTab />);
  expect((await screen.findByTestId('refusal')).textContent).toContain('Only Jira administrators');
});
