/**
 * One local stack = the fake cloud serving a tenant directory + the local Forge runtime running the app's real
 * handlers against it. Used by the integration tests, the scan CLI and `npm start`.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';

import { FakeCloud } from './fake/fake-cloud';
import { TenantFormatError } from './fake/tenant';
import { LocalForgeRuntime } from './runtime/local-runtime';
import { FINDING_ID_KEY } from '../src/store/layout';

export const APP_DIR = path.resolve(__dirname, '..');

export interface LocalStack {
  cloud: FakeCloud;
  runtime: LocalForgeRuntime;
  /** An active Jira administrator of the tenant, used as the caller of admin resolvers. */
  adminAccountId: string;
  close(): Promise<void>;
}

export interface StackOptions {
  tenantDir: string;
  appDir?: string;
  dataDir?: string;
  log?: (line: string) => void;
  /** Function timeouts in seconds that replace the manifest's, by function key. */
  timeoutOverrides?: Record<string, number>;
}

export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const cloud = new FakeCloud(options.tenantDir);
  const upstream = await cloud.start();
  const runtime = LocalForgeRuntime.install({
    appDir: options.appDir ?? APP_DIR,
    dataDir: options.dataDir,
    cloudId: cloud.tenant.json.jira.cloudId,
    siteUrl: cloud.tenant.json.jira.site,
    upstream,
    log: options.log,
    ...(options.timeoutOverrides ? { timeoutOverrides: options.timeoutOverrides } : {}),
  });
  // On Forge the install makes its finding-id key at random the first time it evaluates (src/sync/install-key.ts).
  // Locally it is derived from the tenant's cloud id, so that the same tenant scans to the same finding ids run after
  // run (the scan CLI's output is byte-identical); it is still not the plain hash anyone could compute.
  runtime.kvs.handle('/api/v1/secret/set', { key: FINDING_ID_KEY, value: createHash('sha256').update(`sv0-local-install:${cloud.tenant.json.jira.cloudId}`).digest('base64url') });
  return {
    cloud,
    runtime,
    adminAccountId: findAdmin(cloud),
    async close() {
      await runtime.close();
      await cloud.close();
    },
  };
}

/** The first active member of a group that grants Jira administration in the first sync. */
function findAdmin(cloud: FakeCloud): string {
  const jira = cloud.tenant.syncs[0]?.jira ?? {};
  const groups = [...asArray(jira['/rest/api/3/group/bulk#accessType=admin']), ...asArray(jira['/rest/api/3/group/bulk#accessType=site-admin'])];
  for (const group of groups) {
    const members = asArray(jira[`/rest/api/3/group/member#groupId=${String((group as { groupId?: string }).groupId)}`]);
    const admin = members.find((m) => (m as { active?: boolean; accountType?: string }).active !== false && (m as { accountType?: string }).accountType === 'atlassian');
    if (admin) return String((admin as { accountId: string }).accountId);
  }
  throw new TenantFormatError(
    `${cloud.tenant.dir}: no active Jira administrator found (jira.json needs /rest/api/3/group/bulk#accessType=admin and that group's members)`,
  );
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Envelope returned by every resolver. */
export type ResolverEnvelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

export async function invokeAdmin(stack: LocalStack, resolverKey: string, payload: unknown = {}, accountId = stack.adminAccountId): Promise<ResolverEnvelope> {
  return (await stack.runtime.invokeResolver('sv0-admin', resolverKey, payload, { accountId })) as ResolverEnvelope;
}

/** Stores each Entra tenant of tenant.json through the admin page's own resolver, as an admin would. */
export async function configureEntraTenants(stack: LocalStack): Promise<void> {
  const { json } = stack.cloud.tenant;
  for (const entra of json.entra) {
    const secret = json.secrets.entra[entra.tenantId];
    if (!secret) continue;
    const result = await invokeAdmin(stack, 'settings/entra-tenant/save', {
      tenantId: entra.tenantId,
      clientId: secret.clientId,
      displayName: entra.displayName,
      clientSecret: secret.clientSecret,
    });
    if (!result.ok) throw new Error(`Could not configure Entra tenant ${entra.tenantId}: ${result.error.message}`);
  }
}

/** Runs the scheduled trigger and delivers queue events until the sync job finishes. */
export async function runScheduledSync(stack: LocalStack): Promise<void> {
  await stack.runtime.runScheduledTrigger('sv0-daily-sync');
  await stack.runtime.drainQueues();
}

/**
 * Everything an admin would set up for this tenant, through the admin page's own resolvers: settings, Entra tenants
 * (with secrets), Power Platform, Azure DevOps and the Atlassian organization, and automation rules (the export upload when the tenant has one,
 * else the Automation API token).
 */
export async function configureTenant(stack: LocalStack, settingsOverride: Record<string, unknown> = {}): Promise<void> {
  const { json, syncs } = stack.cloud.tenant;
  const ok = (what: string) => (result: ResolverEnvelope) => {
    if (!result.ok) throw new Error(`Could not configure ${what}: ${result.error.message}`);
  };
  ok('settings')(
    await invokeAdmin(stack, 'settings/save', {
      ...json.settings,
      ...(json.powerPlatform ? { powerPlatform: json.powerPlatform } : {}),
      ...settingsOverride,
    }),
  );
  await configureEntraTenants(stack);
  if (json.azureDevOps && json.secrets.azureDevOpsPat) {
    ok('Azure DevOps')(await invokeAdmin(stack, 'settings/sources/save', { id: 'azuredevops', values: { organization: json.azureDevOps.organization }, secrets: { pat: json.secrets.azureDevOpsPat } }));
  }
  // Sources with their own settings slice, saved as an admin saves their form.
  for (const [id, source] of Object.entries(json.sources)) {
    ok(`source ${id}`)(await invokeAdmin(stack, 'settings/sources/save', { id, values: source.settings, secrets: source.secrets }));
  }
  const exported = syncs[0]?.automation['#export'];
  if (exported !== undefined) {
    ok('the automation export')(await invokeAdmin(stack, 'automation/upload', { fileName: 'automation-rules.json', content: JSON.stringify(exported) }));
  } else if (json.secrets.automationApiToken) {
    ok('the Automation API token')(await invokeAdmin(stack, 'settings/automation-token/save', json.secrets.automationApiToken));
  }
}

/**
 * Replays syncs in order. Before each one, a tenant that keeps its automation rules as an export gets that sync's
 * export uploaded, as an admin re-exporting before the scan would.
 */
export async function replaySyncs(stack: LocalStack, onSync?: (name: string) => Promise<void>, beforeSync?: (name: string) => void): Promise<void> {
  for (const [index, sync] of stack.cloud.tenant.syncs.entries()) {
    stack.cloud.setSync(index);
    beforeSync?.(sync.name);
    const exported = sync.automation['#export'];
    if (exported !== undefined && index > 0) {
      const result = await invokeAdmin(stack, 'automation/upload', { fileName: `automation-rules-${sync.name}.json`, content: JSON.stringify(exported) });
      if (!result.ok) throw new Error(`Could not upload the automation export of ${sync.name}: ${result.error.message}`);
    }
    await runScheduledSync(stack);
    await onSync?.(sync.name);
  }
}
