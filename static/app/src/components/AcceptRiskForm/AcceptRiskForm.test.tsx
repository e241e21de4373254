import { fireEvent, render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { AcceptRiskForm, validateAcceptRisk } from './AcceptRiskForm';

it('requires a future date and a justification', () => {
  expect(validateAcceptRisk({ until: '', justification: '' }, '2026-11-23')).toEqual({
    until: 'Choose the date until which the risk is accepted.',
    justification: 'Say why the risk is acceptable: the justification is required.',
  });
  expect(validateAcceptRisk({ until: '2026-11-23', justification: 'x' }, '2026-11-23').until).toBe('The date must be after today.');
  expect(validateAcceptRisk({ until: '2027-01-31', justification: 'Vendor fix due in January' }, '2026-11-23')).toEqual({});
});

it('shows both errors and does not submit an empty form', () => {
  const onSubmit = vi.fn();
  render(<AcceptRiskForm onSubmit={onSubmit} onCancel={() => undefined} today="2026-11-23" />);
  fireEvent.click(screen.getByTestId('accept-risk-submit'));
  expect(onSubmit).not.toHaveBeenCalled();
  expect(screen.getByTestId('accept-risk-until-error').textContent).toContain('Choose the date');
  expect(screen.getByTestId('accept-risk-justification-error').textContent).toContain('justification is required');
});
