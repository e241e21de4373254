/**
 * A source's own settings slice through the generic use-cases, with a source declared here (the registry's sources
 * are not needed): the form is described from the descriptor, values are validated by its schema with the field
 * named, secrets are write-only and asked for the first time only, removing turns it off, and Test connection
 * answers in the source's words without a secret.
 */
import { z } from 'zod';
import type { SourceDescriptor } from '../../src/sources/source-descriptor';
import { readSettings } from '../../src/settings/settings';
import { removeSourceSettings, saveSourceSettings, sourceSettingsViews, testSourceConnection } from '../../src/use-cases/source-settings';
import type { KeyValueStore } from '../../src/store/key-value-store';
import { memoryStore } from '../support/memory-store';

const KEY = 'secret:example:key';
const SECRET = 'example-s3cr3t-key-value';

const exampleSource: SourceDescriptor = {
  id: 'example',
  label: 'Example Cloud',
  describes: ['jira'],
  coverage: { evidence: [], ownership: [] },
  egress: ['https://api.example.com'],
  extractionSteps: () => [],
  graphBuilders: () => [],
  settings: {
    description: 'Reads the example organisation.',
    fields: [
      { key: 'orgId', label: 'Organization ID', help: 'From the admin URL.', kind: 'text', placeholder: '1a2b' },
      { key: 'apiKey', label: 'API key', help: 'An organization API key.', kind: 'secret', secretKey: KEY },
    ],
    schema: z.object({ orgId: z.string().regex(/^[a-z0-9-]+$/, 'must be letters, digits and dashes') }),
  },
  testConnection: async (_settings, ports) => {
    const key = await ports.secret(KEY);
    if (key !== SECRET) return { ok: false, error: 'The API key was refused', permissions: [] };
    return { ok: true, permissions: [{ name: 'read:org', why: 'the organisation', granted: true }, { name: 'read:audit', why: 'activity', granted: 'unknown' }] };
  },
};
const throwing: SourceDescriptor = { ...exampleSource, id: 'throwing', testConnection: async () => Promise.reject(new Error(`upstream said ${SECRET} is bad`)) };
const SOURCES = [exampleSource, throwing];

function storeWithSecrets(): KeyValueStore & { secrets: Map<string, string>; data: Map<string, unknown> } {
  const store = memoryStore();
  const secrets = new Map<string, string>();
  return { ...store, secrets, getSecret: async (key) => secrets.get(key), setSecret: async (key, value) => void secrets.set(key, value), deleteSecret: async (key) => void secrets.delete(key) };
}
const testPorts = (store: KeyValueStore) => ({ store, egress: () => Promise.reject(new Error('no egress in this test')), sleep: async () => undefined, asApp: () => Promise.reject(new Error('no Jira in this test')) });

it('describes the form from the descriptor, unconfigured, with no secret stored', async () => {
  const store = storeWithSecrets();
  const [view] = await sourceSettingsViews({ store }, SOURCES);
  expect(view).toEqual({
    id: 'example', label: 'Example Cloud', description: 'Reads the example organisation.', configured: false, canTest: true,
    fields: [
      { key: 'orgId', label: 'Organization ID', help: 'From the admin URL.', kind: 'text', placeholder: '1a2b', value: '' },
      { key: 'apiKey', label: 'API key', help: 'An organization API key.', kind: 'secret', stored: false },
    ],
  });
});

it('saves the slice and its secret, reports the secret as stored and never returns or stores it elsewhere', async () => {
  const store = storeWithSecrets();
  await saveSourceSettings({ store }, { id: 'example', values: { orgId: 'org-1' }, secrets: { apiKey: SECRET } }, SOURCES);
  const [view] = await sourceSettingsViews({ store }, SOURCES);
  expect(view).toMatchObject({ configured: true, fields: [{ value: 'org-1' }, { stored: true }] });
  expect((await readSettings(store)).sources).toEqual({ example: { orgId: 'org-1' } });
  expect(JSON.stringify(view)).not.toContain(SECRET);
  expect(JSON.stringify([...store.data.values()])).not.toContain(SECRET);
});

it('names the field that is wrong, asks for the secret the first time only, and refuses fields it does not have', async () => {
  const store = storeWithSecrets();
  await expect(saveSourceSettings({ store }, { id: 'example', values: { orgId: 'Org 1' }, secrets: { apiKey: SECRET } }, SOURCES)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'Example Cloud not saved: Organization ID must be letters, digits and dashes' });
  await expect(saveSourceSettings({ store }, { id: 'example', values: { orgId: 'org-1' }, secrets: {} }, SOURCES)).rejects.toMatchObject({ message: 'Example Cloud not saved: enter the API key' });
  await expect(saveSourceSettings({ store }, { id: 'example', values: { orgId: 'org-1', region: 'eu' }, secrets: {} }, SOURCES)).rejects.toMatchObject({ message: expect.stringContaining('has no field region') });
  await expect(saveSourceSettings({ store }, { id: 'nothing', values: {}, secrets: {} }, SOURCES)).rejects.toMatchObject({ message: expect.stringContaining('the sources are example, throwing') });
  expect(store.secrets.size).toBe(0);

  await saveSourceSettings({ store }, { id: 'example', values: { orgId: 'org-1' }, secrets: { apiKey: SECRET } }, SOURCES);
  await saveSourceSettings({ store }, { id: 'example', values: { orgId: 'org-2' }, secrets: {} }, SOURCES);
  expect([...store.secrets.values()]).toEqual([SECRET]);
  expect((await readSettings(store)).sources['example']).toEqual({ orgId: 'org-2' });
});

it('removing turns the source off: its slice and its secret are gone', async () => {
  const store = storeWithSecrets();
  await saveSourceSettings({ store }, { id: 'example', values: { orgId: 'org-1' }, secrets: { apiKey: SECRET } }, SOURCES);
  await removeSourceSettings({ store }, 'example', SOURCES);
  expect((await readSettings(store)).sources).toEqual({});
  expect(store.secrets.size).toBe(0);
});

it('tests the connection with the stored secret; unconfigured and failing tests answer in words, without the secret', async () => {
  const store = storeWithSecrets();
  expect(await testSourceConnection(testPorts(store), 'example', SOURCES)).toEqual({ id: 'example', ok: false, error: 'Example Cloud is not configured: save its settings first', permissions: [] });

  await saveSourceSettings({ store }, { id: 'example', values: { orgId: 'org-1' }, secrets: { apiKey: SECRET } }, SOURCES);
  expect(await testSourceConnection(testPorts(store), 'example', SOURCES)).toEqual({ id: 'example', ok: true, permissions: [{ name: 'read:org', why: 'the organisation', granted: true }, { name: 'read:audit', why: 'activity', granted: 'unknown' }] });

  await saveSourceSettings({ store }, { id: 'throwing', values: { orgId: 'org-1' }, secrets: {} }, SOURCES);
  const failed = await testSourceConnection(testPorts(store), 'throwing', SOURCES);
  expect(failed).toMatchObject({ id: 'throwing', ok: false });
  expect(failed.error).not.toContain(SECRET);
});
