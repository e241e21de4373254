import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { closeLastDialog, bridgeCalls } from '../../test/bridge-stub';
import { overview, row } from '../../test/fixtures';
import { AdminPage } from './AdminPage';

const getOverview = vi.fn();
const listFindings = vi.fn();
vi.mock('../../api/getOverview', () => ({ getOverview: () => getOverview() }));
vi.mock('../../api/listFindings', () => ({ listFindings: (r: unknown) => listFindings(r) }));

it('shows only the refusal to a caller who is not a Jira administrator', async () => {
  getOverview.mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can use this page' } });
  render(<AdminPage />);
  expect((await screen.findByTestId('refusal')).textContent).toContain('Only Jira administrators can use this page');
  expect(screen.queryByTestId('admin-page')).toBeNull();
});

it('shows the five tabs to an administrator', async () => {
  getOverview.mockResolvedValue({ ok: true, data: overview });
  render(<AdminPage />);
  await screen.findByTestId('admin-page');
  expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Overview', 'Findings', 'Inventory', 'Settings', 'Export']);
});

it('opens the list a count stands for, and a finding in Jira’s dialog; a change made there reloads the list', async () => {
  getOverview.mockResolvedValue({ ok: true, data: overview });
  listFindings.mockResolvedValue({ ok: true, data: { total: 1, rows: [row('A', 'CRITICAL')], facets: { checks: [], systems: [], owners: [] } } });
  render(<AdminPage />);
  fireEvent.click(await screen.findByTestId('count-CRITICAL'));
  await waitFor(() => expect(listFindings).toHaveBeenCalledWith(expect.objectContaining({ filters: { severity: ['CRITICAL'], status: ['open'] } })));
  fireEvent.click(await screen.findByTestId('finding-open'));
  await waitFor(() => expect(bridgeCalls).toContainEqual({ name: 'openModal', payload: { view: 'finding', id: 'A' } }));
  const calls = listFindings.mock.calls.length;
  closeLastDialog({ changed: true });
  await waitFor(() => expect(listFindings.mock.calls.length).toBeGreaterThan(calls));
});
