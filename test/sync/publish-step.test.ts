/**
 * The publish step builds the graph again from the sync's datasets (or, right after the build step in the same
 * invocation, takes the build step's) and writes the pages' read models that need no checks (access review, agents, blast radii, insights, project reach, root causes). What it writes must be what the
 * build step writes when it does everything itself (it had time to, or its job was planned before the publish step
 * existed), on a first sync and on a resync whose stored findings come back in another order.
 */
import type { GraphFragment } from '../../src/model/graph';
import type { GraphBuilder } from '../../src/sources/source-step';
import { defaultSettings } from '../../src/settings/settings';
import { readDataset } from '../../src/store/dataset-store';
import { memoryFindingStore, type FindingStore } from '../../src/store/finding-store';
import type { KeyValueStore } from '../../src/store/key-value-store';
import { ACCESS_REVIEW_DATASET, AGENTS_DATASET, ROOT_CAUSES_DATASET, blastDataset, insightDataset, projectReachDataset } from '../../src/store/layout';
import { evaluateSync, publishSync, type KeptPublish } from '../../src/sync/evaluate-sync';
import { BLAST_BUCKETS, INSIGHT_BUCKETS, PROJECT_BUCKETS } from '../../src/sync/surface-models';
import type { SyncStep } from '../../src/sync/sync-state';
import { memoryStore } from '../support/memory-store';
import { OBSERVED_AT, automationRule, browseProjects, credential, daysAfter, grant, jiraAppUser, jiraProject, ownedBy, person, role, servicePrincipal, authenticatesAs, triggersOn } from '../support/graph-fixtures';

const broadcast = jiraProject('BROADCAST', { sensitivity: 'confidential' });
const deals = jiraProject('DEALS', { sensitivity: 'restricted' });
const carlos = person('carlos@example.test', { departed: true, reason: 'Entra account disabled' });
const dana = person('dana@example.test');
const exportBot = jiraAppUser('Export Bot');
const notifier = automationRule('Broadcast Notifier', { scopeProjectIds: [broadcast.props.nativeId] });
const crmSync = servicePrincipal('crm-sync');
const secret = credential('crm-sync secret', { expiresAt: null });
const developers = role('Developers', { system: 'jira' });

/** Sync 1's estate; sync 2 adds DEALS to the bot's reach (scope drift) and drops the rule (its findings resolve). */
function estate(sync: 1 | 2): GraphFragment {
  const parts: GraphFragment[] = [
    { nodes: [broadcast, deals, carlos, dana, exportBot, crmSync, secret], edges: [ownedBy(exportBot, carlos), ownedBy(crmSync, dana), authenticatesAs(secret, crmSync)] },
    grant(exportBot, browseProjects(broadcast), broadcast, { role: developers }),
    ...(sync === 2 ? [grant(exportBot, browseProjects(deals), deals, { role: developers })] : [{ nodes: [notifier], edges: [triggersOn(notifier, broadcast), ownedBy(notifier, carlos)] }]),
  ];
  return { nodes: parts.flatMap((p) => p.nodes), edges: parts.flatMap((p) => p.edges) };
}

const builderOf = (sync: 1 | 2): GraphBuilder => ({ system: 'jira', build: async () => ({ fragment: structuredClone(estate(sync)) }) });
const steps: SyncStep[] = [{ id: 'jira:projects', kind: 'extract', system: 'jira', label: 'Jira projects', status: 'done', attempts: 1 }];

/** whole: the build step publishes; rebuilt: the publish step builds the graph again; kept: it takes the build step's. */
type Publishing = 'whole' | 'rebuilt' | 'kept';

async function runSync(store: KeyValueStore, findings: FindingStore, sync: 1 | 2, publishing: Publishing): Promise<void> {
  const syncId = `sync-${sync}`;
  const context = { settings: defaultSettings(), observedAt: sync === 1 ? OBSERVED_AT : daysAfter(1) };
  const graph = { builders: [builderOf(sync)], context, ownHosts: ['example.atlassian.net'] };
  let kept: KeptPublish | undefined;
  await evaluateSync({ store, findings, syncId, lastCompleteSyncId: sync === 2 ? 'sync-1' : undefined, ...graph, complete: true, idKey: 'test-key', steps, handOver: () => publishing !== 'whole', keepForPublish: (publish) => (kept = publish) });
  if (publishing === 'whole') return expect(kept).toBeUndefined();
  expect(await readDataset(store, syncId, ACCESS_REVIEW_DATASET)).toBeUndefined();
  if (publishing === 'rebuilt') await publishSync({ store, findings, syncId, ...graph });
  else expect((await (kept as KeptPublish)()).timings).toMatchObject({ readMs: 0, graphMs: 0, reachMs: 0 });
}

const PUBLISHED = [ACCESS_REVIEW_DATASET, AGENTS_DATASET, ROOT_CAUSES_DATASET, ...Array.from({ length: BLAST_BUCKETS }, (_, i) => blastDataset(i)), ...Array.from({ length: INSIGHT_BUCKETS }, (_, i) => insightDataset(i)), ...Array.from({ length: PROJECT_BUCKETS }, (_, i) => projectReachDataset(i))];

async function published(store: KeyValueStore, syncId: string): Promise<Record<string, unknown>> {
  return Object.fromEntries(await Promise.all(PUBLISHED.map(async (name) => [name, await readDataset(store, syncId, name)] as const)));
}

describe('the publish step', () => {
  it.each<Publishing>(['rebuilt', 'kept'])('writes what the build step wrote when it published itself, on a first sync and on a resync (%s graph)', async (publishing) => {
    // Arrange: one install whose jobs have a publish step, one whose build step does everything
    const split = { store: memoryStore(), findings: memoryFindingStore() };
    const whole = { store: memoryStore(), findings: memoryFindingStore() };
    // Stored findings come back newest first, not in the order the build step reconciled them.
    const listAll = split.findings.listAll;
    split.findings.listAll = async () => (await listAll()).reverse();

    for (const sync of [1, 2] as const) {
      // Act
      await runSync(split.store, split.findings, sync, publishing);
      await runSync(whole.store, whole.findings, sync, 'whole');

      // Assert
      const expected = await published(whole.store, `sync-${sync}`);
      expect(expected[ACCESS_REVIEW_DATASET]).not.toEqual([]);
      expect(await published(split.store, `sync-${sync}`)).toEqual(expected);
    }
    const checks = (await whole.findings.listAll()).map((f) => `${f.check}:${f.status}`).sort();
    expect(checks).toEqual(expect.arrayContaining(['orphaned_ownership:resolved', 'scope_drift:open', 'credential_never_expires:open']));
  });

  it('refuses to run without the departures the build step stores for it', async () => {
    const store = memoryStore();
    const context = { settings: defaultSettings(), observedAt: OBSERVED_AT };
    await expect(publishSync({ store, findings: memoryFindingStore(), syncId: 'sync-1', builders: [builderOf(1)], context, ownHosts: [] })).rejects.toThrow('stored no departures');
  });
});
