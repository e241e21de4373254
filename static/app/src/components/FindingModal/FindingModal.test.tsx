import { render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { driftDetail } from '../../test/fixtures';
import { FindingModal } from './FindingModal';

it('loads the finding by id and shows its detail', async () => {
  const load = vi.fn().mockResolvedValue({ ok: true, data: driftDetail });
  render(<FindingModal id="F-1" load={load} onClose={() => undefined} />);
  await waitFor(() => expect(screen.getByTestId('finding-detail')).toBeTruthy());
  expect(load).toHaveBeenCalledWith('F-1');
});

it('shows a refusal instead of a blank dialog', async () => {
  const load = vi.fn().mockResolvedValue({ ok: false, error: { code: 'NOT_FOUND', message: 'Finding F-9 does not touch project DEALS' } });
  render(<FindingModal id="F-9" load={load} onClose={() => undefined} />);
  await waitFor(() => expect(screen.getByTestId('refusal').textContent).toContain('does not touch project DEALS'));
});
