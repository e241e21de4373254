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
