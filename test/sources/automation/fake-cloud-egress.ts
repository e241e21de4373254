/**
 * Test-only wiring between the extractors and the fake cloud (dev/fake/fake-cloud.ts): an egress fetch that keeps
 * the real https URL the code built, sends it to the loopback fake cloud and names the real host in the
 * x-sv0-upstream-host header, as the local runtime does. Also a minimal step runner with an in-memory dataset store.
 * (Shared by the automation, Power Automate and Azure DevOps tests; a candidate for test/support/.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UPSTREAM_HOST_HEADER } from '../../../dev/fake/fake-cloud';
import { defaultSettings, type Settings } from '../../../src/settings/settings';
import type { EgressFetch, HttpRequestInit } from '../../../src/shared/http';
import type { QuarantinedRecord } from '../../../src/sources/parse-records';
import type { ExtractionStep } from '../../../src/sources/source-step';

export interface RecordedRequest {
  url: string;
  init?: HttpRequestInit;
}

export function egressToFakeCloud(cloudUrl: string, log: RecordedRequest[] = []): EgressFetch {
  return async (url, init) => {
    log.push({ url, init });
    const target = new URL(url);
    if (target.protocol !== 'https:') throw new Error(`egress must be https: ${url}`);
    const headers = new Headers(init?.headers);
    headers.set(UPSTREAM_HOST_HEADER, target.host);
    return fetch(`${cloudUrl}${target.pathname}${target.search}`, { method: init?.method ?? 'GET', headers, body: init?.body });
  };
}

export const noSleep = async (): Promise<void> => undefined;

export interface StepRun {
  datasets: Map<string, unknown[]>;
  quarantined: QuarantinedRecord[];
  failures: Map<string, unknown>;
}

/** Runs steps in order as the sync job does: each stores its records; a failed step leaves its dataset undefined. */
export async function runSteps(steps: readonly ExtractionStep[], settings: Settings = defaultSettings()): Promise<StepRun> {
  const datasets = new Map<string, unknown[]>();
  const quarantined: QuarantinedRecord[] = [];
  const failures = new Map<string, unknown>();
  for (const step of steps) {
    try {
      const result = await step.run({ settings, read: async <T>(dataset: string) => datasets.get(dataset) as T[] | undefined, previous: async () => undefined });
      datasets.set(step.dataset, result.records);
      quarantined.push(...result.quarantined);
    } catch (error) {
      failures.set(step.id, error);
    }
  }
  return { datasets, quarantined, failures };
}

/** What a sync's steps stored, for the next sync to build on: datasets and each step's cursor, by dataset. */
export interface StoredSync {
  datasets: Map<string, unknown[]>;
  cursors: Map<string, string>;
}

/**
 * Runs steps in order as the sync job does on a resync: each reads this sync's datasets, and the datasets and its own
 * cursor as `last` stored them (the last complete sync). A step that fails fails the run.
 */
export async function runAfter(steps: readonly ExtractionStep[], last?: StoredSync, settings: Settings = defaultSettings()): Promise<StoredSync> {
  const stored: StoredSync = { datasets: new Map(), cursors: new Map() };
  for (const step of steps) {
    const previousCursor = last?.cursors.get(step.dataset);
    const output = await step.run({
      settings,
      read: async <T>(name: string) => stored.datasets.get(name) as T[] | undefined,
      previous: async <T>(name: string) => last?.datasets.get(name) as T[] | undefined,
      ...(previousCursor ? { previousCursor } : {}),
    });
    stored.datasets.set(step.dataset, output.records);
    if (output.cursor) stored.cursors.set(step.dataset, output.cursor);
  }
  return stored;
}

/**
 * Adds to a tenant directory written by test/support/tenant-builder.ts: fields merged into tenant.json (secrets are
 * merged one level deeper) and `<system>.json` files written into every sync.
 */
export function extendTestTenant(dir: string, extra: { tenant?: Record<string, unknown>; files?: Record<string, Record<string, unknown>> }): string {
  const tenantFile = path.join(dir, 'tenant.json');
  const tenant = JSON.parse(fs.readFileSync(tenantFile, 'utf8')) as Record<string, unknown>;
  const { secrets, ...rest } = extra.tenant ?? {};
  const merged = { ...tenant, ...rest, secrets: { ...(tenant.secrets as Record<string, unknown>), ...(secrets as Record<string, unknown> | undefined) } };
  fs.writeFileSync(tenantFile, JSON.stringify(merged, null, 2));
  for (const sync of fs.readdirSync(path.join(dir, 'syncs'))) {
    for (const [system, content] of Object.entries(extra.files ?? {})) {
      fs.writeFileSync(path.join(dir, 'syncs', sync, `${system}.json`), JSON.stringify(content, null, 2));
    }
  }
  return dir;
}
