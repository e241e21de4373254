import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, expect, it, vi } from 'vitest';
import { overview } from '../../test/fixtures';
import { OverviewTab } from './OverviewTab';

const getOverview = vi.fn();
vi.mock('../../api/getOverview', () => ({ getOverview: () => getOverview() }));

beforeEach(() => getOverview.mockReset());

it('shows the verdict, the counts and each source of the last scan', async () => {
  getOverview.mockResolvedValue({ ok: true, data: overview });
  render(<OverviewTab />);
  expect((await screen.findByTestId('verdict')).textContent).toBe(overview.verdict);
  expect(screen.getByTestId('count-CRITICAL').textContent).toContain('5');
  expect(screen.getByTestId('count-LOW').textContent).toContain('0');
  expect(screen.getByTestId('count-acknowledged').textContent).toBe('1 acknowledged');
  expect(screen.getByTestId('last-scan').textContent).toContain('Entra service principals: 4 (HTTP 429)');
});

it('opens the list a count stands for, with exactly its filters', async () => {
  getOverview.mockResolvedValue({ ok: true, data: overview });
  const onOpenList = vi.fn();
  render(<OverviewTab onOpenList={onOpenList} />);
  fireEvent.click(await screen.findByTestId('count-CRITICAL'));
  expect(onOpenList).toHaveBeenLastCalledWith({ severity: ['CRITICAL'], status: ['open'] });
  fireEvent.click(screen.getByTestId('check-orphaned_ownership'));
  expect(onOpenList).toHaveBeenLastCalledWith({ check: ['orphaned_ownership'], status: ['open'] });
});

it('lists the app’s own health with the action that fixes each item, dated in the user’s locale', async () => {
  getOverview.mockResolvedValue({ ok: true, data: overview });
  const onHealthAction = vi.fn();
  render(<OverviewTab onHealthAction={onHealthAction} />);
  const item = await screen.findByTestId('health-entra-secret-t1');
  expect(item.textContent).toContain('expires on 15 Dec 2026');
  fireEvent.click(screen.getAllByTestId('health-action-settings')[0] as HTMLElement);
  expect(onHealthAction).toHaveBeenCalledWith({ label: 'Enter the new secret', kind: 'settings', section: 'entra', tenantId: 't1' });
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

it('tells a first run what to connect, with the button for each', async () => {
  const setup = [
    { id: 'setup-entra', level: 'warning' as const, title: 'Connect Microsoft Entra ID', detail: 'Register an app.', actions: [{ label: 'Connect Entra ID', kind: 'settings' as const, section: 'entra' as const }] },
    { id: 'setup-scan', level: 'info' as const, title: 'Run the first scan', detail: 'Scans also run every day.', actions: [{ label: 'Scan now', kind: 'scan' as const }] },
  ];
  getOverview.mockResolvedValue({ ok: true, data: { ...overview, health: setup, setup: { entraConnected: false, automationConnected: true, scanned: false }, lastSync: null } });
  const onHealthAction = vi.fn();
  render(<OverviewTab onHealthAction={onHealthAction} />);
  expect((await screen.findByTestId('setup')).textContent).toContain('Connect Microsoft Entra ID');
  expect(screen.queryByTestId('health')).toBeNull();
  fireEvent.click(screen.getByTestId('health-action-scan'));
  expect(onHealthAction).toHaveBeenCalledWith({ label: 'Scan now', kind: 'scan' });
});
