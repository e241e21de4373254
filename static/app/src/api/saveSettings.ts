import { invoke } from './bridge';
import type { SettingsView } from './types';

/**
 * admin `settings/save`: replaces every setting but the Entra tenants (they have their own resolver), so the whole
 * object is sent back without the read-only fields settings/get adds.
 */
export function saveSettings(settings: SettingsView) {
  const { entraTenants: _tenants, hasAutomationToken: _token, automationUpload: _upload, scheduleEstimate: _estimate, ...rest } = settings;
  return invoke<{ saved: boolean }>('settings/save', rest);
}
