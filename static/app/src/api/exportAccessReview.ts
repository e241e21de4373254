import { invoke } from './bridge';
import type { ExportFile } from './types';

/** admin `export/access-review`. */
export function exportAccessReview(format: 'csv' | 'json') {
  return invoke<ExportFile>('export/access-review', { format });
}
