/**
 * coverageFrom: which unfinished step leaves a check unable to conclude about a node. The answer depends on the
 * aspect asked, the node's system and its Entra tenant, and is kept per combination: a kept answer must never stand
 * in for another aspect, system or tenant.
 */
import type { GraphNode } from '../../src/model/schema';
import { coverageFrom } from '../../src/sync/evaluate-sync';
import type { SyncStep } from '../../src/sync/sync-state';

const step = (id: string, system: SyncStep['system'], status: SyncStep['status'], tenantId?: string): SyncStep => ({
  id,
  system,
  label: id,
  status,
  attempts: 1,
  reason: `${id} stopped`,
  ...(tenantId ? { tenantId } : {}),
});

const node = (system: GraphNode['system'], tenantId?: string): GraphNode =>
  ({ id: `${system}:identity:${tenantId ?? 'site'}:x`, kind: 'identity', system, name: 'x', props: tenantId ? { tenantId } : {} }) as unknown as GraphNode;

describe('coverageFrom', () => {
  const steps = [
    step('entra:tenant-a:owners', 'entra', 'failed', 'tenant-a'),
    step('entra:tenant-b:directory-audits', 'entra', 'partial', 'tenant-b'),
    step('entra:tenant-b:owners', 'entra', 'done', 'tenant-b'),
    step('jira:users', 'jira', 'done'),
  ];

  it('answers per aspect, system and tenant, the same when asked again in any order', () => {
    const questions: Array<[GraphNode, 'evidence' | 'ownership']> = [
      [node('entra', 'tenant-a'), 'ownership'],
      [node('entra', 'tenant-a'), 'evidence'],
      [node('entra', 'tenant-b'), 'ownership'],
      [node('entra', 'tenant-b'), 'evidence'],
      [node('jira'), 'ownership'],
      [node('jira'), 'evidence'],
    ];
    const expected = [
      'entra:tenant-a:owners was not read completely (entra:tenant-a:owners stopped)',
      undefined,
      undefined,
      'entra:tenant-b:directory-audits was not read completely (entra:tenant-b:directory-audits stopped)',
      undefined,
      undefined,
    ];

    const forwards = coverageFrom(steps);
    const backwards = coverageFrom(steps);
    const asked = questions.map(([n, aspect]) => forwards.gapFor(n, aspect));
    const again = questions.map(([n, aspect]) => forwards.gapFor(n, aspect));
    const reversed = [...questions].reverse().map(([n, aspect]) => backwards.gapFor(n, aspect)).reverse();

    expect(asked).toEqual(expected);
    expect(again).toEqual(expected);
    expect(reversed).toEqual(expected);
  });

  it('asks about evidence when no aspect is named', () => {
    const coverage = coverageFrom(steps);

    expect(coverage.gapFor(node('entra', 'tenant-b'))).toMatch(/directory-audits/);
    expect(coverage.gapFor(node('entra', 'tenant-a'))).toBeUndefined();
  });
});
