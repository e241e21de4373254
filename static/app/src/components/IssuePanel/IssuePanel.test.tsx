import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { bridgeCalls } from '../../test/bridge-stub';
import { driftDetail } from '../../test/fixtures';
import { IssuePanel } from './IssuePanel';

const getIssueFinding = vi.fn();
const getIssuePermissions = vi.fn();
const acknowledgeIssueFinding = vi.fn();
vi.mock('../../api/getIssueFinding', () => ({ getIssueFinding: () => getIssueFinding() }));
vi.mock('../../api/getIssuePermissions', () => ({ getIssuePermissions: () => getIssuePermissions() }));
vi.mock('../../api/acknowledgeIssueFinding', () => ({ acknowledgeIssueFinding: (id: string) => acknowledgeIssueFinding(id) }));

it('says quietly that no finding is linked', async () => {
  getIssueFinding.mockResolvedValue({ ok: true, data: { issueKey: 'ITSM-99', detail: null } });
  getIssuePermissions.mockResolvedValue({ ok: true, data: { canTriage: false } });
  render(<IssuePanel />);
  expect((await screen.findByTestId('issue-no-finding')).textContent).toBe('No SecurityV0 finding is linked to this issue.');
});

it('is a glance: severity, the story in a line, the owner (marked as left), the next step, and the finding in a dialog', async () => {
  getIssueFinding.mockResolvedValue({ ok: true, data: { issueKey: 'ITSM-11', detail: driftDetail } });
  getIssuePermissions.mockResolvedValue({ ok: true, data: { canTriage: false } });
  render(<IssuePanel />);
  await screen.findByTestId('issue-panel');
  expect(screen.getByTestId('severity-HIGH')).toBeTruthy();
  expect(screen.getByTestId('issue-story').textContent).toBe('Flow now also reaches CONTENT.');
  expect(screen.getByTestId('issue-owner').textContent).toContain('left 3 Nov 2026');
  expect(screen.getByTestId('issue-next-step').textContent).toContain('Remove Maria Garcia from the Member role of CONTENT');
  expect(screen.queryByTestId('issue-acknowledge')).toBeNull();
  fireEvent.click(screen.getByTestId('issue-open-finding'));
  await waitFor(() => expect(bridgeCalls).toContainEqual({ name: 'openModal', payload: { view: 'finding', id: 'F-1' } }));
});

it('lets an administrator acknowledge from the panel, and tells the app’s other frames', async () => {
  getIssueFinding.mockResolvedValue({ ok: true, data: { issueKey: 'ITSM-11', detail: driftDetail } });
  getIssuePermissions.mockResolvedValue({ ok: true, data: { canTriage: true } });
  acknowledgeIssueFinding.mockResolvedValue({ ok: true, data: { finding: { ...driftDetail.finding, status: 'acknowledged' } } });
  render(<IssuePanel />);
  fireEvent.click(await screen.findByTestId('issue-acknowledge'));
  await waitFor(() => expect(acknowledgeIssueFinding).toHaveBeenCalledWith('F-1'));
  await waitFor(() => expect(bridgeCalls.some((c) => c.name === 'emit')).toBe(true));
});
