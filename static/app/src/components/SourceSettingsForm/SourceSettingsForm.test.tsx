import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, expect, it, vi } from 'vitest';
import type { SourceSettingsView } from '../../api/types';
import { SourceSettingsForm } from './SourceSettingsForm';

const save = vi.fn();
const test = vi.fn();
const remove = vi.fn();
vi.mock('../../api/sourceSettings', () => ({
  saveSourceSettings: (id: string, values: unknown, secrets: unknown) => save(id, values, secrets),
  testSourceConnection: (id: string) => test(id),
  removeSourceSettings: (id: string) => remove(id),
}));

const off: SourceSettingsView = {
  id: 'example',
  label: 'Example Cloud',
  description: 'Reads the example organisation with an admin key.',
  configured: false,
  canTest: true,
  fields: [
    { key: 'orgId', label: 'Organization ID', help: 'From the admin URL.', kind: 'text', value: '' },
    { key: 'apiKey', label: 'API key', help: 'An organization API key.', kind: 'secret', stored: false },
  ],
};
const on: SourceSettingsView = { ...off, configured: true, fields: off.fields.map((f) => (f.kind === 'text' ? { ...f, value: 'org-1' } : { ...f, stored: true })) };

beforeEach(() => {
  save.mockReset().mockResolvedValue({ ok: true, data: { id: 'example', saved: true } });
  test.mockReset();
  remove.mockReset().mockResolvedValue({ ok: true, data: { id: 'example', removed: true } });
});

it('draws the fields the source describes and names each missing one before sending anything', async () => {
  render(<SourceSettingsForm source={off} onChanged={() => undefined} />);
  expect(screen.getByText('Reads the example organisation with an admin key.')).toBeTruthy();
  expect(screen.queryByTestId('source-test-button-example')).toBeNull();
  fireEvent.click(screen.getByTestId('source-save-example'));
  expect(await screen.findByText('Enter the Organization ID.')).toBeTruthy();
  expect(screen.getByText('Enter the API key.')).toBeTruthy();
  expect(save).not.toHaveBeenCalled();
});

it('sends the values and the secret once, then keeps the secret out of the form', async () => {
  const changed = vi.fn();
  render(<SourceSettingsForm source={off} onChanged={changed} />);
  fireEvent.change(screen.getByLabelText('Organization ID'), { target: { value: ' org-1 ' } });
  fireEvent.change(screen.getByLabelText('API key'), { target: { value: 'k3y' } });
  fireEvent.click(screen.getByTestId('source-save-example'));
  await waitFor(() => expect(changed).toHaveBeenCalled());
  expect(save).toHaveBeenCalledWith('example', { orgId: 'org-1' }, { apiKey: 'k3y' });
  expect((screen.getByLabelText('API key') as HTMLInputElement).value).toBe('');
});

it('keeps a stored secret when saved empty, and shows each permission of Test connection', async () => {
  test.mockResolvedValue({ ok: true, data: { id: 'example', ok: false, permissions: [{ name: 'read:org', why: 'the organisation', granted: true }, { name: 'read:audit', why: 'activity', granted: false }, { name: 'read:keys', why: 'keys', granted: 'unknown' }] } });
  render(<SourceSettingsForm source={on} onChanged={() => undefined} />);
  expect((screen.getByLabelText('API key') as HTMLInputElement).placeholder).toBe('Stored; leave empty to keep it');
  fireEvent.click(screen.getByTestId('source-save-example'));
  await waitFor(() => expect(save).toHaveBeenCalledWith('example', { orgId: 'org-1' }, {}));
  fireEvent.click(screen.getByTestId('source-test-button-example'));
  const result = await screen.findByTestId('source-test-example');
  expect(result.textContent).toContain('1 permission is missing');
  expect(screen.getByTestId('source-permission-read:audit').getAttribute('data-granted')).toBe('false');
  expect(screen.getByTestId('source-permission-read:keys').textContent).toContain('Not proven');
});

it('turns the source off', async () => {
  const changed = vi.fn();
  render(<SourceSettingsForm source={on} onChanged={changed} />);
  fireEvent.click(screen.getByTestId('source-remove-example'));
  await waitFor(() => expect(changed).toHaveBeenCalled());
  expect(remove).toHaveBeenCalledWith('example');
  expect(screen.getByRole('status').textContent).toContain('Example Cloud is off');
});
