/**
 * Browser tests drive the built Custom UI in Debian's Chromium (playwright-core, no downloaded browser) against the
 * real resolvers: a local stack on a tenant directory, every sync replayed, served by dev/ui-server.ts, which frames
 * the app the way Jira does (a sandboxed frame on another origin, sized to its content, dialogs on the host page).
 * Each page is a host page; the app is in its frame (`app`), a dialog in another (`dialogFrame`).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import tokenNames from '@atlaskit/tokens/token-names';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { APP_DIR, configureTenant, replaySyncs, startLocalStack, type LocalStack } from '../../dev/harness';
import { startUiServer, UI_BUILD_DIR, type UiServer } from '../../dev/ui-server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const MEDIAPRO = path.join(APP_DIR, 'test/fixtures/tenants/mediapro');

/** CI must run the browser suites: there a missing Chromium fails them instead of skipping them. */
const IN_CI = /^(true|1)$/i.test(process.env.CI ?? '');

/**
 * describe, or, when this machine has no Chromium, a describe that is skipped with the reason in its title (the
 * jest reporter test/support/skipped-browser-reporter.js repeats it at the end of the run), or fails under CI=true.
 */
export const describeInBrowser: (name: string, fn: () => void) => void = fs.existsSync(CHROMIUM)
  ? describe
  : IN_CI
    ? (name) =>
        describe(name, () => {
          it('runs in Chromium', () => {
            throw new Error(`${CHROMIUM} not found, and CI=true: the browser suites must run in CI (.ci/run installs Debian's chromium; set CHROMIUM_PATH if it is elsewhere)`);
          });
        })
    : (name, fn) => describe.skip(`${name} [skipped: ${CHROMIUM} not found]`, fn);

/** Flags this machine needs: no sandbox as root, no GPU, and no background traffic to a network that is closed. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the UI when the build is missing or older than its sources (npm test builds first, so this is rare). */
export function ensureUiBuilt(): void {
  const index = path.join(UI_BUILD_DIR, 'index.html');
  const sources = path.join(APP_DIR, 'static/app');
  const newestSource = Math.max(newestMtime(path.join(sources, 'src')), fs.statSync(path.join(sources, 'index.html')).mtimeMs, fs.statSync(path.join(sources, 'vite.config.mts')).mtimeMs);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestSource) return;
  execFileSync(process.execPath, [path.join(APP_DIR, 'node_modules/vite/bin/vite.js'), 'build', 'static/app', '--logLevel', 'warn'], { cwd: APP_DIR, stdio: 'inherit' });
}

export interface Surface {
  page: Page;
  /** The app's frame. */
  app: Frame;
}

export interface Demo {
  stack: LocalStack;
  ui: UiServer;
  browser: Browser;
  /** Uncaught errors of every page and frame opened, "route: message"; tests expect none. */
  pageErrors: string[];
  /** A fresh host page (own context) at `route` on the viewer, with the app rendered in its frame. */
  open(route: string, options?: { width?: number; height?: number }): Promise<Surface>;
  close(): Promise<void>;
}

/** A tenant directory after every sync, its viewer on a free port, and one Chromium. */
export async function startDemo(tenantDir: string = MEDIAPRO, options: { sandbox?: string } = {}): Promise<Demo> {
  ensureUiBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-browser-'));
  const log = console.log;
  console.log = () => undefined; // the sync job's progress lines are not test output
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack({ tenantDir, dataDir, log: () => undefined });
    await configureTenant(stack);
    await replaySyncs(stack);
  } finally {
    console.log = log;
  }
  const ui = await startUiServer(stack, 0, { log: () => undefined, ...(options.sandbox !== undefined ? { sandbox: options.sandbox } : {}) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const running = stack;
  const pageErrors: string[] = [];
  return {
    stack: running,
    ui,
    browser,
    pageErrors,
    async open(route, viewport = {}) {
      const context = await browser.newContext({ viewport: { width: viewport.width ?? 1280, height: viewport.height ?? 860 }, reducedMotion: 'reduce', acceptDownloads: true });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${route}: ${error.message}`));
      await page.goto(`${ui.url}${route}`);
      return { page, app: await appFrame(page) };
    },
    async close() {
      await browser.close();
      await ui.close();
      await running.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function frameOf(page: Page, selector: string): Promise<Frame> {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`${selector} has no frame`);
  await frame.waitForSelector('main[data-surface]');
  return frame;
}

/** The app's frame on a host page, once the app has rendered. */
export function appFrame(page: Page): Promise<Frame> {
  return frameOf(page, 'iframe#sv0-app');
}

/** The frame of the dialog (Jira's Modal) the app opened, once its view has rendered. */
export function dialogFrame(page: Page): Promise<Frame> {
  return frameOf(page, '[data-testid="host-modal"] iframe');
}

/** Waits until the dialog is gone from the host page. */
export async function dialogClosed(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="host-modal"]', { state: 'detached' });
}

/** Waits until the findings table has answered and is not loading. */
export async function waitForFindings(frame: Frame): Promise<void> {
  await frame.waitForSelector('[data-testid="findings-table"][data-loading="false"]');
}

/** Picks options in an Atlaskit (react-select) multi-select by typing their labels. */
export async function pickOptions(frame: Frame, inputId: string, labels: string[]): Promise<void> {
  const input = frame.locator(`#${inputId}`);
  for (const label of labels) {
    await input.fill(label);
    await input.press('Enter');
  }
  await input.press('Escape');
}

/** Finding rows on the page, as {id, check, severity, status}. */
export async function visibleRows(frame: Frame): Promise<Array<{ id: string; check: string; severity: string; status: string }>> {
  return frame.$$eval('[data-testid="finding-row"]', (rows) =>
    rows.map((r) => ({ id: r.getAttribute('data-finding-id') ?? '', check: r.getAttribute('data-check') ?? '', severity: r.getAttribute('data-severity') ?? '', status: r.getAttribute('data-status') ?? '' })),
  );
}

/** An Atlassian account from the tenant's Jira users, by display name. */
export function accountIdOf(stack: LocalStack, displayName: string): string {
  const users = stack.cloud.sync.jira['/rest/api/3/users/search'];
  const user = (Array.isArray(users) ? (users as Array<{ accountId: string; displayName: string }>) : []).find((u) => u.displayName === displayName);
  if (!user) throw new Error(`No Jira user ${displayName} in the tenant`);
  return user.accountId;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA, and best practices) in a frame, and answers its serious and critical
 * violations, each with the selectors of the elements concerned.
 */
export async function seriousViolations(frame: Frame): Promise<AxeViolation[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Every design token's CSS custom property (`--ds-border`, `--ds-radius-large`, ...), from @atlaskit/tokens. */
const TOKEN_VARIABLES: string[] = Object.values(tokenNames);

/**
 * Broken tokens in a frame: a design token used (in a style sheet or an inline style) that the loaded themes do not
 * define, and a `--ds-` variable in an inline style that is no token at all and has no value where it is used (a
 * name spelled wrong). Atlaskit's own component variables (set on their elements) are neither.
 */
export async function brokenTokens(frame: Frame): Promise<string[]> {
  return frame.evaluate((tokens) => {
    const known = new Set(tokens);
    const pattern = /var\(\s*(--ds-[a-z0-9-]+)/gi;
    const used = new Set<string>();
    for (const sheet of Array.from(document.styleSheets)) {
      try {
        for (const rule of Array.from(sheet.cssRules)) for (const match of rule.cssText.matchAll(pattern)) used.add(match[1] as string);
      } catch {
        // A cross-origin sheet cannot be read; the app has none.
      }
    }
    const broken = new Set<string>();
    const root = getComputedStyle(document.documentElement);
    for (const name of used) if (known.has(name) && root.getPropertyValue(name).trim() === '') broken.add(name);
    for (const element of Array.from(document.querySelectorAll('[style]'))) {
      for (const match of (element.getAttribute('style') ?? '').matchAll(pattern)) {
        const name = match[1] as string;
        if (known.has(name) ? root.getPropertyValue(name).trim() === '' : getComputedStyle(element).getPropertyValue(name).trim() === '' && !name.slice(5).includes('--')) broken.add(name);
      }
    }
    return [...broken].sort();
  }, TOKEN_VARIABLES);
}
