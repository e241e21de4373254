/**
 * Integration: a PAT resync against the fake cloud through the real client. Day 1 reads every user's tokens; day 2
 * reads the audit log (auditservice.dev.azure.com) and re-reads only the user whose token the log says was created
 * and the new user (a token past its validTo is kept as invalid, as the API then lists it), and stores what a full
 * read of day 2 stores. Without the
 * audit permission (403) or with auditing off (an empty log), day 2 reads every user, as before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeCloud } from '../../../dev/fake/fake-cloud';
import { AzureDevOpsClient } from '../../../src/sources/azuredevops/azure-devops-client';
import type { PersonalAccessToken } from '../../../src/sources/azuredevops/personal-access-tokens';
import { azureDevOpsDatasets, azureDevOpsExtractionSteps } from '../../../src/sources/azuredevops/extraction-steps';
import type { ExtractionStep } from '../../../src/sources/source-step';
import { writeTestTenant } from '../../support/tenant-builder';
import { egressToFakeCloud, extendTestTenant, noSleep, runAfter, type RecordedRequest, type StoredSync } from '../automation/fake-cloud-egress';

const ORG = 'testorg';
const PAT = 'fakepat-testorg-readonly-000000000000000000000000000';
const DAY1 = '2026-11-19T06:00:00Z';
const DAY2 = '2026-11-20T06:00:00Z';
const user = (name: string) => ({ subjectKind: 'user', descriptor: `aad.${name}`, displayName: name, mailAddress: `${name}@test.example`, principalName: `${name}@test.example`, origin: 'aad', originId: `entra-${name}` });
const token = (owner: string, authorizationId: string, displayName: string, validTo: string, isValid = true) => ({ authorizationId, userId: `vsid-${owner}`, displayName, scope: 'vso.code', validFrom: '2026-06-01T00:00:00', validTo, isValid, token: null });
const tokensPath = (name: string) => `/${ORG}/_apis/tokenadmin/personalaccesstokens/aad.${name}`;
const AUDIT = `/${ORG}/_apis/audit/auditlog`;

/** A DecoratedAuditLogEntry as the audit log query returns it (REST reference sample, area Token). */
const patCreated = {
  id: '2518505060978539161;00000064-0000-8888-8000-000000000000;86fbe369-3f5d-4f52-9ab0-3be7db271948',
  correlationId: '86fbe369-3f5d-4f52-9ab0-3be7db271948',
  activityId: '033fde68-f713-4984-b24f-8d7a73d1ade6',
  actorCUID: 'a718550e-4777-4058-8298-bff88d0cb524',
  actorUserId: 'vsid-alice',
  actorUPN: 'alice@test.example',
  authenticationMechanism: 'FedAuth',
  timestamp: '2026-11-19T14:05:02.1460838+00:00',
  scopeType: 'organization',
  scopeDisplayName: `${ORG} (Organization)`,
  scopeId: '73638cd5-0dda-4128-9fd6-48c16d4e4de3',
  ipAddress: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
  actionId: 'Token.PatCreateEvent',
  data: { DisplayName: 'deploy' },
  details: 'Personal Access Token "deploy" was created.',
  area: 'Token',
  category: 'create',
  categoryDisplayName: 'Create',
  actorDisplayName: 'alice',
};

function day(which: 1 | 2, auditing: boolean): Record<string, unknown> {
  const users = which === 1 ? ['alice', 'bob', 'carol'] : ['alice', 'bob', 'carol', 'dave'];
  return {
    [`/${ORG}/_apis/graph/users`]: users.map(user),
    [tokensPath('alice')]: [token('alice', 'auth-a1', 'build', '2027-01-01T00:00:00'), ...(which === 2 ? [token('alice', 'auth-a2', 'deploy', '2027-02-01T00:00:00')] : [])],
    // Bob's token lapses between the two days: the API turns isValid false, and nothing is logged that we rely on.
    [tokensPath('bob')]: [token('bob', 'auth-b1', 'cli', '2026-11-20T00:00:00', which === 1)],
    [tokensPath('carol')]: [token('carol', 'auth-c1', 'backup', '2027-03-01T00:00:00')],
    ...(which === 2 ? { [tokensPath('dave')]: [token('dave', 'auth-d1', 'reporting', '2027-04-01T00:00:00')] } : {}),
    ...(auditing ? { [AUDIT]: which === 2 ? [patCreated] : [] } : {}),
  };
}

async function cloudWith(options: { auditing?: boolean; scopes?: string[] } = {}): Promise<FakeCloud> {
  const dir = writeTestTenant({ syncs: [{ name: '01-day1', at: DAY1 }, { name: '02-day2', at: DAY2 }] });
  extendTestTenant(dir, { tenant: { azureDevOps: { organization: ORG, tenantId: '11111111-2222-4333-8444-555555555555' }, secrets: { azureDevOpsPat: PAT, ...(options.scopes ? { azureDevOpsPatScopes: options.scopes } : {}) } } });
  fs.writeFileSync(path.join(dir, 'syncs', '01-day1', 'azuredevops.json'), JSON.stringify(day(1, options.auditing ?? true)));
  fs.writeFileSync(path.join(dir, 'syncs', '02-day2', 'azuredevops.json'), JSON.stringify(day(2, options.auditing ?? true)));
  const cloud = new FakeCloud(dir);
  await cloud.start();
  return cloud;
}

/** The user and token steps of a sync as the job runs them: each reads this sync's datasets and the last one's. */
async function sync(cloud: FakeCloud, requests: RecordedRequest[], last?: StoredSync): Promise<StoredSync> {
  const client = new AzureDevOpsClient({ organization: ORG, readPat: async () => PAT }, egressToFakeCloud(cloud.url, requests), noSleep);
  return runAfter(azureDevOpsExtractionSteps(client, () => cloud.sync.at).filter((s: ExtractionStep) => /:(users|token-audit|personal-access-tokens)$/.test(s.id)), last);
}

const tokensRead = (requests: RecordedRequest[]) => requests.map((r) => new URL(r.url).pathname).filter((p) => p.includes('/tokenadmin/')).map((p) => p.split('/').pop()).sort();
const byId = (records: unknown[] | undefined) => [...((records ?? []) as PersonalAccessToken[])].sort((a, b) => (a.authorizationId < b.authorizationId ? -1 : 1));

async function twoDays(options: { auditing?: boolean; scopes?: string[] } = {}) {
  const cloud = await cloudWith(options);
  try {
    const day1 = await sync(cloud, []);
    cloud.setSync(1);
    const requests: RecordedRequest[] = [];
    const day2 = await sync(cloud, requests, day1);
    const fullRead = await sync(cloud, []); // day 2 read from nothing: what the resync must equal
    return { requests, day2, fullRead };
  } finally {
    await cloud.close();
  }
}

const PATS = azureDevOpsDatasets(ORG).personalAccessTokens;

it('re-reads only the creator of a logged PAT and a new user, marks a lapsed PAT invalid without asking, and stores what a full read stores', async () => {
  const { requests, day2, fullRead } = await twoDays();

  expect(tokensRead(requests)).toEqual(['aad.alice', 'aad.dave']);
  expect(requests.some((r) => new URL(r.url).host === 'auditservice.dev.azure.com')).toBe(true);
  expect(byId(day2.datasets.get(PATS))).toEqual(byId(fullRead.datasets.get(PATS)));
  expect(byId(day2.datasets.get(PATS)).find((t) => t.authorizationId === 'auth-b1')?.isValid).toBe(false);
});

it('reads every user when the PAT lacks vso.auditlog (the audit log answers 403), and the sync goes on', async () => {
  const { requests, day2, fullRead } = await twoDays({ scopes: ['vso.tokenadministration', 'vso.graph'] });

  expect(tokensRead(requests)).toEqual(['aad.alice', 'aad.bob', 'aad.carol', 'aad.dave']);
  expect(day2.datasets.get(azureDevOpsDatasets(ORG).tokenAudit)).toEqual([expect.objectContaining({ kind: 'window', readable: false, reason: expect.stringContaining('403') })]);
  expect(byId(day2.datasets.get(PATS))).toEqual(byId(fullRead.datasets.get(PATS)));
});

it('reads every user when auditing is off (the log is empty, not even the last read of it is there)', async () => {
  const { requests } = await twoDays({ auditing: false });

  expect(tokensRead(requests)).toEqual(['aad.alice', 'aad.bob', 'aad.carol', 'aad.dave']);
});
