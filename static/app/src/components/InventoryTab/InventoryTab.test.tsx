import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { InventoryTab } from './InventoryTab';

const listInventory = vi.fn();
vi.mock('../../api/listInventory', () => ({ listInventory: (...args: unknown[]) => listInventory(...args) }));

it('lists credentials with their expiry and opens a linked finding', async () => {
  listInventory.mockResolvedValue({
    ok: true,
    data: { total: 1, items: [{ id: 'c1', type: 'credentials', name: 'Exalate API token', kind: 'credential', system: 'jira', subtype: 'api_token', expiresAt: null, findingIds: ['F-1'] }] },
  });
  const onOpen = vi.fn();
  render(<InventoryTab onOpenFinding={onOpen} />);
  fireEvent.click(screen.getByTestId('inventory-type-credentials'));
  await waitFor(() => expect(listInventory).toHaveBeenLastCalledWith('credentials', '', { offset: 0, limit: 50 }));
  const row = await screen.findByTestId('inventory-row');
  expect(row.textContent).toContain('Never expires');
  fireEvent.click(screen.getByText('F-1'));
  expect(onOpen).toHaveBeenCalledWith('F-1');
});

it('opens what an identity can reach', async () => {
  listInventory.mockResolvedValue({ ok: true, data: { total: 1, items: [{ id: 'sp1', type: 'identities', name: 'SharePoint for Jira App', kind: 'identity', system: 'entra', subtype: 'service_principal', findingIds: [] }] } });
  const onOpenReach = vi.fn();
  render(<InventoryTab onOpenFinding={vi.fn()} onOpenReach={onOpenReach} />);
  fireEvent.click(await screen.findByTestId('inventory-reach'));
  expect(onOpenReach).toHaveBeenCalledWith('sp1', 'SharePoint for Jira App');
});

const listAgents = vi.fn();
vi.mock('../../api/listAgents', () => ({ listAgents: (...args: unknown[]) => listAgents(...args) }));

it('marks an AI agent among the identities and lists the agents in a view of their own', async () => {
  listInventory.mockResolvedValue({ ok: true, data: { total: 1, items: [{ id: 'a1', type: 'identities', name: 'Research Agent', kind: 'identity', system: 'entra', subtype: 'entra_agent_identity', agent: 'Entra agent identity', findingIds: [] }] } });
  listAgents.mockResolvedValue({ ok: true, data: { total: 0, items: [], scanned: true } });
  render(<InventoryTab onOpenFinding={vi.fn()} />);
  const row = await screen.findByTestId('inventory-row');
  expect(row.querySelector('[data-testid="agent-icon"]')).not.toBeNull();
  expect(row.textContent).toContain('Entra agent identity');
  fireEvent.click(screen.getByTestId('inventory-type-agents'));
  expect(screen.getByTestId('inventory-type-agents').getAttribute('aria-pressed')).toBe('true');
  await screen.findByTestId('agents-empty');
  expect(listAgents).toHaveBeenLastCalledWith('', { offset: 0, limit: 50 });
});
