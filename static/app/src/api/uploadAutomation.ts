import { invoke } from './bridge';
import type { AutomationUploadResult } from './types';

/** admin `automation/upload`: the export file's text, read in the browser. */
export function uploadAutomation(fileName: string, content: string) {
  return invoke<AutomationUploadResult & { problems?: string[] }>('automation/upload', { fileName, content });
}
