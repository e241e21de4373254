import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { Refusal } from './Refusal';

it('renders the refusal message as text, with a title for its code', () => {
  render(<Refusal error={{ code: 'FORBIDDEN', message: 'Only Jira administrators can use this page <b>x</b>' }} />);
  const message = screen.getByTestId('refusal');
  expect(message.textContent).toContain('You do not have access');
  expect(message.textContent).toContain('Only Jira administrators can use this page <b>x</b>');
  expect(message.querySelector('b')).toBeNull();
});
