import { invoke } from './bridge';
import type { InventoryReach } from './types';

/** admin `inventory/reach`: what an identity or workload can reach, and through what. */
export function getInventoryReach(id: string) {
  return invoke<InventoryReach>('inventory/reach', { id });
}
