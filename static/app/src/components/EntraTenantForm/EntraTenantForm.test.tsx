import { fireEvent, render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { EntraTenantForm } from './EntraTenantForm';

const testConnection = vi.fn();
const saveEntraTenant = vi.fn();
vi.mock('../../api/testConnection', () => ({ testConnection: (id: string) => testConnection(id) }));
vi.mock('../../api/saveEntraTenant', () => ({ saveEntraTenant: (input: unknown) => saveEntraTenant(input) }));

const tenant = { tenantId: '6f1d2c8a-3b47-4e9a-9c15-2d7e8b4a0f63', clientId: '21e4935b-c19e-46e7-b4e7-758d4076d255', displayName: 'Grup MediaPro', hasClientSecret: true };

it('never shows the secret: the empty field says it is stored', () => {
  render(<EntraTenantForm tenant={tenant} onSaved={() => undefined} />);
  const field = screen.getByLabelText('Client secret') as HTMLInputElement;
  expect(field.value).toBe('');
  expect(field.type).toBe('password');
  expect(field.placeholder).toBe('stored');
});

it('shows each required permission as granted or missing', async () => {
  testConnection.mockResolvedValue({ ok: true, data: { tenantId: tenant.tenantId, ok: false, permissions: [{ name: 'User.Read.All', why: 'owners', granted: true }, { name: 'User-LifeCycleInfo.Read.All', why: 'leave dates', granted: false }] } });
  render(<EntraTenantForm tenant={tenant} onSaved={() => undefined} />);
  fireEvent.click(screen.getByText('Test connection'));
  expect((await screen.findByTestId('permission-User-LifeCycleInfo.Read.All')).textContent).toContain('Missing');
  expect(screen.getByTestId('permission-User.Read.All').textContent).toContain('Granted');
  expect(testConnection).toHaveBeenCalledWith(tenant.tenantId);
});

it('refuses to add a tenant without ids and a secret, before asking the resolver', () => {
  render(<EntraTenantForm onSaved={() => undefined} />);
  fireEvent.click(screen.getByText('Add tenant'));
  expect(screen.getByText('Enter the directory (tenant) id, a GUID.')).toBeTruthy();
  expect(screen.getByText('Enter the client secret.')).toBeTruthy();
  expect(saveEntraTenant).not.toHaveBeenCalled();
});
