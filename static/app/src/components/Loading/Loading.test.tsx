import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { Loading } from './Loading';

it('announces what is loading', () => {
  render(<Loading label="Loading findings" />);
  expect(screen.getByRole('status').textContent).toContain('Loading findings');
});
