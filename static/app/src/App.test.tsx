import { render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { App } from './App';

vi.mock('./api/getIssueFinding', () => ({ getIssueFinding: () => Promise.resolve({ ok: true, data: { issueKey: 'ITSM-1', detail: null } }) }));

it('renders the issue panel for the jira:issuePanel module', async () => {
  render(<App context={{ moduleKey: 'sv0-issue-panel', extension: { type: 'jira:issuePanel', issue: { key: 'ITSM-1' } }, theme: 'light' }} />);
  expect(await screen.findByTestId('issue-no-finding')).toBeTruthy();
});

it('says so for a module it does not know', () => {
  render(<App context={{ moduleKey: 'x', extension: { type: 'jira:dashboardGadget' }, theme: 'dark' }} />);
  expect(screen.getByTestId('refusal').textContent).toContain('cannot be shown here (jira:dashboardGadget)');
});
