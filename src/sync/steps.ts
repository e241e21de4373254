/**
 * The steps of a sync and what each one reads. Each step is bounded (one dataset) and writes its result under
 * the job's sync id before the job is checkpointed.
 */
import { z } from 'zod';
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError, describeError } from '../shared/errors';
import type { JiraClient } from '../sources/jira/jira-client';
import { fetchProjects } from '../sources/jira/fetch-projects';
import { fetchServicePrincipals } from '../sources/entra/fetch-service-principals';
import type { Settings } from '../settings/settings';
import { writeDataset } from '../store/dataset-store';
import type { KeyValueStore } from '../store/key-value-store';
import type { SyncJob, SyncStep } from './sync-state';

export interface SyncSources {
  jira: JiraClient;
  graphFor(tenantId: string): Promise<Client>;
}

export function planSteps(settings: Settings): SyncStep[] {
  const steps: SyncStep[] = [
    { id: 'jira:server-info', system: 'jira', label: 'Jira site clock', status: 'pending', attempts: 0 },
    { id: 'jira:projects', system: 'jira', label: 'Jira projects', status: 'pending', attempts: 0 },
  ];
  for (const tenant of settings.entraTenants) {
    steps.push({
      id: `entra:${tenant.tenantId}:service-principals`,
      system: 'entra',
      tenantId: tenant.tenantId,
      label: `Entra service principals (${tenant.displayName ?? tenant.tenantId})`,
      status: 'pending',
      attempts: 0,
    });
  }
  return steps;
}

const serverInfoSchema = z.looseObject({ serverTime: z.string() });

interface StepResult {
  count?: number;
  quarantined?: number;
  observedAt?: string;
}

async function executeStep(step: SyncStep, job: SyncJob, sources: SyncSources, store: KeyValueStore): Promise<StepResult> {
  if (step.id === 'jira:server-info') {
    const info = serverInfoSchema.safeParse(await sources.jira.getJson('/rest/api/3/serverInfo'));
    if (!info.success) throw new AppError('SOURCE_BAD_RESPONSE', 'Jira serverInfo has no serverTime', { system: 'jira' });
    return { observedAt: new Date(info.data.serverTime).toISOString() };
  }
  if (step.id === 'jira:projects') {
    const { records, quarantined } = await fetchProjects(sources.jira);
    await writeDataset(store, job.syncId, 'jira.projects', records);
    return { count: records.length, quarantined: quarantined.length };
  }
  if (step.tenantId && step.id.endsWith(':service-principals')) {
    const client = await sources.graphFor(step.tenantId);
    const { records, quarantined } = await fetchServicePrincipals(client, step.tenantId);
    await writeDataset(store, job.syncId, `entra.${step.tenantId}.servicePrincipals`, records);
    return { count: records.length, quarantined: quarantined.length };
  }
  throw new AppError('INVALID_INPUT', `Unknown sync step ${step.id}`, { step: step.id });
}

/**
 * Runs one step and records the outcome on it. Access refusals (401/403) and exhausted retries make the step
 * partial with the reason and let the sync go on; a missing configuration fails the step.
 */
export async function runStep(step: SyncStep, job: SyncJob, sources: SyncSources, store: KeyValueStore): Promise<SyncStep> {
  const attempts = step.attempts + 1;
  try {
    const result = await executeStep(step, job, sources, store);
    if (result.observedAt) job.observedAt = result.observedAt;
    return { ...step, attempts, status: 'done', count: result.count, quarantined: result.quarantined, reason: undefined };
  } catch (error) {
    const reason = describeError(error);
    const code = error instanceof AppError ? error.code : undefined;
    const status = code === 'NOT_CONFIGURED' || code === 'ENTRA_AUTH_FAILED' ? 'failed' : 'partial';
    return { ...step, attempts, status, reason };
  }
}
