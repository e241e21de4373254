import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { StatusLozenge } from './StatusLozenge';

it('shows the end of a risk acceptance', () => {
  render(<StatusLozenge status="risk_accepted" until="2027-01-31T00:00:00.000Z" />);
  expect(screen.getByTestId('status-risk_accepted').textContent).toBe('Risk accepted until 2027-01-31');
});

it('shows an open finding as Open', () => {
  render(<StatusLozenge status="open" />);
  expect(screen.getByTestId('status-open').textContent).toBe('Open');
});
