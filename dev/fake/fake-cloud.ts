/**
 * The fake cloud: one HTTP server on 127.0.0.1 answering for every host the app talks to. The local runtime
 * routes each real host here with the x-sv0-upstream-host header, so app code keeps real URLs. Serves one sync
 * of a tenant directory at a time (syncs replay in order, each at its own clock) and injects faults on demand.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeDataverse, isDataverseHost } from './dataverse-server';
import { FakeGraph } from './graph-server';
import { FakeJira, lookup } from './jira-server';
import { FakeAtlassianOrg } from './atlassian-org-server';
import { FaultInjector, type FaultConfig } from './faults';
import { json, header, type FakeRequest, type FakeResponse } from './http-types';
import { loadTenant, pageCap, type Tenant, type TenantSync } from './tenant';

export const UPSTREAM_HOST_HEADER = 'x-sv0-upstream-host';

export interface RequestLogEntry {
  method: string;
  host: string;
  path: string;
  query: string;
  status: number;
  /** When the answer was sent (ms since epoch). */
  at: number;
}

/** A fake server of one system: which requests it answers, and how. Registering one is one line in `servers`. */
interface FakeServer {
  serves(request: FakeRequest): boolean;
  handle(request: FakeRequest): FakeResponse;
}

export class FakeCloud {
  readonly tenant: Tenant;
  readonly graph: FakeGraph;
  readonly jira: FakeJira;
  readonly dataverse: FakeDataverse;
  readonly faults = new FaultInjector();
  readonly requests: RequestLogEntry[] = [];
  private server: http.Server | undefined;
  private syncIndex = 0;
  private readonly sockets = new Set<import('node:net').Socket>();
  /** When the app read the Azure DevOps audit log (each sync's clock): the service logs each read as AuditLog.AccessLog. */
  private readonly auditLogReads: string[] = [];

  constructor(tenantOrDir: Tenant | string) {
    this.tenant = typeof tenantOrDir === 'string' ? loadTenant(tenantOrDir) : tenantOrDir;
    this.graph = new FakeGraph(this.tenant, () => this.syncIndex);
    this.jira = new FakeJira(this.tenant, () => this.syncIndex);
    this.dataverse = new FakeDataverse(this.tenant, this.graph, () => this.sync);
    this.servers = [
      new FakeAtlassianOrg(this.tenant, () => this.sync),
    ];
  }

  /** Servers asked before the hosts below (which predate the list); the first that serves a request answers it. */
  private readonly servers: readonly FakeServer[];

  get sync(): TenantSync {
    return this.tenant.syncs[this.syncIndex] as TenantSync;
  }

  /** Serve sync i (0-based, in name order) from now on. */
  setSync(index: number): void {
    if (index < 0 || index >= this.tenant.syncs.length) throw new Error(`Tenant ${this.tenant.json.name} has no sync #${index + 1}`);
    this.syncIndex = index;
  }

  setFaults(config: FaultConfig): void {
    this.faults.set(config);
  }

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => void this.serve(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      // Loopback only: nothing here is ever reachable from another machine.
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('The fake cloud is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Requests seen, optionally only those for one host. */
  requestCount(host?: string): number {
    return host ? this.requests.filter((r) => r.host === host).length : this.requests.length;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const host = String(req.headers[UPSTREAM_HOST_HEADER] ?? '');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      host,
      pathname: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const latency = this.faults.latencyFor(host);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = this.faults.decide(request.method, host, request.pathname);
    let response: FakeResponse;
    if (fault.kind === 'drop') {
      this.requests.push({ method: request.method, host, path: request.pathname, query: url.search, status: 0, at: Date.now() });
      req.socket.destroy();
      return;
    } else if (fault.kind === '429') {
      response = json(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'Retry-After': String(fault.retryAfterSeconds) });
    } else if (fault.kind === '503') {
      response = json(503, { error: { code: 'ServiceUnavailable', message: 'Service unavailable' } });
    } else {
      response = this.route(request);
      if (response.status === 200) response = { ...response, body: this.faults.distort(request.method, host, request.pathname, url.search, response.body) };
      if (fault.kind === 'lost-answer') {
        this.requests.push({ method: request.method, host, path: request.pathname, query: url.search, status: -response.status, at: Date.now() });
        req.socket.destroy();
        return;
      }
    }
    this.requests.push({ method: request.method, host, path: request.pathname, query: url.search, status: response.status, at: Date.now() });
    const body = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', ...response.headers });
    res.end(body);
  }

  private route(request: FakeRequest): FakeResponse {
    const { host } = request;
    const server = this.servers.find((s) => s.serves(request));
    if (server) return server.handle(request);
    if (host === 'login.microsoftonline.com') return this.graph.handleToken(request);
    if (host === 'graph.microsoft.com') return this.graph.handleGraph(request);
    if (host === this.jira.siteHost) return this.jira.handleSite(request);
    if (host === 'api.atlassian.com') return this.jira.handleAutomation(request);
    if (host === 'api.bap.microsoft.com' || host === 'api.flow.microsoft.com' || host === 'api.powerapps.com') return this.powerPlatform(request);
    if (isDataverseHost(host)) return this.dataverse.handle(request);
    if (host === 'dev.azure.com' || host === 'vssps.dev.azure.com' || host === 'auditservice.dev.azure.com') return this.azureDevOps(request);
    return json(502, { message: `The fake cloud does not serve host "${host || '(none)'}"` });
  }

  /** Power Platform admin APIs: Entra bearer token for the service's resource; collections as {value, nextLink}. */
  private powerPlatform(request: FakeRequest): FakeResponse {
    const audience = request.host === 'api.bap.microsoft.com' ? 'https://api.bap.microsoft.com' : request.host === 'api.powerapps.com' ? 'https://service.powerapps.com' : 'https://service.flow.microsoft.com';
    if (!this.graph.tokenFor(request, audience)) return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } });
    const stored = lookup(this.sync.powerautomate, request.pathname, request.query);
    if (stored === undefined) return json(404, { error: { code: 'NotFound', message: `No resource at ${request.pathname}` } });
    if (!Array.isArray(stored)) return json(200, stored);
    const top = pageCap(this.tenant, Math.min(Number(request.query.get('$top') ?? 250) || 250, 250));
    const skip = Number(request.query.get('$skiptoken') ? Buffer.from(request.query.get('$skiptoken') ?? '', 'base64url').toString() : 0);
    const body: Record<string, unknown> = { value: stored.slice(skip, skip + top) };
    if (skip + top < stored.length) {
      const next = new URLSearchParams(request.query);
      next.set('$skiptoken', Buffer.from(String(skip + top)).toString('base64url'));
      body.nextLink = `https://${request.host}${request.pathname}?${next.toString()}`;
    }
    return json(200, body);
  }

  /** Azure DevOps REST: PAT (Basic) or Entra token; collections as {count, value} with x-ms-continuationtoken. */
  private azureDevOps(request: FakeRequest): FakeResponse {
    const auth = header(request, 'authorization') ?? '';
    const pat = /^Basic\s+(.+)$/i.exec(auth);
    const patOk = pat !== null && Buffer.from(pat[1] ?? '', 'base64').toString().split(':')[1] === this.tenant.json.secrets.azureDevOpsPat;
    if (!patOk && !this.graph.tokenFor(request, '499b84ac-1321-427f-aa17-267ca6975798')) {
      return { status: 203, body: '<html>Sign in</html>', headers: { 'content-type': 'text/html' } }; // ADO answers 203 + sign-in page
    }
    if (request.host === 'auditservice.dev.azure.com') return this.azureDevOpsAuditLog(request);
    const stored = lookup(this.sync.azuredevops, request.pathname, request.query);
    if (stored === undefined) return json(404, { message: `No resource at ${request.pathname}`, typeKey: 'NotFoundException' });
    if (!Array.isArray(stored)) return json(200, stored);
    const top = pageCap(this.tenant, Math.min(Number(request.query.get('$top') ?? 100) || 100, 1000));
    const start = Number(request.query.get('continuationToken') ?? 0) || 0;
    const value = stored.slice(start, start + top);
    const headers: Record<string, string> = start + top < stored.length ? { 'x-ms-continuationtoken': String(start + top) } : {};
    return json(200, { count: value.length, value }, headers);
  }

  /**
   * GET auditservice.dev.azure.com/{org}/_apis/audit/auditlog: the stored entries (DecoratedAuditLogEntry) from
   * startTime (to endTime), newest first, batchSize a page, as {decoratedAuditLogEntries, continuationToken, hasMore}.
   * Needs the vso.auditlog scope (tenant.json secrets.azureDevOpsPatScopes; absent = a full-access PAT) and the
   * "View audit log" permission (azureDevOps.viewAuditLog, default true): otherwise 403, as Azure DevOps answers.
   * No stored log = auditing is off: no entries. Each read is logged back as AuditLog.AccessLog at the sync's clock.
   */
  private azureDevOpsAuditLog(request: FakeRequest): FakeResponse {
    const org = this.tenant.json.azureDevOps?.organization ?? '';
    if (request.pathname !== `/${org}/_apis/audit/auditlog`) return json(404, { message: `No resource at ${request.pathname}`, typeKey: 'NotFoundException' });
    const scopes = this.tenant.json.secrets.azureDevOpsPatScopes;
    const scoped = scopes === undefined || scopes.includes('app_token') || scopes.includes('vso.auditlog');
    if (!scoped || this.tenant.json.azureDevOps?.viewAuditLog === false) {
      return json(403, {
        $id: '1',
        innerException: null,
        message: 'Access Denied: the user needs the following permission(s) on the resource Auditing/Organization to perform this action: View audit log',
        typeName: 'Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.WebApi',
        typeKey: 'AccessCheckException',
        errorCode: 0,
        eventId: 3000,
      });
    }
    const stored = this.sync.azuredevops[request.pathname];
    const from = Date.parse(request.query.get('startTime') ?? '') || -Infinity;
    const to = Date.parse(request.query.get('endTime') ?? '') || Infinity;
    const accesses = Array.isArray(stored) ? this.auditLogReads.map((at, i) => ({
      id: `${Date.parse(at)};access-${i}`,
      actionId: 'AuditLog.AccessLog',
      area: 'Auditing',
      category: 'access',
      categoryDisplayName: 'Access',
      timestamp: at,
      scopeType: 'organization',
      details: 'Accessed the audit log',
      data: { EventSummary: [at] },
    })) : [];
    const entries = [...(Array.isArray(stored) ? stored : []), ...accesses]
      .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
      .filter((e) => {
        const at = Date.parse(String(e.timestamp));
        return at >= from && at < to;
      })
      .sort((a, b) => Date.parse(String(b.timestamp)) - Date.parse(String(a.timestamp)));
    const top = pageCap(this.tenant, Math.min(Number(request.query.get('batchSize') ?? 200) || 200, 1000));
    const start = Number(request.query.get('continuationToken') ?? 0) || 0;
    if (start === 0) this.auditLogReads.push(this.sync.at);
    const page = entries.slice(start, start + top);
    return json(200, { decoratedAuditLogEntries: page, continuationToken: String(start + page.length), hasMore: start + top < entries.length });
  }
}
