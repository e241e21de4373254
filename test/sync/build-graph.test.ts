/**
 * The graph step takes from each source the records that ended an account, as the source read them for its
 * fragment, and the build step dates departures by them: the audit logs (at 140,000 people 7 MB of compressed Jira
 * audit records) are read once a sync, not again for the departures.
 */
import type { GraphFragment } from '../../src/model/graph';
import type { AccountAudit } from '../../src/model/person';
import type { DatasetReader, GraphBuilder, GraphContext } from '../../src/sources/source-step';
import { jiraGraphBuilder } from '../../src/sources/jira/to-graph';
import { JIRA_DATASETS } from '../../src/sources/jira/extraction-steps';
import { defaultSettings } from '../../src/settings/settings';
import { readDataset } from '../../src/store/dataset-store';
import { memoryFindingStore } from '../../src/store/finding-store';
import { DEPARTURES_DATASET } from '../../src/store/layout';
import { buildGraph } from '../../src/sync/build-graph';
import { evaluateSync } from '../../src/sync/evaluate-sync';
import { memoryStore } from '../support/memory-store';
import { OBSERVED_AT, jiraProject, person } from '../support/graph-fixtures';

const context: GraphContext = { settings: defaultSettings(), observedAt: OBSERVED_AT };
const ended = (accountId: string, at: string, system: AccountAudit['system'] = 'jira'): AccountAudit => ({ accountId, at, system });

/** A builder whose fragment comes in two parts, and whose account ends are known only once both have been taken. */
function streamingBuilder(fragment: GraphFragment, ends: AccountAudit[]): GraphBuilder {
  return {
    system: 'jira',
    async build() {
      const found: AccountAudit[] = [];
      async function* parts(): AsyncGenerator<GraphFragment> {
        yield { nodes: fragment.nodes, edges: [] };
        found.push(...ends);
        yield { nodes: [], edges: fragment.edges };
      }
      return { fragment: parts(), accountEnds: () => found };
    },
  };
}

describe('the graph step', () => {
  it('gives beforeReach every source’s account ends, in builder order, once each fragment has joined the graph', async () => {
    // Arrange
    const jira = streamingBuilder({ nodes: [jiraProject('OPS')], edges: [] }, [ended('acc-1', '2026-11-01T00:00:00.000Z')]);
    const entraEnds = [ended('u-1', '2026-11-02T00:00:00.000Z', 'entra'), ended('u-2', '2026-11-03T00:00:00.000Z', 'entra')];
    const entra: GraphBuilder = { system: 'entra', build: async () => ({ fragment: { nodes: [], edges: [] }, verifiedDomains: ['example.test'], accountEnds: () => entraEnds }) };
    const given: AccountAudit[][] = [];

    // Act
    await buildGraph([jira, entra], async () => undefined, context, [], async (_graph, ends) => {
      given.push([...ends]);
    });

    // Assert
    expect(given).toEqual([[ended('acc-1', '2026-11-01T00:00:00.000Z'), ...entraEnds]]);
  });

  it('has the Jira builder read the audit records once and hand over the ones that ended an account', async () => {
    // Arrange
    const records = [
      { id: 1, summary: 'User deactivated', created: '2026-11-03T09:02:11.874+0000', objectItem: { id: 'acc-carlos', typeName: 'USER' } },
      { id: 2, summary: 'Project roles changed', created: '2026-11-04T00:00:00.000+0000', objectItem: { id: 'acc-carlos' } },
    ];
    const reads: string[] = [];
    const read: DatasetReader = async <T>(name: string) => {
      reads.push(name);
      return (name === JIRA_DATASETS.auditRecords ? records : undefined) as T[] | undefined;
    };
    const ends: AccountAudit[][] = [];

    // Act
    await buildGraph([jiraGraphBuilder('example.atlassian.net')], read, context, [], async (_graph, given) => {
      ends.push([...given]);
    });

    // Assert
    expect(reads.filter((name) => name === JIRA_DATASETS.auditRecords)).toHaveLength(1);
    expect(ends).toEqual([[ended('acc-carlos', '2026-11-03T09:02:11.874Z')]]);
  });

  it('dates a departure in the build step by a builder’s account ends, with no audit dataset in the store', async () => {
    // Arrange: a departed person whose Atlassian account a builder says was deactivated; the store holds no audit log
    const carlos = person('carlos@example.test', { departed: true, reason: 'Atlassian account inactive' });
    const departed = { ...carlos, props: { ...carlos.props, atlassianAccountIds: ['acc-carlos'] } };
    const builder: GraphBuilder = { system: 'jira', build: async () => ({ fragment: { nodes: [departed], edges: [] }, accountEnds: () => [ended('acc-carlos', '2026-11-03T09:02:11.874Z')] }) };
    const store = memoryStore();

    // Act: the build step hands the surfaces over, so it stores the departures for the publish step
    await evaluateSync({ store, findings: memoryFindingStore(), syncId: 'sync-1', lastCompleteSyncId: undefined, builders: [builder], context, ownHosts: [], complete: true, idKey: 'test-key', steps: [], handOver: () => true });

    // Assert
    expect(await readDataset(store, 'sync-1', DEPARTURES_DATASET)).toEqual([{ ownerId: departed.id, at: '2026-11-03T09:02:11.874Z', source: 'jira-audit', reason: 'Atlassian account inactive' }]);
  });
});
