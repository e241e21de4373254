/**
 * Who answers for Azure DevOps objects, by the departure rule every owner kind shares (design.md "Departed": leave
 * date passed counts even while the account is still enabled):
 * - a PAT is OWNED_BY its user's person (by e-mail, else the Entra object id placeholder);
 * - a service hook by its creator;
 * - platform identities (descriptor svc. Build Service accounts, s2s. "Microsoft.VisualStudio.Services.TFS") are
 *   never people: no person owns them, they are no ownership subject, and what they create is owned by the platform;
 * - a subscription without `status` (optional in Subscription, azure-devops-node-api ServiceHooksInterfaces.ts, whose
 *   zero value is Enabled) is read, not quarantined;
 * - PAT times without an offset are UTC.
 * correlatePeople (src/correlate, read-only here) applies the Entra departure to the e-mail owner, as in a sync.
 */
import { AccessGraph } from '../../../src/model/graph';
import { isPrincipal } from '../../../src/chains/reach';
import { ownerState, ownersOf } from '../../../src/checks/definitions';
import { correlatePeople } from '../../../src/correlate/correlate';
import { defaultSettings } from '../../../src/settings/settings';
import { adoUserSchema, adoUsersToGraph } from '../../../src/sources/azuredevops/graph-users';
import { adoUtcDate, personalAccessTokenSchema, personalAccessTokensToGraph } from '../../../src/sources/azuredevops/personal-access-tokens';
import { serviceHookSchema, serviceHooksToGraph } from '../../../src/sources/azuredevops/service-hooks';
import { entraPeople, entraUserSchema } from '../../../src/sources/entra/users';
import type { GraphFragment } from '../../../src/model/graph';

const ORG = 'contoso';
const TENANT = '11111111-2222-4333-8444-555555555555';
const context = { settings: defaultSettings(), observedAt: '2026-11-30T05:00:00.000Z' };

const person = adoUserSchema.parse({ descriptor: 'aad.leaver', subjectKind: 'user', displayName: 'Lea Ver', mailAddress: 'Lea.Ver@Corp.example', principalName: 'Lea.Ver@Corp.example', origin: 'aad', originId: 'entra-lea', domain: TENANT });
const noMail = adoUserSchema.parse({ descriptor: 'aad.nomail', subjectKind: 'user', displayName: 'No Mail', mailAddress: '', principalName: 'nomail', origin: 'aad', originId: 'entra-nomail', domain: TENANT });
const buildService = adoUserSchema.parse({
  descriptor: 'svc.Y29udG9zbzpCdWlsZDpwcm9qZWN0',
  subjectKind: 'user',
  displayName: 'platform Build Service (contoso)',
  mailAddress: '',
  principalName: 'fdc85906-0000-4000-8000-000000000000',
  origin: 'vsts',
  originId: '53754dd3-0000-4000-8000-000000000000',
  domain: 'Build',
});
const serviceAccount = adoUserSchema.parse({ descriptor: 'aad.svc', displayName: 'svc-release', mailAddress: 'svc-release@corp.example', origin: 'aad', originId: 'entra-svc', domain: TENANT });
const users = [person, noMail, buildService, serviceAccount];

const pat = (subjectDescriptor: string, authorizationId: string, extra: Record<string, unknown> = {}) =>
  personalAccessTokenSchema.parse({ subjectDescriptor, authorizationId, displayName: authorizationId, scope: 'vso.work_write', validFrom: '2026-06-01T09:12:44.5733333', validTo: '2027-05-31T00:00:00', isValid: true, token: null, ...extra });

/** Entra says: enabled, but the leave date has passed. */
const leaver = entraUserSchema.parse({ id: 'entra-lea', displayName: 'Lea Ver', mail: 'lea.ver@corp.example', userPrincipalName: 'lea.ver@corp.example', accountEnabled: true, employeeLeaveDateTime: '2026-11-20T00:00:00Z' });

function correlated(...fragments: GraphFragment[]): AccessGraph {
  const graph = new AccessGraph();
  for (const f of fragments) graph.addFragment(f);
  const people = new Map(entraPeople([leaver], context.observedAt).map((p) => [p.email, p]));
  correlatePeople(graph, { people, observedAt: context.observedAt, windowDays: 30 });
  return graph.seal();
}

describe('PATs as ownership subjects', () => {
  const tokens = [pat('aad.leaver', 'release-notes'), pat('aad.nomail', 'no-mail'), pat('aad.svc', 'svc-token'), pat('aad.leaver', 'revoked', { isValid: false })];
  const fragment = personalAccessTokensToGraph(tokens, [], context, ORG, users);
  const ownedBy = (authorizationId: string) => fragment.edges.filter((e) => e.kind === 'OWNED_BY' && e.from === `azuredevops:credential:${ORG}/${authorizationId}`).map((e) => e.to);

  it('is owned by its user’s person: by e-mail, else by the Entra object id placeholder', () => {
    expect(ownedBy('release-notes')).toEqual(['people:owner:lea.ver@corp.example']);
    expect(ownedBy('no-mail')).toEqual([`people:owner:entra/${TENANT}/entra-nomail`]);
  });

  it('has no person behind a service account’s PAT, and a revoked PAT is no credential at all', () => {
    expect(ownedBy('svc-token')).toEqual([]);
    expect(fragment.nodes.some((n) => n.id.endsWith('/revoked'))).toBe(false);
  });

  it('is orphaned by the same rule as every owner: the leave date passed while the account is enabled', () => {
    const graph = correlated(fragment, adoUsersToGraph(users, context, ORG));

    const [owner] = ownersOf(graph, `azuredevops:credential:${ORG}/release-notes`);
    expect(owner && ownerState(owner)).toBe('departed');
  });

  it('reads validFrom and validTo without an offset as UTC', () => {
    expect(fragment.nodes.find((n) => n.id === `azuredevops:credential:${ORG}/release-notes`)?.props).toMatchObject({ createdAt: '2026-06-01T09:12:44.573Z', expiresAt: '2027-05-31T00:00:00.000Z' });
    expect(adoUtcDate('2027-05-31T00:00:00+02:00')).toBe('2027-05-30T22:00:00.000Z');
    expect(adoUtcDate('not a date')).toBeUndefined();
  });
});

describe('service hooks', () => {
  const creator = (descriptor: string, uniqueName: string, displayName: string) => ({ id: `${descriptor}-id`, descriptor, uniqueName, displayName });

  it('are owned by their creator, who has left once the leave date passed', () => {
    const hook = serviceHookSchema.parse({ id: 'hook-1', status: 'enabled', createdBy: creator('aad.leaver', 'Lea.Ver@Corp.example', 'Lea Ver'), consumerInputs: { url: 'https://ingest.partner.example/hook' } });

    const graph = correlated(serviceHooksToGraph([hook], context, ORG));

    const [owner] = ownersOf(graph, `azuredevops:workload:${ORG}/hook-1`);
    expect(owner).toMatchObject({ id: 'people:owner:lea.ver@corp.example', props: { departed: true } });
  });

  it('reads a subscription without status as enabled (the enum’s zero value), and its platform creator as an owner that never leaves', () => {
    const platformHook = serviceHookSchema.parse({
      id: 'hook-2',
      publisherId: 'pipelines',
      eventType: 'ms.vss-pipelines.run-state-changed-event',
      consumerId: 'azureServiceBus',
      createdBy: creator('s2s.MDAwMDAwMDItMDAwMC04ODg4', '00000002-0000-8888-8000-000000000000@2c895908-04e0-4952-89fd-54b0046d6288', 'Microsoft.VisualStudio.Services.TFS'),
      consumerInputs: { connectionString: 'Endpoint=sb://events.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=********', topicName: 'runs' },
    });

    const graph = correlated(serviceHooksToGraph([platformHook], context, ORG));

    expect(graph.node(`azuredevops:workload:${ORG}/hook-2`)?.props).toMatchObject({ enabled: true });
    const [owner] = ownersOf(graph, `azuredevops:workload:${ORG}/hook-2`);
    // Not an e-mail person (its uniqueName is <guid>@<guid>), not a departure to decide.
    expect(owner).toMatchObject({ id: `people:owner:azuredevops/${ORG}/s2s.MDAwMDAwMDItMDAwMC04ODg4`, props: { subtype: 'service_principal', departed: false } });
    expect(owner && ownerState(owner)).toBe('active');
  });
});

describe('platform identities', () => {
  it('are plumbing: not a person, not owned by anyone, not a subject of ownership findings', () => {
    const { nodes, edges } = adoUsersToGraph(users, context, ORG);

    const build = nodes.find((n) => n.id === `azuredevops:identity:${ORG}/${buildService.descriptor}`);
    expect(build?.props).toMatchObject({ human: false, origin: 'microsoft' });
    expect(build && isPrincipal(build)).toBe(false);
    expect(edges.filter((e) => e.from === build?.id)).toEqual([]);
    expect(build?.props).not.toHaveProperty('email');
  });

  it('leaves people and service accounts as they were: a person owns their account, a service account is a principal', () => {
    const { nodes, edges } = adoUsersToGraph(users, context, ORG);

    expect(edges.filter((e) => e.kind === 'OWNED_BY').map((e) => `${e.from} -> ${e.to}`)).toEqual([
      `azuredevops:identity:${ORG}/aad.leaver -> people:owner:lea.ver@corp.example`,
      `azuredevops:identity:${ORG}/aad.nomail -> people:owner:entra/${TENANT}/entra-nomail`,
    ]);
    const svc = nodes.find((n) => n.id === `azuredevops:identity:${ORG}/aad.svc`);
    expect(svc && isPrincipal(svc)).toBe(true);
  });
});
