/**
 * Integration: a resync's flow runs against the fake cloud (src/sources/evidence-horizon.ts). Runs are evidence for
 * one question, whether the newest falls inside the dormancy window; a newer read can only find newer runs. Day 2
 * keeps the runs of an unchanged flow whose last run is well inside the window, and reads again: a flow whose last
 * run is within a day of leaving it, a flow that never ran, a flow whose list record changed (it may run as another
 * connection now), and a new flow. A week after the last full read, every flow is read again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { defaultSettings } from '../../../src/settings/settings';
import type { FlowRun } from '../../../src/sources/powerautomate/flow-runs';
import { PowerPlatformClient } from '../../../src/sources/powerautomate/power-platform-client';
import { powerAutomateExtractionSteps, POWER_AUTOMATE_DATASETS } from '../../../src/sources/powerautomate/extraction-steps';
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_ENTRA_TENANT, writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, runAfter, type RecordedRequest, type StoredSync } from '../automation/fake-cloud-egress';

const ENV = `Default-${TEST_ENTRA_TENANT}`;
const admin = `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${ENV}`;
const flow = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DAY1 = '2026-11-19T06:00:00Z';
const DAY2 = '2026-11-20T06:00:00Z';
const WINDOW = defaultSettings().dormancyWindowDays;
const daysBefore = (at: string, days: number) => new Date(Date.parse(at) - days * 86_400_000).toISOString();

interface FlowState {
  state: string;
  runs: string[];
}

function day(flows: Record<number, FlowState>): Record<string, unknown> {
  const files: Record<string, unknown> = {
    '/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments': [{ name: ENV, properties: { displayName: 'Test (default)', tenantId: TEST_ENTRA_TENANT } }],
    [`${admin}/v2/flows`]: Object.entries(flows).map(([n, f]) => ({ name: flow(Number(n)), properties: { displayName: `Flow ${n}`, state: f.state, lastModifiedTime: '2026-10-01T09:00:00Z' } })),
  };
  for (const [n, f] of Object.entries(flows)) {
    files[`${admin}/flows/${flow(Number(n))}/runs`] = f.runs.map((startTime, i) => ({ name: `run-${n}-${i}`, properties: { startTime, endTime: startTime, status: 'Succeeded' } }));
  }
  return files;
}

const flows = (at: string, changes: Partial<Record<number, FlowState>> = {}): Record<number, FlowState> => ({
  1: { state: 'Started', runs: [daysBefore(at, 1), daysBefore(at, 3)] }, // ran yesterday: kept
  2: { state: 'Started', runs: [daysBefore(DAY1, WINDOW - 1)] }, // its last run leaves the window within a day: read
  3: { state: 'Started', runs: [] }, // never ran: read (it may have woken up)
  4: { state: 'Started', runs: [daysBefore(at, 2)] },
  ...changes,
});

let cloud: FakeCloud;

beforeAll(async () => {
  const dir = extendTestTenant(writeTestTenant({ syncs: [{ name: '01-day1', at: DAY1 }, { name: '02-day2', at: DAY2 }] }), {
    tenant: { powerPlatform: { tenantId: TEST_ENTRA_TENANT, environments: [ENV] } },
  });
  fs.writeFileSync(path.join(dir, 'syncs', '01-day1', 'powerautomate.json'), JSON.stringify(day(flows(DAY1))));
  // Day 2: flow 4 was turned off (its list record changed); flow 5 is new; flow 1 ran again this morning.
  fs.writeFileSync(
    path.join(dir, 'syncs', '02-day2', 'powerautomate.json'),
    JSON.stringify(day(flows(DAY2, { 1: { state: 'Started', runs: [daysBefore(DAY2, 0.1), daysBefore(DAY1, 1), daysBefore(DAY1, 3)] }, 4: { state: 'Stopped', runs: [daysBefore(DAY1, 2)] }, 5: { state: 'Started', runs: [daysBefore(DAY2, 0.5)] } }))),
  );
  cloud = new FakeCloud(dir);
  await cloud.start();
});

afterAll(() => cloud.close());

/** The environment, flow list and flow runs steps as the job runs them, with the last sync's datasets and cursors. */
async function sync(at: string, requests: RecordedRequest[], last?: StoredSync): Promise<StoredSync> {
  const client = new PowerPlatformClient({ tenantId: TEST_ENTRA_TENANT, clientId: TEST_CLIENT_ID, readClientSecret: async () => TEST_CLIENT_SECRET }, egressToFakeCloud(cloud.url, requests), noSleep);
  return runAfter(powerAutomateExtractionSteps(client, { observedAt: () => at }).filter((s) => /:(environments|flows|flow-runs)$/.test(s.id)), last);
}
const runsCursor = (synced: StoredSync) => JSON.parse(synced.cursors.get(POWER_AUTOMATE_DATASETS.flowRuns) ?? '{}') as unknown;

const runsRead = (requests: RecordedRequest[]) =>
  requests
    .map((r) => new URL(r.url).pathname)
    .filter((p) => p.endsWith('/runs'))
    .map((p) => p.split('/').slice(-2)[0])
    .sort();
const newestOf = (synced: StoredSync) => {
  const newest = new Map<string, string>();
  for (const run of synced.datasets.get(POWER_AUTOMATE_DATASETS.flowRuns) as FlowRun[]) if (!newest.has(run.flowName) || run.startTime > (newest.get(run.flowName) ?? '')) newest.set(run.flowName, run.startTime);
  return newest;
};

it('keeps the runs of an unchanged flow that ran recently, and reads every other flow’s', async () => {
  cloud.setSync(0);
  const day1 = await sync(DAY1, []);
  cloud.setSync(1);
  const requests: RecordedRequest[] = [];
  const day2 = await sync(DAY2, requests, day1);
  const fullRead = await sync(DAY2, []);

  expect(runsRead(requests)).toEqual([flow(2), flow(3), flow(4), flow(5)]);
  // Flow 1 keeps yesterday's newest run; a full read sees this morning's. Both are inside the window.
  expect(newestOf(day2).get(flow(1))).toBe(daysBefore(DAY1, 1));
  expect(newestOf(fullRead).get(flow(1))).toBe(new Date(Date.parse(daysBefore(DAY2, 0.1))).toISOString());
  // Every other flow is exactly as a full read stores it, in the same order.
  const other = (synced: StoredSync) => (synced.datasets.get(POWER_AUTOMATE_DATASETS.flowRuns) as FlowRun[]).filter((r) => r.flowName !== flow(1));
  expect(other(day2)).toEqual(other(fullRead));
  // In the flows' order, flow 1 with its two runs as last read (flow 3 never ran).
  expect((day2.datasets.get(POWER_AUTOMATE_DATASETS.flowRuns) as FlowRun[]).map((r) => r.flowName)).toEqual([flow(1), flow(1), flow(2), flow(4), flow(5)]);
  // The last full read is carried on while runs are kept.
  expect(runsCursor(day2)).toEqual({ fullAt: DAY1, readAt: DAY2 });
});

it('reads every flow’s runs when the last full read is a week old, or there is no mark', async () => {
  cloud.setSync(0);
  const day1 = await sync(DAY1, []);
  cloud.setSync(1);
  const weekOld: StoredSync = { ...day1, cursors: new Map([[POWER_AUTOMATE_DATASETS.flowRuns, JSON.stringify({ fullAt: daysBefore(DAY2, 7), readAt: DAY1 })]]) };
  const requests: RecordedRequest[] = [];
  const day2 = await sync(DAY2, requests, weekOld);
  expect(runsRead(requests)).toEqual([flow(1), flow(2), flow(3), flow(4), flow(5)]);
  expect(runsCursor(day2)).toEqual({ fullAt: DAY2, readAt: DAY2 });
  const unmarked: RecordedRequest[] = [];
  await sync(DAY2, unmarked, { datasets: day1.datasets, cursors: new Map() });
  expect(runsRead(unmarked)).toHaveLength(5);
});
