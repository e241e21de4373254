/** Lookups of what the build step wrote for the surfaces (sync/surface-models.ts), in the latest finished sync. */
import type { BlastRadius } from '../chains/blast-radius';
import type { FindingInsight } from '../findings/insights';
import type { RootCauseGroup } from '../findings/root-causes';
import { readDataset } from '../store/dataset-store';
import { readBlastRadius, readInsight, readProjectReach } from '../sync/surface-models';

import type { StorePorts } from './ports';
import { LATEST_FINISHED_KEY, ROOT_CAUSES_DATASET } from '../store/layout';

export async function latestSyncId({ store }: StorePorts): Promise<string | undefined> {
  return store.get<string>(LATEST_FINISHED_KEY);
}

export async function blastRadiusOf(ports: StorePorts, principalId: string, syncId?: string): Promise<BlastRadius | undefined> {
  const id = syncId ?? (await latestSyncId(ports));
  return id ? readBlastRadius(ports.store, id, principalId) : undefined;
}

export async function insightOf(ports: StorePorts, findingId: string, syncId?: string): Promise<FindingInsight | undefined> {
  const id = syncId ?? (await latestSyncId(ports));
  return id ? readInsight(ports.store, id, findingId) : undefined;
}

export async function rootCauseGroups(ports: StorePorts, syncId?: string): Promise<RootCauseGroup[]> {
  const id = syncId ?? (await latestSyncId(ports));
  return (id ? await readDataset<RootCauseGroup>(ports.store, id, ROOT_CAUSES_DATASET) : undefined) ?? [];
}

/**
 * Findings whose principal reaches the project (or whose chain names it): the project page's list. A sync from
 * before this index existed answers undefined, and the caller falls back to the chain index.
 */
export async function findingIdsReachingProject(ports: StorePorts, projectKey: string): Promise<string[] | undefined> {
  const id = await latestSyncId(ports);
  return id ? readProjectReach(ports.store, id, projectKey) : undefined;
}
