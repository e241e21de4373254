/** The inventory tab: what the last sync saw, by type, and what one identity or workload can reach. */
import { readDataset } from '../store/dataset-store';
import { type InventoryItem, type InventoryType } from '../sync/read-models';

import type { InventoryListResponse, InventoryReach } from '../api/contract';
import { readFindingRows } from './finding-reads';
import type { StorePorts } from './ports';
import { blastRadiusOf } from './surfaces';
import { INVENTORY_DATASET, LATEST_FINISHED_KEY } from '../store/layout';

/** One page of the items of a type, those with most findings first, then by name; `search` matches any column. */
export async function listInventory({ store }: StorePorts, type: InventoryType, search: string | undefined, offset: number, limit: number): Promise<InventoryListResponse> {
  const syncId = await store.get<string>(LATEST_FINISHED_KEY);
  const items = syncId ? ((await readDataset<InventoryItem>(store, syncId, INVENTORY_DATASET)) ?? []) : [];
  const needle = search?.trim().toLowerCase();
  const matching = items.filter((i) => i.type === type && (!needle || [i.name, i.subtype, i.system, i.detail ?? ''].some((v) => v.toLowerCase().includes(needle))));
  matching.sort((a, b) => b.findingIds.length - a.findingIds.length || a.name.localeCompare(b.name));
  return { total: matching.length, items: matching.slice(offset, offset + limit) };
}

/** What a principal can reach (its blast radius in the last sync) and its findings not resolved. */
export async function inventoryReach(ports: StorePorts, id: string): Promise<InventoryReach> {
  const blast = (await blastRadiusOf(ports, id)) ?? null;
  const name = blast?.nodes.find((n) => n.id === id)?.name ?? id;
  const findingIds = (await readFindingRows(ports)).filter((r) => r.subject.id === id && r.status !== 'resolved').map((r) => r.id);
  return { id, name, blast, findingIds };
}
