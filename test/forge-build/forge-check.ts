/**
 * Forge's own build and its offline linters over an app directory, called the way the Forge CLI calls them:
 *
 * - bundle: what `forge deploy` packages (@forge/cli RuntimeBundler): the manifest's `function` handlers become
 *   webpack entry points (getEntryPoints), built by @forge/bundler's NodeBundler with its own ts-loader config and
 *   the app's tsconfig.json; any TypeScript error fails it. In a `npm i -g @forge/cli` install ts-loader resolves
 *   `typescript` to the version @forge/bundler depends on (5.9.2); here the hoisted one is the app's own (6.x), so
 *   the check hands ts-loader the bundler's compiler explicitly. Then it loads each built entry file, as Forge's
 *   runtime does, and checks that every handler is an exported function.
 * - lint: what `forge lint` runs on the machine (LintService.run in client-side mode, as @forge/bundler's runLinter
 *   does before `forge tunnel`; the server-side linter needs a login and the network): files under ./src minus
 *   .gitignore, the manifest, environment `development`. The linters parse each file against the app's
 *   tsconfig.json and stop at the first syntax error (type errors are the bundler's to find); they skip a .ts file
 *   its include globs do not list, and a linter that throws on any file checks none (the CLI only prints a yellow
 *   warning): both are errors here.
 *
 * Offline by construction: the Node runtime wrapper the CLI downloads from Atlassian's CDN is only copied into the
 * deploy archive, so a placeholder stands in for it; the permission linter reads the Jira scopes from
 * jira-platform-scopes.json instead of developer.atlassian.com (the JSM, Jira Software, Confluence and Bitbucket
 * specs are empty: their calls are not scope-checked here); the deprecated-runtime list (a Statsig flag) is empty.
 * Every socket is refused unless it goes to loopback.
 *
 *   npm run forge:check -- [bundle|lint] [--app <dir>] [--json <file>]     exit 1 when a check reports a problem
 */
import '../support/loopback-only';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getEntryPoints, getNodeBundler, type Bundler, type BundlerOutput } from '@forge/bundler';
import { ConfigFile, FileSystemReader, FileSystemWriter, listGitIgnoreFiles, listTSConfigIncludeExclude, type Logger, type StatsigService } from '@forge/cli-shared';
import { getClientSideLintersOnly, lint, type LintResult } from '@forge/lint';

export const APP_DIR = path.resolve(__dirname, '../..');
export const JIRA_SCOPES_FILE = path.join(__dirname, 'jira-platform-scopes.json');
/** Stands in for the specs of the products the app does not call, or has no spec for here (JSM). */
const EMPTY_SPEC_FILE = path.join(__dirname, 'empty-openapi.json');
/** `forge lint` and `forge deploy` default to the development environment. */
const ENVIRONMENT = 'development';

export interface Problem {
  check: 'bundle' | 'lint';
  level: 'error' | 'warning';
  message: string;
}

export interface BundleReport {
  /** Version of the TypeScript that compiled the app (must be @forge/bundler's own). */
  typescript: string;
  webpack: string;
  bundler: string;
  entryPoints: string[];
  /** `module.function` of every manifest handler, and which of them the built files export as functions. */
  handlers: string[];
  exported: string[];
  problems: Problem[];
  ms: number;
}

export interface LintReport {
  lint: string;
  files: number;
  linters: string[];
  problems: Problem[];
  ms: number;
}

function packageDir(name: string, from: string = APP_DIR): string {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
}

function versionOf(dir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The TypeScript compiler @forge/bundler itself depends on, as ts-loader finds it in a `npm i -g @forge/cli`. */
export function forgeTypescript(): { file: string; version: string } {
  const bundlerDir = packageDir('@forge/bundler');
  const file = require.resolve('typescript', { paths: [bundlerDir] });
  const wanted = (JSON.parse(fs.readFileSync(path.join(bundlerDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.typescript;
  const version = versionOf(path.resolve(path.dirname(file), '..'));
  if (wanted !== version) throw new Error(`@forge/bundler wants typescript ${wanted}, but ${file} is ${version}`);
  return { file, version };
}

function collectingLogger(warnings: string[]): Logger {
  return {
    traceEnabled: false,
    debugEnabled: false,
    trace: () => undefined,
    debug: () => undefined,
    info: (message) => console.error(message),
    warn: (message) => warnings.push(message),
    error: (error) => console.error(error),
  };
}

/** Stands in for the CDN download of Forge's Node runtime wrapper, which only goes into the deploy archive. */
const OFFLINE_WRAPPER: Parameters<typeof getNodeBundler>[1] = {
  getNodeRuntimeWrapper: async () => ({ script: '/* runtime wrapper: not downloaded offline */', source: 'offline', version: 'offline' }),
  getNodeRuntimeLoader: async () => ({ script: '/* runtime loader: not downloaded offline */', source: 'offline', version: 'offline' }),
};

/** The Statsig flags the client-side linters read; the deprecated-runtime list is fetched from Statsig by the CLI. */
const OFFLINE_STATSIG = { getDeprecatedRuntimes: async (): Promise<string[]> => [] } as unknown as StatsigService;

type WebpackRule = { use?: Array<{ loader?: string; options?: Record<string, unknown> }> };
type BundlerArgs = Parameters<Bundler['bundle']>[0];
type WebpackConfig = { module: { rules: WebpackRule[] }; output: { path: string } };
type NodeBundler = { bundle(args: BundlerArgs): Promise<BundlerOutput>; getConfigs(args: BundlerArgs): Promise<WebpackConfig[]> };

/**
 * The NodeBundler that `forge deploy` would use, with ts-loader pointed at the bundler's TypeScript. `outputDirs`
 * collects the temporary directories its configs write to, to be removed even when the build fails.
 */
async function nodeBundlerFor(logger: Logger, configFile: ConfigFile, typescriptFile: string, outputDirs: string[]): Promise<NodeBundler> {
  const chooser = getNodeBundler(logger, OFFLINE_WRAPPER, configFile) as unknown as { getBundler?: () => Promise<NodeBundler> };
  if (typeof chooser.getBundler !== 'function') throw new Error('@forge/bundler no longer has ConfigBundler.getBundler(); update test/forge-build/forge-check.ts');
  const bundler = await chooser.getBundler();
  if (typeof bundler.getConfigs !== 'function') throw new Error('@forge/bundler picked a bundler without webpack configs (app.package.bundler: manual?)');
  const getConfigs = bundler.getConfigs.bind(bundler);
  bundler.getConfigs = async (args) => {
    const configs = await getConfigs(args);
    outputDirs.push(...configs.map((config) => config.output.path));
    const tsLoaders = configs.flatMap((config) => config.module.rules.flatMap((rule) => rule.use ?? [])).filter((use) => use.loader === 'ts-loader');
    if (tsLoaders.length === 0) throw new Error('@forge/bundler no longer configures ts-loader; update test/forge-build/forge-check.ts');
    for (const use of tsLoaders) use.options = { ...use.options, compiler: typescriptFile };
    return configs;
  };
  return bundler;
}

export async function bundleApp(appDir: string = APP_DIR): Promise<BundleReport> {
  const started = Date.now();
  process.chdir(appDir); // the CLI reads manifest.yml from, and bundles, the current directory
  const typescript = forgeTypescript();
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const configFile = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
  const handlers = await configFile.getAppHandlers();
  const entryPoints = getEntryPoints(handlers);
  const report: BundleReport = {
    typescript: typescript.version,
    webpack: versionOf(packageDir('webpack', packageDir('@forge/bundler'))),
    bundler: versionOf(packageDir('@forge/bundler')),
    entryPoints: entryPoints.map((entry) => path.relative(appDir, entry.path)),
    handlers: handlers.map((h) => `${h.module}.${h.func}`),
    exported: [],
    problems: [],
    ms: 0,
  };
  let output: BundlerOutput | undefined;
  const outputDirs: string[] = [];
  try {
    const bundler = await nodeBundlerFor(logger, configFile, typescript.file, outputDirs);
    output = await bundler.bundle({ appDirectory: process.cwd(), entryPoints });
  } catch (error) {
    report.problems.push({ check: 'bundle', level: 'error', message: error instanceof Error ? error.message : String(error) });
    for (const dir of outputDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const warning of warnings) report.problems.push({ check: 'bundle', level: 'warning', message: warning });
  if (output) {
    if (output.metadata && output.metadata.errors > 0) {
      report.problems.push({ check: 'bundle', level: 'warning', message: `@forge/bundler could not parse ${output.metadata.errors} source file(s) for its metadata (Babel)` });
    }
    try {
      for (const handler of handlers) {
        const built = path.join(output.outputDir, `${handler.module}.cjs`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built file is CommonJS, loaded as Forge's runtime loads it
        const exports = require(built) as Record<string, unknown>;
        if (typeof exports[handler.func] === 'function') report.exported.push(`${handler.module}.${handler.func}`);
        else report.problems.push({ check: 'bundle', level: 'error', message: `${path.basename(built)} does not export a function ${handler.func} (manifest handler ${handler.module}.${handler.func})` });
      }
    } catch (error) {
      report.problems.push({ check: 'bundle', level: 'error', message: `loading the built bundle failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}` });
    } finally {
      fs.rmSync(output.outputDir, { recursive: true, force: true });
    }
  }
  report.ms = Date.now() - started;
  return report;
}

/** The permission linter's specs: Jira's scopes from the committed cut, the other products' left empty. */
function useOfflineSpecs(): void {
  const empty = EMPTY_SPEC_FILE;
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: 'true',
    LOCAL_JIRA_SWAGGER: JIRA_SCOPES_FILE,
    LOCAL_JSM_SWAGGER: empty,
    LOCAL_JSW_SWAGGER: empty,
    LOCAL_CONF_SWAGGER: empty,
    LOCAL_CONF_V2_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  });
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- the CLI's messages are coloured with chalk
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function describeRule(result: LintResult, rule: { line: number; column: number; message: string; reference: string }): string {
  return `${result.file}:${rule.line}:${rule.column} ${rule.message} (${rule.reference})`;
}

export async function lintApp(appDir: string = APP_DIR): Promise<LintReport> {
  const started = Date.now();
  process.chdir(appDir); // the linters read manifest.yml, tsconfig.json and .gitignore from the current directory
  useOfflineSpecs();
  const reader = new FileSystemReader();
  const configFile = new ConfigFile(reader, new FileSystemWriter());
  // As @forge/cli LintService.run: ./src and the directories of UI Kit resources, without .gitignore'd files.
  const uiKitDirectories = (await configFile.getResources(['nativeUI'])).map((resource) => path.dirname(resource.path));
  const exclude = [...(await listGitIgnoreFiles(reader)), '.git', 'node_modules'];
  const listed = await Promise.all(['./src', ...uiKitDirectories].map((dir) => reader.recursiveReadDir(dir, exclude)));
  const files = [...new Set(listed.flat())];
  // lint() parses a .ts file only when tsconfig.json's include globs list it, and its globs do not expand a bare
  // directory ("src" lists no file): so a source file it skips is reported here rather than passed unlinted.
  const tsconfigLists = await listTSConfigIncludeExclude(reader);
  const include = new Set(tsconfigLists.include);
  const tsExclude = new Set(tsconfigLists.exclude);
  const included = (file: string): boolean => {
    const absolute = path.resolve(file);
    return (include.size === 0 && tsExclude.size === 0) || (include.has(absolute) && !tsExclude.has(absolute));
  };
  const code = files.filter((file) => /\.[cm]?[jt]sx?$/.test(file));
  const unparsed = code.filter((file) => /\.[cm]?tsx?$/.test(file) && !included(file));
  const manifest = await configFile.readConfig();
  // A linter that throws is skipped for every file, and `forge lint` says so only in a yellow "Warning: Could not
  // perform some linting actions for <Linter>" line: here that is an error, since that linter checked nothing.
  const failedLinters: string[] = [];
  const logger = {
    info: (message: string) => {
      const plain = stripAnsi(message).trim();
      if (/Could not perform some linting actions/.test(plain)) failedLinters.push(`a linter failed and checked no file: ${plain.replace(/^Warning: /, '')}`);
      else console.error(plain);
    },
  };
  const linters = await getClientSideLintersOnly(manifest, ENVIRONMENT, logger, OFFLINE_STATSIG);
  const problems: Problem[] = [];
  if (unparsed.length > 0) {
    problems.push({ check: 'lint', level: 'error', message: `forge lint skips ${unparsed.length} of ${code.length} source files that tsconfig.json's include globs do not list (a directory name lists none): ${unparsed.slice(0, 5).join(', ')}${unparsed.length > 5 ? ', ...' : ''}` });
  }
  let results: LintResult[] = [];
  try {
    results = await lint(files, manifest, ENVIRONMENT, logger, OFFLINE_STATSIG, { linter: { mode: 'client-side' }, linters });
  } catch (error) {
    // The linters parse each file against the app's tsconfig and stop at the first syntax error (ApplicationCompileError).
    problems.push({ check: 'lint', level: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  problems.push(...failedLinters.map((message): Problem => ({ check: 'lint', level: 'error', message })));
  problems.push(...results.flatMap((result) => [
    ...result.errors.map((rule): Problem => ({ check: 'lint', level: 'error', message: describeRule(result, rule) })),
    // `forge deploy` stops on rules that need approval, as on errors
    ...result.approvals.map((rule): Problem => ({ check: 'lint', level: 'error', message: `needs approval: ${describeRule(result, rule)}` })),
    ...result.warnings.map((rule): Problem => ({ check: 'lint', level: 'warning', message: describeRule(result, rule) })),
  ]));
  return { lint: versionOf(packageDir('@forge/lint')), files: code.length - unparsed.length, linters: linters.map((linter) => linter.constructor.name), problems, ms: Date.now() - started };
}

function printReport(name: string, report: BundleReport | LintReport): void {
  const facts = 'typescript' in report
    ? `@forge/bundler ${report.bundler}, TypeScript ${report.typescript}, webpack ${report.webpack}; entry points ${report.entryPoints.join(', ')}; handlers exported ${report.exported.length}/${report.handlers.length}`
    : `@forge/lint ${report.lint}; ${report.files} files; ${report.linters.length} client-side linters`;
  console.log(`forge ${name}: ${facts}; ${report.problems.length} problem(s) in ${(report.ms / 1000).toFixed(1)} s`);
  for (const problem of report.problems) console.log(`  ${problem.level}: ${problem.message}`);
}

async function main(argv: readonly string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    if (at === -1) return undefined;
    const value = argv[at + 1];
    if (value === undefined) throw new Error(`${name} needs a value`);
    return value;
  };
  const what = argv[0] === undefined || argv[0].startsWith('--') ? 'all' : argv[0];
  if (!['all', 'bundle', 'lint'].includes(what)) throw new Error(`usage: forge-check.ts [bundle|lint] [--app <dir>] [--json <file>]; got ${what}`);
  const appDir = path.resolve(option('--app') ?? APP_DIR);
  const jsonOption = option('--json');
  const json = jsonOption === undefined ? undefined : path.resolve(jsonOption); // before the checks change directory
  const reports: Record<string, BundleReport | LintReport> = {};
  if (what !== 'lint') reports.bundle = await bundleApp(appDir);
  if (what !== 'bundle') reports.lint = await lintApp(appDir);
  if (json) fs.writeFileSync(json, JSON.stringify(reports, null, 2));
  else for (const [name, report] of Object.entries(reports)) printReport(name, report);
  if (Object.values(reports).some((report) => report.problems.length > 0)) process.exitCode = 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}
