/**
 * Catalogue-wide rules (Prowler-style): every check carries complete metadata, the seven SecurityV0 checks exist
 * with their severities, and no check names an entity of an evaluation tenant (design.md: "Rules are general: no
 * check names a fixture entity").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKS, checkById } from '../../src/checks/catalogue';

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

describe('the check catalogue', () => {
  it('holds checks with unique snake_case ids', () => {
    const ids = CHECKS.map((c) => c.metadata.id);

    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it.each(CHECKS.map((c) => [c.metadata.id, c] as const))('%s has a title, a severity, a description, a risk and remediation steps', (_id, check) => {
    const m = check.metadata;

    expect(m.title.trim()).not.toBe('');
    expect(SEVERITIES).toContain(m.severity);
    expect(m.description.trim()).not.toBe('');
    expect(m.risk.trim()).not.toBe('');
    expect(m.remediation.length).toBeGreaterThanOrEqual(1);
    for (const step of m.remediation) expect(step.trim()).not.toBe('');
    for (const reference of m.references) expect(reference).toMatch(/^https:\/\//);
  });

  it('has the seven SecurityV0 checks with their severities, first and in order', () => {
    const expected = {
      orphaned_ownership: 'CRITICAL',
      reachable_sensitive_domain: 'HIGH',
      dormant_authority: 'HIGH',
      scope_drift: 'HIGH',
      external_egress: 'MEDIUM',
      privilege_justification_gap: 'MEDIUM',
      unresolved_cross_system_auth: 'MEDIUM',
    };

    for (const [id, severity] of Object.entries(expected)) expect(checkById(id)?.metadata.severity).toBe(severity);
    expect(CHECKS.slice(0, 7).map((c) => c.metadata.id)).toEqual(Object.keys(expected));
  });

  it('has a test file under test/checks that evaluates each check', () => {
    const tests = fs
      .readdirSync(path.join(__dirname))
      .filter((f) => f.endsWith('.test.ts') && f !== 'catalogue.test.ts')
      .map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8'))
      .join('\n');
    // Each check is exported under a camelCase name its test imports and evaluates (orphaned_ownership: orphanedOwnership).
    const untested = CHECKS.map((c) => c.metadata.id)
      .map((id) => id.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()))
      .filter((name) => !tests.includes(`${name}.evaluate(`));
    expect(untested).toEqual([]);
  });

  it('finds nothing for an unknown id', () => {
    expect(checkById('no_such_check')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// No check names a fixture entity
// ---------------------------------------------------------------------------------------------------------------

const ROOT = path.resolve(__dirname, '../..');
const TENANTS = path.join(ROOT, 'test/fixtures/tenants');
const CHECKS_DIR = path.join(ROOT, 'src/checks');

/** Products and platforms the checks may legitimately name, and Microsoft's own permission descriptions. */
const PLATFORM_NAME = /^(Microsoft|Office 365|Azure DevOps|Windows)\b|^(Read|Create|Have|Use|Manage|Send|Access|Sign)\b/;

function collectNames(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectNames(item, into);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  if (typeof record.displayName === 'string') into.add(record.displayName);
  // Automation rules (uuid) and Jira projects (key) carry their name in `name`.
  if (typeof record.name === 'string' && (typeof record.uuid === 'string' || typeof record.key === 'string')) into.add(record.name);
  for (const child of Object.values(record)) collectNames(child, into);
}

/**
 * Distinctive entity names of every evaluation tenant (tenant.json, every sync's payloads, the README's cast): names
 * of at least 6 characters with a space or hyphen, so common words such as "Member" or "Content" are not counted.
 */
function fixtureEntityNames(): string[] {
  const names = new Set<string>();
  for (const tenant of fs.readdirSync(TENANTS)) {
    const dir = path.join(TENANTS, tenant);
    const files = [path.join(dir, 'tenant.json')];
    const syncs = path.join(dir, 'syncs');
    if (fs.existsSync(syncs)) for (const sync of fs.readdirSync(syncs)) for (const file of fs.readdirSync(path.join(syncs, sync))) if (file.endsWith('.json')) files.push(path.join(syncs, sync, file));
    for (const file of files.filter((f) => fs.existsSync(f))) collectNames(JSON.parse(fs.readFileSync(file, 'utf8')), names);
    // The README's cast tables name each entity in their first column, e.g. "| Maria Garcia | ..." or
    // "| Crew Assignment Update (rule `01a0...`) | ...".
    const readme = path.join(dir, 'README.md');
    if (fs.existsSync(readme)) {
      for (const match of fs.readFileSync(readme, 'utf8').matchAll(/^\|([^|]+)\|/gm)) names.add((match[1] ?? '').replace(/\s*\(.*$/, '').trim());
    }
  }
  return [...names].filter((n) => n.length >= 6 && /[\s-]/.test(n) && !PLATFORM_NAME.test(n)).sort();
}

function checkSources(): Array<{ file: string; text: string }> {
  return fs
    .readdirSync(CHECKS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((file) => ({ file, text: fs.readFileSync(path.join(CHECKS_DIR, file), 'utf8') }));
}

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

describe('no check names a fixture entity', () => {
  const names = fixtureEntityNames();
  const mentions = (strip: boolean) =>
    checkSources().flatMap(({ file, text }) => {
      const source = strip ? withoutComments(text) : text;
      return names.filter((name) => source.includes(name)).map((name) => `${file}: ${name}`);
    });

  it('reads enough names from the tenants for the guard to mean something', () => {
    expect(names.length).toBeGreaterThan(30);
  });

  it('no check’s code (strings, identifiers) contains a fixture entity name or the tenant’s brand', () => {
    expect(mentions(true)).toEqual([]);
    for (const { text } of checkSources()) expect(withoutComments(text)).not.toMatch(/mediapro/i);
  });

  it('no file under src/checks/ contains a fixture entity name, comments included', () => {
    // src/checks/graph-queries.ts:60, the doc comment of describeNode, quotes a flow name and a service principal
    // name of the mediapro evaluation tenant as examples.
    expect(mentions(false)).toEqual([]);
  });
});
