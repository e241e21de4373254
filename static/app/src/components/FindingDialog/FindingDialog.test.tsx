import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';

// The drawing has its own tests (BlastRadius.test.tsx); here it is a placeholder, so ELK is not loaded.
vi.mock('../BlastRadius/BlastRadius', () => ({ BlastRadius: ({ label }: { label: string }) => <p data-testid="blast-radius-stub">{label}</p> }));
import { bridgeCalls } from '../../test/bridge-stub';
import { driftDetail } from '../../test/fixtures';
import { FindingDialog } from './FindingDialog';

vi.mock('../../api/getFinding', () => ({ getFinding: () => Promise.resolve({ ok: true, data: driftDetail }) }));
vi.mock('../../api/acknowledgeFinding', () => ({ acknowledgeFinding: () => Promise.resolve({ ok: true, data: { finding: { ...driftDetail.finding, status: 'acknowledged' } } }) }));

it('closes Jira’s dialog telling the page behind it that the finding changed', async () => {
  render(<FindingDialog id="F-1" surface="admin" />);
  fireEvent.click(await screen.findByTestId('acknowledge'));
  await waitFor(() => expect(screen.getByTestId('status-acknowledged')).toBeTruthy());
  expect(bridgeCalls.some((c) => c.name === 'emit')).toBe(true);
  fireEvent.click(screen.getByTestId('dialog-close'));
  await waitFor(() => expect(bridgeCalls).toContainEqual({ name: 'close', payload: { changed: true } }));
});

it('hands a root-cause group back to the page to list', async () => {
  render(<FindingDialog id="F-1" surface="admin" />);
  fireEvent.click(await screen.findByTestId('finding-group'));
  await waitFor(() => expect(bridgeCalls).toContainEqual({ name: 'close', payload: { changed: false, openGroup: 'G-1' } }));
});
