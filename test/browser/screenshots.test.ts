/**
 * One screenshot per surface in Jira's light and dark themes, of the app's frame as Jira would show it (and of Jira's
 * dialog for a finding). Written to test-output/screenshots on every run (so a person can look at what the test
 * saw), and to docs/screenshots, the README's pictures, with UPDATE_SCREENSHOTS=1 (`npm run screenshots`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { APP_DIR } from '../../dev/harness';
import { describeInBrowser, dialogClosed, dialogFrame, startDemo, waitForFindings, type Demo } from './support';

const OUT = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(APP_DIR, 'docs/screenshots') : path.join(APP_DIR, 'test-output/screenshots');

describeInBrowser('screenshots of every surface', () => {
  let demo: Demo;
  let driftTicket: string;

  beforeAll(async () => {
    demo = await startDemo();
    fs.mkdirSync(OUT, { recursive: true });
    const listed = (await demo.stack.runtime.invokeResolver('sv0-admin', 'findings/list', { filters: { check: ['scope_drift'] } }, { accountId: demo.stack.adminAccountId })) as {
      data: { rows: Array<{ ticketKey?: string }> };
    };
    driftTicket = listed.data.rows[0]?.ticketKey as string;
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
  });

  const shoot = async (target: Locator, name: string) => {
    await target.page().evaluate(() => document.fonts.ready);
    const file = path.join(OUT, `${name}.png`);
    await target.screenshot({ path: file });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  };

  for (const theme of ['light', 'dark'] as const) {
    it(`captures the admin page, a finding, the project page, the issue panel and settings (${theme})`, async () => {
      const q = theme === 'dark' ? '?theme=dark' : '';
      const { page, app } = await demo.open(`/admin${q}`, { width: 1280, height: 900 });
      await app.locator('[data-testid="verdict"]').waitFor();
      expect(await app.locator('main').getAttribute('data-theme-mode')).toBe(theme);
      expect(await app.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
      const frame = page.locator('iframe#sv0-app');
      await shoot(frame, `admin-overview-${theme}`);

      await app.getByRole('tab', { name: 'Findings' }).click();
      await waitForFindings(app);
      await shoot(frame, `admin-findings-${theme}`);

      await app.locator('[data-testid="finding-row"][data-check="reachable_sensitive_domain"]').filter({ hasText: 'SharePoint for Jira App' }).locator('[data-testid="finding-open"]').click();
      let dialog = await dialogFrame(page);
      await dialog.locator('[data-testid="blast-drawing"]').waitFor({ timeout: 20_000 });
      await dialog.locator('[data-testid="section-blast-radius"]').scrollIntoViewIfNeeded();
      await shoot(page.locator('[data-testid="host-modal"] [role="dialog"]'), `blast-radius-${theme}`);
      await page.keyboard.press('Escape');
      await dialogClosed(page);

      await app.locator('[data-testid="finding-row"][data-check="scope_drift"] [data-testid="finding-open"]').click();
      dialog = await dialogFrame(page);
      await dialog.locator('[data-testid="blast-drawing"]').waitFor({ timeout: 20_000 });
      await dialog.locator('[data-testid="drift-callout"]').scrollIntoViewIfNeeded();
      await shoot(page.locator('[data-testid="host-modal"] [role="dialog"]'), `finding-detail-${theme}`);
      await page.keyboard.press('Escape');
      await dialogClosed(page);

      await app.locator('[data-testid="view-groups"]').click();
      await app.locator('[data-testid="root-cause-groups"]').waitFor();
      await shoot(frame, `root-causes-${theme}`);

      await app.getByRole('tab', { name: 'Settings' }).click();
      const tenantId = demo.stack.cloud.tenant.json.entra[0]?.tenantId as string;
      await app.locator(`[data-testid="entra-${tenantId}-test"]`).click();
      await app.locator('[data-testid="connection-test"]').waitFor();
      await app.locator('[data-testid="request-type-ok"]').waitFor();
      await shoot(frame, `admin-settings-${theme}`);
      await page.context().close();

      const project = await demo.open(`/project/BROADCAST${q}`);
      await waitForFindings(project.app);
      await shoot(project.page.locator('iframe#sv0-app'), `project-page-${theme}`);
      await project.page.context().close();

      const issue = await demo.open(`/issue/${driftTicket}${q}${q ? '&' : '?'}width=360`, { width: 1100, height: 700 });
      await issue.app.locator('[data-testid="issue-panel"]').waitFor();
      await shoot(issue.page.locator('main.host'), `issue-panel-${theme}`);
      await issue.page.context().close();
    }, 90_000);
  }

  it('raised no error in any page', () => {
    expect(demo.pageErrors).toEqual([]);
  });
});
