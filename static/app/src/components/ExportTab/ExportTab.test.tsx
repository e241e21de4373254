import { fireEvent, render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { ExportTab } from './ExportTab';

const file = { fileName: 'securityv0-findings.csv', mimeType: 'text/csv', content: '"id"\r\n' };
vi.mock('../../api/exportFindings', () => ({ exportFindings: (format: string) => Promise.resolve({ ok: true, data: { ...file, format } }) }));
vi.mock('../../api/exportAccessReview', () => ({ exportAccessReview: () => Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong' } }) }));

it('saves the file the resolver produced', async () => {
  const save = vi.fn();
  render(<ExportTab save={save} />);
  fireEvent.click(screen.getByTestId('export-findings-csv'));
  expect((await screen.findByTestId('export-result')).textContent).toContain('Saved securityv0-findings.csv');
  expect(save).toHaveBeenCalledWith(expect.objectContaining({ fileName: 'securityv0-findings.csv', format: 'csv' }));
});

it('shows a refused export', async () => {
  render(<ExportTab save={vi.fn()} />);
  fireEvent.click(screen.getByTestId('export-access-review-json'));
  expect((await screen.findByTestId('export-result')).textContent).toContain('Something went wrong');
});
