import { shareStrings } from '../../src/shared/share-strings';

describe('shareStrings', () => {
  const records = () => [
    { id: 'F-1', check: 'reachable_sensitive_domain', chain: ['entra:identity:t/sp-1', 'jira:resource:10010'], evidence: [{ class: 'structural_authority', nodeIds: ['jira:resource:10010'] }], count: 2, open: true, note: null },
    { id: 'F-2', check: 'reachable_sensitive_domain', chain: ['entra:identity:t/sp-2', 'jira:resource:10010'], evidence: [], count: 0, open: false, note: 'x' },
  ];

  it('keeps every value as it was, however nested, in place', () => {
    const input = records();
    const output = shareStrings(input);
    expect(output).toBe(input);
    expect(output).toEqual(records());
  });

  it('keeps one instance per distinct string, across the reads that share a pool', () => {
    const pool = new Map<string, string>();
    shareStrings(records(), pool);
    const distinct = new Set(['F-1', 'F-2', 'reachable_sensitive_domain', 'entra:identity:t/sp-1', 'entra:identity:t/sp-2', 'jira:resource:10010', 'structural_authority', 'x']);
    expect(new Set(pool.keys())).toEqual(distinct);
    shareStrings([{ id: 'F-3', check: 'reachable_sensitive_domain' }], pool);
    expect(pool.size).toBe(distinct.size + 1);
  });
});
