import { invoke } from './bridge';
import type { FindingListRequest, FindingListResponse } from './types';

/** admin `findings/list`: filtering, sorting and paging all happen in the resolver. */
export function listFindings(request: FindingListRequest) {
  return invoke<FindingListResponse>('findings/list', { ...request });
}
