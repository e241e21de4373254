/**
 * Writes test/forge-build/jira-platform-scopes.json, the Jira platform OpenAPI spec cut down to what @forge/lint's
 * permission linter reads: every path in the spec's order (the linter takes the first path template that matches a
 * call, so none may be dropped or reordered) and, per HTTP method, the operation's `x-atlassian-oauth2-scopes`
 * (Current and Beta entries, state and scopes only) or, when it has none, the OAuth2 entries of `security`.
 *
 *   npx tsx test/forge-build/extract-jira-scopes.ts [--shared ../shared]
 *
 * Reads <shared>/specs/jira-platform-swagger-v3.v3.json, the copy dev/tools/extract-schemas.ts reads too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const JIRA_SCOPES_FILE = path.join(__dirname, 'jira-platform-scopes.json');
const SPEC_FILE = 'jira-platform-swagger-v3.v3.json';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
/** The only states ProductVerifier reads (current scopes are required; beta scopes are the alternative set). */
const SCOPE_STATES = new Set(['Current', 'Beta']);
/** The only security scheme names ProductVerifier reads. */
const SECURITY_SCHEMES = ['OAuth2', 'oAuthDefinitions'];

type Operation = { 'x-atlassian-oauth2-scopes'?: Array<{ state: string; scopes: string[] }>; security?: Array<Record<string, string[]>> };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error(`${where}: expected a list of strings`);
  return value;
}

export function cutOperation(operation: unknown, where: string): Operation {
  if (!isRecord(operation)) throw new Error(`${where}: not an object`);
  const oauth = operation['x-atlassian-oauth2-scopes'];
  if (oauth !== undefined && oauth !== null) {
    if (!Array.isArray(oauth)) throw new Error(`${where}: x-atlassian-oauth2-scopes is not a list`);
    const kept = oauth
      .filter((entry): entry is Record<string, unknown> => isRecord(entry) && typeof entry.state === 'string' && SCOPE_STATES.has(entry.state))
      .map((entry) => ({ state: String(entry.state), scopes: strings(entry.scopes, `${where} x-atlassian-oauth2-scopes`) }));
    return { 'x-atlassian-oauth2-scopes': kept };
  }
  const security = operation.security;
  if (!Array.isArray(security)) return {};
  const kept = security.filter(isRecord).flatMap((entry) => {
    const schemes = Object.fromEntries(SECURITY_SCHEMES.filter((name) => entry[name] !== undefined).map((name) => [name, strings(entry[name], `${where} security.${name}`)]));
    return Object.keys(schemes).length > 0 ? [schemes] : [];
  });
  return kept.length > 0 ? { security: kept } : {};
}

export function cutSpec(spec: unknown): Record<string, Record<string, Operation>> {
  const paths = isRecord(spec) ? spec.paths : undefined;
  if (!isRecord(paths)) throw new Error('jira spec: paths missing');
  const out: Record<string, Record<string, Operation>> = {};
  for (const [template, item] of Object.entries(paths)) {
    if (!isRecord(item)) throw new Error(`jira spec: ${template} is not an object`);
    out[template] = Object.fromEntries(
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, operation]) => [method, cutOperation(operation, `${method.toUpperCase()} ${template}`)]),
    );
  }
  return out;
}

/** One path per line, in the spec's order (not sorted: the linter's first match depends on it). */
export function formatScopesFile(source: string, paths: Record<string, Record<string, Operation>>): string {
  const lines = Object.entries(paths).map(([template, methods]) => `    ${JSON.stringify(template)}: ${JSON.stringify(methods)}`);
  return `{\n  "source": ${JSON.stringify(source)},\n  "paths": {\n${lines.join(',\n')}\n  }\n}\n`;
}

function main(): void {
  const flag = process.argv.indexOf('--shared');
  const given = flag === -1 ? undefined : process.argv[flag + 1];
  if (flag !== -1 && given === undefined) throw new Error('--shared needs a directory');
  const shared = given === undefined ? path.resolve(__dirname, '../../../shared') : path.resolve(given);
  const specFile = path.join(shared, 'specs', SPEC_FILE);
  const spec: unknown = JSON.parse(fs.readFileSync(specFile, 'utf8'));
  const version = isRecord(spec) && isRecord(spec.info) ? String(spec.info.version) : 'unknown';
  const text = formatScopesFile(`${SPEC_FILE} (info.version ${version}), cut by test/forge-build/extract-jira-scopes.ts`, cutSpec(spec));
  fs.writeFileSync(JIRA_SCOPES_FILE, text);
  console.log(`${path.relative(process.cwd(), JIRA_SCOPES_FILE)}: ${Buffer.byteLength(text)} bytes`);
}

if (require.main === module) main();
