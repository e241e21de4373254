import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { SeverityLozenge } from './SeverityLozenge';

it('names the severity in words', () => {
  render(<SeverityLozenge severity="CRITICAL" />);
  expect(screen.getByTestId('severity-CRITICAL').textContent).toBe('Critical');
});
