import { invoke } from './bridge';
import type { ExportFile } from './types';

/** admin `export/findings`. */
export function exportFindings(format: 'csv' | 'json') {
  return invoke<ExportFile>('export/findings', { format });
}
