import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import type { FindingListResponse, FindingRow } from '../../api/types';
import { FindingsTable } from './FindingsTable';

const row = (id: string, severity: FindingRow['severity']): FindingRow => ({
  id,
  check: 'orphaned_ownership',
  title: 'Every owner has left',
  severity,
  status: 'open',
  subject: { id: `s-${id}`, kind: 'workload', name: `Rule ${id}` },
  systems: ['jira'],
  owners: ['Carlos Ruiz'],
  summary: `Rule ${id} is owned only by Carlos Ruiz, who has left.`,
  lastSeenAt: '2026-11-20T06:00:00.000Z',
});

const page = (rows: FindingRow[], total = rows.length): FindingListResponse => ({ total, rows, facets: { checks: [{ id: 'orphaned_ownership', title: 'Every owner has left' }], systems: ['jira'], owners: ['Carlos Ruiz'] } });

it('asks the resolver for one page, sorted by severity, and shows the rows it returns in order', async () => {
  const load = vi.fn().mockResolvedValue({ ok: true, data: page([row('A', 'CRITICAL'), row('B', 'LOW')], 60) });
  render(<FindingsTable load={load} onOpen={() => undefined} />);
  await waitFor(() => expect(screen.getAllByTestId('finding-row')).toHaveLength(2));
  expect(load).toHaveBeenCalledWith({ filters: {}, sort: { field: 'severity', direction: 'desc' }, page: { offset: 0, limit: 25 } });
  expect(screen.getAllByTestId('finding-row').map((r) => r.getAttribute('data-finding-id'))).toEqual(['A', 'B']);
  expect(screen.getByTestId('findings-count').textContent).toContain('of 60 findings');
});

it('opens a finding with Enter on its focused row', async () => {
  const onOpen = vi.fn();
  render(<FindingsTable load={vi.fn().mockResolvedValue({ ok: true, data: page([row('A', 'HIGH')]) })} onOpen={onOpen} />);
  const tr = await screen.findByTestId('finding-row');
  expect(tr.getAttribute('tabindex')).toBe('0');
  fireEvent.keyDown(tr, { key: 'Enter' });
  expect(onOpen).toHaveBeenCalledWith('A');
});

it('shows a refusal and no rows', async () => {
  render(<FindingsTable load={vi.fn().mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'You cannot browse project DEALS' } })} onOpen={() => undefined} />);
  expect((await screen.findByTestId('refusal')).textContent).toContain('You cannot browse project DEALS');
  expect(screen.queryByTestId('finding-row')).toBeNull();
});
