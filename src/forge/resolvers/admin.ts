/**
 * Admin page resolvers (module sv0-admin). Each checks, as the caller, that they administer Jira before anything
 * else; reads only what the sync job stored; validates every payload; never returns a secret (a tenant's secret is
 * reported as present or not).
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { redactSecrets, redactText } from '../../shared/redact';
import { AUTOMATION_TOKEN_KEY, AZURE_DEVOPS_PAT_KEY, entraSecretKey, entraTenantSchema, readSettings, settingsSchema, writeSettings } from '../../settings/settings';
import { DEFAULT_EXPORT_LIMITS, parseAutomationExport } from '../../sources/automation/export-file';
import { AUTOMATION_DATASETS } from '../../sources/automation/steps';
import { writeDataset } from '../../store/dataset-store';
import { startSync } from '../../sync/run-sync';
import { forgePorts as ports } from '../adapters/ports';
import { kvsStore } from '../adapters/kvs-store';
import { enqueueSyncStep } from '../sync-queue';
import { UPLOAD_SCOPE, createForgeSyncSources } from '../sync-sources';
import { findingDetail, listFindings, rootCauseGroupViews } from '../../use-cases/finding-reads';
import { acceptRisk, acknowledge, acknowledgeGroup } from '../../use-cases/triage';
import { checkRequestType, listRequestTypes, listServiceDesks } from '../../use-cases/jsm-catalog';
import { readOverview, syncStatus } from '../../use-cases/overview';
import { inventoryReach, listInventory } from '../../use-cases/inventory';
import { exportAccessReview, exportFindings } from '../../use-cases/exports';
import { testEntraConnection } from '../../use-cases/entra-health';
import { requireJiraAdmin } from './authorize';
import { respond } from './envelope';
import { findingListRequestSchema, parsePayload } from './payloads';

const saveEntraTenantSchema = entraTenantSchema.extend({
  // Write-only: absent means "keep the stored secret".
  clientSecret: z.string().min(1).max(512).optional(),
});

/** Every admin resolver: authorize first, then work; refusals and bad input come back in the envelope. */
function admin<T>(work: (payload: unknown, accountId: string, cloudId: string | undefined) => Promise<T>) {
  return ({ payload, context }: { payload: unknown; context: { accountId?: string; cloudId?: string } }) =>
    respond(async () => {
      await requireJiraAdmin(context.accountId);
      return work(payload, context.accountId as string, context.cloudId);
    });
}

export const adminResolver = new Resolver()
  .define('overview/get', admin(() => readOverview(ports)))
  .define('sync/status', admin(() => syncStatus(ports)))
  .define(
    'sync/start',
    admin(async (_payload, _accountId, cloudId) => {
      const { job, started, resumed } = await startSync(kvsStore, createForgeSyncSources(cloudId), 'manual', new Date());
      if (started || resumed) await enqueueSyncStep(job.syncId);
      return { syncId: job.syncId, started, ...(resumed ? { resumed } : {}) };
    }),
  )
  .define('findings/list', admin((payload) => listFindings(ports, parsePayload(findingListRequestSchema, payload ?? {}, 'Findings list'))))
  .define('findings/get', admin((payload) => findingDetail(ports, parsePayload(z.object({ id: z.string().min(1) }), payload, 'Finding').id)))
  .define(
    'findings/acknowledge',
    admin(async (payload, accountId) => {
      const { id, note } = parsePayload(z.object({ id: z.string().min(1), note: z.string().max(2000).optional() }), payload, 'Acknowledge');
      return { finding: await acknowledge(ports, id, accountId, note) };
    }),
  )
  .define(
    'findings/accept-risk',
    admin(async (payload, accountId) => {
      const { id, until, justification } = parsePayload(z.object({ id: z.string().min(1), until: z.string(), justification: z.string().max(2000) }), payload, 'Accept risk');
      return { finding: await acceptRisk(ports, id, until, justification, accountId) };
    }),
  )
  .define(
    'inventory/list',
    admin(async (payload) => {
      const request = parsePayload(
        z.object({
          type: z.enum(['identities', 'workloads', 'credentials', 'resources']),
          search: z.string().max(200).optional(),
          page: z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(200) }).optional(),
        }),
        payload,
        'Inventory',
      );
      return listInventory(ports, request.type, request.search, request.page?.offset ?? 0, request.page?.limit ?? 50);
    }),
  )
  .define(
    'settings/get',
    admin(async () => {
      const settings = await readSettings(kvsStore);
      const entraTenants = await Promise.all(
        settings.entraTenants.map(async (tenant) => ({ ...tenant, hasClientSecret: (await kvsStore.getSecret(entraSecretKey(tenant.tenantId))) !== undefined })),
      );
      return {
        ...settings,
        entraTenants,
        hasAutomationToken: (await kvsStore.getSecret(AUTOMATION_TOKEN_KEY)) !== undefined,
        hasAzureDevOpsPat: (await kvsStore.getSecret(AZURE_DEVOPS_PAT_KEY)) !== undefined,
        automationUpload: (await kvsStore.get('automation:upload')) ?? null,
      };
    }),
  )
  .define(
    'settings/save',
    admin(async (payload) => {
      const current = await readSettings(kvsStore);
      // Entra tenants have their own resolver (their secrets are write-only); everything else is replaced as sent.
      const parsed = parsePayload(settingsSchema.omit({ entraTenants: true }), payload, 'Settings');
      await writeSettings(kvsStore, { ...parsed, entraTenants: current.entraTenants });
      return { saved: true };
    }),
  )
  .define(
    'settings/entra-tenant/save',
    admin(async (payload) => {
      const { clientSecret, ...tenant } = parsePayload(saveEntraTenantSchema, payload, 'Entra tenant');
      const settings = await readSettings(kvsStore);
      const hasSecret = clientSecret !== undefined || (await kvsStore.getSecret(entraSecretKey(tenant.tenantId))) !== undefined;
      if (!hasSecret) throw new AppError('INVALID_INPUT', `Entra tenant not saved: enter the client secret for ${tenant.tenantId}`);
      if (clientSecret !== undefined) await kvsStore.setSecret(entraSecretKey(tenant.tenantId), clientSecret);
      const others = settings.entraTenants.filter((t) => t.tenantId !== tenant.tenantId);
      await writeSettings(kvsStore, { ...settings, entraTenants: [...others, tenant] });
      return { tenantId: tenant.tenantId, hasClientSecret: true };
    }),
  )
  .define('settings/entra-tenant/test', admin((payload) => testEntraConnection(ports, parsePayload(z.object({ tenantId: z.string().min(1) }), payload, 'Test connection').tenantId)))
  .define(
    'automation/upload',
    admin(async (payload) => {
      const { fileName, content } = parsePayload(z.object({ fileName: z.string().max(255), content: z.string().max(DEFAULT_EXPORT_LIMITS.maxBytes, 'the export is larger than 5 MB') }), payload, 'Automation export');
      const parsed = parseAutomationExport(content);
      if (parsed.records.length === 0) throw new AppError('INVALID_INPUT', `${fileName} holds no automation rule${parsed.problems.length ? `: ${parsed.problems[0]}` : ''}`);
      // The export holds web request URLs and headers as the admin configured them: stored only redacted.
      await writeDataset(kvsStore, UPLOAD_SCOPE, AUTOMATION_DATASETS.exportedRules, parsed.records.map(redactSecrets));
      const uploadedAt = new Date().toISOString();
      const problems = parsed.problems.slice(0, 20).map(redactText);
      await kvsStore.set('automation:upload', { fileName: redactText(fileName), uploadedAt, rules: parsed.records.length, problems });
      return { rules: parsed.records.length, uploadedAt, problems };
    }),
  )
  .define(
    'settings/automation-token/save',
    admin(async (payload) => {
      const { email, token } = parsePayload(z.object({ email: z.string().email(), token: z.string().min(1).max(512).optional() }), payload, 'Automation API token');
      if (token !== undefined) await kvsStore.setSecret(AUTOMATION_TOKEN_KEY, token);
      else if ((await kvsStore.getSecret(AUTOMATION_TOKEN_KEY)) === undefined) throw new AppError('INVALID_INPUT', 'Enter the API token of the admin account');
      const settings = await readSettings(kvsStore);
      await writeSettings(kvsStore, { ...settings, automation: { source: 'api', adminEmail: email } });
      return { source: 'api', hasToken: true };
    }),
  )
  .define(
    'settings/azure-devops/save',
    admin(async (payload) => {
      const { organization, pat } = parsePayload(z.object({ organization: z.string().min(1).max(50), pat: z.string().min(1).max(512).optional() }), payload, 'Azure DevOps');
      if (pat !== undefined) await kvsStore.setSecret(AZURE_DEVOPS_PAT_KEY, pat);
      else if ((await kvsStore.getSecret(AZURE_DEVOPS_PAT_KEY)) === undefined) throw new AppError('INVALID_INPUT', 'Enter a personal access token for the organization');
      const settings = await readSettings(kvsStore);
      await writeSettings(kvsStore, { ...settings, azureDevOps: { organization } });
      return { organization, hasPat: true };
    }),
  )
  .define(
    'export/findings',
    admin((payload) => {
      const { format, ...request } = parsePayload(findingListRequestSchema.extend({ format: z.enum(['csv', 'json']) }), payload, 'Export');
      return exportFindings(ports, format, request);
    }),
  )
  .define('findings/groups', admin(() => rootCauseGroupViews(ports)))
  .define(
    'findings/acknowledge-group',
    admin((payload, accountId) => {
      const { groupId, note } = parsePayload(z.object({ groupId: z.string().min(1).max(40), note: z.string().max(2000).optional() }), payload, 'Acknowledge group');
      return acknowledgeGroup(ports, groupId, accountId, note);
    }),
  )
  .define(
    'inventory/reach',
    admin((payload) => inventoryReach(ports, parsePayload(z.object({ id: z.string().min(1).max(500) }), payload, 'Reach').id)),
  )
  .define('jsm/service-desks', admin(() => listServiceDesks(ports)))
  .define('jsm/request-types', admin((payload) => listRequestTypes(ports, parsePayload(z.object({ serviceDeskId: z.string().regex(/^\d+$/) }), payload, 'Request types').serviceDeskId)))
  .define(
    'jsm/request-type-fields',
    admin((payload) => {
      const { serviceDeskId, requestTypeId } = parsePayload(z.object({ serviceDeskId: z.string().regex(/^\d+$/), requestTypeId: z.string().regex(/^\d+$/) }), payload, 'Request type');
      return checkRequestType(ports, serviceDeskId, requestTypeId);
    }),
  )
  .define('export/access-review', admin((payload) => exportAccessReview(ports, parsePayload(z.object({ format: z.enum(['csv', 'json']) }), payload, 'Export').format)))
  .getDefinitions();
