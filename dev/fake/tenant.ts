/**
 * Loads a tenant directory (docs/tenant-format.md) and checks it, so a malformed tenant fails with a message
 * that names the file and the field, never deep inside a server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

export class TenantFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantFormatError';
  }
}

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

const tenantJsonSchema = z.looseObject({
  name: z.string().min(1),
  jira: z.looseObject({ site: z.url().startsWith('https://'), cloudId: guid, appAccountId: z.string().min(1).optional() }),
  entra: z.array(z.looseObject({ tenantId: guid, displayName: z.string().optional(), domains: z.array(z.string()).default([]) })).min(1),
  // dataverseReadableTables: the tables the scanner's application user may read in every Dataverse organization
  // (absent = all); the fake Dataverse answers 403 (missing prvRead<table>) for the others.
  powerPlatform: z.looseObject({ tenantId: guid, environments: z.array(z.string()), dataverseReadableTables: z.array(z.string()).optional() }).optional(),
  // viewAuditLog: whether the PAT's user holds "View audit log" (default true); the fake audit log answers 403 without.
  azureDevOps: z.looseObject({ organization: z.string(), tenantId: guid, viewAuditLog: z.boolean().optional() }).optional(),
  // Sources that keep their own settings slice (src/sources/<id>/source.ts `settings`), by source id: what the admin
  // saves (`settings`, `secrets`, by the descriptor's field keys), anything else the source's fake server reads (an
  // API key's scopes), and each sync's `<id>.json`. A new such source needs no line in this file.
  sources: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a source id'), z.looseObject({ settings: z.record(z.string(), z.string()).default({}), secrets: z.record(z.string(), z.string()).default({}) }))
    .default({}),
  settings: z.record(z.string(), z.unknown()).default({}),
  // How the fake servers answer, not tenant data (docs/tenant-format.md, extensions).
  fake: z.looseObject({ maxPageSize: z.number().int().min(1).optional() }).optional(),
  secrets: z.looseObject({
    entra: z.record(
      z.string(),
      z.looseObject({
        clientId: guid,
        clientSecret: z.string().min(1),
        roles: z.array(z.string()).optional(),
        // The scanner's own app registration, as GET /applications(appId='{clientId}') answers it (docs/tenant-format.md).
        application: z.looseObject({ passwordCredentials: z.array(z.looseObject({ keyId: z.string(), hint: z.string(), endDateTime: z.string().nullable() })) }).optional(),
      }),
    ),
    automationApiToken: z.looseObject({ email: z.string(), token: z.string() }).optional(),
    azureDevOpsPat: z.string().optional(),
    // The scopes the PAT was created with; absent = a full-access PAT. The audit log needs vso.auditlog.
    azureDevOpsPatScopes: z.array(z.string()).optional(),
  }),
});

export type TenantJson = z.infer<typeof tenantJsonSchema>;

/**
 * The most items a fake server puts in one page of a collection whose pages say where the next one starts
 * (tenant.json `fake.maxPageSize`; unset = each API's own limits). Real APIs may answer with fewer items than asked.
 */
export function pageCap(tenant: { json: TenantJson }, asked: number): number {
  const cap = tenant.json.fake?.maxPageSize;
  return cap === undefined ? asked : Math.min(asked, cap);
}

export const SYSTEMS = ['graph', 'jira', 'automation', 'powerautomate', 'azuredevops', 'dataverse'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** path -> stored value (array = paged collection, object = verbatim body). */
export type PathMap = Record<string, unknown>;

export interface TenantSync {
  name: string;
  at: string;
  /** graph is nested by Entra tenant id. */
  graph: Record<string, PathMap>;
  jira: PathMap;
  automation: PathMap;
  powerautomate: PathMap;
  azuredevops: PathMap;
  /** dataverse is nested by organization host ({org}.crm{N}.dynamics.com), as each environment has its own. */
  dataverse: Record<string, PathMap>;
  /** Each of tenant.json's `sources`, by source id, from `<id>.json`. */
  sources: Record<string, PathMap>;
}

export interface Tenant {
  dir: string;
  json: TenantJson;
  syncs: TenantSync[];
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new TenantFormatError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TenantFormatError(`${file}: not valid JSON (${(error as Error).message}); fix the file or regenerate it`);
  }
}

function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return `${file} does not follow docs/tenant-format.md:\n${lines.join('\n')}`;
}

function isPathMap(value: unknown): value is PathMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys that are not API paths: automation.json's `#export` holds the export-file form of the rules. */
const SPECIAL_KEYS = new Set(['#export']);

function checkPathKeys(file: string, map: PathMap): void {
  for (const key of Object.keys(map)) {
    if (SPECIAL_KEYS.has(key) && file.endsWith('automation.json')) continue;
    if (!key.startsWith('/') || key.includes('?') || /^https?:/.test(key)) {
      throw new TenantFormatError(`${file}: key "${key}" must be an API path starting with "/", without host or query string`);
    }
  }
}

export function loadTenant(dir: string): Tenant {
  const resolved = path.resolve(dir);
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) {
    throw new TenantFormatError(`${dir}: no such tenant directory (expected tenant.json and syncs/<NN-label>/ inside)`);
  }
  const tenantFile = path.join(resolved, 'tenant.json');
  if (!fs.existsSync(tenantFile)) throw new TenantFormatError(`${dir}: tenant.json is missing`);
  const parsed = tenantJsonSchema.safeParse(readJson(tenantFile));
  if (!parsed.success) throw new TenantFormatError(describeIssues(tenantFile, parsed.error));
  const syncsDir = path.join(resolved, 'syncs');
  const names = fs.existsSync(syncsDir) ? fs.readdirSync(syncsDir).filter((n) => fs.statSync(path.join(syncsDir, n)).isDirectory()).sort() : [];
  if (names.length === 0) throw new TenantFormatError(`${syncsDir}: no sync folders (expected syncs/01-<label>/sync.json)`);
  const syncs = names.map((name) => loadSync(path.join(syncsDir, name), name, parsed.data));
  return { dir: resolved, json: parsed.data, syncs };
}

function loadSync(dir: string, name: string, tenant: TenantJson): TenantSync {
  const syncFile = path.join(dir, 'sync.json');
  const syncJson = z.object({ at: z.iso.datetime({ offset: true }) }).safeParse(readJson(syncFile));
  if (!syncJson.success) throw new TenantFormatError(describeIssues(syncFile, syncJson.error));
  const sync: TenantSync = { name, at: syncJson.data.at, graph: {}, jira: {}, automation: {}, powerautomate: {}, azuredevops: {}, dataverse: {}, sources: {} };
  for (const system of SYSTEMS) {
    const file = path.join(dir, `${system}.json`);
    if (!fs.existsSync(file)) continue;
    const content = readJson(file);
    if (!isPathMap(content)) throw new TenantFormatError(`${file}: must be a JSON object mapping API paths to responses`);
    if (system === 'graph') {
      for (const [tenantId, block] of Object.entries(content)) {
        if (!tenant.entra.some((e) => e.tenantId === tenantId)) {
          throw new TenantFormatError(`${file}: top-level key ${tenantId} is not an Entra tenant listed in tenant.json`);
        }
        if (!isPathMap(block)) throw new TenantFormatError(`${file}: the block for tenant ${tenantId} must be an object of paths`);
        checkPathKeys(file, block);
        sync.graph[tenantId] = block;
      }
    } else if (system === 'dataverse') {
      for (const [host, block] of Object.entries(content)) {
        if (!/^[a-z0-9-]+\.crm\d*\.dynamics\.com$/.test(host)) throw new TenantFormatError(`${file}: top-level key ${host} is not a Dataverse organization host ({org}.crm{N}.dynamics.com)`);
        if (!isPathMap(block)) throw new TenantFormatError(`${file}: the block for ${host} must be an object of paths`);
        checkPathKeys(file, block);
        sync.dataverse[host] = block;
      }
    } else {
      checkPathKeys(file, content);
      sync[system] = content;
    }
  }
  for (const id of Object.keys(tenant.sources)) {
    const file = path.join(dir, `${id}.json`);
    if (!fs.existsSync(file)) continue;
    const content = readJson(file);
    if (!isPathMap(content)) throw new TenantFormatError(`${file}: must be a JSON object mapping API paths to responses`);
    checkPathKeys(file, content);
    sync.sources[id] = content;
  }
  return sync;
}
