/**
 * Settings an admin keeps on the admin page. Secrets are not here: each Entra client secret lives in Forge
 * secret storage under entraSecretKey(tenantId), is write-only from the UI and never leaves the backend.
 */
import { z } from 'zod';
import type { KeyValueStore } from '../store/key-value-store';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47');

export const entraTenantSchema = z.object({
  tenantId: uuid,
  clientId: uuid,
  displayName: z.string().trim().min(1).max(200).optional(),
});

export const settingsSchema = z.object({
  entraTenants: z.array(entraTenantSchema).max(50).default([]),
});

export type EntraTenantSettings = z.infer<typeof entraTenantSchema>;
export type Settings = z.infer<typeof settingsSchema>;

export const SETTINGS_KEY = 'settings';

export const entraSecretKey = (tenantId: string) => `secret:entra:${tenantId}`;

export async function readSettings(store: KeyValueStore): Promise<Settings> {
  const raw = await store.get<unknown>(SETTINGS_KEY);
  const parsed = settingsSchema.safeParse(raw ?? {});
  // Stored settings were validated on write; if an older shape is found, start from defaults rather than crash.
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

export async function writeSettings(store: KeyValueStore, settings: Settings): Promise<void> {
  await store.set(SETTINGS_KEY, settingsSchema.parse(settings));
}
