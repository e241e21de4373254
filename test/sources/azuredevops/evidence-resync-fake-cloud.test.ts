/**
 * Integration: a resync's Azure DevOps activity evidence against the fake cloud (src/sources/evidence-horizon.ts).
 * Hook deliveries and service connection executions are read again only where a newer read could change the
 * dormancy answer: day 2 keeps the deliveries of an unchanged hook that fired yesterday and the executions of an
 * unchanged connection used yesterday, and reads again a hook whose subscription changed, a connection that was never
 * used, and everything once the last full read is a week old.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { AzureDevOpsClient } from '../../../src/sources/azuredevops/azure-devops-client';
import { azureDevOpsExtractionSteps } from '../../../src/sources/azuredevops/extraction-steps';
import type { ExtractionStep } from '../../../src/sources/source-step';
import { writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, runAfter, type RecordedRequest, type StoredSync } from '../automation/fake-cloud-egress';

const ORG = 'testorg';
const PAT = 'fakepat-testorg-readonly-000000000000000000000000000';
const DAY1 = '2026-11-19T06:00:00Z';
const DAY2 = '2026-11-20T06:00:00Z';

const hook = (id: string, url: string) => ({ id, status: 'enabled', publisherId: 'tfs', eventType: 'workitem.updated', consumerId: 'webHooks', consumerActionId: 'httpRequest', publisherInputs: {}, consumerInputs: { url } });
const delivery = (subscriptionId: string, id: number, createdDate: string) => ({ id, subscriptionId, status: 'completed', result: 'succeeded', createdDate });
const endpoint = (id: string) => ({ id, name: id, type: 'generic', url: `https://${id}.example.com/`, authorization: { scheme: 'Token', parameters: {} } });
const execution = (endpointId: string, id: number, finishTime: string) => ({ data: { id, planType: 'Build', result: 'succeeded', startTime: finishTime, finishTime }, endpointId });

function day(which: 1 | 2): Record<string, unknown> {
  return {
    [`/${ORG}/_apis/projects`]: [{ id: 'p0000000-0000-4000-8000-000000000001', name: 'project-1', state: 'wellFormed', visibility: 'private' }],
    [`/${ORG}/_apis/hooks/subscriptions`]: [hook('h-steady', 'https://steady.example.com/hook'), hook('h-moved', which === 1 ? 'https://old.example.com/hook' : 'https://new.example.com/hook')],
    [`/${ORG}/_apis/hooks/subscriptions/h-steady/notifications`]: [delivery('h-steady', which === 1 ? 1 : 2, which === 1 ? '2026-11-18T10:00:00.000Z' : '2026-11-19T23:00:00.000Z')],
    [`/${ORG}/_apis/hooks/subscriptions/h-moved/notifications`]: [delivery('h-moved', 7, '2026-11-18T11:00:00.000Z')],
    [`/${ORG}/project-1/_apis/serviceendpoint/endpoints`]: [endpoint('ep-used'), endpoint('ep-idle')],
    [`/${ORG}/project-1/_apis/serviceendpoint/ep-used/executionhistory`]: [execution('ep-used', 1, '2026-11-18T09:00:00')],
    [`/${ORG}/project-1/_apis/serviceendpoint/ep-idle/executionhistory`]: [],
  };
}

let cloud: FakeCloud;
beforeAll(async () => {
  const dir = writeTestTenant({ syncs: [{ name: '01-day1', at: DAY1 }, { name: '02-day2', at: DAY2 }] });
  extendTestTenant(dir, { tenant: { azureDevOps: { organization: ORG, tenantId: '11111111-2222-4333-8444-555555555555' }, secrets: { azureDevOpsPat: PAT } } });
  fs.writeFileSync(path.join(dir, 'syncs', '01-day1', 'azuredevops.json'), JSON.stringify(day(1)));
  fs.writeFileSync(path.join(dir, 'syncs', '02-day2', 'azuredevops.json'), JSON.stringify(day(2)));
  cloud = new FakeCloud(dir);
  await cloud.start();
});
afterAll(() => cloud.close());

async function sync(requests: RecordedRequest[], last?: StoredSync): Promise<StoredSync> {
  const client = new AzureDevOpsClient({ organization: ORG, readPat: async () => PAT }, egressToFakeCloud(cloud.url, requests), noSleep);
  return runAfter(azureDevOpsExtractionSteps(client, () => cloud.sync.at).filter((s: ExtractionStep) => /:(projects|subscriptions|notifications|service-endpoints|service-endpoint-executions)$/.test(s.id)), last);
}

const evidenceRead = (requests: RecordedRequest[]) =>
  requests
    .map((r) => new URL(r.url).pathname)
    .filter((p) => p.endsWith('/notifications') || p.endsWith('/executionhistory'))
    .map((p) => p.split('/').slice(-2)[0])
    .sort();

it('keeps the evidence of unchanged objects used recently, and reads the rest', async () => {
  cloud.setSync(0);
  const day1 = await sync([]);
  cloud.setSync(1);
  const requests: RecordedRequest[] = [];
  const day2 = await sync(requests, day1);
  // h-moved's subscription changed (new URL); ep-idle was never used; h-steady and ep-used keep yesterday's evidence.
  expect(evidenceRead(requests)).toEqual(['ep-idle', 'h-moved']);
  const notifications = day2.datasets.get(`azuredevops.${ORG}.notifications`) as Array<{ subscriptionId: string; createdDate: string }>;
  expect(notifications.map((n) => `${n.subscriptionId} ${n.createdDate}`)).toEqual(['h-steady 2026-11-18T10:00:00.000Z', 'h-moved 2026-11-18T11:00:00.000Z']);
  const executions = day2.datasets.get(`azuredevops.${ORG}.serviceEndpointExecutions`) as Array<{ endpointId: string }>;
  expect(executions.map((x) => x.endpointId)).toEqual(['ep-used']);

  // A week after the last full read, everything is read again.
  const weekOld: StoredSync = { ...day1, cursors: new Map([...day1.cursors].map(([k, v]) => [k, JSON.stringify({ ...JSON.parse(v), fullAt: '2026-11-13T06:00:00Z' })])) };
  const again: RecordedRequest[] = [];
  await sync(again, weekOld);
  expect(evidenceRead(again)).toEqual(['ep-idle', 'ep-used', 'h-moved', 'h-steady']);
});
