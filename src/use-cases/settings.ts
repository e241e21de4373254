/**
 * The admin's settings: read (secrets reported as present or not, never returned), saved, and the credentials and
 * uploads each source needs, stored where the sources read them. Payloads arrive validated by the resolver.
 */
import { z } from 'zod';
import { AppError } from '../shared/errors';
import { redactSecrets, redactText } from '../shared/redact';
import { AUTOMATION_TOKEN_KEY, entraSecretKey, entraTenantSchema, readSettings, settingsSchema, writeSettings, type Settings } from '../settings/settings';
import { parseAutomationExport } from '../sources/automation/export-file';
import { AUTOMATION_DATASETS } from '../sources/automation/extraction-steps';
import { writeDataset } from '../store/dataset-store';
import { readRecordedJustifications } from '../store/state-store';
import type { StorePorts, TriagePorts } from './ports';
import { CURRENT_JOB_KEY, LAST_COMPLETE_KEY, SETTINGS_KEY, UPLOAD_SCOPE, UPLOAD_SUMMARY_KEY, historyKey } from '../store/layout';
import { jsonBytes } from '../store/metered-store';
import { estimateScheduleCosts, type ScheduleEstimate } from '../sync/cost-model';
import type { SyncJob } from '../sync/sync-state';

/** Where the last uploaded automation export is kept (outside any sync); the automation source reads it from here. */
/** What the admin page shows of the last upload: its name, when, how many rules, what could not be read. */

export const saveEntraTenantSchema = entraTenantSchema.extend({
  // Write-only: absent means "keep the stored secret".
  clientSecret: z.string().min(1).max(512).optional(),
});
// Tenants and the sources' own slices are saved one by one (their secrets with them), never with the rest.
export const saveSettingsSchema = settingsSchema.omit({ entraTenants: true, sources: true });

export async function settingsView(ports: StorePorts) {
  const { store } = ports;
  const settings = await readSettings(store);
  const entraTenants = await Promise.all(settings.entraTenants.map(async (tenant) => ({ ...tenant, hasClientSecret: (await store.getSecret(entraSecretKey(tenant.tenantId))) !== undefined })));
  return {
    ...settings,
    entraTenants,
    hasAutomationToken: (await store.getSecret(AUTOMATION_TOKEN_KEY)) !== undefined,
    automationUpload: (await store.get(UPLOAD_SUMMARY_KEY)) ?? null,
    // Recorded by people through tickets (read-only here): they count beside the admin's own justifications.
    recordedJustifications: await readRecordedJustifications(store),
    scheduleEstimate: await scheduleEstimate(ports),
  };
}

/**
 * What each scan schedule would cost a month, measured on the last complete scan's own record; the watchdog reads
 * the current job record and each trigger run the stored settings, so their sizes are measured too.
 */
export async function scheduleEstimate(ports: StorePorts): Promise<ScheduleEstimate> {
  const { store } = ports;
  const lastCompleteId = await store.get<string>(LAST_COMPLETE_KEY);
  const lastComplete = lastCompleteId ? await store.get<SyncJob>(historyKey(lastCompleteId)) : undefined;
  const sizes = { jobRecordBytes: jsonBytes(await store.get(CURRENT_JOB_KEY)), settingsBytes: jsonBytes(await store.get(SETTINGS_KEY)) };
  return estimateScheduleCosts(lastComplete, sizes);
}

/** Everything but the Entra tenants and the sources' slices (each saved on its own, with its secret) is replaced as sent. */
export async function saveSettings(ports: StorePorts, sent: Omit<Settings, 'entraTenants' | 'sources'>): Promise<{ saved: true }> {
  const current = await readSettings(ports.store);
  await writeSettings(ports.store, { ...sent, entraTenants: current.entraTenants, sources: current.sources });
  return { saved: true };
}

export async function saveEntraTenant(ports: StorePorts, sent: z.infer<typeof saveEntraTenantSchema>): Promise<{ tenantId: string; hasClientSecret: true }> {
  const { store } = ports;
  const { clientSecret, ...tenant } = sent;
  const settings = await readSettings(store);
  const hasSecret = clientSecret !== undefined || (await store.getSecret(entraSecretKey(tenant.tenantId))) !== undefined;
  if (!hasSecret) throw new AppError('INVALID_INPUT', `Entra tenant not saved: enter the client secret for ${tenant.tenantId}`);
  if (clientSecret !== undefined) await store.setSecret(entraSecretKey(tenant.tenantId), clientSecret);
  const others = settings.entraTenants.filter((t) => t.tenantId !== tenant.tenantId);
  await writeSettings(store, { ...settings, entraTenants: [...others, tenant] });
  return { tenantId: tenant.tenantId, hasClientSecret: true };
}

export async function saveAutomationToken(ports: StorePorts, email: string, token: string | undefined): Promise<{ source: 'api'; hasToken: true }> {
  const { store } = ports;
  if (token !== undefined) await store.setSecret(AUTOMATION_TOKEN_KEY, token);
  else if ((await store.getSecret(AUTOMATION_TOKEN_KEY)) === undefined) throw new AppError('INVALID_INPUT', 'Enter the API token of the admin account');
  const settings = await readSettings(store);
  await writeSettings(store, { ...settings, automation: { source: 'api', adminEmail: email } });
  return { source: 'api', hasToken: true };
}

/** An automation export: parsed, stored redacted (it holds web request URLs and headers as configured), summarised. */
export async function uploadAutomationExport(ports: Pick<TriagePorts, 'store' | 'now'>, fileName: string, content: string) {
  const parsed = parseAutomationExport(content);
  if (parsed.records.length === 0) throw new AppError('INVALID_INPUT', `${fileName} holds no automation rule${parsed.problems.length ? `: ${parsed.problems[0]}` : ''}`);
  await writeDataset(ports.store, UPLOAD_SCOPE, AUTOMATION_DATASETS.exportedRules, parsed.records.map(redactSecrets));
  const uploadedAt = ports.now().toISOString();
  const problems = parsed.problems.slice(0, 20).map(redactText);
  await ports.store.set(UPLOAD_SUMMARY_KEY, { fileName: redactText(fileName), uploadedAt, rules: parsed.records.length, problems });
  return { rules: parsed.records.length, uploadedAt, problems };
}
