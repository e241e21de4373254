/** Lookups of what the build step wrote for the surfaces (sync/surface-models.ts), in the latest finished sync. */
import type { BlastRadius } from '../../chains/blast-radius';
import type { FindingInsight } from '../../findings/insights';
import type { RootCauseGroup } from '../../findings/root-causes';
import { readDataset } from '../../store/dataset-store';
import { readBlastRadius, readInsight, readProjectReach, ROOT_CAUSES_DATASET } from '../../sync/surface-models';
import { LATEST_FINISHED_KEY } from '../../sync/sync-state';
import { kvsStore } from '../adapters/kvs-store';

export async function latestSyncId(): Promise<string | undefined> {
  return kvsStore.get<string>(LATEST_FINISHED_KEY);
}

export async function blastRadiusOf(principalId: string, syncId?: string): Promise<BlastRadius | undefined> {
  const id = syncId ?? (await latestSyncId());
  return id ? readBlastRadius(kvsStore, id, principalId) : undefined;
}

export async function insightOf(findingId: string, syncId?: string): Promise<FindingInsight | undefined> {
  const id = syncId ?? (await latestSyncId());
  return id ? readInsight(kvsStore, id, findingId) : undefined;
}

export async function rootCauseGroups(syncId?: string): Promise<RootCauseGroup[]> {
  const id = syncId ?? (await latestSyncId());
  return (id ? await readDataset<RootCauseGroup>(kvsStore, id, ROOT_CAUSES_DATASET) : undefined) ?? [];
}

/**
 * Findings whose principal reaches the project (or whose chain names it): the project page's list. A sync from
 * before this index existed answers undefined, and the caller falls back to the chain index.
 */
export async function findingIdsReachingProject(projectKey: string): Promise<string[] | undefined> {
  const id = await latestSyncId();
  return id ? readProjectReach(kvsStore, id, projectKey) : undefined;
}
