/**
 * The surfaces' read models: a blast radius per principal and an insight per finding, each found again by one
 * bucketed lookup; the project index lists a finding under every project its principal reaches; exports are dated
 * CSV with a byte-order mark.
 */
import { computeAllReach } from '../../src/chains/reach';
import { runChecks } from '../../src/checks/run-checks';
import { reconcileFindings } from '../../src/findings/finding';
import { BOM, datedFileName, matchingRows, toCsv } from '../../src/use-cases/exports';
import { toFindingRow } from '../../src/findings/query';
import { bucketOf, readBlastRadius, readDepartures, readInsight, readProjectReach, writeSurfaceModels } from '../../src/sync/surface-models';
import { readDataset } from '../../src/store/dataset-store';
import { DEPARTURES_FIRST_SEEN_DATASET, DEPARTURES_FIRST_SEEN_KEY, STATE_SCOPE } from '../../src/store/layout';
import { memoryStore } from '../support/memory-store';
import { OBSERVED_AT, automationRule, checkContext, jiraProject, person, sealedGraphOf, ownedBy, triggersOn } from '../support/graph-fixtures';

describe('writeSurfaceModels', () => {
  it('indexes an orphaned rule under the project its scope reaches, and stores its blast radius and insight', async () => {
    // Arrange: a rule scoped to BROADCAST whose only owner left
    const broadcast = jiraProject('BROADCAST');
    const rule = automationRule('Broadcast Notifier', { scopeProjectIds: [broadcast.props.nativeId] });
    const carlos = person('carlos@example.test', { departed: true, reason: 'Entra account disabled' });
    const graph = sealedGraphOf(rule, broadcast, carlos, triggersOn(rule, broadcast), ownedBy(rule, carlos));
    const reach = computeAllReach(graph);
    const findings = reconcileFindings([], runChecks(checkContext(graph)).detections, true, OBSERVED_AT).findings;
    const orphan = findings.find((f) => f.check === 'orphaned_ownership');
    expect(orphan?.projectKeys).toEqual([]);
    const store = memoryStore();

    // Act
    const stats = await writeSurfaceModels(
      { store, syncId: 'sync-1', graph, reach, findings, baselineOf: () => undefined, observedAt: OBSERVED_AT },
      new Map(),
    );

    // Assert
    expect(await readProjectReach(store, 'sync-1', 'BROADCAST')).toContain(orphan?.id);
    expect(await readProjectReach(store, 'sync-1', 'DEALS')).toEqual([]);
    expect((await readBlastRadius(store, 'sync-1', rule.id))?.nodes.map((n) => n.name)).toEqual(['Broadcast Notifier', 'BROADCAST']);
    expect((await readInsight(store, 'sync-1', orphan?.id ?? ''))?.principalId).toBe(rule.id);
    expect(stats.principals).toBe(1);
    expect(stats.largestBlastBytes).toBeGreaterThan(0);
  });
});

describe('bucketOf', () => {
  it('is stable and spreads keys', () => {
    expect(bucketOf('F-0123456789abcdef', 16)).toBe(bucketOf('F-0123456789abcdef', 16));
    const used = new Set(Array.from({ length: 200 }, (_, i) => bucketOf(`key-${i}`, 16)));
    expect(used.size).toBe(16);
  });
});

describe('exports', () => {
  it('writes CSV with a byte-order mark, quoted cells and neutralised formulas', () => {
    const csv = toCsv(['name', 'note'], [{ name: 'Núria', note: '=HYPERLINK("x")' }]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1)).toBe('"name","note"\r\n"Núria","\'=HYPERLINK(""x"")"\r\n');
  });

  it('names a file after the day it was made', () => {
    expect(datedFileName('findings', 'csv', new Date('2026-11-20T23:59:00Z'))).toBe('securityv0-findings-2026-11-20.csv');
  });

  it('takes every row the list filters match, past one page', () => {
    const base = { check: 'c', title: 't', severity: 'LOW' as const, status: 'open' as const, subject: { id: 's', kind: 'workload' as const, name: 's' }, summary: '', chain: [], chainNodes: [], evidence: [], projectKeys: [], identityFields: [], firstSeenAt: OBSERVED_AT, lastSeenAt: OBSERVED_AT, intervals: [], fingerprint: 'x' };
    const rows = Array.from({ length: 450 }, (_, i) => toFindingRow({ ...base, id: `F-${String(i).padStart(4, '0')}`, severity: i % 2 ? 'LOW' : 'HIGH' }, []));
    expect(matchingRows(rows, { filters: { severity: ['HIGH'] } })).toHaveLength(225);
  });
});

describe('when owners were first seen departed', () => {
  const departedOwners = (n: number) => Array.from({ length: n }, (_, i) => person(`leaver${i}@example.com`, { departed: true, name: `Leaver ${i}` }));

  it('keeps the dates as a chunked dataset, so 5,000 departures fit where one storage value would not', async () => {
    const store = memoryStore();
    const owners = departedOwners(5000);
    const first = await readDepartures(store, sealedGraphOf(...owners), [], OBSERVED_AT);
    expect(first.get(owners[0]?.id ?? '')).toMatchObject({ at: OBSERVED_AT, source: 'first-seen' });
    const stored = await readDataset<{ ownerId: string; at: string }>(store, STATE_SCOPE, DEPARTURES_FIRST_SEEN_DATASET);
    expect(stored).toHaveLength(5000);
    expect(Math.max(...[...store.data.values()].map((v) => JSON.stringify(v).length))).toBeLessThan(240 * 1024);
    // A later sync keeps the first date.
    const later = await readDepartures(store, sealedGraphOf(...owners), [], '2026-12-24T00:00:00.000Z');
    expect(later.get(owners[4999]?.id ?? '')?.at).toBe(OBSERVED_AT);
  });

  it('reads the dates an earlier version kept as one value, once, and moves them', async () => {
    const store = memoryStore();
    const [owner] = departedOwners(1);
    await store.set(DEPARTURES_FIRST_SEEN_KEY, { [owner?.id ?? '']: '2026-10-01T00:00:00.000Z' });
    const departures = await readDepartures(store, sealedGraphOf(...(owner ? [owner] : [])), [], OBSERVED_AT);
    expect(departures.get(owner?.id ?? '')?.at).toBe('2026-10-01T00:00:00.000Z');
    expect(await store.get(DEPARTURES_FIRST_SEEN_KEY)).toBeUndefined();
    expect(await readDataset(store, STATE_SCOPE, DEPARTURES_FIRST_SEEN_DATASET)).toEqual([{ ownerId: owner?.id, at: '2026-10-01T00:00:00.000Z' }]);
  });
});
