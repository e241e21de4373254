/**
 * Admin page resolvers. Each one checks the caller is a Jira administrator (asUser) before anything else, reads
 * only what the sync job stored, and never returns a secret: a tenant's secret is reported as present or not.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { entraSecretKey, entraTenantSchema, readSettings, settingsSchema, writeSettings } from '../../settings/settings';
import { SEVERITY_RANK } from '../../checks/check';
import type { Finding } from '../../findings/finding';
import { findingEntityStore } from '../adapters/finding-entity-store';
import { readDataset } from '../../store/dataset-store';
import { startSync } from '../../sync/run-sync';
import { CURRENT_JOB_KEY, LATEST_FINISHED_KEY, historyKey, type SyncJob } from '../../sync/sync-state';
import type { JiraProject } from '../../sources/jira/fetch-projects';
import type { ServicePrincipal } from '../../sources/entra/fetch-service-principals';
import { kvsStore } from '../adapters/kvs-store';
import { enqueueSyncStep } from '../sync-queue';
import { createForgeSyncSources } from '../sync-sources';
import { requireJiraAdmin } from './authorize';
import { respond } from './envelope';

const saveEntraTenantSchema = entraTenantSchema.extend({
  // Write-only: absent means "keep the stored secret".
  clientSecret: z.string().min(1).max(512).optional(),
});

async function latestFinishedJob(): Promise<SyncJob | undefined> {
  const syncId = await kvsStore.get<string>(LATEST_FINISHED_KEY);
  return syncId ? kvsStore.get<SyncJob>(historyKey(syncId)) : undefined;
}

export const adminResolver = new Resolver()
  .define('sync/status', ({ context }) =>
    respond(async () => {
      await requireJiraAdmin(context.accountId);
      const [current, latest] = await Promise.all([kvsStore.get<SyncJob>(CURRENT_JOB_KEY), latestFinishedJob()]);
      return { current: current ?? null, latest: latest ?? null };
    }),
  )
  .define('sync/start', ({ context }) =>
    respond(async () => {
      await requireJiraAdmin(context.accountId);
      const { job, started } = await startSync(kvsStore, createForgeSyncSources(), 'manual', new Date());
      if (started) await enqueueSyncStep(job.syncId);
      return { syncId: job.syncId, started };
    }),
  )
  .define('inventory/summary', ({ context }) =>
    respond(async () => {
      await requireJiraAdmin(context.accountId);
      const latest = await latestFinishedJob();
      if (!latest) return { syncId: null, projects: [], servicePrincipals: [] };
      const projects = (await readDataset<JiraProject>(kvsStore, latest.syncId, 'jira.projects')) ?? [];
      const settings = await readSettings(kvsStore);
      const servicePrincipals: Array<{ tenantId: string; id: string; appId: string; displayName: string | null }> = [];
      for (const tenant of settings.entraTenants) {
        const records = await readDataset<ServicePrincipal>(kvsStore, latest.syncId, `entra.${tenant.tenantId}.servicePrincipals`);
        for (const sp of records ?? []) {
          servicePrincipals.push({ tenantId: tenant.tenantId, id: sp.id, appId: sp.appId, displayName: sp.displayName });
        }
      }
      return {
        syncId: latest.syncId,
        projects: projects.map((p) => ({ id: p.id, key: p.key, name: p.name, lead: p.lead?.displayName ?? null })),
        servicePrincipals,
      };
    }),
  )
  .define('settings/get', ({ context }) =>
    respond(async () => {
      await requireJiraAdmin(context.accountId);
      const settings = await readSettings(kvsStore);
      const entraTenants = await Promise.all(
        settings.entraTenants.map(async (tenant) => ({
          ...tenant,
          hasClientSecret: (await kvsStore.getSecret(entraSecretKey(tenant.tenantId))) !== undefined,
        })),
      );
      return { ...settings, entraTenants };
    }),
  )
  .define('settings/entra-tenant/save', ({ payload, context }) =>
    respond(async () => {
      await requireJiraAdmin(context.accountId);
      const parsed = saveEntraTenantSchema.safeParse(payload);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new AppError('INVALID_INPUT', `Entra tenant not saved: ${first?.path.join('.') || 'input'} ${first?.message ?? 'is invalid'}`);
      }
      const { clientSecret, ...tenant } = parsed.data;
      const settings = await readSettings(kvsStore);
      const hasSecret = clientSecret !== undefined || (await kvsStore.getSecret(entraSecretKey(tenant.tenantId))) !== undefined;
      if (!hasSecret) throw new AppError('INVALID_INPUT', `Entra tenant not saved: enter the client secret for ${tenant.tenantId}`);
      if (clientSecret !== undefined) await kvsStore.setSecret(entraSecretKey(tenant.tenantId), clientSecret);
      const others = settings.entraTenants.filter((t) => t.tenantId !== tenant.tenantId);
      await writeSettings(kvsStore, { ...settings, entraTenants: [...others, tenant] });
      return { tenantId: tenant.tenantId, hasClientSecret: true };
    }),
  )
  .define('findings/list', ({ context }) =>
    respond(async () => {
      await requireJiraAdmin(context.accountId);
      const findings = await findingEntityStore.listAll();
      return { findings: findings.sort(compareFindings) };
    }),
  )
  .define('settings/save', ({ payload, context }) =>
    respond(async () => {
      await requireJiraAdmin(context.accountId);
      const current = await readSettings(kvsStore);
      // Entra tenants have their own resolver (their secrets are write-only); everything else is replaced as sent.
      const parsed = settingsSchema.omit({ entraTenants: true }).safeParse(payload);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new AppError('INVALID_INPUT', `Settings not saved: ${first?.path.join('.') || 'input'}: ${first?.message ?? 'is invalid'}`);
      }
      await writeSettings(kvsStore, { ...parsed.data, entraTenants: current.entraTenants });
      return { saved: true };
    }),
  )
  .getDefinitions();

function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.check < b.check ? -1 : a.check > b.check ? 1 : a.id < b.id ? -1 : 1);
}
