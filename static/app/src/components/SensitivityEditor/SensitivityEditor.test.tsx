import { fireEvent, render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { SensitivityEditor } from './SensitivityEditor';

it('adds and removes classified resources', () => {
  const onChange = vi.fn();
  render(<SensitivityEditor id="mailboxes" title="Mailboxes" keyLabel="Mailbox" entries={{ 'ceo@mediapro.tv': { level: 'confidential' } }} onChange={onChange} />);
  fireEvent.change(screen.getByLabelText('Add mailbox'), { target: { value: 'legal@mediapro.tv' } });
  fireEvent.click(screen.getByText('Add'));
  expect(onChange).toHaveBeenLastCalledWith({ 'ceo@mediapro.tv': { level: 'confidential' }, 'legal@mediapro.tv': { level: 'confidential' } });
  fireEvent.click(screen.getByText('Remove'));
  expect(onChange).toHaveBeenLastCalledWith({});
});
