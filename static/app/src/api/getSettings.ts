import { invoke } from './bridge';
import type { SettingsView } from './types';

/** admin `settings/get`: secrets come back only as present or not. */
export function getSettings() {
  return invoke<SettingsView>('settings/get');
}
