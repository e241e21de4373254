/**
 * Settings an admin keeps on the admin page (docs/tenant-format.md "settings"), as one stored value: read, validated
 * and written here; their shape (schemas, types, defaults) is src/model/settings.ts, which the inner layers import.
 * Secrets are not here: each Entra client secret lives in Forge secret storage under entraSecretKey(tenantId), is
 * write-only from the UI and never leaves the backend.
 */
import { AppError } from '../shared/errors';
import type { KeyValueStore } from '../store/key-value-store';
import { defaultSettings, settingsSchema, type Settings } from '../model/settings';
import { SETTINGS_KEY } from '../store/layout';

// The shape, re-exported for the outer layers (sync, tickets, forge) that read and write settings as a whole.
export {
  credentialDeclarationSchema,
  defaultSettings,
  entraTenantSchema,
  jiraAppScopeDeclarationSchema,
  justificationSchema,
  mailboxAccessScopeSchema,
  sensitivityLevelSchema,
  settingsSchema,
  ticketingSchema,
} from '../model/settings';
export type { CredentialDeclaration, EntraTenantSettings, Justification, Settings, TicketingSettings } from '../model/settings';

// Each source names its own secrets; re-exported for the resolvers that store them.
export { entraSecretKey } from '../sources/entra/source';
export { AUTOMATION_TOKEN_KEY } from '../sources/automation/source';
export { AZURE_DEVOPS_PAT_KEY } from '../sources/azuredevops/source';

export async function readSettings(store: KeyValueStore): Promise<Settings> {
  const raw = await store.get<unknown>(SETTINGS_KEY);
  const parsed = settingsSchema.safeParse(raw ?? {});
  // Stored settings were validated on write; if an older shape is found, start from defaults rather than crash.
  return parsed.success ? withSourcesMoved(parsed.data) : defaultSettings();
}

/**
 * Settings of sources that now keep their own slice, moved there from the named fields earlier versions saved them
 * in (Azure DevOps' organization), so the source, its form and Turn off see one value.
 */
function withSourcesMoved(settings: Settings): Settings {
  const { azureDevOps, ...rest } = settings;
  if (!azureDevOps) return settings;
  return { ...rest, sources: { azuredevops: { organization: azureDevOps.organization }, ...rest.sources } };
}

/** Settings are one stored value (Forge KVS takes at most 240 KiB): kept under this, with room to spare. */
export const MAX_SETTINGS_BYTES = 200 * 1024;

export async function writeSettings(store: KeyValueStore, settings: Settings): Promise<void> {
  const parsed = settingsSchema.parse(settings);
  const bytes = Buffer.byteLength(JSON.stringify(parsed), 'utf8');
  if (bytes > MAX_SETTINGS_BYTES) {
    const parts = Object.entries(parsed)
      .map(([field, value]) => ({ field, bytes: Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8'), entries: Array.isArray(value) ? value.length : typeof value === 'object' && value !== null ? Object.keys(value).length : undefined }))
      .sort((a, b) => b.bytes - a.bytes);
    const largest = parts[0];
    const kb = (n: number) => `${Math.ceil(n / 1024)} KB`;
    throw new AppError(
      'INVALID_INPUT',
      `Settings not saved: they would take ${kb(bytes)}, more than the ${kb(MAX_SETTINGS_BYTES)} one stored value holds. The largest field is ${largest?.field ?? '?'} (${kb(largest?.bytes ?? 0)}${largest?.entries !== undefined ? `, ${largest.entries} entries` : ''}): remove entries from it that are no longer needed`,
      { field: largest?.field, bytes },
    );
  }
  await store.set(SETTINGS_KEY, parsed);
}
