import { render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { App } from './App';

vi.mock('./api/getIssueFinding', () => ({ getIssueFinding: () => Promise.resolve({ ok: true, data: { issueKey: 'ITSM-1', detail: null } }) }));
vi.mock('./api/getFinding', () => ({ getFinding: () => Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: 'No finding F-9' } }) }));

const base = { moduleKey: 'sv0-issue-panel', theme: 'light' as const, locale: 'en-US', timeZone: 'UTC' };

it('renders the issue panel for the jira:issuePanel module', async () => {
  render(<App context={{ ...base, extension: { type: 'jira:issuePanel', issue: { key: 'ITSM-1' } } }} />);
  expect(await screen.findByTestId('issue-no-finding', {}, { timeout: 5000 })).toBeTruthy();
});

it('renders a finding in a dialog opened from the admin page', async () => {
  render(<App context={{ ...base, moduleKey: 'sv0-admin', extension: { type: 'jira:adminPage', modal: { view: 'finding', id: 'F-9' } } }} />);
  const dialog = await screen.findByTestId('finding-dialog', {}, { timeout: 5000 });
  await waitFor(() => expect(dialog.textContent).toContain('No finding F-9'), { timeout: 5000 });
});

it('says so for a module it does not know', () => {
  render(<App context={{ ...base, moduleKey: 'x', extension: { type: 'jira:dashboardGadget' }, theme: 'dark' }} />);
  expect(screen.getByTestId('refusal').textContent).toContain('cannot be shown here (jira:dashboardGadget)');
});
