/** The admin page in a real browser, framed as Jira frames it, against the real resolvers on the MediaPro demo. */
import * as fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { accountIdOf, countBy, describeInBrowser, dialogClosed, dialogFrame, pickOptions, startDemo, visibleRows, waitForFindings, type Demo } from './support';

const SEVEN_CHECKS = ['orphaned_ownership', 'reachable_sensitive_domain', 'dormant_authority', 'scope_drift', 'external_egress', 'privilege_justification_gap', 'unresolved_cross_system_auth'];

describeInBrowser('admin page', () => {
  let demo: Demo;
  let page: Page;
  let app: Frame;

  beforeAll(async () => {
    demo = await startDemo();
    ({ page, app } = await demo.open('/admin'));
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('opens on the overview: verdict, counts by severity and check, the app’s health, the last scan with its sources, the trend', async () => {
    const verdict = await app.locator('[data-testid="verdict"]').textContent();
    // The seed's five orphaned rules and the Entra agent its README adds (Carlos Ruiz was its only sponsor).
    expect(verdict).toBe("6 critical and 9 high findings need an owner's attention.");
    expect(await app.locator('[data-testid="count-CRITICAL"]').getAttribute('data-count')).toBe('6');
    expect(await app.locator('[data-testid="by-check"] tr[data-check="scope_drift"]').getAttribute('data-count')).toBe('1');
    const lastScan = await app.locator('[data-testid="last-scan"]').textContent();
    expect(lastScan).toContain('data as of Nov 20, 2026, 6:00 AM UTC');
    expect(lastScan).toContain('Jira automation rules (uploaded export): 5');
    expect(await app.locator('[data-testid="trend-chart"] svg').getAttribute('aria-label')).toMatch(/^Findings per scan: Aug 20, 2026: \d+; Nov 20, 2026: \d+$/);
    // The scanner's own Entra app: a Graph permission Entra withholds, and its client secret near its end.
    const health = await app.locator('[data-testid="health"]').textContent();
    expect(health).toContain('1 Graph permission is not granted in Grup MediaPro');
    expect(health).toContain('User-LifeCycleInfo.Read.All');
    expect(health).toContain('The client secret SecurityV0 uses in Grup MediaPro expires on Dec 15, 2026');
  });

  it('opens the Entra console where the permission is granted, through Jira’s router', async () => {
    await app.locator('[data-testid="health-entra-permissions-6f1d2c8a-3b47-4e9a-9c15-2d7e8b4a0f63"] [data-testid="health-action-link"]').click();
    await page.waitForFunction(() => ((window as unknown as { __sv0Navigations: unknown[] }).__sv0Navigations ?? []).length > 0);
    const navigations = await page.evaluate(() => (window as unknown as { __sv0Navigations: Array<{ url?: string; type?: string }> }).__sv0Navigations);
    expect(navigations.at(-1)).toEqual({ url: 'https://portal.azure.com/#@6f1d2c8a-3b47-4e9a-9c15-2d7e8b4a0f63/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/21e4935b-c19e-46e7-b4e7-758d4076d255', type: 'new-tab' });
  });

  it('lists the seed’s 19 SecurityV0 findings and the agent’s with their severities when filtered to the seven checks', async () => {
    await app.getByRole('tab', { name: 'Findings' }).click();
    await waitForFindings(app);
    const checkTitles = await demo.stack.runtime
      .invokeResolver('sv0-admin', 'findings/list', { page: { offset: 0, limit: 1 } }, { accountId: demo.stack.adminAccountId })
      .then((r) => (r as { data: { facets: { checks: Array<{ id: string; title: string }> } } }).data.facets.checks.filter((c) => SEVEN_CHECKS.includes(c.id)).map((c) => c.title));
    expect(checkTitles).toHaveLength(7);
    await pickOptions(app, 'filter-check', checkTitles);
    await app.waitForFunction(() => document.querySelectorAll('[data-testid="finding-row"]').length === 20);
    await waitForFindings(app);
    const rows = await visibleRows(app);
    expect(await app.locator('[data-testid="findings-count"]').textContent()).toContain('of 20 findings');
    expect(countBy(rows, (r) => r.check)).toEqual({
      orphaned_ownership: 6,
      reachable_sensitive_domain: 3,
      dormant_authority: 2,
      scope_drift: 1,
      external_egress: 4,
      privilege_justification_gap: 2,
      unresolved_cross_system_auth: 2,
    });
    const severityOf: Record<string, string> = { orphaned_ownership: 'CRITICAL', reachable_sensitive_domain: 'HIGH', dormant_authority: 'HIGH', scope_drift: 'HIGH', external_egress: 'MEDIUM', privilege_justification_gap: 'MEDIUM', unresolved_cross_system_auth: 'MEDIUM' };
    for (const row of rows) expect(row.severity).toBe(severityOf[row.check]);
    expect(rows.map((r) => r.severity)).toEqual([...Array(6).fill('CRITICAL'), ...Array(6).fill('HIGH'), ...Array(8).fill('MEDIUM')]);
  });

  it('marks the departed owner of the orphaned rules as left, with the date', async () => {
    const owner = app.locator('[data-testid="finding-row"][data-check="orphaned_ownership"]').first().locator('[data-testid="owner-left"]');
    // The earliest record that ended one of his accounts: Pedro disabled his Entra account on Oct 31 (the fixture's
    // README), three days before he deactivated the Atlassian account by hand.
    expect(await owner.textContent()).toBe('left Oct 31, 2026');
  });

  it('is keyboard operable: Tab reaches the first finding, Enter opens it in Jira’s dialog, Escape closes it and focus comes back', async () => {
    await app.locator('#filter-search').focus();
    let onFinding = false;
    for (let i = 0; i < 60 && !onFinding; i++) {
      await page.keyboard.press('Tab');
      onFinding = await app.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'finding-open');
    }
    expect(onFinding).toBe(true);
    const firstId = await app.evaluate(() => document.activeElement?.closest('[data-finding-id]')?.getAttribute('data-finding-id'));
    expect(firstId).toBe((await visibleRows(app))[0]?.id);
    await page.keyboard.press('Enter');
    const dialog = await dialogFrame(page);
    await dialog.waitForSelector('[data-testid="finding-detail"]');
    expect(await dialog.locator('[data-testid="finding-detail"]').getAttribute('data-check')).toBe('orphaned_ownership');
    await page.keyboard.press('Escape');
    await dialogClosed(page);
    await app.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'finding-open');
    expect(await app.evaluate(() => document.activeElement?.closest('[data-finding-id]')?.getAttribute('data-finding-id'))).toBe(firstId);
  });

  it('names each fix with the place it happens and its impact', async () => {
    await app.locator('#filter-search').fill('JSM Email Channel SP');
    await app.locator('[data-testid="finding-row"][data-check="reachable_sensitive_domain"]').filter({ hasText: 'JSM Email Channel SP' }).locator('[data-testid="finding-open"]').click();
    const dialog = await dialogFrame(page);
    const fixes = dialog.locator('[data-testid="fix"]');
    await fixes.first().waitFor();
    const first = await fixes.first().textContent();
    expect(first).toContain('Revoke Mail.Read from JSM Email Channel SP');
    expect(first).toContain('closes 1 finding and cuts JSM Email Channel SP\'s reach to');
    expect(first).toContain('ceo@mediapro.tv');
    expect(await fixes.first().locator('[data-testid="fix-link"]').first().getAttribute('data-href')).toMatch(/^https:\/\/portal\.azure\.com\/#@6f1d2c8a-3b47-4e9a-9c15-2d7e8b4a0f63\/view\/Microsoft_AAD_IAM\/ManagedAppMenuBlade\/~\/Permissions\//);
    await dialog.locator('[data-testid="dialog-close"]').click();
    await dialogClosed(page);
    await app.locator('#filter-search').fill('');
  });

  it('opens the Entra agent’s finding and draws its chain: the agent, and the sponsor who left', async () => {
    await app.locator('#filter-search').fill('Rights Research Agent');
    await app.locator('[data-testid="finding-row"][data-check="orphaned_ownership"]').filter({ hasText: 'Rights Research Agent' }).locator('[data-testid="finding-open"]').click();
    const dialog = await dialogFrame(page);
    await dialog.locator('[data-testid="blast-drawing"]').waitFor({ timeout: 20_000 });
    const detail = (await dialog.locator('[data-testid="finding-detail"]').textContent()) ?? '';
    expect(detail).toContain('Entra agent identity "Rights Research Agent" is owned only by Carlos Ruiz, who has left.');
    const drawn = await dialog.locator('[data-testid="blast-node"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') ?? ''));
    expect(drawn.some((title) => title.includes('Rights Research Agent'))).toBe(true);
    await dialog.locator('[data-testid="dialog-close"]').click();
    await dialogClosed(page);
    await app.locator('#filter-search').fill('');
  });

  it('validates an acceptance of risk before sending it: a date and a justification are both required', async () => {
    await app.locator('[data-testid="finding-open"]').first().click();
    const dialog = await dialogFrame(page);
    await dialog.locator('[data-testid="accept-risk"]').click();
    await dialog.locator('[data-testid="accept-risk-submit"]').click();
    expect(await dialog.locator('[data-testid="accept-risk-until-error"]').textContent()).toContain('Choose the date');
    expect(await dialog.locator('[data-testid="accept-risk-justification-error"]').textContent()).toContain('justification is required');
    await dialog.locator('[data-testid="dialog-close"]').click();
    await dialogClosed(page);
  });

  it('tests the Entra connection and names the permission the tenant withholds as missing; the secret never reaches the page', async () => {
    await app.getByRole('tab', { name: 'Settings' }).click();
    const tenantId = demo.stack.cloud.tenant.json.entra[0]?.tenantId as string;
    const secretField = app.locator(`#entra-${tenantId}-secret`);
    expect(await secretField.inputValue()).toBe('');
    expect(await secretField.getAttribute('placeholder')).toBe('stored');
    await app.locator(`[data-testid="entra-${tenantId}-test"]`).click();
    const missing = app.locator('[data-testid="permission-User-LifeCycleInfo.Read.All"]');
    await missing.waitFor();
    expect(await missing.getAttribute('data-granted')).toBe('false');
    expect(await missing.textContent()).toContain('Missing');
    expect(await app.locator('[data-testid="permission-Application.Read.All"]').getAttribute('data-granted')).toBe('true');
    const secret = demo.stack.cloud.tenant.json.secrets.entra[tenantId]?.clientSecret as string;
    expect(secret.length).toBeGreaterThan(8);
    expect(await app.content()).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);
  });

  it('picks the service desk and request type from JSM, and says which request type can take the tickets', async () => {
    const error = app.locator('[data-testid="request-type-ok"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('Labels and Priority are on its form');
    await app.locator('#ticketing-type').click();
    await app.getByRole('option', { name: 'Report a system problem' }).click();
    const refused = app.locator('[data-testid="request-type-error"]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Add the Labels field');
    expect(await refused.textContent()).toContain('Make Affected system optional or hidden');
    await app.locator('[data-testid="settings-discard"]').click();
    await app.locator('[data-testid="request-type-ok"]').waitFor();
  });

  it('downloads the findings as CSV (with a byte-order mark and the day in its name) and the access review as JSON', async () => {
    await app.getByRole('tab', { name: 'Export' }).click();
    const [csv] = await Promise.all([page.waitForEvent('download'), app.locator('[data-testid="export-findings-csv"]').click()]);
    expect(csv.suggestedFilename()).toMatch(/^securityv0-findings-\d{4}-\d{2}-\d{2}\.csv$/);
    const csvBytes = fs.readFileSync((await csv.path()) as string);
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = csvBytes.toString('utf8').slice(1);
    expect(csvText.split('\r\n')[0]).toContain('"severity"');
    // 28 before the additions in MediaPro's README: the agent's orphaned_ownership, the flow on Maria's own connection,
    // the Copilot Studio agent on Raul's own Jira connection, the MCP client on Pedro's API token and the service
    // account token that never expires.
    expect(csvText.trim().split('\r\n')).toHaveLength(1 + 33);
    expect(await app.locator('[data-testid="export-result"]').textContent()).toContain('(33 findings)');
    const [json] = await Promise.all([page.waitForEvent('download'), app.locator('[data-testid="export-access-review-json"]').click()]);
    expect(json.suggestedFilename()).toMatch(/^securityv0-access-review-\d{4}-\d{2}-\d{2}\.json$/);
    const review = JSON.parse(fs.readFileSync((await json.path()) as string, 'utf8')) as Array<{ projectKey: string }>;
    expect(new Set(review.map((r) => r.projectKey))).toEqual(new Set(['BROADCAST', 'CONTENT', 'DEALS', 'ENGINEERING', 'ITSM']));
  });

  it('exports from the Findings tab exactly what its filters show, in the scan CLI’s JSON shape', async () => {
    await app.getByRole('tab', { name: 'Findings' }).click();
    await waitForFindings(app);
    await pickOptions(app, 'filter-severity', ['Critical']);
    await app.waitForFunction(() => document.querySelectorAll('[data-testid="finding-row"]').length === 6);
    const [json] = await Promise.all([page.waitForEvent('download'), app.locator('[data-testid="export-filtered-json"]').click()]);
    const report = JSON.parse(fs.readFileSync((await json.path()) as string, 'utf8')) as { tenant: string; counts: Record<string, number>; findings: Array<Record<string, unknown>>; tickets: unknown[] };
    expect(Object.keys(report)).toEqual(['tenant', 'counts', 'findings', 'tickets']);
    expect(report.tenant).toBe('mediapro.atlassian.net');
    expect(report.counts).toEqual({ orphaned_ownership: 6 });
    expect(Object.keys(report.findings[0] ?? {})).toEqual(['id', 'check', 'severity', 'status', 'subject', 'summary', 'chain']);
    expect(report.tickets).toHaveLength(6);
  });

  it('starts a scan from Settings and follows its progress on the Overview until it finishes', async () => {
    await app.getByRole('tab', { name: 'Settings' }).click();
    await app.locator('[data-testid="scan-now"]').click();
    await app.locator('[data-testid="overview"]').waitFor();
    expect(await app.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    await app.waitForFunction(() => document.querySelector('[data-testid="last-scan"]')?.textContent?.includes('Manual scan finished'), undefined, { timeout: 20_000 });
    expect(await app.locator('[data-testid="scan-progress"]').count()).toBe(0);
    expect(await app.locator('[data-testid="verdict"]').textContent()).toBe("6 critical and 9 high findings need an owner's attention.");
  }, 30_000);

  it('triages the findings a departed owner left as one group, and every count follows', async () => {
    await app.getByRole('tab', { name: 'Findings' }).click();
    await app.locator('[data-testid="view-groups"]').click();
    const group = app.locator('[data-testid="root-cause-group"][data-kind="owner_left"]').filter({ hasText: 'Carlos Ruiz left' });
    expect(await group.locator('h3').textContent()).toBe('Carlos Ruiz left on Oct 31, 2026');
    await group.locator('[data-testid="group-show"]').click();
    await waitForFindings(app);
    expect(await app.locator('[data-testid="group-filter"]').textContent()).toContain('Root cause: Carlos Ruiz left');
    expect(new Set((await visibleRows(app)).map((r) => r.check))).toEqual(new Set(['orphaned_ownership']));
    expect(await visibleRows(app)).toHaveLength(6);
    await app.locator('[data-testid="view-groups"]').click();
    await app.locator('[data-testid="root-cause-group"][data-kind="owner_left"] [data-testid="group-acknowledge"]').click();
    expect(await app.locator('[data-testid="group-action-result"]').textContent()).toContain('Acknowledged 6 findings of Carlos Ruiz left');
    await app.getByRole('tab', { name: 'Overview' }).click();
    await app.locator('[data-testid="count-acknowledged"][data-count="6"]').waitFor();
    expect(await app.locator('[data-testid="count-CRITICAL"]').getAttribute('data-count')).toBe('0');
    expect(await app.locator('[data-testid="verdict"]').textContent()).toBe("9 high findings need an owner's attention.");
  });

  it('writes dates in the user’s locale and time zone from the context', async () => {
    const spanish = await demo.open('/admin?locale=es-ES&tz=Europe/Madrid');
    await spanish.app.locator('[data-testid="last-scan"]').waitFor();
    expect(await spanish.app.locator('[data-testid="last-scan"]').textContent()).toContain('data as of 20 nov 2026, 7:00 CET');
    expect(await spanish.app.evaluate(() => document.documentElement.lang)).toBe('es-ES');
    await spanish.page.context().close();
  });

  it('shows a non-administrator the refusal and nothing else', async () => {
    const other = await demo.open(`/admin?as=${accountIdOf(demo.stack, 'Marc Puig')}`);
    const refusal = other.app.locator('[data-testid="refusal"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Only Jira administrators can use this page');
    expect(await other.app.locator('[data-testid="admin-page"]').count()).toBe(0);
    await other.page.context().close();
  });

  it('raised no error in any page', () => {
    expect(demo.pageErrors).toEqual([]);
  });
});
