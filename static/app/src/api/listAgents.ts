import { invoke } from './bridge';
import type { AgentListResponse } from './types';

/** admin `inventory/agents`: the AI agents of the last scan. */
export function listAgents(search: string, page: { offset: number; limit: number }) {
  return invoke<AgentListResponse>('inventory/agents', { ...(search ? { search } : {}), page });
}
