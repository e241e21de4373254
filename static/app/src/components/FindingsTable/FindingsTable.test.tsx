import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import type { FindingListResponse, FindingRow } from '../../api/types';
import { row } from '../../test/fixtures';
import { FindingsTable } from './FindingsTable';

const page = (rows: FindingRow[], total = rows.length): FindingListResponse => ({ total, rows, facets: { checks: [{ id: 'orphaned_ownership', title: 'Every owner has left' }], systems: ['jira'], owners: ['Carlos Ruiz'] } });

it('asks the resolver for one page, sorted by severity, and shows the rows it returns in order', async () => {
  const load = vi.fn().mockResolvedValue({ ok: true, data: page([row('A', 'CRITICAL'), row('B', 'LOW')], 60) });
  render(<FindingsTable load={load} onOpen={() => undefined} />);
  await waitFor(() => expect(screen.getAllByTestId('finding-row')).toHaveLength(2));
  expect(load).toHaveBeenCalledWith({ filters: {}, sort: { field: 'severity', direction: 'desc' }, page: { offset: 0, limit: 25 } });
  expect(screen.getAllByTestId('finding-row').map((r) => r.getAttribute('data-finding-id'))).toEqual(['A', 'B']);
  expect(screen.getByTestId('findings-count').textContent).toContain('of 60 findings');
});

it('opens a finding from the button of its title, which Tab reaches; focus comes back to it when the finding closes', async () => {
  let close: () => void = () => undefined;
  const onOpen = vi.fn(() => new Promise<void>((resolve) => (close = resolve)));
  render(<FindingsTable load={vi.fn().mockResolvedValue({ ok: true, data: page([row('A', 'HIGH')]) })} onOpen={onOpen} />);
  const button = await screen.findByTestId('finding-open');
  expect(button.tagName).toBe('BUTTON');
  expect(button.getAttribute('aria-label')).toBe('Every owner has left: Rule A');
  fireEvent.click(button);
  expect(onOpen).toHaveBeenCalledWith('A');
  button.blur();
  close();
  await waitFor(() => expect(document.activeElement).toBe(button));
});

it('marks an owner who left', async () => {
  render(<FindingsTable load={vi.fn().mockResolvedValue({ ok: true, data: page([row('A', 'HIGH')]) })} onOpen={() => undefined} />);
  expect((await screen.findByTestId('owner-left')).textContent).toBe('left 3 Nov 2026');
});

it('exports what its filters show', async () => {
  const exportFiltered = vi.fn().mockResolvedValue({ ok: false, error: { code: 'INTERNAL', message: 'nope' } });
  render(<FindingsTable load={vi.fn().mockResolvedValue({ ok: true, data: page([row('A', 'HIGH')]) })} onOpen={() => undefined} initialFilters={{ severity: ['HIGH'] }} exportFiltered={exportFiltered} />);
  fireEvent.click(await screen.findByTestId('export-filtered-csv'));
  await waitFor(() => expect(exportFiltered).toHaveBeenCalledWith('csv', { filters: { severity: ['HIGH'] }, sort: { field: 'severity', direction: 'desc' } }));
});

it('shows a refusal and no rows', async () => {
  render(<FindingsTable load={vi.fn().mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'You cannot browse project DEALS' } })} onOpen={() => undefined} />);
  expect((await screen.findByTestId('refusal')).textContent).toContain('You cannot browse project DEALS');
  expect(screen.queryByTestId('finding-row')).toBeNull();
});
