import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { RootCauseGroups } from './RootCauseGroups';

const acknowledgeGroup = vi.fn();
vi.mock('../../api/listFindingGroups', () => ({
  listFindingGroups: () =>
    Promise.resolve({
      ok: true,
      data: [{ id: 'G-1', kind: 'owner_left', title: 'Carlos Ruiz left', detail: '5 automations and integrations have no owner since Carlos Ruiz left.', findingIds: ['F-1', 'F-2', 'F-3', 'F-4', 'F-5'], severity: 'CRITICAL', at: '2026-11-03T09:02:11.874Z', atSource: 'jira-audit', open: 5 }],
    }),
}));
vi.mock('../../api/acknowledgeGroup', () => ({ acknowledgeGroup: (id: string) => acknowledgeGroup(id) }));

it('shows a departed person’s findings as one group, dated, and acknowledges them together', async () => {
  acknowledgeGroup.mockResolvedValue({ ok: true, data: { acknowledged: ['F-1', 'F-2', 'F-3', 'F-4', 'F-5'], skipped: [] } });
  const onChanged = vi.fn();
  const onShow = vi.fn();
  render(<RootCauseGroups onShow={onShow} onChanged={onChanged} />);
  const group = await screen.findByTestId('root-cause-group');
  expect(group.textContent).toContain('Carlos Ruiz left on 3 Nov 2026');
  fireEvent.click(screen.getByTestId('group-show'));
  expect(onShow).toHaveBeenCalledWith(expect.objectContaining({ id: 'G-1' }));
  fireEvent.click(screen.getByTestId('group-acknowledge'));
  await waitFor(() => expect(onChanged).toHaveBeenCalled());
  expect(acknowledgeGroup).toHaveBeenCalledWith('G-1');
  expect(screen.getByTestId('group-action-result').textContent).toContain('Acknowledged 5 findings of Carlos Ruiz left');
});
