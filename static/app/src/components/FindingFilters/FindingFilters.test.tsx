import { act, fireEvent, render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { FindingFilters } from './FindingFilters';

it('sends the search to the resolver once typing stops', () => {
  vi.useFakeTimers();
  const onChange = vi.fn();
  render(<FindingFilters filters={{}} facets={{ checks: [], systems: ['jira'], owners: [] }} onChange={onChange} />);
  fireEvent.change(screen.getByTestId('filter-search'), { target: { value: 'Carlos' } });
  expect(onChange).not.toHaveBeenCalled();
  act(() => vi.advanceTimersByTime(350));
  expect(onChange).toHaveBeenCalledWith({ search: 'Carlos' });
  vi.useRealTimers();
});

it('labels every filter', () => {
  render(<FindingFilters filters={{}} facets={undefined} onChange={() => undefined} />);
  for (const name of ['Search', 'Severity', 'Check', 'System', 'Status', 'Owner']) expect(screen.getByLabelText(name)).toBeTruthy();
});
