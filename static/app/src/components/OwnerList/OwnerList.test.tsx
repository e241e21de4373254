import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { OwnerList } from './OwnerList';

it('marks who left and when; a date first seen is an upper bound', () => {
  render(
    <OwnerList
      owners={[
        { name: 'Carlos Ruiz', kind: 'person', departed: true, leftAt: '2026-11-03T09:02:11.874Z', leftAtSource: 'jira-audit' },
        { name: 'Ana Torres', kind: 'person', departed: true, leftAt: '2026-11-20T06:00:00.000Z', leftAtSource: 'first-seen' },
        { name: 'Maria Garcia', kind: 'person', departed: false },
      ]}
    />,
  );
  expect(screen.getAllByTestId('owner-left').map((l) => l.textContent)).toEqual(['left 3 Nov 2026', 'left by 20 Nov 2026']);
});

it('says when there is nobody', () => {
  render(<OwnerList owners={[]} />);
  expect(screen.getByText('none recorded')).toBeTruthy();
});
