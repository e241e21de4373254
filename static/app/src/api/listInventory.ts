import { invoke } from './bridge';
import type { InventoryListResponse, InventoryType } from './types';

/** admin `inventory/list`. */
export function listInventory(type: InventoryType, search: string, page: { offset: number; limit: number }) {
  return invoke<InventoryListResponse>('inventory/list', { type, ...(search ? { search } : {}), page });
}
