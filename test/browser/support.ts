/**
 * Browser tests drive the built Custom UI in Debian's Chromium (playwright-core, no downloaded browser) against the
 * real resolvers: a local stack on the MediaPro tenant, both syncs replayed, served by dev/ui-server.ts.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

export interface Demo {
  stack: LocalStack;
  ui: UiServer;
  browser: Browser;
  /** Uncaught errors of every page opened, "route: message"; tests expect none. */
  pageErrors: string[];
  /** A fresh page (own context) at `route` on the viewer, with the app rendered. */
  open(route: string, options?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

/** The MediaPro demo after both syncs, its viewer on a free port, and one Chromium. */
export async function startDemo(): Promise<Demo> {
  ensureUiBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-browser-'));
  const log = console.log;
  console.log = () => undefined; // the sync job's progress lines are not test output
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack({ tenantDir: MEDIAPRO, dataDir, log: () => undefined });
    await configureTenant(stack);
    await replaySyncs(stack);
  } finally {
    console.log = log;
  }
  const ui = await startUiServer(stack, 0, { log: () => undefined });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const running = stack;
  const pageErrors: string[] = [];
  return {
    stack: running,
    ui,
    browser,
    pageErrors,
    async open(route, options = {}) {
      const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 860 }, reducedMotion: 'reduce' });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${route}: ${error.message}`));
      await page.goto(`${ui.url}${route}`);
      await page.waitForSelector('main[data-surface]');
      return page;
    },
    async close() {
      await browser.close();
      await ui.close();
      await running.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the findings table has answered and is not loading. */
export async function waitForFindings(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="findings-table"][data-loading="false"]');
}

/** Picks options in an Atlaskit (react-select) multi-select by typing their labels. */
export async function pickOptions(page: Page, inputId: string, labels: string[]): Promise<void> {
  for (const label of labels) {
    await page.locator(`#${inputId}`).fill(label);
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('Escape');
}

/** Finding rows on the page, as {id, check, severity}. */
export async function visibleRows(page: Page): Promise<Array<{ id: string; check: string; severity: string }>> {
  return page.$$eval('[data-testid="finding-row"]', (rows) =>
    rows.map((r) => ({ id: r.getAttribute('data-finding-id') ?? '', check: r.getAttribute('data-check') ?? '', severity: r.getAttribute('data-severity') ?? '' })),
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
