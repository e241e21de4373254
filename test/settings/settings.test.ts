/** Settings too large for one stored value are refused with a message that names the field to trim. */
import { defaultSettings, MAX_SETTINGS_BYTES, readSettings, writeSettings } from '../../src/settings/settings';
import { memoryStore } from '../support/memory-store';

it('refuses settings too large for one stored value, naming the largest field', async () => {
  const store = memoryStore();
  const justifications = Array.from({ length: 200 }, (_, i) => ({
    subject: { system: 'jira' as const, accountId: `acc-${i}` },
    grant: 'ADMINISTER',
    reason: `${'Needed for the quarterly access review of the finance integration. '.repeat(20)} (${i})`,
  }));
  await expect(writeSettings(store, { ...defaultSettings(), justifications })).rejects.toThrow(/Settings not saved: .* The largest field is justifications \(\d+ KB, 200 entries\)/);
  expect(await store.get('settings')).toBeUndefined();
  expect(JSON.stringify(justifications).length).toBeGreaterThan(MAX_SETTINGS_BYTES);
});

it('stores settings that fit', async () => {
  const store = memoryStore();
  await writeSettings(store, { ...defaultSettings(), dormancyWindowDays: 45 });
  expect((await readSettings(store)).dormancyWindowDays).toBe(45);
});
