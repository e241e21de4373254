/**
 * `npm start`: the local demo. Starts the fake cloud on a tenant directory (MediaPro by default) and the local
 * Forge runtime, configures the app through its own admin resolvers, replays every sync of the tenant through
 * the scheduled trigger and queue consumer, prints what each sync read, then serves the Custom UI on
 * http://127.0.0.1:${PORT:-8080} (dev/ui-server.ts: admin page, project page, issue panel) until Ctrl-C.
 *
 *   npm start                         MediaPro demo
 *   TENANT=path/to/tenant npm start   another tenant directory (docs/tenant-format.md)
 *   npm start -- --once               exit after the syncs instead of waiting for Ctrl-C
 *   PORT=9000 npm start               serve the UI on another port
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_DIR, configureTenant, invokeAdmin, replaySyncs, startLocalStack, type LocalStack } from './harness';
import { TenantFormatError } from './fake/tenant';
import { describeSurfaces, startUiServer, type UiServer } from './ui-server';

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
  let ui: UiServer | undefined;
  let closing = false;
  const stop = async (code: number) => {
    if (closing) return;
    closing = true;
    console.log('\nStopping: closing the fake cloud and flushing local storage.');
    await ui?.close();
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
  try {
    ui = await startUiServer(stack, Number(process.env.PORT ?? 8080));
    console.log('');
    for (const line of describeSurfaces(stack, ui)) console.log(line);
  } catch (error) {
    // The demo stays useful without the viewer (the resolvers still answer the scan CLI and tests).
    const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.log(`\nThe UI viewer did not start: ${busy ? `port ${process.env.PORT ?? 8080} is in use (set PORT to another one)` : error instanceof Error ? error.message : String(error)}`);
  }
  console.log('\nThe local stack keeps running. Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(error instanceof TenantFormatError ? error.message : error);
  process.exit(error instanceof TenantFormatError ? 2 : 1);
});
