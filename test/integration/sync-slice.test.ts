/**
 * The vertical slice through the real Forge handlers in the local runtime, against the fake cloud:
 * scheduled trigger -> queue -> consumer (Jira projects asApp, Entra service principals through egress with a
 * client-credentials token) -> KVS -> admin resolver.
 */
import { configureEntraTenants, invokeAdmin, runScheduledSync, startLocalStack, type LocalStack } from '../../dev/harness';
import { TEST_CLIENT_SECRET, TEST_ENTRA_TENANT, USER_ACCOUNT, writeTestTenant } from '../support/tenant-builder';

interface SyncStatus {
  latest: { status: string; observedAt?: string; steps: Array<{ id: string; status: string; count?: number; reason?: string }> } | null;
}

interface InventoryList {
  total: number;
  items: Array<{ name: string; subtype: string }>;
}

async function withStack<T>(tenantDir: string, work: (stack: LocalStack, logs: string[]) => Promise<T>): Promise<T> {
  const logs: string[] = [];
  const stack = await startLocalStack({ tenantDir, log: (line) => logs.push(line) });
  try {
    return await work(stack, logs);
  } finally {
    await stack.close();
  }
}

async function latestStatus(stack: LocalStack): Promise<NonNullable<SyncStatus['latest']>> {
  const status = await invokeAdmin(stack, 'sync/status');
  if (!status.ok) throw new Error(status.error.message);
  const latest = (status.data as SyncStatus).latest;
  if (!latest) throw new Error('no finished sync');
  return latest;
}

it('reads Jira projects and every Entra service principal, following nextLink pages of 999', async () => {
  await withStack(writeTestTenant({ servicePrincipals: 2100, projects: 120 }), async (stack) => {
    await configureEntraTenants(stack);
    await runScheduledSync(stack);

    const latest = await latestStatus(stack);
    expect(latest.status).toBe('complete');
    expect(latest.observedAt).toBe('2026-11-20T06:00:00.000Z');
    const resources = await invokeAdmin(stack, 'inventory/list', { type: 'resources', page: { offset: 0, limit: 200 } });
    expect(resources.ok).toBe(true);
    const projects = (resources as { data: InventoryList }).data.items.filter((i) => i.subtype === 'jira_project');
    expect(projects).toHaveLength(120);
    expect(latest.steps.find((s) => s.id.endsWith(':service-principals'))?.count).toBe(2100);

    const spPages = stack.cloud.requests.filter((r) => r.host === 'graph.microsoft.com' && r.path === '/v1.0/servicePrincipals');
    expect(spPages).toHaveLength(3);
    expect(spPages.every((r) => r.query.includes('$top=999') && r.status === 200)).toBe(true);
    expect(spPages.filter((r) => r.query.includes('$skiptoken'))).toHaveLength(2);
    const projectPages = stack.cloud.requests.filter((r) => r.path === '/rest/api/3/project/search');
    expect(projectPages).toHaveLength(2);
  });
});

it('waits out a 429 with Retry-After and retries until the page is read', async () => {
  await withStack(writeTestTenant({ servicePrincipals: 30 }), async (stack) => {
    await configureEntraTenants(stack);
    stack.cloud.setFaults({ rate429: 1, retryAfterSeconds: 1, match: /^GET graph\.microsoft\.com\/v1\.0\/servicePrincipals$/ });
    // The first Graph call is throttled; lift the storm after it so the retry can succeed.
    const originalDecide = stack.cloud.faults.decide.bind(stack.cloud.faults);
    let throttled = 0;
    stack.cloud.faults.decide = (method, host, pathname) => {
      const decision = originalDecide(method, host, pathname);
      if (decision.kind === '429' && throttled++ >= 1) return { kind: 'none' };
      return decision;
    };
    await runScheduledSync(stack);

    const latest = await latestStatus(stack);
    expect(latest.status).toBe('complete');
    expect(latest.steps.find((s) => s.id.endsWith(':service-principals'))?.count).toBe(30);
    const calls = stack.cloud.requests.filter((r) => r.path === '/v1.0/servicePrincipals');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });
});

it('reports a wrong client secret with an error naming the Entra tenant, and never the secret', async () => {
  await withStack(writeTestTenant(), async (stack, logs) => {
    const wrongSecret = 'wrong-secret-value-XYZ';
    const saved = await invokeAdmin(stack, 'settings/entra-tenant/save', {
      tenantId: TEST_ENTRA_TENANT,
      clientId: stack.cloud.tenant.json.secrets.entra[TEST_ENTRA_TENANT]?.clientId,
      clientSecret: wrongSecret,
    });
    expect(saved.ok).toBe(true);
    await runScheduledSync(stack);

    const latest = await latestStatus(stack);
    const entraStep = latest.steps.find((s) => s.id.endsWith(':service-principals'));
    expect(latest.status).toBe('partial');
    expect(entraStep?.status).toBe('failed');
    expect(entraStep?.reason).toContain(`Entra tenant ${TEST_ENTRA_TENANT}`);
    expect(entraStep?.reason).toContain('AADSTS7000215');
    expect(entraStep?.reason).toMatch(/client secret is wrong/);
    expect(latest.steps.find((s) => s.id === 'jira:projects')?.status).toBe('done');

    const everything = JSON.stringify([latest, logs, stack.runtime.invocations, await invokeAdmin(stack, 'settings/get')]);
    expect(everything).not.toContain(wrongSecret);
    expect(everything).not.toContain(TEST_CLIENT_SECRET);
  });
});

it('marks Entra partial with the reason when Graph answers 403, and still reads Jira', async () => {
  await withStack(writeTestTenant({ roles: ['User.Read.All'] }), async (stack) => {
    await configureEntraTenants(stack);
    await runScheduledSync(stack);
    const latest = await latestStatus(stack);
    expect(latest.status).toBe('partial');
    const entraStep = latest.steps.find((s) => s.id.endsWith(':service-principals'));
    expect(entraStep).toMatchObject({ status: 'partial' });
    expect(entraStep?.reason).toMatch(/refused \/v1\.0\/servicePrincipals .*HTTP 403/);
    expect(latest.steps.find((s) => s.id === 'jira:projects')).toMatchObject({ status: 'done', count: 3 });
  });
});

it('refuses admin resolvers to a caller who is not a Jira administrator and returns no data', async () => {
  await withStack(writeTestTenant(), async (stack) => {
    for (const key of ['overview/get', 'sync/status', 'sync/start', 'findings/list', 'findings/get', 'findings/acknowledge', 'findings/accept-risk', 'inventory/list', 'settings/get', 'settings/save', 'settings/entra-tenant/save', 'settings/entra-tenant/test', 'export/findings', 'export/access-review']) {
      const answer = await invokeAdmin(stack, key, {}, USER_ACCOUNT);
      expect(answer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can use this page' } });
    }
    expect(stack.runtime.queue).toHaveLength(0);
  });
});

it('starts one sync even when the scheduled trigger fires twice', async () => {
  await withStack(writeTestTenant(), async (stack) => {
    await configureEntraTenants(stack);
    await stack.runtime.runScheduledTrigger('sv0-daily-sync');
    await stack.runtime.runScheduledTrigger('sv0-daily-sync');
    expect(stack.runtime.queue).toHaveLength(1);
    await stack.runtime.drainQueues();
    expect((await latestStatus(stack)).status).toBe('complete');
  });
});

it('starts a scan from the hourly trigger only once the admin chose the hourly schedule, and then shows its cost', async () => {
  await withStack(writeTestTenant(), async (stack) => {
    await configureEntraTenants(stack);
    await stack.runtime.runScheduledTrigger('sv0-hourly-sync');
    expect(stack.runtime.queue).toHaveLength(0);

    const view = await invokeAdmin(stack, 'settings/get');
    if (!view.ok) throw new Error(view.error.message);
    const saved = await invokeAdmin(stack, 'settings/save', { ...(view.data as Record<string, unknown>), scanSchedule: 'hourly' });
    expect(saved.ok).toBe(true);
    await stack.runtime.runScheduledTrigger('sv0-hourly-sync');
    expect(stack.runtime.queue).toHaveLength(1);
    await stack.runtime.drainQueues();
    expect((await latestStatus(stack)).status).toBe('complete');

    const after = await invokeAdmin(stack, 'settings/get');
    if (!after.ok) throw new Error(after.error.message);
    expect(after.data).toMatchObject({ scanSchedule: 'hourly', scheduleEstimate: { available: true, hourly: { scansPerMonth: 720 } } });
  });
});
