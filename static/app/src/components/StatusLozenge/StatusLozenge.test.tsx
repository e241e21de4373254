import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { FormatProvider } from '../../format';
import { StatusLozenge } from './StatusLozenge';

it('shows the end of a risk acceptance in the user’s locale and time zone', () => {
  render(
    <FormatProvider locale="es-ES" timeZone="Europe/Madrid">
      <StatusLozenge status="risk_accepted" until="2027-01-31T23:59:59.000Z" />
    </FormatProvider>,
  );
  expect(screen.getByTestId('status-risk_accepted').textContent).toBe('Risk accepted until 1 feb 2027');
});

it('shows an open finding as Open', () => {
  render(<StatusLozenge status="open" />);
  expect(screen.getByTestId('status-open').textContent).toBe('Open');
});
