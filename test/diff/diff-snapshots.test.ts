/**
 * diffSnapshots: what changed since the last complete snapshot, per node. A partial snapshot never reports
 * removals; a system losing more than half of its nodes (with at least 20 before) trips the deletion breaker,
 * which holds removals until a sync confirms them.
 */
import { BREAKER_MIN_NODES, diffSnapshots, digestGraph, SnapshotDiffer, type NodeDigest } from '../../src/diff/diff-snapshots';
import type { GraphNode } from '../../src/model/schema';
import { automationRule, jiraProject, sealedGraphOf, servicePrincipal } from '../support/graph-fixtures';

const crmSync = servicePrincipal('crm-sync');
const reportReader = servicePrincipal('report-reader');
const exportRule = automationRule('Nightly Ticket Export');

/** Digests of a sealed graph of `nodes`. */
const digestsOf = (...nodes: GraphNode[]) => digestGraph(sealedGraphOf(...nodes));

/** `count` Jira projects named P0..Pn. */
const projects = (count: number) => Array.from({ length: count }, (_, i) => jiraProject(`P${i}`));

describe('digestGraph', () => {
  it('gives one digest per node, identical for identical content and different when a prop changes', () => {
    const before = digestsOf(crmSync, exportRule);
    const same = digestsOf(exportRule, crmSync);
    const disabled = digestsOf({ ...crmSync, props: { ...crmSync.props, enabled: false } }, exportRule);

    expect(same).toEqual(before);
    expect(new Set(before.map((d) => d.id))).toEqual(new Set([crmSync.id, exportRule.id]));
    expect(disabled.find((d) => d.id === crmSync.id)?.hash).not.toBe(before.find((d) => d.id === crmSync.id)?.hash);
    expect(disabled.find((d) => d.id === exportRule.id)?.hash).toBe(before.find((d) => d.id === exportRule.id)?.hash);
  });

  it('keeps of a node only what the diff reads: no name or other content is copied into the snapshot', () => {
    const [digest] = digestsOf(crmSync);
    expect(Object.keys(digest ?? {}).sort()).toEqual(['hash', 'id', 'system']);
    // A renamed node still shows as changed: the hash covers the whole node.
    expect(digestsOf({ ...crmSync, name: 'renamed' })[0]?.hash).not.toBe(digest?.hash);
  });

  it('diffs against a snapshot stored with the kind and name an older version kept', () => {
    const older = digestsOf(crmSync, exportRule).map((d) => ({ ...d, kind: 'workload', name: 'old' }));
    const diff = diffSnapshots(older, digestsOf(crmSync, reportReader), true);
    expect([diff.added, diff.removed, diff.changed]).toEqual([[reportReader.id], [exportRule.id], []]);
  });
});

describe('diffSnapshots', () => {
  it('reports added, removed and changed nodes of a complete snapshot', () => {
    // Arrange
    const previous = digestsOf(crmSync, exportRule);
    const current = digestsOf({ ...crmSync, name: 'crm-sync (v2)' }, reportReader);

    // Act
    const diff = diffSnapshots(previous, current, true);

    // Assert
    expect(new Set(diff.added)).toEqual(new Set([reportReader.id]));
    expect(new Set(diff.removed)).toEqual(new Set([exportRule.id]));
    expect(new Set(diff.changed)).toEqual(new Set([crmSync.id]));
    expect(diff.removalsReported).toBe(true);
    expect(diff.breaker.tripped).toBe(false);
  });

  it('reports nothing for an unchanged snapshot', () => {
    const diff = diffSnapshots(digestsOf(crmSync, exportRule), digestsOf(crmSync, exportRule), true);

    expect(diff).toMatchObject({ added: [], removed: [], changed: [], removalsReported: true });
  });

  it('reports everything as added when there is no previous complete snapshot', () => {
    const diff = diffSnapshots(undefined, digestsOf(crmSync, exportRule), true);

    expect(new Set(diff.added)).toEqual(new Set([crmSync.id, exportRule.id]));
    expect(diff.removed).toEqual([]);
  });

  it('never reports removals from a partial snapshot, but still additions and changes', () => {
    const previous = digestsOf(crmSync, exportRule);
    const current = digestsOf({ ...crmSync, name: 'crm-sync (v2)' }, reportReader);

    const diff = diffSnapshots(previous, current, false);

    expect(diff.removed).toEqual([]);
    expect(diff.removalsReported).toBe(false);
    expect(new Set(diff.added)).toEqual(new Set([reportReader.id]));
    expect(new Set(diff.changed)).toEqual(new Set([crmSync.id]));
  });

  it('gives the same lists in the same order whether or not the snapshots are in id order', () => {
    // Arrange: digestGraph writes id order; a snapshot stored by an older version may be in any order
    const previous = digestsOf(crmSync, exportRule, ...projects(6).slice(0, 4));
    const current = digestsOf({ ...crmSync, name: 'crm-sync (v2)' }, reportReader, ...projects(6).slice(2));
    const shuffled = (list: NodeDigest[]) => [...list].reverse();

    // Act
    const sorted = diffSnapshots(previous, current, true);
    const unsorted = diffSnapshots(shuffled(previous), current, true);
    const bothUnsorted = diffSnapshots(shuffled(previous), shuffled(current), true);

    // Assert
    expect(sorted.added).toEqual([reportReader.id, ...projects(6).slice(4).map((p) => p.id)].sort());
    expect(sorted.removed).toEqual([exportRule.id, ...projects(2).map((p) => p.id)].sort());
    expect(sorted.changed).toEqual([crmSync.id]);
    expect(unsorted.added).toEqual(sorted.added);
    expect(unsorted.changed).toEqual(sorted.changed);
    expect(new Set(unsorted.removed)).toEqual(new Set(sorted.removed));
    expect(new Set(bothUnsorted.added)).toEqual(new Set(sorted.added));
    expect(bothUnsorted.changed).toEqual(sorted.changed);
  });

  describe('the deletion breaker', () => {
    it('trips when a system of at least 20 nodes loses more than half, and holds the removals', () => {
      const all = projects(BREAKER_MIN_NODES);
      const previous = digestsOf(...all);
      const current = digestsOf(...all.slice(0, 9)); // 11 of 20 lost

      const diff = diffSnapshots(previous, current, true);

      expect(diff.breaker.tripped).toBe(true);
      expect(diff.breaker.reason).toContain('jira lost 11 of 20');
      expect(diff.removed).toEqual([]);
      expect(diff.removalsReported).toBe(false);
    });

    it('holds at exactly half', () => {
      const all = projects(BREAKER_MIN_NODES);

      const diff = diffSnapshots(digestsOf(...all), digestsOf(...all.slice(0, 10)), true);

      expect(diff.breaker.tripped).toBe(false);
      expect(diff.removed).toHaveLength(10);
    });

    it('does not trip for a system smaller than 20 nodes losing everything', () => {
      const all = projects(BREAKER_MIN_NODES - 1);

      const diff = diffSnapshots(digestsOf(...all, crmSync), digestsOf(crmSync), true);

      expect(diff.breaker.tripped).toBe(false);
      expect(diff.removed).toHaveLength(BREAKER_MIN_NODES - 1);
    });

    it('judges each system on its own nodes', () => {
      const jira = projects(BREAKER_MIN_NODES);
      const entra = Array.from({ length: 30 }, (_, i) => servicePrincipal(`app-${i}`));

      // 11 of 20 Jira nodes lost is more than half of Jira, though fewer than half of all 50 nodes.
      const diff = diffSnapshots(digestsOf(...jira, ...entra), digestsOf(...jira.slice(0, 9), ...entra), true);

      expect(diff.breaker.tripped).toBe(true);
    });

    it('still reports additions and changes while it holds removals', () => {
      const all = projects(BREAKER_MIN_NODES);
      const previous: NodeDigest[] = digestsOf(...all);

      const diff = diffSnapshots(previous, digestsOf(...all.slice(0, 5), crmSync), true);

      expect(diff.breaker.tripped).toBe(true);
      expect(diff.added).toEqual([crmSync.id]);
    });
  });
});

describe('SnapshotDiffer', () => {
  it.each([
    ['in id order', (list: NodeDigest[]) => list],
    ['in another order', (list: NodeDigest[]) => [...list].reverse()],
  ])('makes the same diff one digest at a time, then holds none of the last snapshot (%s)', (_, order) => {
    // Arrange
    const previous = order(digestsOf(crmSync, exportRule, ...projects(5).slice(0, 3)));
    const current = digestsOf({ ...crmSync, name: 'crm-sync (v2)' }, reportReader, ...projects(5).slice(1));
    const differ = new SnapshotDiffer(previous);

    // Act
    for (const digest of current) differ.next(digest);
    const diff = differ.finish(true);

    // Assert: the build step gives the differ the last snapshot alone, so what it keeps is what stays in memory
    expect(diff).toEqual(diffSnapshots(previous, current, true));
    const kept = Object.values(differ).filter((value) => Array.isArray(value) && value.length > 0);
    expect(kept).toEqual([]);
    expect(() => differ.next(current[0] as NodeDigest)).toThrow(/after the diff was made/);
  });
});
