/**
 * The local viewer: Jira around the app, for `npm start` and the browser tests. A host page (the Jira page) frames
 * the built Custom UI (static/app/build) the way Jira frames it: a sandboxed iframe on another origin (its own
 * port), sized to its content, talking to the page only through @forge/bridge. The host (dev/ui-host/host.js)
 * answers the bridge: invoke with the app's real resolvers in the local Forge runtime, getContext, Modal (a
 * dialog on the host page), the router, events. Nothing in the app knows it is local.
 *
 *   GET  /admin                 the admin page (jira:adminPage, module sv0-admin)
 *   GET  /project/<KEY>         the project page (jira:projectPage, module sv0-project) of project KEY
 *   GET  /issue/<KEY>           the issue panel (jira:issuePanel, module sv0-issue-panel) on issue KEY
 *   POST /__invoke              {moduleKey, key, payload, route} -> runtime.invokeResolver(...)
 *   frame origin: GET /__frame/<route>   the build's index.html with the frame's bridge (dev/ui-host/frame-shim.js)
 *
 * Query parameters on a page: `as=<accountId>` calls the resolvers as that account (the default is the tenant's
 * Jira admin, or on a project page that project's lead), `theme=dark` renders Jira's dark theme, `locale=` and
 * `tz=` set the user's locale and time zone in the context, `width=` the issue panel's width in px (default 360).
 * Only 127.0.0.1 is served.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { APP_DIR, type LocalStack } from './harness';

export const UI_BUILD_DIR = path.join(APP_DIR, 'static', 'app', 'build');
const MAX_BODY_BYTES = 8 * 1024 * 1024; // the automation export is capped at 5 MB by its resolver

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface UiServer {
  url: string;
  port: number;
  /** Where the app's frames are served from: another origin than the host page, as in Jira. */
  frameOrigin: string;
  close(): Promise<void>;
}

interface PageRoute {
  moduleKey: string;
  extension: Record<string, unknown>;
  /** Who calls the resolvers unless `?as=` says otherwise. */
  defaultAccountId: string;
  defaultCaller: string;
}

interface JiraProjectRecord {
  id?: string;
  key?: string;
  projectTypeKey?: string;
  lead?: { accountId?: string; displayName?: string; active?: boolean };
}

function projectsOf(stack: LocalStack): JiraProjectRecord[] {
  const listed = stack.cloud.sync.jira['/rest/api/3/project/search'];
  return Array.isArray(listed) ? (listed as JiraProjectRecord[]) : [];
}

function projectContext(stack: LocalStack, key: string): { key: string; id: string; type: string } {
  const project = projectsOf(stack).find((p) => p.key === key);
  return { key, id: project?.id ?? '0', type: project?.projectTypeKey ?? 'software' };
}

/** Maps a page path to the module it shows and the Forge extension context Jira would give it. */
export function routeOf(stack: LocalStack, pathname: string): PageRoute | undefined {
  const admin = { defaultAccountId: stack.adminAccountId, defaultCaller: 'the Jira administrator' };
  if (pathname === '/admin' || pathname === '/admin/') return { moduleKey: 'sv0-admin', extension: { type: 'jira:adminPage' }, ...admin };
  const project = /^\/project\/([A-Z][A-Z0-9_]{0,19})\/?$/.exec(pathname);
  if (project?.[1]) {
    const lead = projectsOf(stack).find((p) => p.key === project[1])?.lead;
    const byLead = lead?.accountId && lead.active !== false ? { defaultAccountId: lead.accountId, defaultCaller: `the project lead ${lead.displayName ?? lead.accountId}` } : admin;
    return { moduleKey: 'sv0-project', extension: { type: 'jira:projectPage', project: projectContext(stack, project[1]) }, ...byLead };
  }
  const issue = /^\/issue\/([A-Z][A-Z0-9_]{0,19})-(\d+)\/?$/.exec(pathname);
  if (issue?.[1] && issue[2]) {
    const key = `${issue[1]}-${issue[2]}`;
    const found = stack.cloud.jira.issues.issues.find((i) => i.key === key);
    return {
      moduleKey: 'sv0-issue-panel',
      extension: { type: 'jira:issuePanel', issue: { key, id: found?.id ?? '0', type: 'Service request' }, project: projectContext(stack, issue[1]), isNewToIssue: false },
      ...admin,
    };
  }
  return undefined;
}

function themeOf(url: URL): 'light' | 'dark' {
  return url.searchParams.get('theme') === 'dark' ? 'dark' : 'light';
}

function callerOf(url: URL, route: PageRoute): string {
  return url.searchParams.get('as') || route.defaultAccountId;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside an inline script: `<` escaped so no value can close the script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const HOST_DIR = path.join(APP_DIR, 'dev', 'ui-host');

function localeOf(url: URL): string {
  const locale = url.searchParams.get('locale') ?? 'en-US';
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale) ? locale : 'en-US';
}

function timeZoneOf(url: URL): string {
  const zone = url.searchParams.get('tz') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

function panelWidthOf(url: URL): number {
  const width = Number(url.searchParams.get('width') ?? 360);
  return Number.isFinite(width) ? Math.min(1200, Math.max(240, Math.round(width))) : 360;
}

const TITLES: Record<string, string> = { 'sv0-admin': 'SecurityV0 (Jira settings → Apps)', 'sv0-project': 'Identity access', 'sv0-issue-panel': 'SecurityV0 finding' };

/** The Jira page around the app: a top bar, the module's place on the page, and the host bridge. */
function serveHostPage(res: http.ServerResponse, stack: LocalStack, route: PageRoute, url: URL, frameOrigin: string, sandbox: string | undefined): void {
  const theme = themeOf(url);
  const config = {
    moduleKey: route.moduleKey,
    route: url.pathname,
    search: url.search,
    frameOrigin,
    title: TITLES[route.moduleKey] ?? 'SecurityV0',
    ...(sandbox !== undefined ? { sandbox } : {}),
    context: {
      accountId: callerOf(url, route),
      cloudId: stack.cloud.tenant.json.jira.cloudId,
      environmentId: 'local',
      environmentType: 'DEVELOPMENT',
      extension: route.extension,
      locale: localeOf(url),
      moduleKey: route.moduleKey,
      siteUrl: stack.cloud.tenant.json.jira.site,
      timezone: timeZoneOf(url),
      theme: { colorMode: theme },
    },
  };
  const issue = route.moduleKey === 'sv0-issue-panel';
  const issueKey = (route.extension.issue as { key?: string } | undefined)?.key ?? '';
  const width = panelWidthOf(url);
  const body = issue
    ? `<div class="issue"><section class="issue-main" aria-label="Issue"><p class="crumb">${escapeHtml(issueKey)}</p><h1>${escapeHtml(stack.cloud.jira.issues.find(issueKey)?.summary ?? issueKey)}</h1><p class="muted">Local viewer: the issue view around the app's panel.</p></section><aside class="issue-panel" style="width:${width}px" aria-label="SecurityV0 finding"><h2>SecurityV0 finding</h2><div id="sv0-slot"></div></aside></div>`
    : `<div id="sv0-slot" class="page-slot"></div>`;
  const html = `<!doctype html><html lang="en" data-color-mode="${theme}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(config.title)} — local viewer</title><link rel="icon" href="/icon.svg"><link rel="stylesheet" href="/__host.css"></head>
<body><header class="topbar"><span class="product">Jira</span><span class="site">${escapeHtml(new URL(stack.cloud.tenant.json.jira.site).host)} · local viewer</span></header>
<main class="host">${body}</main><div id="sv0-toast" role="status" hidden></div>
<script>window.__SV0_HOST__ = ${scriptJson(config)};</script><script src="/__host.js"></script></body></html>`;
  send(res, 200, html, MIME['.html'] as string);
}

/** The app's frame: the build's index.html with the frame side of the bridge loaded first. */
function serveFramePage(res: http.ServerResponse, buildDir: string): void {
  const indexFile = path.join(buildDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    send(res, 503, 'The UI is not built yet: run `npm run build:ui`, then reload this page.\n', 'text/plain; charset=utf-8');
    return;
  }
  // The build's asset URLs are relative (Forge serves resources under a path prefix); <base> makes them resolve
  // from the root whatever the frame's own path is.
  const html = fs.readFileSync(indexFile, 'utf8').replace(/<head>/i, '<head><base href="/" /><script src="/__frame-shim.js"></script>');
  send(res, 200, html, MIME['.html'] as string);
}

function serveAsset(res: http.ServerResponse, pathname: string, buildDir: string): boolean {
  const file = path.resolve(buildDir, `.${decodeURIComponent(pathname)}`);
  if (!file.startsWith(buildDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return false;
  send(res, 200, fs.readFileSync(file), MIME[path.extname(file)] ?? 'application/octet-stream');
  return true;
}

function serveIndex(res: http.ServerResponse, stack: LocalStack): void {
  const projects = projectsOf(stack)
    .map((p) => p.key)
    .filter((k): k is string => Boolean(k));
  const issues = stack.cloud.jira.issues.issues.map((i) => i.key);
  const link = (href: string) => `<li><a href="${escapeHtml(href)}">${escapeHtml(href)}</a> (<a href="${escapeHtml(href)}?theme=dark">dark</a>)</li>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SecurityV0 local viewer</title></head><body style="font-family:sans-serif">
<h1>SecurityV0 local viewer</h1><h2>Admin page</h2><ul>${link('/admin')}</ul>
<h2>Project pages</h2><ul>${projects.map((k) => link(`/project/${k}`)).join('')}</ul>
<h2>Issue panels</h2><ul>${issues.map((k) => link(`/issue/${k}`)).join('') || '<li>No ticket yet.</li>'}</ul>
<p>Add <code>?as=&lt;accountId&gt;</code> to call the resolvers as someone else, <code>?theme=dark</code> for the dark theme, <code>?locale=</code> and <code>?tz=</code> for the user's locale and time zone, <code>?width=</code> for the issue panel's width.</p></body></html>`;
  send(res, 200, html, MIME['.html'] as string);
}

function listen(server: http.Server, port: number): Promise<number> {
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('close', () => undefined);
  (server as http.Server & { sv0Sockets?: Set<import('node:net').Socket> }).sv0Sockets = sockets;
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function closeServer(server: http.Server): Promise<void> {
  for (const socket of (server as http.Server & { sv0Sockets?: Set<import('node:net').Socket> }).sv0Sockets ?? []) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Starts the viewer on 127.0.0.1:port (0 = any free port), and the app's frames on a second port (another
 * origin, as Jira serves Custom UI from its own CDN). Queue events that a resolver pushes (Scan now) are delivered
 * in the background, as Forge's queue would, so a manual scan runs and its progress can be watched.
 */
export async function startUiServer(stack: LocalStack, port = Number(process.env.PORT ?? 8080), options: { buildDir?: string; log?: (line: string) => void; sandbox?: string } = {}): Promise<UiServer> {
  const buildDir = path.resolve(options.buildDir ?? UI_BUILD_DIR);
  const log = options.log ?? ((line: string) => console.error(line));
  let draining: Promise<void> | undefined;
  const deliverQueuedEvents = () => {
    if (draining || stack.runtime.queue.length === 0) return;
    draining = new Promise<void>((resolve) => setTimeout(resolve, 20))
      .then(() => stack.runtime.drainQueues())
      .then(() => undefined)
      .catch((error: unknown) => log(`queue delivery failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        draining = undefined;
      });
  };
  let frameOrigin = '';

  const handleHost = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/__invoke') {
      let body: { moduleKey?: unknown; key?: unknown; payload?: unknown; route?: unknown };
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch (error) {
        sendJson(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: `Bad invoke request: ${error instanceof Error ? error.message : String(error)}` } });
        return;
      }
      const route = typeof body.route === 'string' ? routeOf(stack, body.route) : undefined;
      if (!route || route.moduleKey !== body.moduleKey || typeof body.key !== 'string') {
        sendJson(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'Bad invoke request: needs the page route, its moduleKey and a resolver key' } });
        return;
      }
      try {
        const result = await stack.runtime.invokeResolver(route.moduleKey, body.key, body.payload ?? {}, { accountId: callerOf(url, route), extension: route.extension });
        sendJson(res, 200, result);
      } catch (error) {
        // A resolver that throws or times out is an error Forge would report to the bridge as a failed invoke.
        sendJson(res, 500, { ok: false, error: { code: 'INVOKE_FAILED', message: `The resolver ${body.key} failed: ${error instanceof Error ? error.message : String(error)}` } });
      }
      deliverQueuedEvents();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed\n', 'text/plain; charset=utf-8');
      return;
    }
    if (url.pathname === '/') return serveIndex(res, stack);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(302, { Location: '/icon.svg' }).end();
      return;
    }
    if (url.pathname === '/__host.js' || url.pathname === '/__host.css') {
      send(res, 200, fs.readFileSync(path.join(HOST_DIR, url.pathname === '/__host.js' ? 'host.js' : 'host.css')), MIME[path.extname(url.pathname)] as string);
      return;
    }
    const route = routeOf(stack, url.pathname);
    if (route) return serveHostPage(res, stack, route, url, frameOrigin, options.sandbox);
    if (!serveAsset(res, url.pathname, buildDir)) send(res, 404, 'Not found\n', 'text/plain; charset=utf-8');
  };

  const handleFrame = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed\n', 'text/plain; charset=utf-8');
    if (url.pathname === '/__frame-shim.js') return send(res, 200, fs.readFileSync(path.join(HOST_DIR, 'frame-shim.js')), MIME['.js'] as string);
    if (url.pathname.startsWith('/__frame/')) return serveFramePage(res, buildDir);
    if (!serveAsset(res, url.pathname, buildDir)) send(res, 404, 'Not found\n', 'text/plain; charset=utf-8');
  };

  const serve = (handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) =>
    http.createServer((req, res) => {
      handler(req, res).catch((error: unknown) => {
        log(`ui-server: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) send(res, 500, 'Internal error\n', 'text/plain; charset=utf-8');
      });
    });
  const frameServer = serve(handleFrame);
  const hostServer = serve(handleHost);
  frameOrigin = `http://127.0.0.1:${await listen(frameServer, 0)}`;
  const actual = await listen(hostServer, port);
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    frameOrigin,
    async close() {
      await Promise.all([closeServer(hostServer), closeServer(frameServer)]);
      await draining;
    },
  };
}

/** What `npm start` prints: one line per surface, with who it is shown as. */
export function describeSurfaces(stack: LocalStack, ui: UiServer, buildDir = UI_BUILD_DIR): string[] {
  const lines = [`Admin page: ${ui.url}/admin`];
  const project = projectsOf(stack).find((p) => p.key)?.key;
  if (project) {
    const route = routeOf(stack, `/project/${project}`);
    lines.push(`Project page: ${ui.url}/project/${project} (as ${route?.defaultCaller ?? 'the admin'}; any project key works)`);
  }
  const issue = stack.cloud.jira.issues.issues[0]?.key;
  lines.push(issue ? `Issue panel: ${ui.url}/issue/${issue}` : `Issue panel: ${ui.url}/issue/<KEY> (no ticket has been opened yet)`);
  lines.push(`Add ?as=<accountId> to view as another account, ?theme=dark for the dark theme, ?locale=es-ES&tz=Europe/Madrid for a user's locale and time zone, ?width=320 for a narrower issue panel; ${ui.url}/ lists every page.`);
  if (!fs.existsSync(path.join(buildDir, 'index.html'))) lines.push('The UI is not built yet: run `npm run build:ui` (npm start builds it first).');
  return lines;
}
