/**
 * The source registry is the one place a source is named: every step a source plans is its own, the steps it says
 * prove evidence or ownership exist, the manifest allows exactly the hosts the sources call, and coverage follows
 * what each source describes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { defaultSettings, type Settings } from '../../src/model/settings';
import type { SourcePorts } from '../../src/sources/source-descriptor';
import { SOURCES, egressHosts, sourcesDescribing } from '../../src/sources/registry/registry';
import { CHECKS } from '../../src/checks/catalogue';

const TENANT = '0b6e8d2a-1c4f-4a7e-9d35-6f2b8c1e7a90';

/** Every source configured, so every step is planned. */
const everything: Settings = {
  ...defaultSettings(),
  automation: { ...defaultSettings().automation, source: 'api', adminEmail: 'admin@example.com' },
  entraTenants: [{ tenantId: TENANT, clientId: '5d1c9f3e-7a24-4b8e-a6c0-2e9f4d7b1a53', displayName: 'Example' }],
  powerPlatform: { tenantId: TENANT, environments: [] },
  // Sources with a settings slice of their own are configured through it.
  sources: { azuredevops: { organization: 'example-org' }, atlassianorg: { orgId: '3f9c2a71-5d84-4e06-b1a7-c8e2d4f6a913' } },
} as Settings;

function ports(): SourcePorts {
  const shared = new Map<string, unknown>();
  const refuse = () => Promise.reject(new Error('planning a step must not call out'));
  return {
    jiraRequest: refuse,
    egressFetch: refuse,
    sleep: async () => undefined,
    secret: async () => undefined,
    upload: async () => undefined,
    cloudId: '7e3a9c51-2b8d-4f60-a1e4-9c5b7d3f2e18',
    shared: <T>(key: string, create: () => T) => {
      if (!shared.has(key)) shared.set(key, create());
      return shared.get(key) as T;
    },
  };
}

it('names each source once, and every step a source plans is its own, with an id unique in the sync', () => {
  expect(new Set(SOURCES.map((s) => s.id)).size).toBe(SOURCES.length);
  const ids: string[] = [];
  for (const source of SOURCES) {
    for (const step of source.extractionSteps(everything, ports(), () => undefined)) {
      expect({ step: step.id, system: step.system }).toEqual({ step: step.id, system: source.id });
      expect(step.id.startsWith(`${source.id}:`)).toBe(true);
      ids.push(step.id);
    }
  }
  expect(new Set(ids).size).toBe(ids.length);
});

it('declares as proving evidence or ownership only steps the source plans', () => {
  for (const source of SOURCES) {
    const planned = new Set(source.extractionSteps(everything, ports(), () => undefined).map((s) => s.id.slice(s.id.lastIndexOf(':') + 1)));
    // The automation source plans its API step or its upload step, never both: either may prove ownership.
    if (source.id === 'automation') planned.add('export');
    for (const name of [...source.coverage.evidence, ...source.coverage.ownership]) expect({ source: source.id, name, planned: planned.has(name) }).toEqual({ source: source.id, name, planned: true });
  }
});

it('plans no step and builds nothing for a source nobody configured (Jira and automation always run)', () => {
  const bare = defaultSettings();
  const planned = SOURCES.filter((s) => s.extractionSteps(bare, ports(), () => undefined).length > 0).map((s) => s.id);
  expect(planned).toEqual(['jira', 'automation']);
  expect(SOURCES.filter((s) => s.graphBuilders(bare, { host: 'example.atlassian.net' }).length > 0).map((s) => s.id)).toEqual(['jira', 'automation']);
});

it('has the manifest allow exactly the hosts the sources call through egress', () => {
  const manifest = parse(fs.readFileSync(path.resolve(__dirname, '../../manifest.yml'), 'utf8')) as { permissions: { external: { fetch: { backend: Array<{ address: string } | string> } } } };
  const allowed = manifest.permissions.external.fetch.backend.map((entry) => (typeof entry === 'string' ? entry : entry.address));
  expect([...allowed].sort()).toEqual(egressHosts().sort());
});

it('holds the findings on a graph system for every source that describes it', () => {
  expect(sourcesDescribing('jira')).toEqual(['jira', 'automation', 'atlassianorg']);
  expect(sourcesDescribing('people')).toEqual(SOURCES.map((s) => s.id));
  expect(sourcesDescribing('m365')).toEqual(['entra']);
  expect(sourcesDescribing('external')).toEqual([]);
});

it('names, for a source an admin may leave off, only checks the catalogue has', () => {
  const ids = new Set(CHECKS.map((check) => check.metadata.id));
  for (const source of SOURCES.filter((s) => s.unseenWhenOff)) {
    expect({ source: source.id, unknown: source.unseenWhenOff?.checks.filter((id) => !ids.has(id)) }).toEqual({ source: source.id, unknown: [] });
  }
});
