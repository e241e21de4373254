/**
 * Integration: a resync's flow definitions against the fake cloud. Day 2 re-reads the definition of the flow that
 * was saved (its lastModifiedTime moved), the flow that was turned off (state changed), the new flow, and a flow the
 * list gives no modified time; the others keep day 1's definition, and the dataset equals a full read of day 2.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { defaultSettings } from '../../../src/settings/settings';
import { PowerPlatformClient } from '../../../src/sources/powerautomate/power-platform-client';
import { powerAutomateExtractionSteps, POWER_AUTOMATE_DATASETS } from '../../../src/sources/powerautomate/extraction-steps';
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_ENTRA_TENANT, writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, type RecordedRequest } from '../automation/fake-cloud-egress';

const ENV = `Default-${TEST_ENTRA_TENANT}`;
const admin = `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${ENV}`;
const flow = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface FlowState {
  modified?: string;
  state: string;
  host: string;
}

function day(flows: Record<number, FlowState>): Record<string, unknown> {
  const files: Record<string, unknown> = {
    '/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments': [{ name: ENV, properties: { displayName: 'Test (default)', tenantId: TEST_ENTRA_TENANT } }],
    [`${admin}/v2/flows`]: Object.entries(flows).map(([n, f]) => ({
      name: flow(Number(n)),
      properties: { displayName: `Flow ${n}`, state: f.state, ...(f.modified ? { lastModifiedTime: f.modified } : {}), definitionSummary: { triggers: [{ type: 'Recurrence' }] } },
    })),
  };
  for (const [n, f] of Object.entries(flows)) {
    files[`${admin}/flows/${flow(Number(n))}`] = {
      name: flow(Number(n)),
      properties: {
        displayName: `Flow ${n}`,
        state: f.state,
        definition: { triggers: { Recurrence: { type: 'Recurrence' } }, actions: { Call: { type: 'Http', inputs: { method: 'POST', uri: `https://${f.host}/hook` } } } },
        connectionReferences: {},
      },
    };
  }
  return files;
}

const DAY1: Record<number, FlowState> = {
  1: { modified: '2026-11-01T09:00:00Z', state: 'Started', host: 'one.example.com' },
  2: { modified: '2026-11-02T09:00:00Z', state: 'Started', host: 'two.example.com' },
  3: { modified: '2026-11-03T09:00:00Z', state: 'Started', host: 'three.example.com' },
  4: { state: 'Started', host: 'four.example.com' },
};
const DAY2: Record<number, FlowState> = {
  1: DAY1[1] as FlowState,
  2: { modified: '2026-11-19T15:00:00Z', state: 'Started', host: 'moved.example.com' }, // saved with a new destination
  3: { modified: '2026-11-03T09:00:00Z', state: 'Stopped', host: 'three.example.com' }, // turned off
  4: DAY1[4] as FlowState, // no modified time: always read
  5: { modified: '2026-11-19T16:00:00Z', state: 'Started', host: 'five.example.com' }, // new
};

let cloud: FakeCloud;

beforeAll(async () => {
  const dir = extendTestTenant(writeTestTenant({ syncs: [{ name: '01-day1', at: '2026-11-19T06:00:00Z' }, { name: '02-day2', at: '2026-11-20T06:00:00Z' }] }), {
    tenant: { powerPlatform: { tenantId: TEST_ENTRA_TENANT, environments: [ENV] } },
  });
  fs.writeFileSync(path.join(dir, 'syncs', '01-day1', 'powerautomate.json'), JSON.stringify(day(DAY1)));
  fs.writeFileSync(path.join(dir, 'syncs', '02-day2', 'powerautomate.json'), JSON.stringify(day(DAY2)));
  cloud = new FakeCloud(dir);
  await cloud.start();
});

afterAll(() => cloud.close());

/** The environment, flow list and flow definition steps as the job runs them, with the last sync's datasets. */
async function sync(requests: RecordedRequest[], last?: Map<string, unknown[]>): Promise<Map<string, unknown[]>> {
  const client = new PowerPlatformClient({ tenantId: TEST_ENTRA_TENANT, clientId: TEST_CLIENT_ID, readClientSecret: async () => TEST_CLIENT_SECRET }, egressToFakeCloud(cloud.url, requests), noSleep);
  const steps = powerAutomateExtractionSteps(client).filter((s) => /:(environments|flows|flow-details)$/.test(s.id));
  const datasets = new Map<string, unknown[]>();
  for (const step of steps) {
    const output = await step.run({ settings: defaultSettings(), read: async <T>(name: string) => datasets.get(name) as T[] | undefined, previous: async <T>(name: string) => last?.get(name) as T[] | undefined });
    datasets.set(step.dataset, output.records);
  }
  return datasets;
}

const definitionsRead = (requests: RecordedRequest[]) =>
  requests.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith(`${admin}/flows/`) && p.split('/').length === admin.split('/').length + 2).map((p) => p.split('/').pop()).sort();

it('re-reads only the definitions of flows whose list record changed, and stores what a full read stores', async () => {
  cloud.setSync(0);
  const day1 = await sync([]);
  cloud.setSync(1);
  const requests: RecordedRequest[] = [];
  const day2 = await sync(requests, day1);
  const fullRead = await sync([]);

  expect(definitionsRead(requests)).toEqual([flow(2), flow(3), flow(4), flow(5)]);
  expect(day2.get(POWER_AUTOMATE_DATASETS.flowDetails)).toEqual(fullRead.get(POWER_AUTOMATE_DATASETS.flowDetails));
  const hosts = (day2.get(POWER_AUTOMATE_DATASETS.flowDetails) as Array<{ name: string; httpActions: Array<{ host?: string }> }>).map((d) => [d.name, d.httpActions[0]?.host]);
  expect(hosts).toEqual([
    [flow(1), 'one.example.com'],
    [flow(2), 'moved.example.com'],
    [flow(3), 'three.example.com'],
    [flow(4), 'four.example.com'],
    [flow(5), 'five.example.com'],
  ]);
});

it('reads every definition when the last sync stored none', async () => {
  cloud.setSync(1);
  const requests: RecordedRequest[] = [];
  await sync(requests, new Map());
  expect(definitionsRead(requests)).toEqual([flow(1), flow(2), flow(3), flow(4), flow(5)]);
});
