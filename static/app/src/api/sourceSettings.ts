import { invoke } from './bridge';
import type { SourceConnectionResult, SourceSettingsView } from './types';

/** admin `settings/sources/get`: one form per source that keeps its own settings. */
export function getSourceSettings() {
  return invoke<SourceSettingsView[]>('settings/sources/get');
}

/** admin `settings/sources/save`: text values as typed; a secret left empty keeps the stored one. */
export function saveSourceSettings(id: string, values: Record<string, string>, secrets: Record<string, string>) {
  return invoke<{ id: string; saved: true }>('settings/sources/save', { id, values, secrets });
}

/** admin `settings/sources/remove`: turns the source off, its secrets deleted. */
export function removeSourceSettings(id: string) {
  return invoke<{ id: string; removed: true }>('settings/sources/remove', { id });
}

/** admin `settings/sources/test`: each permission or scope the source needs, granted, missing or not provable. */
export function testSourceConnection(id: string) {
  return invoke<SourceConnectionResult>('settings/sources/test', { id });
}
