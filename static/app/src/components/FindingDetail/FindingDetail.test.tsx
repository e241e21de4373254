import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { driftDetail } from '../../test/fixtures';
import { FindingDetail } from './FindingDetail';


it('shows the four fixed sections, the chain and the evidence', () => {
  render(<FindingDetail detail={driftDetail} />);
  expect(screen.getByTestId('section-what-happened').textContent).toContain('Flow now also reaches CONTENT.');
  expect(screen.getByTestId('section-am-i-exposed').textContent).toContain('Access flows into automations.');
  expect(screen.getByTestId('section-who-owns-it').textContent).toContain('No owner is recorded');
  expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toContain('Check why.');
  expect(screen.getAllByTestId('chain-node')).toHaveLength(2);
  expect(screen.getByTestId('evidence-list').textContent).toContain('Added since baseline: CONTENT Content Pipeline');
  expect(screen.queryByTestId('finding-actions')).toBeNull();
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
