import { writeDataset } from '../../../src/store/dataset-store';
import { parseSnapshot, readOnlyStore } from '../../../dev/bench/snapshot-parse';
import { memoryStore } from '../../support/memory-store';

describe('the bench parses a sync snapshot in the store process', () => {
  it('parses every dataset of that sync, as one JSON text of its records each, and none of another sync', async () => {
    const store = memoryStore();
    const users = Array.from({ length: 300 }, (_, i) => ({ id: `u${i}`, mail: `person${i}@example.com` }));
    const groups = [{ id: 'g1', members: ['u1', 'u2'] }];
    await writeDataset(store, 'sync-1', 'jira-users', users);
    await writeDataset(store, 'sync-1', 'jira-groups', groups);
    await writeDataset(store, 'sync-2', 'jira-users', users.slice(0, 5));
    const keys = [...store.data.keys()];
    const parsed = await parseSnapshot(readOnlyStore((key) => store.get(key)), keys, 'sync-1');
    expect(parsed.datasetKeys).toBe(2);
    expect(parsed.datasetBytes).toBe(Buffer.byteLength(JSON.stringify(users)) + Buffer.byteLength(JSON.stringify(groups)));
    expect(parsed.parseMs).toBeGreaterThanOrEqual(0);
    expect((await parseSnapshot(readOnlyStore((key) => store.get(key)), keys, 'sync-3')).datasetKeys).toBe(0);
  });

  it('refuses to write', async () => {
    const store = readOnlyStore(async () => undefined);
    await expect(store.set('k', 1)).rejects.toThrow('reads the store only');
  });
});
