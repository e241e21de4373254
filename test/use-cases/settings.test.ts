/**
 * The admin's settings as use-cases over an in-memory store: secrets are write-only (reported present, never
 * returned), a source's credential is kept when the admin saves without retyping it, and an automation export is
 * stored redacted.
 */
import { readDataset } from '../../src/store/dataset-store';
import type { KeyValueStore } from '../../src/store/key-value-store';
import { saveAutomationToken, saveEntraTenant, saveSettings, saveSettingsSchema, settingsView, uploadAutomationExport } from '../../src/use-cases/settings';
import { AUTOMATION_DATASETS } from '../../src/sources/automation/extraction-steps';
import { memoryStore } from '../support/memory-store';
import { removeSourceSettings, saveSourceSettings, sourceSettingsViews } from '../../src/use-cases/source-settings';
import { readSettings, writeSettings } from '../../src/settings/settings';
import { CURRENT_JOB_KEY, LAST_COMPLETE_KEY, SETTINGS_KEY, UPLOAD_SCOPE, historyKey } from '../../src/store/layout';
import type { SyncJob } from '../../src/sync/sync-state';

const TENANT = '0b6e8d2a-1c4f-4a7e-9d35-6f2b8c1e7a90';
const CLIENT = '5d1c9f3e-7a24-4b8e-a6c0-2e9f4d7b1a53';
const SECRET = 'client-s3cr3t-value';

/** The memory store with a secret store beside it, as Forge keeps secrets apart from other values. */
function storeWithSecrets(): KeyValueStore & { secrets: Map<string, string>; data: Map<string, unknown> } {
  const store = memoryStore();
  const secrets = new Map<string, string>();
  return { ...store, secrets, getSecret: async (key) => secrets.get(key), setSecret: async (key, value) => void secrets.set(key, value), deleteSecret: async (key) => void secrets.delete(key) };
}

const clock = () => new Date('2026-11-20T06:00:00.000Z');

it('saves an Entra tenant with its secret, reports the secret as present and never returns it', async () => {
  const store = storeWithSecrets();

  await saveEntraTenant({ store }, { tenantId: TENANT, clientId: CLIENT, displayName: 'Example', clientSecret: SECRET });
  const view = await settingsView({ store });

  expect(view.entraTenants).toEqual([expect.objectContaining({ tenantId: TENANT, clientId: CLIENT, hasClientSecret: true })]);
  expect(JSON.stringify(view)).not.toContain(SECRET);
  expect(JSON.stringify([...store.data.values()])).not.toContain(SECRET);
});

it('refuses a new Entra tenant without a secret, and keeps the stored one when a known tenant is saved without it', async () => {
  const store = storeWithSecrets();
  await expect(saveEntraTenant({ store }, { tenantId: TENANT, clientId: CLIENT })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(TENANT) });

  await saveEntraTenant({ store }, { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET });
  await saveEntraTenant({ store }, { tenantId: TENANT, clientId: CLIENT, displayName: 'Renamed' });

  expect([...store.secrets.values()]).toEqual([SECRET]);
  expect((await settingsView({ store })).entraTenants).toEqual([expect.objectContaining({ displayName: 'Renamed', hasClientSecret: true })]);
});

it('asks for the Automation token and the Azure DevOps PAT the first time only', async () => {
  const store = storeWithSecrets();
  await expect(saveAutomationToken({ store }, 'admin@example.com', undefined)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  await expect(saveSourceSettings({ store }, { id: 'azuredevops', values: { organization: 'example-org' }, secrets: {} })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'Azure DevOps not saved: enter the Personal access token' });

  await saveAutomationToken({ store }, 'admin@example.com', 'automation-token');
  await saveSourceSettings({ store }, { id: 'azuredevops', values: { organization: 'example-org' }, secrets: { pat: 'ado-pat' } });
  await saveAutomationToken({ store }, 'other.admin@example.com', undefined);
  const view = await settingsView({ store });
  const ado = (await sourceSettingsViews({ store })).find((s) => s.id === 'azuredevops');

  expect(view).toMatchObject({ hasAutomationToken: true, automation: { source: 'api', adminEmail: 'other.admin@example.com' }, sources: { azuredevops: { organization: 'example-org' } } });
  expect(ado).toMatchObject({ configured: true, fields: [{ key: 'organization', value: 'example-org' }, { key: 'pat', stored: true }] });
  expect(JSON.stringify([view, ado])).not.toMatch(/automation-token|ado-pat/);
});

it('moves an Azure DevOps organization saved by an earlier version into the source’s own settings, so Turn off turns it off', async () => {
  const store = storeWithSecrets();
  await store.set(SETTINGS_KEY, { azureDevOps: { organization: 'legacy-org' } });
  const settings = await readSettings(store);
  expect(settings.sources).toEqual({ azuredevops: { organization: 'legacy-org' } });
  expect(settings.azureDevOps).toBeUndefined();
  await writeSettings(store, settings);
  await removeSourceSettings({ store }, 'azuredevops');
  expect((await readSettings(store)).sources).toEqual({});
});

it('stores an uploaded automation export redacted, and says when and how many rules', async () => {
  const store = storeWithSecrets();
  const rule = {
    uuid: 'rule-1',
    name: 'Post to chat',
    state: 'ENABLED',
    authorAccountId: 'author-1',
    actor: { type: 'ACCOUNT_ID', actor: 'actor-1' },
    ruleScopeARIs: [],
    trigger: { component: 'TRIGGER', type: 'jira.issue.event.trigger:created', value: {}, children: [], conditions: [] },
    components: [{ id: 'a1', component: 'ACTION', type: 'jira.automation.action:send-web-request', value: { url: 'https://hooks.slack.com/services/T000/B000/webhooksecretvalue', headers: [] }, children: [], conditions: [] }],
  };

  const result = await uploadAutomationExport({ store, now: clock }, 'export.json', JSON.stringify({ cloud: true, rules: [rule] }));

  expect(result).toEqual({ rules: 1, uploadedAt: '2026-11-20T06:00:00.000Z', problems: [] });
  const stored = await readDataset(store, UPLOAD_SCOPE, AUTOMATION_DATASETS.exportedRules);
  expect(stored).toHaveLength(1);
  expect(JSON.stringify(stored)).not.toContain('webhooksecretvalue');
  expect(JSON.stringify(stored)).toContain('hooks.slack.com');
  expect((await settingsView({ store })).automationUpload).toMatchObject({ fileName: 'export.json', rules: 1 });
  await expect(uploadAutomationExport({ store, now: clock }, 'empty.json', JSON.stringify({ cloud: true, rules: [] }))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('empty.json holds no automation rule') });
});

describe('the scan schedule and its cost', () => {
  const measured: SyncJob = {
    syncId: 'sync-20261205T020000000Z',
    trigger: 'scheduled',
    status: 'complete',
    requestedAt: '2026-12-05T02:00:00.000Z',
    finishedAt: '2026-12-05T02:10:00.000Z',
    steps: [],
    usage: { invocations: 3, invocationMs: 600_000, kvsBytesRead: 50e6, kvsBytesWritten: 5e6 },
  };

  it('is daily for settings stored before the choice existed, and no estimate shows until a scan completes', async () => {
    const store = storeWithSecrets();
    await store.set(SETTINGS_KEY, { dormancyWindowDays: 45 });
    const view = await settingsView({ store });
    expect(view.scanSchedule).toBe('daily');
    expect(view.scheduleEstimate).toEqual({ available: false, reason: expect.stringMatching(/No scan has completed yet/) });
  });

  it('estimates both schedules from the last complete scan, named with its date', async () => {
    const store = storeWithSecrets();
    await store.set(historyKey(measured.syncId), measured);
    await store.set(LAST_COMPLETE_KEY, measured.syncId);
    await store.set(CURRENT_JOB_KEY, measured);
    const estimate = (await settingsView({ store })).scheduleEstimate;
    if (!estimate.available) throw new Error(estimate.reason);
    expect(estimate.measuredOn).toEqual({ syncId: measured.syncId, finishedAt: measured.finishedAt });
    expect(estimate.daily.scansPerMonth).toBe(30);
    expect(estimate.hourly.usdAboveAllowance).toBeGreaterThan(estimate.daily.usdAboveAllowance);
  });

  it('saves the schedule with the rest of the settings, and refuses one it does not offer', async () => {
    const store = storeWithSecrets();
    const sent = saveSettingsSchema.parse({ ...(await readSettings(store)), scanSchedule: 'hourly' });
    await saveSettings({ store }, sent);
    expect((await readSettings(store)).scanSchedule).toBe('hourly');
    expect(saveSettingsSchema.safeParse({ scanSchedule: 'weekly' }).success).toBe(false);
  });
});
