/**
 * The fake Dataverse Web API of every Power Platform environment of a tenant ({org}.crm{N}.dynamics.com), served
 * from a sync's dataverse.json (nested by organization host). What the real service does that the app relies on:
 * - an Entra token whose audience is the organization URL;
 * - 403 with Dataverse's "missing prvRead<table> privilege" error when the application user may not read a table
 *   (tenant.json powerPlatform.dataverseReadableTables);
 * - OData query options the app sends: $filter (`field eq value`, `field ge value`, joined by `and`), $orderby
 *   (one field, asc or desc), $top, and $select (with the $expand navigation properties and annotations kept: the
 *   stored rows already hold the expanded objects, as the real answer would);
 * - server-driven paging: `Prefer: odata.maxpagesize=N` (default 5000) and @odata.nextLink with a $skiptoken.
 *   https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results
 */
import { json, header, type FakeRequest, type FakeResponse } from './http-types';
import type { FakeGraph } from './graph-server';
import { lookup } from './jira-server';
import { pageCap, type Tenant, type TenantSync } from './tenant';

const DATAVERSE_HOST = /^[a-z0-9-]+\.crm\d*\.dynamics\.com$/;
const API_PATH = /^\/api\/data\/v9\.2\/([a-z_]+)$/;

export function isDataverseHost(host: string): boolean {
  return DATAVERSE_HOST.test(host);
}

function dataverseError(status: number, code: string, message: string): FakeResponse {
  return json(status, { error: { code, message } });
}

/** A literal of an OData comparison: 'text' (quotes doubled inside), a number, or a bare GUID / date. */
function literal(text: string): string {
  const quoted = /^'(.*)'$/.exec(text);
  return quoted ? (quoted[1] ?? '').replace(/''/g, "'") : text;
}

function matches(row: Record<string, unknown>, clause: string): boolean {
  const match = /^\s*([A-Za-z_][\w]*)\s+(eq|ge)\s+(.+?)\s*$/.exec(clause);
  if (!match) throw new Error(`unsupported $filter clause: ${clause}`);
  const field = match[1] ?? '';
  const value = literal(match[3] ?? '');
  const actual = row[field];
  if (match[2] === 'eq') return String(actual ?? 'null').toLowerCase() === value.toLowerCase();
  const at = Date.parse(String(actual ?? ''));
  const from = Date.parse(value);
  return !Number.isNaN(at) && !Number.isNaN(from) ? at >= from : String(actual ?? '') >= value;
}

export class FakeDataverse {
  constructor(
    private readonly tenant: Tenant,
    private readonly graph: FakeGraph,
    private readonly sync: () => TenantSync,
  ) {}

  handle(request: FakeRequest): FakeResponse {
    const host = request.host;
    if (!this.graph.tokenFor(request, `https://${host}`)) return dataverseError(401, '0x80072560', 'The user is not a member of the organization.');
    const api = API_PATH.exec(request.pathname);
    const block = this.sync().dataverse[host];
    // An organization the tenant has but whose data is not in dataverse.json: the app is no application user there.
    if (!block) return dataverseError(401, '0x80072560', 'The user is not a member of the organization.');
    if (!api) return dataverseError(404, '0x80060888', `Resource not found for the segment '${request.pathname}'.`);
    const entitySet = api[1] ?? '';
    const table = entitySet.replace(/s$/, '');
    const readable = this.tenant.json.powerPlatform?.dataverseReadableTables;
    if (readable && !readable.includes(table)) {
      return dataverseError(403, '0x80040220', `Principal user (Id=${this.tenant.json.secrets.entra[this.tenant.json.powerPlatform?.tenantId ?? '']?.clientId ?? 'unknown'}, type=8) is missing prvRead${table} privilege on entity '${table}'.`);
    }
    const stored = lookup(block, request.pathname, request.query);
    if (!Array.isArray(stored)) return stored === undefined ? dataverseError(404, '0x80060888', `Resource not found for the segment '${entitySet}'.`) : json(200, stored);
    let rows = stored.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
    const filter = request.query.get('$filter');
    if (filter) {
      try {
        rows = rows.filter((row) => filter.split(/\s+and\s+/).every((clause) => matches(row, clause)));
      } catch (error) {
        return dataverseError(400, '0x80060888', (error as Error).message);
      }
    }
    const orderBy = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/.exec(request.query.get('$orderby') ?? '');
    if (orderBy) {
      const field = orderBy[1] ?? '';
      const sign = orderBy[2] === 'desc' ? -1 : 1;
      rows = [...rows].sort((a, b) => (String(a[field] ?? '') < String(b[field] ?? '') ? -sign : String(a[field] ?? '') > String(b[field] ?? '') ? sign : 0));
    }
    const top = Number(request.query.get('$top') ?? NaN);
    if (Number.isInteger(top) && top > 0) rows = rows.slice(0, top);
    const select = request.query.get('$select');
    if (select) {
      const keep = new Set([...select.split(','), ...(request.query.get('$expand') ?? '').split(/,(?![^(]*\))/).map((e) => e.replace(/\(.*$/, ''))].map((f) => f.trim()));
      rows = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => keep.has(key) || key.startsWith('@'))));
    }
    const prefer = /odata\.maxpagesize=(\d+)/.exec(header(request, 'prefer') ?? '');
    const size = pageCap(this.tenant, Math.min(Number(prefer?.[1] ?? 5000) || 5000, 5000));
    const skip = Number(request.query.get('$skiptoken') ? Buffer.from(request.query.get('$skiptoken') ?? '', 'base64url').toString() : 0);
    const body: Record<string, unknown> = { '@odata.context': `https://${host}/api/data/v9.2/$metadata#${entitySet}`, value: rows.slice(skip, skip + size) };
    if (skip + size < rows.length) {
      const next = new URLSearchParams(request.query);
      next.set('$skiptoken', Buffer.from(String(skip + size)).toString('base64url'));
      body['@odata.nextLink'] = `https://${host}${request.pathname}?${next.toString()}`;
    }
    return json(200, body);
  }
}
