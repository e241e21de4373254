import { applyDelta } from '../../../src/sources/entra/graph-client';

describe('applyDelta', () => {
  const before = [
    { id: 'a', displayName: 'Ada', accountEnabled: true, department: 'Finance' },
    { id: 'b', displayName: 'Bo', accountEnabled: true },
    { id: 'c', displayName: 'Cy', accountEnabled: true },
  ];

  it('drops removed items, merges changed ones field by field and adds new ones', () => {
    const after = applyDelta(
      before,
      [
        { id: 'a', accountEnabled: false, '@odata.type': '#microsoft.graph.user' },
        { id: 'b', '@removed': { reason: 'deleted' } },
        { id: 'd', displayName: 'Di', accountEnabled: true },
      ],
      ['displayName', 'accountEnabled', 'department'],
    );
    expect(after).toEqual([
      { id: 'a', displayName: 'Ada', accountEnabled: false, department: 'Finance' },
      { id: 'c', displayName: 'Cy', accountEnabled: true },
      { id: 'd', displayName: 'Di', accountEnabled: true },
    ]);
  });

  it('gives the same result when a round is replayed, and keeps only the selected properties', () => {
    const changes = [{ id: 'c', displayName: 'Cyd', signInActivity: { lastSignInDateTime: '2026-11-01T00:00:00Z' } }];
    const once = applyDelta(before, changes, ['displayName', 'accountEnabled']);
    expect(applyDelta(once, changes, ['displayName', 'accountEnabled'])).toEqual(once);
    expect(once[2]).toEqual({ id: 'c', displayName: 'Cyd', accountEnabled: true });
  });
});
