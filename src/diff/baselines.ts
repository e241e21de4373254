/**
 * Scope-drift baselines: a principal's reach when first seen in a complete snapshot. They move only when an admin
 * acknowledges a drift (rebaseline), never because a sync saw something new.
 */
import { reachKey, type PrincipalReach } from '../chains/reach';

export type BaselineMap = Record<string, string[]>;

export function currentReachKeys(reach: PrincipalReach): string[] {
  return [...new Set(reach.reached.map(reachKey))].sort();
}

/** Adds a baseline for every principal seen for the first time; a partial snapshot establishes none. */
export function extendBaselines(existing: BaselineMap, reach: ReadonlyMap<string, PrincipalReach>, complete: boolean): BaselineMap {
  if (!complete) return existing;
  const next: BaselineMap = { ...existing };
  for (const [principalId, r] of reach) if (!(principalId in next)) next[principalId] = currentReachKeys(r);
  return next;
}

export function rebaseline(existing: BaselineMap, principalId: string, reach: PrincipalReach): BaselineMap {
  return { ...existing, [principalId]: currentReachKeys(reach) };
}
