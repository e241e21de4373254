import { invoke } from './bridge';
import type { ExportFile, FindingListRequest } from './types';

/** admin `export/findings`: the findings a list request matches (all open ones by default), as a file. */
export function exportFindings(format: 'csv' | 'json', request: Omit<FindingListRequest, 'page'> = {}) {
  return invoke<ExportFile>('export/findings', { format, ...request });
}
