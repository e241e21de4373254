/**
 * Which objects' activity evidence a resync may keep: only where no newer read could change the dormancy answer.
 */
import { EVIDENCE_MARGIN_MS, keptEvidence, mergeEvidence, newestBy } from '../../src/sources/evidence-horizon';

const NOW = '2026-11-20T06:00:00.000Z';
const ago = (ms: number) => new Date(Date.parse(NOW) - ms).toISOString();
const DAY = 86_400_000;
const horizon = { mark: { fullAt: ago(2 * DAY), readAt: ago(DAY) }, observedAt: NOW, dormancyWindowDays: 90 };

describe('keptEvidence', () => {
  it('keeps an unchanged object whose newest evidence stays inside the window by the margin, and nothing else', () => {
    const newest = new Map([
      ['recent', ago(DAY)],
      ['edge-in', ago(90 * DAY - EVIDENCE_MARGIN_MS)],
      ['edge-out', ago(90 * DAY - EVIDENCE_MARGIN_MS + 1)],
      ['changed', ago(DAY)],
    ]);
    const kept = keptEvidence(['recent', 'edge-in', 'edge-out', 'changed', 'never-ran'], newest, (key) => key !== 'changed', horizon);
    expect([...kept].sort()).toEqual(['edge-in', 'recent']);
  });

  it('keeps nothing without a mark, with a full read a week old, or a mark from the future', () => {
    const newest = new Map([['recent', ago(DAY)]]);
    expect(keptEvidence(['recent'], newest, () => true, { ...horizon, mark: undefined }).size).toBe(0);
    expect(keptEvidence(['recent'], newest, () => true, { ...horizon, mark: { fullAt: ago(7 * DAY), readAt: ago(DAY) } }).size).toBe(0);
    expect(keptEvidence(['recent'], newest, () => true, { ...horizon, mark: { fullAt: ago(6.9 * DAY), readAt: ago(DAY) } }).size).toBe(1);
    expect(keptEvidence(['recent'], newest, () => true, { ...horizon, mark: { fullAt: ago(-DAY), readAt: ago(DAY) } }).size).toBe(0);
  });
});

it('newestBy skips unreadable times; mergeEvidence keeps the order of the keys', () => {
  const records = [
    { k: 'a', at: '2026-11-01T00:00:00Z' },
    { k: 'a', at: '2026-11-03T00:00:00Z' },
    { k: 'b', at: 'not a date' },
  ];
  expect(newestBy(records, (r) => r.k, (r) => r.at)).toEqual(new Map([['a', '2026-11-03T00:00:00Z']]));
  const merged = mergeEvidence(['b', 'a', 'c'], new Set(['a']), records, [{ k: 'b', at: 'fresh' }, { k: 'a', at: 'fresh' }, { k: 'c', at: 'fresh' }], (r) => r.k);
  expect(merged).toEqual([{ k: 'b', at: 'fresh' }, records[0], records[1], { k: 'c', at: 'fresh' }]);
});
