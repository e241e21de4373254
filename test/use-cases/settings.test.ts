/**
 * The admin's settings as use-cases over an in-memory store: secrets are write-only (reported present, never
 * returned), a source's credential is kept when the admin saves without retyping it, and an automation export is
 * stored redacted.
 */
import { readDataset } from '../../src/store/dataset-store';
import type { KeyValueStore } from '../../src/store/key-value-store';
import { saveAutomationToken, saveAzureDevOps, saveEntraTenant, settingsView, uploadAutomationExport } from '../../src/use-cases/settings';
import { AUTOMATION_DATASETS } from '../../src/sources/automation/extraction-steps';
import { memoryStore } from '../support/memory-store';
import { UPLOAD_SCOPE } from '../../src/store/layout';

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
  await expect(saveAzureDevOps({ store }, 'example-org', undefined)).rejects.toMatchObject({ code: 'INVALID_INPUT' });

  await saveAutomationToken({ store }, 'admin@example.com', 'automation-token');
  await saveAzureDevOps({ store }, 'example-org', 'ado-pat');
  await saveAutomationToken({ store }, 'other.admin@example.com', undefined);
  const view = await settingsView({ store });

  expect(view).toMatchObject({ hasAutomationToken: true, hasAzureDevOpsPat: true, automation: { source: 'api', adminEmail: 'other.admin@example.com' }, azureDevOps: { organization: 'example-org' } });
  expect(JSON.stringify(view)).not.toMatch(/automation-token|ado-pat/);
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
