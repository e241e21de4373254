/**
 * `npm start`: the local demo. Starts the fake cloud on a tenant directory (MediaPro by default) and the local
 * Forge runtime, configures the app through its own admin resolvers, replays every sync of the tenant through
 * the scheduled trigger and queue consumer, prints what each sync read, then keeps serving until Ctrl-C.
 *
 *   npm start                         MediaPro demo
 *   TENANT=path/to/tenant npm start   another tenant directory (docs/tenant-format.md)
 *   npm start -- --once               exit after the syncs instead of waiting for Ctrl-C
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_DIR, configureTenant, invokeAdmin, replaySyncs, startLocalStack, type LocalStack } from './harness';
import { TenantFormatError } from './fake/tenant';

interface Overview {
  verdict: string;
  lastSync: { status: string; observedAt?: string; steps: Array<{ label: string; status: string; count?: number; reason?: string }> } | null;
  byCheck: Array<{ check: string; severity: string; count: number }>;
}

async function printSync(stack: LocalStack, name: string): Promise<void> {
  const overview = await invokeAdmin(stack, 'overview/get');
  if (!overview.ok) throw new Error(`the admin resolvers refused the demo admin: ${overview.error.message}`);
  const { verdict, lastSync, byCheck } = overview.data as Overview;
  console.log(`\nSync ${name} (source clock ${lastSync?.observedAt ?? 'unknown'}): ${lastSync?.status ?? 'not finished'}`);
  for (const step of lastSync?.steps ?? []) {
    console.log(`  ${step.status.padEnd(8)} ${step.label}${step.count !== undefined ? `: ${step.count}` : ''}${step.reason ? ` (${step.reason})` : ''}`);
  }
  console.log(`  ${verdict}`);
  for (const c of byCheck) console.log(`    ${String(c.count).padStart(3)} ${c.severity.padEnd(8)} ${c.check}`);
}

async function main(): Promise<void> {
  const once = process.argv.includes('--once');
  const tenantDir = path.resolve(process.env.TENANT ?? path.join(APP_DIR, 'test/fixtures/tenants/mediapro'));
  const dataDir = path.join(APP_DIR, '.data', path.basename(tenantDir));
  fs.rmSync(dataDir, { recursive: true, force: true }); // each demo replays the tenant from its first sync
  const stack = await startLocalStack({ tenantDir, dataDir });
  let closing = false;
  const stop = async (code: number) => {
    if (closing) return;
    closing = true;
    console.log('\nStopping: closing the fake cloud and flushing local storage.');
    await stack.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  console.log(`SecurityV0 for Jira, local demo on tenant "${stack.cloud.tenant.json.name}" (${tenantDir})`);
  console.log(`Fake cloud (Jira ${stack.cloud.tenant.json.jira.site}, Microsoft Graph, Entra) on ${stack.cloud.url}; KVS in ${dataDir}`);
  await configureTenant(stack);
  await replaySyncs(stack, (name) => printSync(stack, name));
  if (once) return stop(0);
  console.log('\nThe local stack keeps running. Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(error instanceof TenantFormatError ? error.message : error);
  process.exit(error instanceof TenantFormatError ? 2 : 1);
});
