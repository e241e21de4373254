import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { TrendChart } from './TrendChart';

it('draws one stacked bar per scan and describes it in words', () => {
  render(
    <TrendChart
      points={[
        { syncId: 's1', observedAt: '2026-08-20T06:00:00.000Z', total: 9, bySeverity: { HIGH: 3, MEDIUM: 6 } },
        { syncId: 's2', observedAt: '2026-11-20T06:00:00.000Z', total: 29, bySeverity: { CRITICAL: 5, HIGH: 6, MEDIUM: 8, LOW: 10 } },
      ]}
    />,
  );
  const svg = screen.getByRole('img');
  expect(svg.getAttribute('aria-label')).toBe('Findings per scan: 20 Aug 2026: 9; 20 Nov 2026: 29');
  expect(svg.querySelectorAll('rect')).toHaveLength(6);
});

it('says when there is nothing to draw', () => {
  render(<TrendChart points={[]} />);
  expect(screen.getByText('No scan has finished yet.')).toBeTruthy();
});
