/**
 * Missing is not deleted: a collection is compared with itself before it is kept. A record that fails validation keeps
 * its last known state; an empty answer or a loss of more than half keeps the missing records' last state and makes the
 * collection partial until a later sync sees the same loss; an empty answer a missing permission explains is never
 * taken as real.
 */
import { BREAKER_MIN_RECORDS, guardCollection, type CollectionInput } from '../../src/sync/collection-guard';
import type { QuarantinedRecord } from '../../src/sources/parse-records';

interface User {
  id: string;
  enabled: boolean;
}

const users = (n: number, from = 0): User[] => Array.from({ length: n }, (_, i) => ({ id: `u-${from + i}`, enabled: true }));
const bad = (id: string | undefined, index = 0): QuarantinedRecord => ({ system: 'entra', endpoint: '/v1.0/users', index, ...(id ? { id } : {}), issues: ['accountEnabled: expected boolean'] });

const guard = (input: Partial<CollectionInput<User>>) => guardCollection<User>({ label: 'Entra users (Contoso)', kind: 'objects', records: [], quarantined: [], previous: undefined, ...input });

describe('a record that fails validation', () => {
  it('keeps its last known state when the last complete sync had it', () => {
    const previous = [{ id: 'u-1', enabled: false }, { id: 'u-2', enabled: true }];
    const verdict = guard({ records: [{ id: 'u-2', enabled: true }], quarantined: [bad('u-1')], previous });
    expect(verdict.status).toBe('done');
    expect(verdict.records).toEqual([{ id: 'u-2', enabled: true }, { id: 'u-1', enabled: false }]);
    expect(verdict.carriedOver).toBe(1);
    expect(verdict.reason).toMatch(/1 record failed validation .*u-1.*keep their last known state/);
  });

  it('makes the collection partial when it has no last known state', () => {
    const verdict = guard({ records: users(3), quarantined: [bad('u-new')], previous: users(3) });
    expect(verdict.status).toBe('partial');
    expect(verdict.records).toEqual(users(3));
    expect(verdict.reason).toMatch(/no last known state/);
  });

  it('makes the collection partial when it cannot be told apart (no id)', () => {
    expect(guard({ records: users(3), quarantined: [bad(undefined, 4)], previous: users(4) }).status).toBe('partial');
  });

  it('makes an event collection partial: an audit record has no last state to keep', () => {
    const verdict = guard({ kind: 'events', records: users(3), quarantined: [bad('u-1')], previous: users(3) });
    expect(verdict.status).toBe('partial');
    expect(verdict.carriedOver).toBe(0);
  });
});

describe('an empty answer', () => {
  it('where the last complete sync had items keeps them and is partial', () => {
    const verdict = guard({ records: [], previous: users(3) });
    expect(verdict.status).toBe('partial');
    expect(verdict.records).toEqual(users(3));
    expect(verdict.reason).toMatch(/returned nothing where the last complete sync had 3/);
  });

  it('is real once a later sync sees it too', () => {
    const verdict = guard({ records: [], previous: users(3), previousCount: 3, latestCount: 0 });
    expect(verdict).toEqual({ records: [], status: 'done', carriedOver: 0 });
  });

  it('is never real when a missing permission explains it', () => {
    const why = 'the app lacks Browse users and groups';
    const verdict = guard({ records: [], previous: users(3), previousCount: 3, latestCount: 0, emptyMeansMissingPermission: why });
    expect(verdict.status).toBe('partial');
    expect(verdict.records).toEqual(users(3));
    expect(verdict.reason).toContain(why);
  });

  it('is no news for an event collection or a collection that was empty before', () => {
    expect(guard({ kind: 'events', records: [], previous: users(3) }).status).toBe('done');
    expect(guard({ records: [], previous: [] }).status).toBe('done');
    expect(guard({ records: [] }).status).toBe('done');
  });
});

describe('the deletion breaker, per collection', () => {
  it('holds a loss of more than half: the missing keep their last state', () => {
    const previous = users(40);
    const verdict = guard({ records: users(10), previous });
    expect(verdict.status).toBe('partial');
    expect(verdict.records.map((u) => u.id).sort()).toEqual(previous.map((u) => u.id).sort());
    expect(verdict.carriedOver).toBe(30);
    expect(verdict.reason).toMatch(/returned 10 where the last complete sync had 40/);
  });

  it('lets the loss through once a later sync confirms it', () => {
    const verdict = guard({ records: users(10), previous: users(40), previousCount: 40, latestCount: 12 });
    expect(verdict.status).toBe('done');
    expect(verdict.records).toEqual(users(10));
  });

  it('lets ordinary churn and small collections through', () => {
    expect(guard({ records: users(25), previous: users(40) }).status).toBe('done');
    expect(guard({ records: users(1), previous: users(BREAKER_MIN_RECORDS - 1) }).status).toBe('done');
  });

  it('compares the collection with itself, whatever else the system holds', () => {
    // One collection losing most of its records is held even if the system's other collections are large and whole.
    expect(guard({ label: 'Power Automate flows', records: users(2), previous: users(30), previousCount: 30 }).status).toBe('partial');
  });
});
