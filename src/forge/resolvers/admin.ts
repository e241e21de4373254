/**
 * Admin page resolvers (module sv0-admin). Each checks, as the caller, that they administer Jira before anything
 * else; reads only what the sync job stored; validates every payload; never returns a secret (a tenant's secret is
 * reported as present or not).
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { DEFAULT_EXPORT_LIMITS } from '../../sources/automation/export-file';
import { forgePorts as ports } from '../adapters/ports';
import { enqueueSyncStep } from '../sync-queue';
import { createForgeSyncSources } from '../sync-sources';
import { findingDetail, listFindings, rootCauseGroupViews } from '../../use-cases/finding-reads';
import { acceptRisk, acknowledge, acknowledgeGroup } from '../../use-cases/triage';
import { checkRequestType, listRequestTypes, listServiceDesks } from '../../use-cases/jsm-catalog';
import { readOverview, syncStatus } from '../../use-cases/overview';
import { inventoryReach, listInventory } from '../../use-cases/inventory';
import { listAgents } from '../../use-cases/agents';
import { exportAccessReview, exportFindings } from '../../use-cases/exports';
import { testEntraConnection } from '../../use-cases/entra-health';
import { startManualScan } from '../../use-cases/scan';
import { removeSourceSettings, saveSourceSettings, sourceSettingsViews, testSourceConnection } from '../../use-cases/source-settings';
import { saveAutomationToken, saveEntraTenant, saveEntraTenantSchema, saveSettings, saveSettingsSchema, settingsView, uploadAutomationExport } from '../../use-cases/settings';
import { requireJiraAdmin } from './authorize';
import { respond } from './envelope';
import { findingListRequestSchema, parsePayload } from './payloads';

const sourceIdSchema = z.object({ id: z.string().min(1).max(100) });
const saveSourceSettingsSchema = sourceIdSchema.extend({
  values: z.record(z.string(), z.string().max(2000)).default({}),
  secrets: z.record(z.string(), z.string().max(4000)).default({}),
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
    admin((_payload, _accountId, cloudId) => startManualScan({ ...ports, enqueue: enqueueSyncStep }, createForgeSyncSources(cloudId))),
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
    'inventory/agents',
    admin(async (payload) => {
      const request = parsePayload(
        z.object({ search: z.string().max(200).optional(), page: z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(200) }).optional() }),
        payload ?? {},
        'AI agents',
      );
      return listAgents(ports, request.search, request.page?.offset ?? 0, request.page?.limit ?? 50);
    }),
  )
  .define('settings/get', admin(() => settingsView(ports)))
  .define('settings/save', admin((payload) => saveSettings(ports, parsePayload(saveSettingsSchema, payload, 'Settings'))))
  .define('settings/entra-tenant/save', admin((payload) => saveEntraTenant(ports, parsePayload(saveEntraTenantSchema, payload, 'Entra tenant'))))
  .define('settings/sources/get', admin(() => sourceSettingsViews(ports)))
  .define('settings/sources/save', admin((payload) => saveSourceSettings(ports, parsePayload(saveSourceSettingsSchema, payload, 'Source settings'))))
  .define('settings/sources/remove', admin((payload) => removeSourceSettings(ports, parsePayload(sourceIdSchema, payload, 'Source settings').id)))
  .define('settings/sources/test', admin((payload) => testSourceConnection(ports, parsePayload(sourceIdSchema, payload, 'Test connection').id)))
  .define('settings/entra-tenant/test', admin((payload) => testEntraConnection(ports, parsePayload(z.object({ tenantId: z.string().min(1) }), payload, 'Test connection').tenantId)))
  .define(
    'automation/upload',
    admin((payload) => {
      const { fileName, content } = parsePayload(z.object({ fileName: z.string().max(255), content: z.string().max(DEFAULT_EXPORT_LIMITS.maxBytes, 'the export is larger than 5 MB') }), payload, 'Automation export');
      return uploadAutomationExport(ports, fileName, content);
    }),
  )
  .define(
    'settings/automation-token/save',
    admin((payload) => {
      const { email, token } = parsePayload(z.object({ email: z.string().email(), token: z.string().min(1).max(512).optional() }), payload, 'Automation API token');
      return saveAutomationToken(ports, email, token);
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
