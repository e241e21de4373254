import { invoke } from './bridge';
import type { FindingListRequest, ProjectFindingsResponse } from './types';

/** project `project/findings`: the project comes from the invocation context, re-authorized by the resolver. */
export function listProjectFindings(request: FindingListRequest) {
  return invoke<ProjectFindingsResponse>('project/findings', { ...request });
}
