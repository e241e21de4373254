import { render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { ProjectPage } from './ProjectPage';

const listProjectFindings = vi.fn();
vi.mock('../../api/listProjectFindings', () => ({ listProjectFindings: (r: unknown) => listProjectFindings(r) }));

it('shows a clear refusal and no finding to someone who cannot browse the project', async () => {
  listProjectFindings.mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'You cannot browse project DEALS' } });
  render(<ProjectPage projectKey="DEALS" />);
  expect((await screen.findByTestId('refusal')).textContent).toContain('You cannot browse project DEALS');
  expect(screen.queryByTestId('finding-row')).toBeNull();
});

it('says plainly when nothing risky reaches the project', async () => {
  listProjectFindings.mockResolvedValue({ ok: true, data: { projectKey: 'QUIET', total: 0, rows: [], facets: { checks: [], systems: [], owners: [] } } });
  render(<ProjectPage projectKey="QUIET" />);
  expect((await screen.findByTestId('project-empty')).textContent).toContain('Nothing risky reaches QUIET');
});
