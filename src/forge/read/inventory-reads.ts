import { readDataset } from '../../store/dataset-store';
import { INVENTORY_DATASET, type InventoryItem, type InventoryType } from '../../sync/read-models';
import { LATEST_FINISHED_KEY } from '../../sync/sync-state';
import type { InventoryListResponse } from '../../api/contract';
import { kvsStore } from '../adapters/kvs-store';

export async function listInventory(type: InventoryType, search: string | undefined, offset: number, limit: number): Promise<InventoryListResponse> {
  const syncId = await kvsStore.get<string>(LATEST_FINISHED_KEY);
  const items = syncId ? ((await readDataset<InventoryItem>(kvsStore, syncId, INVENTORY_DATASET)) ?? []) : [];
  const needle = search?.trim().toLowerCase();
  const matching = items.filter((i) => i.type === type && (!needle || [i.name, i.subtype, i.system, i.detail ?? ''].some((v) => v.toLowerCase().includes(needle))));
  matching.sort((a, b) => b.findingIds.length - a.findingIds.length || a.name.localeCompare(b.name));
  return { total: matching.length, items: matching.slice(offset, offset + limit) };
}
