/**
 * The acceptance of the surfaces, per tenant (test/browser/tenants.ts), in Chromium through the local viewer that
 * frames the app as Jira does: the blast radius draws everything a finding reaches; a scope drift marks what is new;
 * a project page lists what reaches it; after a triage every count on the overview agrees with its list; a dialog
 * stays in view when the frame is sized to its content; the issue panel reads at 360 px with no broken token; a
 * download the browser blocks is reported as not saved; and axe finds no serious or critical violation on any
 * surface, in either theme, at either width.
 */
import * as fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { BROWSER_TENANTS } from './tenants';
import { brokenTokens, describeInBrowser, dialogClosed, dialogFrame, seriousViolations, startDemo, visibleRows, waitForFindings, type Demo } from './support';

interface Row {
  id: string;
  check: string;
  severity: string;
  status: string;
  subject: { name: string };
  ticketKey?: string;
}

/** Opens a finding from the Findings tab by its subject and check; answers the dialog's frame. */
async function openFinding(page: Page, app: Frame, subject: string, check: string): Promise<Frame> {
  await app.getByRole('tab', { name: 'Findings' }).click();
  await waitForFindings(app);
  await app.locator('#filter-search').fill(subject);
  const row = app.locator(`[data-testid="finding-row"][data-check="${check}"]`).filter({ hasText: subject }).first();
  await row.waitFor();
  await row.locator('[data-testid="finding-open"]').click();
  const dialog = await dialogFrame(page);
  await dialog.locator('[data-testid="blast-drawing"]').waitFor({ timeout: 20_000 });
  return dialog;
}

async function closeDialog(page: Page, dialog: Frame): Promise<void> {
  await dialog.locator('[data-testid="dialog-close"]').click();
  await dialogClosed(page);
}

/** The names drawn in a blast radius, with every collapsed group opened first. */
async function drawnNames(dialog: Frame): Promise<string[]> {
  while ((await dialog.locator('[data-testid="blast-group-open"]').count()) > 0) await dialog.locator('[data-testid="blast-group-open"]').first().click();
  return dialog.locator('[data-testid="blast-node"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') ?? ''));
}

/** Every count on the overview, next to the total of the list it opens. */
async function overviewCounts(app: Frame): Promise<{ verdict: string; severity: Record<string, number>; checks: Record<string, number>; triaged: Record<string, number> }> {
  await app.getByRole('tab', { name: 'Overview' }).click();
  await app.locator('[data-testid="verdict"]').waitFor();
  const read = (selector: string, key: string) => app.locator(selector).evaluateAll((els, k) => Object.fromEntries(els.map((e) => [e.getAttribute(k) ?? '', Number(e.getAttribute('data-count'))])), key);
  return {
    verdict: (await app.locator('[data-testid="verdict"]').textContent()) ?? '',
    severity: Object.fromEntries(Object.entries(await read('[data-testid="severity-counts"] [data-count]', 'data-testid')).map(([k, v]) => [k.replace('count-', ''), v])),
    checks: await read('[data-testid="by-check"] tr[data-check]', 'data-check'),
    triaged: Object.fromEntries(Object.entries(await read('[data-testid="triaged-counts"] [data-count]', 'data-testid')).map(([k, v]) => [k.replace('count-', ''), v])),
  };
}

/** Clicks a count and answers the total its list shows. */
async function listTotal(app: Frame, testId: string): Promise<number> {
  await app.getByRole('tab', { name: 'Overview' }).click();
  await app.locator(`[data-testid="${testId}"]`).click();
  await app.locator('[data-testid="findings-table"][data-loading="false"]').waitFor();
  return Number(await app.locator('[data-testid="findings-table"]').getAttribute('data-total'));
}

for (const tenant of BROWSER_TENANTS) {
  describeInBrowser(`the surfaces on ${tenant.name}`, () => {
    let demo: Demo;
    let rows: Row[];

    beforeAll(async () => {
      demo = await startDemo(tenant.dir);
      const listed = (await demo.stack.runtime.invokeResolver('sv0-admin', 'findings/list', { page: { offset: 0, limit: 200 } }, { accountId: demo.stack.adminAccountId })) as { data: { rows: Row[] } };
      rows = listed.data.rows;
    }, 90_000);

    afterAll(async () => {
      await demo?.close();
    });

    const expected = tenant.expect;

    (expected?.blastRadius ? it : it.skip)('draws every resource a finding reaches, through every path', async () => {
      const want = expected?.blastRadius as NonNullable<typeof expected>['blastRadius'] & object;
      const { page, app } = await demo.open('/admin');
      const dialog = await openFinding(page, app, want.subject, want.check);
      const names = await drawnNames(dialog);
      for (const resource of want.resources) expect(names).toContain(resource);
      expect(await dialog.locator('[data-testid="reach-summary"]').textContent()).toMatch(/Reaches \d+ resources/);
      // Every drawn resource is on a path: it has an edge into it.
      const targets = new Set(await dialog.locator('[data-testid="blast-edge"]').evaluateAll((edges) => edges.map((e) => e.getAttribute('data-to'))));
      const resources = await dialog.locator('[data-testid="blast-node"][data-kind="resource"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node-id')));
      for (const id of resources) expect(targets).toContain(id);
      expect(await dialog.locator('[data-testid="blast-edge"][data-cross-system="true"]').count()).toBeGreaterThan(0);
      await page.context().close();
    }, 60_000);

    (expected?.drift ? it : it.skip)('marks what a scope drift added since its baseline, and the grant that brought it', async () => {
      const want = expected?.drift as NonNullable<typeof expected>['drift'] & object;
      const { page, app } = await demo.open('/admin');
      const dialog = await openFinding(page, app, want.subject, 'scope_drift');
      const added = await dialog.locator('[data-testid="blast-node"][data-new="true"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title')));
      expect(added.sort()).toEqual([...want.added].sort());
      expect(await dialog.locator('[data-testid="blast-edge"][data-cause="true"]').count()).toBeGreaterThan(0);
      expect(await dialog.locator('[data-testid="drift-callout"]').textContent()).toContain(want.cause);
      await page.context().close();
    }, 60_000);

    (expected?.projectPage ? it : it.skip)('lists on a project page the critical orphaned rules that reach it', async () => {
      const want = expected?.projectPage as NonNullable<typeof expected>['projectPage'] & object;
      const { page, app } = await demo.open(`/project/${want.key}`);
      await waitForFindings(app);
      const orphans = await app.locator('[data-testid="finding-row"][data-check="orphaned_ownership"][data-severity="CRITICAL"]').evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-testid="finding-open"]')?.getAttribute('aria-label')?.split(': ')[1]));
      expect(orphans.sort()).toEqual([...want.criticalOrphans].sort());
      await page.context().close();
    });

    it('keeps every count on the overview in agreement with its list after a finding is acknowledged', async () => {
      const { page, app } = await demo.open('/admin');
      const target = rows.find((r) => r.status === 'open' && (r.severity === 'CRITICAL' || r.severity === 'HIGH')) ?? rows.find((r) => r.status === 'open');
      expect(target).toBeDefined();
      const before = await overviewCounts(app);
      await app.getByRole('tab', { name: 'Findings' }).click();
      await waitForFindings(app);
      await app.locator('#filter-search').fill(target?.id ?? '');
      await app.waitForFunction(() => document.querySelectorAll('[data-testid="finding-row"]').length === 1);
      await app.locator('[data-testid="finding-open"]').click();
      const dialog = await dialogFrame(page);
      await dialog.locator('[data-testid="acknowledge"]').click();
      await dialog.locator('[data-testid="status-acknowledged"]').waitFor();
      await closeDialog(page, dialog);
      // The list behind the dialog already shows the change.
      await app.waitForFunction(() => document.querySelector('[data-testid="finding-row"]')?.getAttribute('data-status') === 'acknowledged');
      await app.locator('#filter-search').fill('');
      const after = await overviewCounts(app);
      const severity = target?.severity as string;
      expect(after.severity[severity]).toBe((before.severity[severity] ?? 0) - 1);
      expect(after.triaged.acknowledged).toBe((before.triaged.acknowledged ?? 0) + 1);
      // The verdict says the same numbers as the cards.
      for (const [level, word] of [['CRITICAL', 'critical'], ['HIGH', 'high']] as const) {
        const n = after.severity[level] ?? 0;
        if (n > 0) expect(after.verdict).toContain(`${n} ${word}`);
        else expect(after.verdict).not.toMatch(new RegExp(`\\d+ ${word}`));
      }
      // The checks add up to the severities, and each count is its list's total.
      expect(Object.values(after.checks).reduce((a, b) => a + b, 0)).toBe(Object.values(after.severity).reduce((a, b) => a + b, 0));
      for (const [level, count] of Object.entries(after.severity)) expect(await listTotal(app, `count-${level}`)).toBe(count);
      for (const [check, count] of Object.entries(after.checks)) expect(await listTotal(app, `check-${check}`)).toBe(count);
      expect(await listTotal(app, 'count-acknowledged')).toBe(after.triaged.acknowledged);
      await page.context().close();
    }, 90_000);

    it('shows a finding’s dialog whole in the viewport when Jira has sized the frame to its content', async () => {
      const { page, app } = await demo.open('/admin', { width: 1280, height: 720 });
      await app.getByRole('tab', { name: 'Findings' }).click();
      await waitForFindings(app);
      const frameHeight = await page.locator('iframe#sv0-app').evaluate((f) => f.getBoundingClientRect().height);
      expect(frameHeight).toBeGreaterThan(720); // the frame is as tall as its content, the page scrolls
      const last = app.locator('[data-testid="finding-open"]').last();
      await last.scrollIntoViewIfNeeded();
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      await last.click();
      const dialog = await dialogFrame(page);
      await dialog.locator('[data-testid="finding-detail"]').waitFor();
      const box = await page.locator('[data-testid="host-modal"] [role="dialog"]').boundingBox();
      expect(box).not.toBeNull();
      expect(box?.y).toBeGreaterThanOrEqual(0);
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(720);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1280);
      expect(await dialog.locator('[data-testid="dialog-close"]').isVisible()).toBe(true);
      await closeDialog(page, dialog);
      await page.context().close();
    }, 60_000);

    it('fits the issue panel at 360 px: no sideways scroll, no broken token, and the glance reads', async () => {
      const ticket = rows.find((r) => r.ticketKey)?.ticketKey;
      expect(ticket).toBeDefined();
      const { page, app } = await demo.open(`/issue/${ticket}?width=360`, { width: 1100, height: 800 });
      await app.locator('[data-testid="issue-panel"]').waitFor();
      expect(await page.locator('iframe#sv0-app').evaluate((f) => Math.round(f.getBoundingClientRect().width))).toBeLessThanOrEqual(360);
      const overflow = await app.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, wide: Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.getAttribute('data-testid') ?? e.tagName) }));
      expect(overflow.wide).toEqual([]);
      expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
      expect(await brokenTokens(app)).toEqual([]);
      for (const part of ['issue-title', 'issue-story', 'issue-owner', 'issue-next-step', 'issue-open-finding']) expect(await app.locator(`[data-testid="${part}"]`).isVisible()).toBe(true);
      await page.context().close();
    });

    it('reports a download the browser blocked as not saved, and saves it from a click of its own', async () => {
      const { page, app } = await demo.open('/admin');
      const downloads: string[] = [];
      page.on('download', (d) => downloads.push(d.suggestedFilename()));
      // A click a script makes is no user gesture: Jira's frame lets a download start only from the user's own, so
      // the export must not claim it saved anything.
      await app.getByRole('tab', { name: 'Export' }).click();
      await app.locator('[data-testid="export-findings-csv"]').dispatchEvent('click');
      const failed = app.locator('[data-testid="export-failed"]');
      await failed.waitFor();
      expect(await failed.textContent()).toContain('Your browser blocked the download');
      expect(await app.locator('[data-testid="export-result"]').textContent()).toMatch(/securityv0-findings-\d{4}-\d{2}-\d{2}\.csv was not saved/);
      await page.waitForTimeout(300);
      expect(downloads).toEqual([]);
      const [download] = await Promise.all([page.waitForEvent('download'), app.locator('[data-testid="export-save-again"]').click()]);
      expect(download.suggestedFilename()).toMatch(/^securityv0-findings-\d{4}-\d{2}-\d{2}\.csv$/);
      expect([...fs.readFileSync((await download.path()) as string).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(await app.locator('[data-testid="export-result"]').textContent()).toContain('Your browser is saving');
      await page.context().close();
    });

    for (const theme of ['light', 'dark'] as const) {
      it(`has no serious or critical axe violation on any surface (${theme})`, async () => {
        const found: string[] = [];
        const check = async (where: string, frame: Frame) => {
          // What is checked is the page at rest: no hovered control, no colour transition (150 ms) half way.
          await frame.page().mouse.move(0, 0);
          await frame.page().waitForTimeout(300);
          for (const v of await seriousViolations(frame)) found.push(`${where}: ${v.id} (${v.impact}) ${v.help} ${v.nodes.join(' ')}`);
          for (const t of await brokenTokens(frame)) found.push(`${where}: broken token ${t}`);
        };
        const q = `theme=${theme}`;
        const { page, app } = await demo.open(`/admin?${q}`);
        await check('overview', app);
        for (const tab of ['Findings', 'Inventory', 'Settings', 'Export']) {
          await app.getByRole('tab', { name: tab }).click();
          if (tab === 'Findings') await waitForFindings(app);
          if (tab === 'Inventory') await app.locator('[data-testid="inventory-row"]').first().waitFor();
          if (tab === 'Settings') await app.locator('[data-testid="settings-save-bar"]').waitFor();
          await check(tab.toLowerCase(), app);
        }
        await app.getByRole('tab', { name: 'Findings' }).click();
        await app.locator('[data-testid="view-groups"]').click();
        await app.locator('[data-testid="root-cause-groups"]').waitFor();
        await check('root causes', app);
        await app.locator('[data-testid="view-list"]').click();
        await waitForFindings(app);
        const first = (await visibleRows(app))[0];
        if (first) {
          await app.locator('[data-testid="finding-open"]').first().click();
          const dialog = await dialogFrame(page);
          await dialog.locator('[data-testid="blast-drawing"]').waitFor({ timeout: 20_000 });
          await check('finding dialog', dialog);
          await closeDialog(page, dialog);
        }
        await app.getByRole('tab', { name: 'Inventory' }).click();
        await app.locator('[data-testid="inventory-reach"]').first().click();
        const reach = await dialogFrame(page);
        await reach.locator('[data-testid="reach-dialog"]').waitFor();
        await reach.locator('[data-testid="blast-drawing"], [data-testid="reach-dialog"] p').first().waitFor();
        await check('reach dialog', reach);
        await closeDialog(page, reach);
        await page.context().close();

        const projects = demo.stack.cloud.sync.jira['/rest/api/3/project/search'];
        const projectKey = expected?.projectPage?.key ?? (Array.isArray(projects) ? String((projects[0] as { key?: string }).key) : 'ITSM');
        const project = await demo.open(`/project/${projectKey}?${q}`);
        await project.app.locator('[data-testid="project-page"]').waitFor();
        await check('project page', project.app);
        await project.page.context().close();

        const ticket = rows.find((r) => r.ticketKey)?.ticketKey as string;
        for (const width of [360, 600]) {
          const issue = await demo.open(`/issue/${ticket}?${q}&width=${width}`, { width: 1100, height: 800 });
          await issue.app.locator('[data-testid="issue-panel"]').waitFor();
          await check(`issue panel ${width}px`, issue.app);
          await issue.page.context().close();
        }
        expect(found).toEqual([]);
      }, 120_000);
    }

    it('raised no error in any page', () => {
      expect(demo.pageErrors).toEqual([]);
    });
  });
}
