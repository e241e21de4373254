import { render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { AdminPage } from './AdminPage';

const getOverview = vi.fn();
vi.mock('../../api/getOverview', () => ({ getOverview: () => getOverview() }));

it('shows only the refusal to a caller who is not a Jira administrator', async () => {
  getOverview.mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can use this page' } });
  render(<AdminPage />);
  expect((await screen.findByTestId('refusal')).textContent).toContain('Only Jira administrators can use this page');
  expect(screen.queryByTestId('admin-page')).toBeNull();
});

it('shows the five tabs to an administrator', async () => {
  getOverview.mockResolvedValue({ ok: true, data: { verdict: 'No critical or high finding is open.', bySeverity: {}, byCheck: [], lastSync: null, running: null, trend: [], ticketsWaiting: 0 } });
  render(<AdminPage />);
  await screen.findByTestId('admin-page');
  expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Overview', 'Findings', 'Inventory', 'Settings', 'Export']);
});
