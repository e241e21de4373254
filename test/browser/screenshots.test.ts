/**
 * One screenshot per surface in Jira's light and dark themes. Written to test-output/screenshots on every run (so a
 * person can look at what the test saw), and to docs/screenshots, the README's pictures, with UPDATE_SCREENSHOTS=1
 * (`npm run screenshots`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { APP_DIR } from '../../dev/harness';
import { describeInBrowser, startDemo, waitForFindings, type Demo } from './support';

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

  const shoot = async (page: Page, name: string) => {
    await page.evaluate(() => document.fonts.ready);
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  };

  for (const theme of ['light', 'dark'] as const) {
    it(`captures the admin page, a finding, the project page, the issue panel and settings (${theme})`, async () => {
      const q = theme === 'dark' ? '?theme=dark' : '';
      const admin = await demo.open(`/admin${q}`);
      await admin.locator('[data-testid="verdict"]').waitFor();
      expect(await admin.locator('main').getAttribute('data-theme-mode')).toBe(theme);
      expect(await admin.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
      await shoot(admin, `admin-overview-${theme}`);

      await admin.getByRole('tab', { name: 'Findings' }).click();
      await waitForFindings(admin);
      await shoot(admin, `admin-findings-${theme}`);

      await admin.locator('[data-testid="finding-row"][data-check="scope_drift"]').click();
      await admin.locator('[data-testid="finding-detail"] [data-testid="access-chain"]').waitFor();
      await admin.locator('[data-testid="section-access-chain"]').scrollIntoViewIfNeeded();
      await shoot(admin, `finding-detail-${theme}`);
      await admin.keyboard.press('Escape');
      await admin.waitForSelector('[data-testid="finding-modal"]', { state: 'detached' });

      await admin.getByRole('tab', { name: 'Settings' }).click();
      const tenantId = demo.stack.cloud.tenant.json.entra[0]?.tenantId as string;
      await admin.locator(`[data-testid="entra-${tenantId}-test"]`).click();
      await admin.locator('[data-testid="connection-test"]').waitFor();
      await admin.locator('[data-testid="settings-entra"]').scrollIntoViewIfNeeded();
      await shoot(admin, `admin-settings-${theme}`);
      await admin.context().close();

      const project = await demo.open(`/project/DEALS${q}`);
      await waitForFindings(project);
      await shoot(project, `project-page-${theme}`);
      await project.context().close();

      const issue = await demo.open(`/issue/${driftTicket}${q}`, { width: 760, height: 900 });
      await issue.locator('[data-testid="finding-detail"]').waitFor();
      await shoot(issue, `issue-panel-${theme}`);
      await issue.context().close();
    }, 60_000);
  }

  it('raised no error in any page', () => {
    expect(demo.pageErrors).toEqual([]);
  });
});
