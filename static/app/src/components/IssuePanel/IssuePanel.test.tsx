import { render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { driftDetail } from '../../test/fixtures';
import { IssuePanel } from './IssuePanel';

const getIssueFinding = vi.fn();
vi.mock('../../api/getIssueFinding', () => ({ getIssueFinding: () => getIssueFinding() }));

it('says quietly that no finding is linked', async () => {
  getIssueFinding.mockResolvedValue({ ok: true, data: { issueKey: 'ITSM-99', detail: null } });
  render(<IssuePanel />);
  expect((await screen.findByTestId('issue-no-finding')).textContent).toBe('No SecurityV0 finding is linked to this issue.');
});

it('shows the linked finding live', async () => {
  getIssueFinding.mockResolvedValue({ ok: true, data: { issueKey: 'ITSM-11', detail: driftDetail } });
  render(<IssuePanel />);
  expect((await screen.findByTestId('finding-detail')).getAttribute('data-check')).toBe('scope_drift');
});
