/**
 * The admin overview: a verdict in one sentence, counts, the last scan with its sources, the trend, live progress,
 * and the app's own health. Every count is the total of the findings query it opens (CountedQuery), computed here
 * with the same filter code as the list, so a number and its list agree, before and after triage.
 */
import { CHECKS } from '../checks/catalogue';
import { SEVERITY_RANK, type Severity } from '../checks/check';
import { queryFindingRows, type FindingFilters, type FindingRow } from '../findings/query';
import { readSettings, AUTOMATION_TOKEN_KEY } from '../settings/settings';
import { buildHealth } from '../sync/health';

import { kindOf, type HistoryEntry, type SyncJob } from '../sync/sync-state';
import type { CountedQuery, Overview, SyncView } from '../api/contract';
import { currentProbes } from './entra-health';
import { readFindingRows } from './finding-reads';
import type { HealthPorts, StorePorts } from './ports';
import { CURRENT_JOB_KEY, HISTORY_INDEX_KEY, LATEST_FINISHED_KEY, TICKETS_WAITING_KEY, UPLOAD_SUMMARY_KEY, historyKey } from '../store/layout';

const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

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

/** The count of a query, from the list query itself. */
export function countOf(rows: readonly FindingRow[], filters: FindingFilters): CountedQuery {
  return { count: queryFindingRows(rows, { filters, page: { offset: 0, limit: 1 } }).total, filters };
}

export function verdictFor(open: Partial<Record<Severity, number>>, last: SyncView | null): string {
  if (!last) return 'No scan has finished yet: configure an Entra tenant and upload your automation rules, then run a scan.';
  const critical = open.CRITICAL ?? 0;
  const high = open.HIGH ?? 0;
  const incomplete = last.steps.filter((s) => s.status !== 'done' && s.status !== 'skipped' && kindOf(s) !== 'output');
  const partial = last.status !== 'complete' ? ` The last scan was ${last.status}: ${incomplete.map((s) => s.label).join(', ')} could not be read completely.` : '';
  const resumed = last.resumed ? ` Its run was interrupted and resumed from its last checkpoint${last.resumed.count > 1 ? ` (${last.resumed.count} times)` : ''}.` : '';
  const ticketing = last.ticketingProblem ? ` Tickets were not opened: ${last.ticketingProblem}` : '';
  if (critical + high === 0) return `No critical or high finding is open.${partial}${resumed}${ticketing}`;
  const parts = [critical ? `${critical} critical` : '', high ? `${high} high` : ''].filter(Boolean).join(' and ');
  return `${parts} finding${critical + high === 1 ? '' : 's'} need${critical + high === 1 ? 's' : ''} an owner's attention.${partial}${resumed}${ticketing}`;
}

export async function readOverview(ports: HealthPorts): Promise<Overview> {
  const { store } = ports;
  const [rows, current, latestId, history, settings, upload, automationToken, ticketsWaiting] = await Promise.all([
    readFindingRows(ports),
    store.get<SyncJob>(CURRENT_JOB_KEY),
    store.get<string>(LATEST_FINISHED_KEY),
    store.get<HistoryEntry[]>(HISTORY_INDEX_KEY),
    readSettings(store),
    store.get(UPLOAD_SUMMARY_KEY),
    store.getSecret(AUTOMATION_TOKEN_KEY),
    store.get<number>(TICKETS_WAITING_KEY),
  ]);
  const latest = latestId ? await store.get<SyncJob>(historyKey(latestId)) : undefined;
  const lastSync = latest ? toSyncView(latest) : null;
  // "Needs attention" is status open: acknowledging or accepting a finding moves it out of every count below.
  const severityCounts = SEVERITIES.map((severity) => ({ severity, ...countOf(rows, { severity: [severity], status: ['open'] }) }));
  const bySeverity: Partial<Record<Severity, number>> = {};
  for (const c of severityCounts) if (c.count > 0) bySeverity[c.severity] = c.count;
  const byCheck = CHECKS.map((c) => ({ check: c.metadata.id, title: c.metadata.title, severity: c.metadata.severity, ...countOf(rows, { check: [c.metadata.id], status: ['open'] }) }))
    .filter((c) => c.count > 0)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.count - a.count);
  const triaged = (['acknowledged', 'risk_accepted'] as const).map((status) => ({ status, ...countOf(rows, { status: [status] }) }));
  const running =
    current && current.status === 'running'
      ? { ...toSyncView(current), done: current.steps.filter((s) => s.status !== 'pending').length, total: current.steps.length, current: current.steps.find((s) => s.status === 'pending')?.label }
      : null;
  const probes = await currentProbes(ports, settings.entraTenants);
  const healthInput = {
    settings,
    hasAutomationSource: upload !== undefined || (settings.automation.source === 'api' && automationToken !== undefined),
    latest,
    probes,
    ticketsWaiting: ticketsWaiting ?? 0,
    now: latest?.observedAt ?? ports.now().toISOString(),
  };
  return {
    verdict: verdictFor(bySeverity, lastSync),
    bySeverity,
    severityCounts,
    byCheck,
    triaged,
    health: buildHealth(healthInput),
    setup: { entraConnected: settings.entraTenants.length > 0, automationConnected: healthInput.hasAutomationSource, scanned: latest !== undefined },
    lastSync,
    running,
    trend: (history ?? []).filter((h) => h.observedAt).map((h) => ({ syncId: h.syncId, observedAt: h.observedAt as string, total: h.total, bySeverity: h.bySeverity })),
    ticketsWaiting: ticketsWaiting ?? 0,
  };
}

/** The admin page's sync status: the job running now, the last finished one and its view. */
export async function syncStatus(ports: StorePorts): Promise<{ current: SyncJob | null; latest: SyncJob | null; view: SyncView | null }> {
  const latestFinished = async () => {
    const syncId = await ports.store.get<string>(LATEST_FINISHED_KEY);
    return syncId ? ports.store.get<SyncJob>(historyKey(syncId)) : undefined;
  };
  const [current, latest] = await Promise.all([ports.store.get<SyncJob>(CURRENT_JOB_KEY), latestFinished()]);
  return { current: current ?? null, latest: latest ?? null, view: latest ? toSyncView(latest) : null };
}
