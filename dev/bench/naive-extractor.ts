/**
 * The peer baseline: a simple script that reads the same data as the app's extractors through the same fake cloud,
 * the way a straightforward integration would: default page sizes (no $top, no maxResults), no $select, no $batch,
 * one call per object (owners, app role assignments and provisioning jobs of every service principal, the role map
 * and every role of every project, every rule, every flow), at most `concurrency` requests in flight.
 */
export interface NaiveTenant {
  jira: { site: string; cloudId: string };
  entra: Array<{ tenantId: string }>;
  powerPlatform?: { tenantId: string; environments: string[] };
  azureDevOps?: { organization: string };
  secrets: { entra: Record<string, { clientId: string; clientSecret: string }>; automationApiToken?: { email: string; token: string }; azureDevOpsPat?: string };
}

export interface NaiveResult {
  requests: number;
  wallMs: number;
  items: number;
  /** Answers 404 (a provisioning-jobs lookup for a service principal that has none, as the naive script asks every one). */
  notFound: number;
  /** Other answers >= 400. */
  errors: number;
}

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

function limiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export async function runNaiveExtractor(upstream: string, tenant: NaiveTenant, concurrency: number, observedAt: string): Promise<NaiveResult> {
  const limit = limiter(concurrency);
  let requests = 0;
  let items = 0;
  let errors = 0;
  let notFound = 0;
  const site = new URL(tenant.jira.site).host;

  async function call(host: string, pathAndQuery: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
    return limit(async () => {
      requests++;
      const response = await fetch(`${upstream}${pathAndQuery}`, { method: init.method ?? 'GET', headers: { ...init.headers, 'x-sv0-upstream-host': host }, ...(init.body ? { body: init.body } : {}) });
      const text = await response.text();
      if (response.status === 404) notFound++;
      else if (response.status >= 400) errors++;
      let body: unknown;
      try {
        body = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        body = text;
      }
      return { status: response.status, body, headers: response.headers };
    });
  }
  const relative = (url: string) => {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  };
  async function token(tenantId: string, scope: string): Promise<string> {
    const secret = tenant.secrets.entra[tenantId];
    if (!secret) throw new Error(`no secret for ${tenantId}`);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: secret.clientId, client_secret: secret.clientSecret, scope: `${scope}/.default` });
    const answer = await call('login.microsoftonline.com', `/${tenantId}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    return String((answer.body as Json).access_token);
  }

  // Microsoft Graph.
  async function graph(tenantId: string): Promise<void> {
    const auth = { authorization: `Bearer ${await token(tenantId, 'https://graph.microsoft.com')}` };
    const all = async (path: string): Promise<Json[]> => {
      const out: Json[] = [];
      for (let next: string | undefined = path; next; ) {
        const page: { status: number; body: unknown } = await call('graph.microsoft.com', next, { headers: auth });
        if (page.status !== 200) return out;
        const body = page.body as Json;
        out.push(...list(body.value));
        next = typeof body['@odata.nextLink'] === 'string' ? relative(body['@odata.nextLink']) : undefined;
      }
      items += out.length;
      return out;
    };
    const [, , , sps, apps] = await Promise.all([
      all('/v1.0/organization'),
      all('/v1.0/domains'),
      all('/v1.0/users'),
      all('/v1.0/servicePrincipals'),
      all('/v1.0/applications'),
      all('/v1.0/oauth2PermissionGrants'),
      all('/v1.0/auditLogs/directoryAudits'),
      all('/beta/reports/servicePrincipalSignInActivities'),
    ]);
    const ownerGroups = new Set<string>();
    const collectGroups = (owners: Json[]) => owners.filter((o) => String(o['@odata.type']).endsWith('group')).forEach((o) => ownerGroups.add(String(o.id)));
    await Promise.all([
      ...sps.map(async (sp) => {
        collectGroups(await all(`/v1.0/servicePrincipals/${String(sp.id)}/owners`));
        await all(`/v1.0/servicePrincipals/${String(sp.id)}/appRoleAssignments`);
        await all(`/v1.0/servicePrincipals/${String(sp.id)}/synchronization/jobs`);
      }),
      ...apps.map(async (app) => collectGroups(await all(`/v1.0/applications/${String(app.id)}/owners`))),
    ]);
    await Promise.all([...ownerGroups].map(async (id) => {
      await call('graph.microsoft.com', `/v1.0/groups/${id}`, { headers: auth });
      await all(`/v1.0/groups/${id}/members`);
    }));
  }

  // Jira (as the app) and the Automation API (admin e-mail and API token).
  async function jira(): Promise<void> {
    const auth = { authorization: 'Forge as=app', accept: 'application/json' };
    const get = async (path: string) => (await call(site, path, { headers: auth })).body;
    const pageBean = async (path: string): Promise<Json[]> => {
      const out: Json[] = [];
      for (let startAt = 0; ; ) {
        const body = (await get(`${path}${path.includes('?') ? '&' : '?'}startAt=${startAt}`)) as Json;
        const values = list(body?.values);
        out.push(...values);
        if (body?.isLast !== false || values.length === 0) break;
        startAt += values.length;
      }
      items += out.length;
      return out;
    };
    await get('/rest/api/3/serverInfo');
    const usersJob = (async () => {
      for (let startAt = 0; ; ) {
        const page = list(await get(`/rest/api/3/users/search?startAt=${startAt}`));
        items += page.length;
        if (page.length < 50) break;
        startAt += page.length;
      }
    })();
    const projects = await pageBean('/rest/api/3/project/search?expand=lead,description');
    const groups = await pageBean('/rest/api/3/group/bulk');
    await Promise.all([pageBean('/rest/api/3/group/bulk?accessType=admin'), pageBean('/rest/api/3/group/bulk?accessType=site-admin')]);
    const from = new Date(Date.parse(observedAt) - 90 * 86_400_000).toISOString();
    const audit = (async () => {
      for (let offset = 0; ; ) {
        const body = (await get(`/rest/api/3/auditing/record?offset=${offset}&from=${encodeURIComponent(from)}`)) as Json;
        const records = list(body?.records);
        items += records.length;
        offset += records.length;
        if (records.length === 0 || offset >= Number(body?.total ?? 0)) break;
      }
    })();
    await Promise.all([
      usersJob,
      audit,
      ...groups.map((g) => pageBean(`/rest/api/3/group/member?groupId=${encodeURIComponent(String(g.groupId))}&includeInactiveUsers=false`)),
      ...projects.map(async (p) => {
        await get(`/rest/api/3/project/${String(p.id)}/permissionscheme?expand=permissions`);
        const roles = (await get(`/rest/api/3/project/${String(p.id)}/role`)) as Record<string, string> | undefined;
        await Promise.all(Object.values(roles ?? {}).map((url) => get(`/rest/api/3/project/${String(p.id)}/role/${String(url).split('/').pop() ?? ''}`)));
      }),
    ]);
  }

  async function automation(): Promise<void> {
    const credentials = tenant.secrets.automationApiToken;
    if (!credentials) return;
    const auth = { authorization: `Basic ${Buffer.from(`${credentials.email}:${credentials.token}`).toString('base64')}` };
    const base = `/automation/public/jira/${tenant.jira.cloudId}/rest/v1`;
    const rules: Json[] = [];
    for (let next: string | undefined = `${base}/rule/summary`; next; ) {
      const body = (await call('api.atlassian.com', next, { headers: auth })).body as Json;
      rules.push(...list(body?.data));
      const link = (body?.links as Json | undefined)?.next;
      next = typeof link === 'string' && link ? `${base}/rule/summary${link.startsWith('?') ? link : `?${link.split('?')[1] ?? ''}`}` : undefined;
    }
    items += rules.length;
    await Promise.all(rules.map((r) => call('api.atlassian.com', `${base}/rule/${String(r.uuid)}`, { headers: auth })));
  }

  async function powerAutomate(): Promise<void> {
    const pp = tenant.powerPlatform;
    if (!pp) return;
    const [bap, flow, apps] = await Promise.all([token(pp.tenantId, 'https://api.bap.microsoft.com'), token(pp.tenantId, 'https://service.flow.microsoft.com'), token(pp.tenantId, 'https://service.powerapps.com')]);
    const all = async (host: string, path: string, bearer: string): Promise<Json[]> => {
      const out: Json[] = [];
      for (let next: string | undefined = `${path}?api-version=2016-11-01`; next; ) {
        const body = (await call(host, next, { headers: { authorization: `Bearer ${bearer}` } })).body as Json;
        out.push(...list(body?.value));
        next = typeof body?.nextLink === 'string' ? relative(body.nextLink) : undefined;
      }
      items += out.length;
      return out;
    };
    const environments = await all('api.bap.microsoft.com', '/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments', bap);
    await Promise.all(environments.map(async (env) => {
      const prefix = `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${String(env.name)}`;
      const [flows] = await Promise.all([all('api.flow.microsoft.com', `${prefix}/v2/flows`, flow), all('api.powerapps.com', `/providers/Microsoft.PowerApps/scopes/admin/environments/${String(env.name)}/connections`, apps)]);
      await Promise.all(flows.map(async (f) => {
        await call('api.flow.microsoft.com', `${prefix}/flows/${String(f.name)}?api-version=2016-11-01`, { headers: { authorization: `Bearer ${flow}` } });
        await all('api.flow.microsoft.com', `${prefix}/flows/${String(f.name)}/owners`, flow);
        await call('api.flow.microsoft.com', `${prefix}/flows/${String(f.name)}/runs?api-version=2016-11-01`, { headers: { authorization: `Bearer ${flow}` } });
      }));
    }));
  }

  async function azureDevOps(): Promise<void> {
    const org = tenant.azureDevOps?.organization;
    const pat = tenant.secrets.azureDevOpsPat;
    if (!org || !pat) return;
    const auth = { authorization: `Basic ${Buffer.from(`:${pat}`).toString('base64')}` };
    const all = async (host: string, path: string): Promise<Json[]> => {
      const out: Json[] = [];
      for (let token: string | undefined = ''; token !== undefined; ) {
        const page: { body: unknown; headers: Headers } = await call(host, `${path}?api-version=7.1${token ? `&continuationToken=${token}` : ''}`, { headers: auth });
        out.push(...list((page.body as Json | undefined)?.value));
        token = page.headers.get('x-ms-continuationtoken') ?? undefined;
      }
      items += out.length;
      return out;
    };
    const [projects, hooks, users] = await Promise.all([all('dev.azure.com', `/${org}/_apis/projects`), all('dev.azure.com', `/${org}/_apis/hooks/subscriptions`), all('vssps.dev.azure.com', `/${org}/_apis/graph/users`)]);
    await Promise.all([
      ...hooks.map((h) => all('dev.azure.com', `/${org}/_apis/hooks/subscriptions/${String(h.id)}/notifications`)),
      ...projects.map((p) => all('dev.azure.com', `/${org}/${encodeURIComponent(String(p.name))}/_apis/serviceendpoint/endpoints`)),
      ...users.map((u) => all('vssps.dev.azure.com', `/${org}/_apis/tokenadmin/personalaccesstokens/${String(u.descriptor)}`)),
    ]);
  }

  const started = performance.now();
  await Promise.all([...tenant.entra.map((e) => graph(e.tenantId)), jira(), automation(), powerAutomate(), azureDevOps()]);
  return { requests, wallMs: Math.round(performance.now() - started), items, notFound, errors };
}
