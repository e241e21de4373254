/**
 * Which users' PATs a resync re-reads, from the Azure DevOps audit log (src/sources/azuredevops/token-audit.ts), on
 * named minimal fixtures: an event is placed on its owner or widens the read to everyone, never narrows it wrongly.
 */
import type { AdoUser } from '../../../src/sources/azuredevops/graph-users';
import type { PersonalAccessToken } from '../../../src/sources/azuredevops/personal-access-tokens';
import { patChangesSince, withLapsedTokensInvalid, type TokenAuditEvent, type TokenAuditRecord, type TokenAuditWindow } from '../../../src/sources/azuredevops/token-audit';

const LAST_READ = '2026-11-19T06:00:00.000Z';
const NOW = '2026-11-20T06:00:00.000Z';
const alice: AdoUser = { descriptor: 'aad.alice', principalName: 'alice@test.example', mailAddress: 'alice@test.example', displayName: 'Alice' };
const bob: AdoUser = { descriptor: 'aad.bob', principalName: 'bob@test.example', mailAddress: 'bob@test.example', displayName: 'Bob' };
const users = [alice, bob];
const aliceBuild: PersonalAccessToken = { subjectDescriptor: 'aad.alice', authorizationId: 'auth-a1', userId: 'vsid-alice', displayName: 'build', scopes: ['vso.build_execute'], validTo: '2027-01-01T00:00:00', isValid: true };
const bobCli: PersonalAccessToken = { subjectDescriptor: 'aad.bob', authorizationId: 'auth-b1', userId: 'vsid-bob', displayName: 'cli', scopes: ['vso.code'], validTo: '2027-01-01T00:00:00', isValid: true };
const previous = [aliceBuild, bobCli];

const window = (overrides: Partial<TokenAuditWindow> = {}): TokenAuditWindow => ({ kind: 'window', readable: true, from: '2026-11-19T05:00:00.000Z', to: NOW, entries: 3, ...overrides });
const event = (actionId: string, overrides: Partial<TokenAuditEvent> = {}): TokenAuditEvent => ({ kind: 'pat-event', id: `e-${actionId}`, actionId, timestamp: '2026-11-19T12:00:00.000Z', ...overrides });
const changes = (records: TokenAuditRecord[]) => patChangesSince(records, LAST_READ, users, previous);

describe('patChangesSince', () => {
  it('places a created PAT on its actor, by the user id the stored tokens carry', () => {
    expect(changes([window(), event('Token.PatCreateEvent', { actorUserId: 'VSID-ALICE', displayName: 'deploy' })])).toEqual(new Set(['aad.alice']));
  });

  it('places an updated PAT on its actor by UPN when no stored token has that user id (a first token)', () => {
    expect(changes([window(), event('Token.PatUpdateEvent', { actorUserId: 'vsid-unknown', actorUPN: 'Bob@Test.Example' })])).toEqual(new Set(['aad.bob']));
  });

  it('re-reads every holder of the revoked token name, as an administrator may have revoked it', () => {
    const holders = patChangesSince([window(), event('Token.PatRevokeEvent', { actorUPN: 'admin@test.example', displayName: 'build' })], LAST_READ, users, [...previous, { ...bobCli, authorizationId: 'auth-b2', displayName: 'build' }]);
    expect(holders).toEqual(new Set(['aad.alice', 'aad.bob']));
  });

  it('re-reads nobody for an expiry the stored tokens show (validTo passed by the time it was logged), and every holder for one they do not', () => {
    const lapsing: PersonalAccessToken = { ...bobCli, authorizationId: 'auth-b2', displayName: 'build', validTo: '2026-11-19T11:00:00' };
    const stored = [...previous, lapsing];
    const expired = (displayName: string) => event('Token.PatExpiredEvent', { displayName });
    expect(patChangesSince([window(), expired('build')], LAST_READ, users, stored)).toEqual(new Set());
    // Logged more than a day before any stored "build" token's validTo: not an expiry we know; every holder is read.
    expect(patChangesSince([window(), expired('build')], LAST_READ, users, [...previous, { ...lapsing, validTo: '2026-11-21T00:00:00' }])).toEqual(new Set(['aad.alice', 'aad.bob']));
    expect(patChangesSince([window(), expired('cli')], LAST_READ, users, stored)).toEqual(new Set(['aad.bob']));
  });

  it('finds nothing to re-read in a window with no token event', () => {
    expect(changes([window({ entries: 1 })])).toEqual(new Set());
  });

  it('ignores events from before the last read (less the overlap) and SSH key events', () => {
    expect(changes([window(), event('Token.PatCreateEvent', { actorUPN: 'alice@test.example', timestamp: '2026-11-19T04:00:00.000Z' }), event('Token.SshCreateEvent', { actorUPN: 'nobody@else.example' })])).toEqual(new Set());
  });

  it.each<[string, TokenAuditRecord[]]>([
    ['no window record', [event('Token.PatCreateEvent', { actorUPN: 'alice@test.example' })]],
    ['an unreadable log (403)', [window({ readable: false, entries: 0, reason: 'HTTP 403' })]],
    ['an empty window (auditing off: not even the last read of the log is in it)', [window({ entries: 0 })]],
    ['a window starting after the last read', [window({ from: '2026-11-19T12:00:00.000Z' })]],
    ['a created PAT whose actor is no known user', [window(), event('Token.PatCreateEvent', { actorUPN: 'stranger@else.example' })]],
    ['a revoked PAT without its name', [window(), event('Token.PatRevokeEvent', { actorUPN: 'alice@test.example' })]],
    ['a revoked PAT whose name no stored token has', [window(), event('Token.PatSystemRevokeEvent', { displayName: 'never-seen' })]],
    ['a PAT event of a kind not known here', [window(), event('Token.PatRegenerateEvent', { actorUPN: 'alice@test.example' })]],
  ])('reads everyone on %s', (_why, records) => {
    expect(changes(records)).toBe('all');
  });

  it('does not place on a UPN two users share', () => {
    const twin: AdoUser = { ...bob, descriptor: 'aad.bob-twin' };
    expect(patChangesSince([window(), event('Token.PatCreateEvent', { actorUPN: 'bob@test.example' })], LAST_READ, [alice, bob, twin], [])).toBe('all');
  });
});

describe('withLapsedTokensInvalid', () => {
  it('turns invalid the tokens the last read found valid whose validTo (UTC, no offset) has passed, and only those', () => {
    const lapsing: PersonalAccessToken = { ...bobCli, validTo: '2026-11-20T00:00:00' };
    const alreadyInvalid: PersonalAccessToken = { ...aliceBuild, validTo: '2026-11-01T00:00:00', isValid: false };
    const stillValid: PersonalAccessToken = { ...aliceBuild, validTo: `${NOW.slice(0, 10)}T23:59:59` };
    const out = withLapsedTokensInvalid([aliceBuild, lapsing, alreadyInvalid, stillValid], NOW);
    expect(out.map((t) => t.isValid)).toEqual([aliceBuild.isValid, false, false, stillValid.isValid]);
    expect(out[0]).toBe(aliceBuild);
    expect(lapsing.isValid).not.toBe(false); // the input is left as it was
  });
});
