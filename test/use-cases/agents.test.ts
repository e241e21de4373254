/**
 * The inventory's "AI agents" view over in-memory ports: the build step's agent records (from a small graph) and
 * the finding rows, joined by the use-case the resolver calls.
 */
import { computeAllReach } from '../../src/chains/reach';
import type { Finding } from '../../src/findings/finding';
import { toFindingRow } from '../../src/findings/query';
import { writeDataset } from '../../src/store/dataset-store';
import { buildAgentInventory } from '../../src/sync/agent-inventory';
import { AGENTS_DATASET, LATEST_FINISHED_KEY } from '../../src/store/layout';
import { writeFindingRows } from '../../src/store/state-store';
import { ownerDetailsOf } from '../../src/sync/surface-models';
import { listAgents } from '../../src/use-cases/agents';
import { automationRule, browseProjects, grant, jiraAppUser, jiraProject, ownedBy, person, runsAs, sealedGraphOf, servicePrincipal } from '../support/graph-fixtures';
import { memoryStore } from '../support/memory-store';

const AGENT = servicePrincipal('Research Agent', { subtype: 'entra_agent_identity' });
const PLAIN_APP = servicePrincipal('CRM Sync');
const CARLOS = person('carlos@example.com', { name: 'Carlos Ruiz', departed: true, reason: 'Entra account disabled' });
const ANA = person('ana@example.com', { name: 'Ana Soler', departed: false });
const FIN = jiraProject('FIN', { sensitivity: 'restricted' });
const OPS = jiraProject('OPS', { sensitivity: 'internal' });
const RULE = automationRule('Nightly export');
const APP_USER = jiraAppUser('Export App');

function row(id: string, subjectId: string, severity: Finding['severity'], status: Finding['status']) {
  const finding = { id, check: 'orphaned_ownership', title: 'Orphaned ownership', severity, status, subject: { id: subjectId, kind: 'identity' as const, name: 'x' }, summary: 's', chainNodes: [], lastSeenAt: '2026-11-19T00:00:00.000Z' } as unknown as Finding;
  return toFindingRow(finding, []);
}

async function scanned() {
  const graph = sealedGraphOf(
    AGENT, PLAIN_APP, CARLOS, ANA, RULE, APP_USER,
    ownedBy(AGENT, CARLOS), ownedBy(PLAIN_APP, ANA),
    grant(AGENT, browseProjects(FIN), FIN), grant(AGENT, browseProjects(OPS), OPS),
    runsAs(RULE, APP_USER),
  );
  const store = memoryStore();
  await store.set(LATEST_FINISHED_KEY, 'sync-1');
  await writeDataset(store, 'sync-1', AGENTS_DATASET, buildAgentInventory(graph, computeAllReach(graph), ownerDetailsOf(graph, new Map())));
  await writeFindingRows(store, [row('F-open', AGENT.id, 'CRITICAL', 'open'), row('F-old', AGENT.id, 'LOW', 'resolved'), row('F-app', PLAIN_APP.id, 'HIGH', 'open')]);
  return { store };
}

describe('AI agents in the inventory', () => {
  it('lists each agent, and only agents, with its type, its departed sponsor, what it runs as, its Jira reach and its findings not resolved', async () => {
    const ports = await scanned();
    const page = await listAgents(ports, undefined, 0, 50);
    expect(page.scanned).toBe(true);
    expect(page.total).toBe(1);
    const [agent] = page.items;
    expect(agent).toMatchObject({ id: AGENT.id, name: 'Research Agent', type: 'Entra agent identity', kind: 'identity', system: 'entra' });
    expect(agent?.owners).toEqual([expect.objectContaining({ name: 'Carlos Ruiz', departed: true })]);
    expect(agent?.runsAs).toEqual([{ id: AGENT.id, name: 'Research Agent', system: 'entra', human: false, via: 'itself' }]);
    expect(agent?.jira).toEqual({ projects: 2, mostSensitive: 'restricted' });
    expect(agent?.findings.map((f) => f.id)).toEqual(['F-open']);
  });

  it('searches the name, type, owners and what an agent runs as', async () => {
    const ports = await scanned();
    expect((await listAgents(ports, 'carlos', 0, 50)).total).toBe(1);
    expect((await listAgents(ports, 'agent identity', 0, 50)).total).toBe(1);
    expect((await listAgents(ports, 'CRM', 0, 50)).total).toBe(0);
  });

  it('says no scan has finished rather than that there are no agents', async () => {
    const page = await listAgents({ store: memoryStore() }, undefined, 0, 50);
    expect(page).toEqual({ total: 0, items: [], scanned: false });
  });
});
