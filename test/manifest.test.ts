/** manifest.yml as Forge validates it at deploy time, plus the rules this product adds on top. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate } from '@forge/manifest';
import { parse } from 'yaml';
import { loadAppManifest } from '../dev/runtime/app-manifest';
import { FINDING_PROPERTY } from '../src/tickets/ticket-sync';
import { SYNC_CONSUMER_MEMORY_MB, TRIGGER_MEMORY_MB } from '../src/sync/cost-model';

const APP_DIR = path.resolve(__dirname, '..');

it('passes @forge/manifest validate() with zero errors and zero warnings', async () => {
  const result = await validate(false, path.join(APP_DIR, 'manifest.yml'));
  const problems = (result.errors ?? []).map((e) => `${e.level}: ${e.message} (line ${e.line ?? '?'})`);
  expect(problems).toEqual([]);
  expect(result.success).toBe(true);
});

describe('manifest.yml', () => {
  const manifest = loadAppManifest(APP_DIR);

  it('declares the three Jira surfaces, the daily and hourly triggers and the sync queue consumer', () => {
    const types = [...manifest.uiModules.values()].map((m) => m.type).sort();
    expect(types).toEqual(['jira:adminPage', 'jira:issuePanel', 'jira:projectPage']);
    expect(manifest.scheduledTriggers.get('sv0-daily-sync')).toBe('sync-trigger');
    // The hourly trigger starts a scan only under the hourly schedule (docs/decisions/0012-scan-schedule.md).
    expect(manifest.scheduledTriggers.get('sv0-hourly-sync')).toBe('sync-trigger-hourly');
    expect(manifest.consumers.get('sv0-sync')).toBe('sync-consumer');
  });

  it('gives long timeouts only to trigger and consumer functions (resolvers are fixed at 25 s)', () => {
    const resolverFunctions = new Set([...manifest.uiModules.values()].map((m) => m.functionKey));
    for (const fn of manifest.functions.values()) {
      if (resolverFunctions.has(fn.key)) expect(fn.timeoutSeconds).toBe(25);
    }
    expect(manifest.functions.get('sync-consumer')?.timeoutSeconds).toBeGreaterThan(55);
  });

  it('gives the functions the memory the admin page cost estimate prices them at (src/sync/cost-model.ts)', () => {
    expect(manifest.functions.get('sync-consumer')?.memoryMB).toBe(SYNC_CONSUMER_MEMORY_MB);
    for (const key of ['sync-trigger', 'sync-trigger-hourly', 'sync-watchdog']) expect(manifest.functions.get(key)?.memoryMB).toBe(TRIGGER_MEMORY_MB);
  });

  it('lists egress as address entries for hosts only (a leading *. for per-customer subdomains, which Forge matches by hostname)', () => {
    for (const address of manifest.egress) expect(address).toMatch(/^https:\/\/(\*\.)?[a-z0-9.-]+$/);
  });

  it('points every handler at an export of src/index.ts', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the handler table is checked at run time, as Forge does
    const index = require(path.join(APP_DIR, 'src', 'index')) as Record<string, unknown>;
    for (const fn of manifest.functions.values()) {
      expect(fn.file).toBe('index');
      expect(typeof index[fn.exportName]).toBe('function');
    }
  });

  it('shows the issue panel only on issues carrying the finding property that ticketing sets', () => {
    const raw = parse(fs.readFileSync(path.join(APP_DIR, 'manifest.yml'), 'utf8')) as {
      modules: { 'jira:issuePanel': Array<{ key: string; displayConditions?: unknown }>; 'jira:entityProperty': Array<{ entityType: string; propertyKey: string }> };
    };
    const panel = raw.modules['jira:issuePanel'].find((m) => m.key === 'sv0-issue-panel');
    expect(panel?.displayConditions).toEqual({ entityPropertyExists: { entity: 'issue', propertyKey: FINDING_PROPERTY } });
    expect(raw.modules['jira:entityProperty']).toContainEqual(expect.objectContaining({ entityType: 'issue', propertyKey: FINDING_PROPERTY }));
  });
});
