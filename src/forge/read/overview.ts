/** The admin overview: a verdict in one sentence, counts, the last scan with its sources, the trend and live progress. */
import { CHECKS } from '../../checks/catalogue';
import { SEVERITY_RANK, type Severity } from '../../checks/check';
import type { FindingRow } from '../../findings/query';
import { CURRENT_JOB_KEY, HISTORY_INDEX_KEY, LATEST_FINISHED_KEY, historyKey, type HistoryEntry, type SyncJob } from '../../sync/sync-state';
import type { Overview, SyncView } from '../api/contract';
import { TICKETS_WAITING_KEY } from '../../sync/steps';
import { kvsStore } from '../adapters/kvs-store';
import { readFindingRows } from './finding-reads';

export function toSyncView(job: SyncJob): SyncView {
  return {
    syncId: job.syncId,
    status: job.status,
    trigger: job.trigger,
    requestedAt: job.requestedAt,
    observedAt: job.observedAt,
    finishedAt: job.finishedAt,
    steps: job.steps.map((s) => ({ id: s.id, label: s.label, status: s.status, count: s.count, reason: s.reason })),
    ...(job.resumed ? { resumed: job.resumed } : {}),
    ...(job.tickets?.configurationError ? { ticketingProblem: job.tickets.configurationError } : {}),
  };
}

export function verdictFor(rows: readonly FindingRow[], last: SyncView | null): string {
  if (!last) return 'No scan has finished yet: configure an Entra tenant and upload your automation rules, then run a scan.';
  const open = rows.filter((r) => r.status === 'open');
  const critical = open.filter((r) => r.severity === 'CRITICAL').length;
  const high = open.filter((r) => r.severity === 'HIGH').length;
  const incomplete = last.steps.filter((s) => s.status !== 'done' && s.status !== 'skipped' && s.id !== 'tickets');
  const partial = last.status !== 'complete' ? ` The last scan was ${last.status}: ${incomplete.map((s) => s.label).join(', ')} could not be read completely.` : '';
  const resumed = last.resumed ? ` Its run was interrupted and resumed from its last checkpoint${last.resumed.count > 1 ? ` (${last.resumed.count} times)` : ''}.` : '';
  const ticketing = last.ticketingProblem ? ` Tickets were not opened: ${last.ticketingProblem}` : '';
  if (critical + high === 0) return `No critical or high finding is open.${partial}${resumed}${ticketing}`;
  const parts = [critical ? `${critical} critical` : '', high ? `${high} high` : ''].filter(Boolean).join(' and ');
  return `${parts} finding${critical + high === 1 ? '' : 's'} need${critical + high === 1 ? 's' : ''} an owner's attention.${partial}${resumed}${ticketing}`;
}

export async function readOverview(): Promise<Overview> {
  const [rows, current, latestId, history] = await Promise.all([
    readFindingRows(),
    kvsStore.get<SyncJob>(CURRENT_JOB_KEY),
    kvsStore.get<string>(LATEST_FINISHED_KEY),
    kvsStore.get<HistoryEntry[]>(HISTORY_INDEX_KEY),
  ]);
  const latest = latestId ? await kvsStore.get<SyncJob>(historyKey(latestId)) : undefined;
  const lastSync = latest ? toSyncView(latest) : null;
  const active = rows.filter((r) => r.status !== 'resolved');
  const bySeverity: Partial<Record<Severity, number>> = {};
  for (const r of active) bySeverity[r.severity] = (bySeverity[r.severity] ?? 0) + 1;
  const byCheck = CHECKS.map((c) => ({ check: c.metadata.id, title: c.metadata.title, severity: c.metadata.severity, count: active.filter((r) => r.check === c.metadata.id).length }))
    .filter((c) => c.count > 0)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.count - a.count);
  const running =
    current && current.status === 'running'
      ? { ...toSyncView(current), done: current.steps.filter((s) => s.status !== 'pending').length, total: current.steps.length, current: current.steps.find((s) => s.status === 'pending')?.label }
      : null;
  return {
    verdict: verdictFor(rows, lastSync),
    bySeverity,
    byCheck,
    lastSync,
    running,
    trend: (history ?? []).filter((h) => h.observedAt).map((h) => ({ syncId: h.syncId, observedAt: h.observedAt as string, total: h.total, bySeverity: h.bySeverity })),
    ticketsWaiting: (await kvsStore.get<number>(TICKETS_WAITING_KEY)) ?? 0,
  };
}
