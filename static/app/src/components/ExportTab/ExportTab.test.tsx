import { fireEvent, render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { ExportTab } from './ExportTab';

const file = { fileName: 'securityv0-findings-2026-11-20.csv', mimeType: 'text/csv', content: '\uFEFF"id"\r\n', records: 29 };
vi.mock('../../api/exportFindings', () => ({ exportFindings: (format: string) => Promise.resolve({ ok: true, data: { ...file, format } }) }));
vi.mock('../../api/exportAccessReview', () => ({ exportAccessReview: () => Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong' } }) }));

it('says the browser is saving the file, and how many findings it holds', async () => {
  const save = vi.fn().mockReturnValue({ started: true });
  render(<ExportTab save={save} />);
  fireEvent.click(screen.getByTestId('export-findings-csv'));
  expect((await screen.findByTestId('export-result')).textContent).toContain('Your browser is saving securityv0-findings-2026-11-20.csv (29 findings).');
  expect(save).toHaveBeenCalledWith(expect.objectContaining({ fileName: 'securityv0-findings-2026-11-20.csv' }), true);
});

it('reports a download the browser blocked as not saved, and saves it from a click of its own', async () => {
  const save = vi.fn().mockReturnValueOnce({ started: false, reason: 'Your browser blocked the download.' }).mockReturnValue({ started: true });
  render(<ExportTab save={save} />);
  fireEvent.click(screen.getByTestId('export-findings-csv'));
  expect((await screen.findByTestId('export-failed')).textContent).toBe('Your browser blocked the download.');
  expect(screen.getByTestId('export-result').textContent).toContain('securityv0-findings-2026-11-20.csv was not saved');
  fireEvent.click(screen.getByTestId('export-save-again'));
  expect((await screen.findByTestId('export-result')).textContent).toContain('Your browser is saving');
  expect(save).toHaveBeenCalledTimes(2);
});

it('shows a refused export', async () => {
  render(<ExportTab save={vi.fn()} />);
  fireEvent.click(screen.getByTestId('export-access-review-json'));
  expect((await screen.findByTestId('export-result')).textContent).toContain('Something went wrong');
});
