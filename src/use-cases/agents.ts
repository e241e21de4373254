/**
 * The inventory's "AI agents" view: every AI agent the last scan saw (src/model/agents.ts says which nodes are),
 * with who answers for it and whether they are still here, what it runs as, what it reaches in Jira, and its
 * findings not resolved, as triage has left them. Agents whose findings are most severe come first.
 */
import { SEVERITY_RANK } from '../checks/check';
import { readDataset } from '../store/dataset-store';
import type { AgentRecord } from '../sync/agent-inventory';
import { AGENTS_DATASET, LATEST_FINISHED_KEY } from '../store/layout';
import type { AgentListResponse, AgentView } from '../api/contract';
import { readFindingRows } from './finding-reads';
import type { StorePorts } from './ports';

/** The most severe finding's rank (higher is worse); -1 without findings. */
const worst = (agent: AgentView) => Math.max(-1, ...agent.findings.map((f) => SEVERITY_RANK[f.severity]));

/** One page of the agents; `search` matches the name, the type, an owner's name or what it runs as. */
export async function listAgents(ports: StorePorts, search: string | undefined, offset: number, limit: number): Promise<AgentListResponse> {
  const syncId = await ports.store.get<string>(LATEST_FINISHED_KEY);
  if (!syncId) return { total: 0, items: [], scanned: false };
  const [records, rows] = await Promise.all([readDataset<AgentRecord>(ports.store, syncId, AGENTS_DATASET), readFindingRows(ports)]);
  const needle = search?.trim().toLowerCase();
  const matching = (records ?? []).filter((a) => !needle || [a.name, a.type, ...a.owners.map((o) => o.name), ...a.runsAs.map((r) => r.name)].some((v) => v.toLowerCase().includes(needle)));
  const ids = new Set(matching.map((a) => a.id));
  const findingsOf = new Map<string, AgentView['findings']>();
  for (const row of rows) {
    if (!ids.has(row.subject.id) || row.status === 'resolved') continue;
    findingsOf.set(row.subject.id, [...(findingsOf.get(row.subject.id) ?? []), { id: row.id, check: row.check, title: row.title, severity: row.severity, status: row.status }]);
  }
  const views: AgentView[] = matching.map((a) => ({ ...a, findings: (findingsOf.get(a.id) ?? []).sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || x.id.localeCompare(y.id)) }));
  views.sort((a, b) => worst(b) - worst(a) || b.findings.length - a.findings.length || a.name.localeCompare(b.name));
  return { total: views.length, items: views.slice(offset, offset + limit), scanned: true };
}
