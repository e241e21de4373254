import { invoke } from './bridge';
import type { FindingDetail } from './types';

/** project `project/finding`: only a finding whose chain touches this project. */
export function getProjectFinding(id: string) {
  return invoke<FindingDetail>('project/finding', { id });
}
