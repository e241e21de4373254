/** The admin page in a real browser, against the real resolvers on the MediaPro demo after both syncs. */
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { accountIdOf, countBy, describeInBrowser, pickOptions, startDemo, visibleRows, waitForFindings, type Demo } from './support';

const SEVEN_CHECKS = ['orphaned_ownership', 'reachable_sensitive_domain', 'dormant_authority', 'scope_drift', 'external_egress', 'privilege_justification_gap', 'unresolved_cross_system_auth'];

describeInBrowser('admin page', () => {
  let demo: Demo;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo();
    page = await demo.open('/admin');
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('opens on the overview: verdict, counts by severity and check, the last scan with its sources, the trend', async () => {
    const verdict = await page.locator('[data-testid="verdict"]').textContent();
    expect(verdict).toBe("5 critical and 6 high findings need an owner's attention.");
    expect(await page.locator('[data-testid="count-CRITICAL"]').textContent()).toContain('5');
    expect(await page.locator('[data-testid="by-check"] tr[data-check="scope_drift"]').textContent()).toContain('1');
    const lastScan = await page.locator('[data-testid="last-scan"]').textContent();
    expect(lastScan).toContain('data as of 20 Nov 2026, 06:00 UTC');
    expect(lastScan).toContain('Jira automation rules (uploaded export): 5');
    expect(await page.locator('[data-testid="trend-chart"] svg').getAttribute('aria-label')).toMatch(/^Findings per scan: 20 Aug 2026: \d+; 20 Nov 2026: \d+$/);
  });

  it('lists the 19 SecurityV0 findings with their severities when filtered to the seven checks', async () => {
    await page.getByRole('tab', { name: 'Findings' }).click();
    await waitForFindings(page);
    const checkTitles = await demo.stack.runtime
      .invokeResolver('sv0-admin', 'findings/list', { page: { offset: 0, limit: 1 } }, { accountId: demo.stack.adminAccountId })
      .then((r) => (r as { data: { facets: { checks: Array<{ id: string; title: string }> } } }).data.facets.checks.filter((c) => SEVEN_CHECKS.includes(c.id)).map((c) => c.title));
    expect(checkTitles).toHaveLength(7);
    await pickOptions(page, 'filter-check', checkTitles);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding-row"]').length === 19);
    await waitForFindings(page);
    const rows = await visibleRows(page);
    expect(await page.locator('[data-testid="findings-count"]').textContent()).toContain('of 19 findings');
    expect(countBy(rows, (r) => r.check)).toEqual({
      orphaned_ownership: 5,
      reachable_sensitive_domain: 3,
      dormant_authority: 2,
      scope_drift: 1,
      external_egress: 4,
      privilege_justification_gap: 2,
      unresolved_cross_system_auth: 2,
    });
    const severityOf: Record<string, string> = { orphaned_ownership: 'CRITICAL', reachable_sensitive_domain: 'HIGH', dormant_authority: 'HIGH', scope_drift: 'HIGH', external_egress: 'MEDIUM', privilege_justification_gap: 'MEDIUM', unresolved_cross_system_auth: 'MEDIUM' };
    for (const row of rows) expect(row.severity).toBe(severityOf[row.check]);
    // Sorted by severity, most severe first, as the resolver returned them.
    expect(rows.map((r) => r.severity)).toEqual([...Array(5).fill('CRITICAL'), ...Array(6).fill('HIGH'), ...Array(8).fill('MEDIUM')]);
  });

  it('is keyboard operable: Tab reaches the first row, Enter opens the finding, Escape closes it', async () => {
    await page.locator('#filter-search').focus();
    let onRow = false;
    for (let i = 0; i < 40 && !onRow; i++) {
      await page.keyboard.press('Tab');
      onRow = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'finding-row');
    }
    expect(onRow).toBe(true);
    const firstId = await page.evaluate(() => document.activeElement?.getAttribute('data-finding-id'));
    expect(firstId).toBe((await visibleRows(page))[0]?.id);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="finding-detail"]');
    expect(await page.locator('[data-testid="finding-detail"]').getAttribute('data-check')).toBe('orphaned_ownership');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="finding-modal"]', { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-finding-id'))).toBe(firstId);
  });

  it('shows the scope drift with CONTENT as the added reach, and its chain left to right', async () => {
    await page.locator('[data-testid="finding-row"][data-check="scope_drift"]').click();
    const detail = page.locator('[data-testid="finding-detail"]');
    await detail.waitFor();
    expect(await detail.locator('[data-testid="section-what-happened"]').textContent()).toContain('now also reaches CONTENT Content Pipeline (restricted), beyond its baseline of DEALS');
    expect(await detail.locator('[data-testid="evidence-list"]').textContent()).toContain('Added since baseline: CONTENT Content Pipeline');
    const kinds = await detail.locator('[data-testid="chain-node"]').evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-kind')}@${n.getAttribute('data-system')}`));
    expect(kinds).toEqual(['workload@powerautomate', 'connection@powerautomate', 'credential@powerautomate', 'identity@jira', 'role@jira', 'permission@jira', 'resource@jira']);
    const hops = await detail.locator('[data-testid="chain-edge"]').evaluateAll((edges) => edges.map((e) => e.getAttribute('data-cross-system')));
    expect(hops).toEqual(['false', 'false', 'true', 'false', 'false', 'false']);
    expect(await detail.locator('[data-testid="chain-node"][data-kind="resource"]').getAttribute('data-sensitivity')).toBe('restricted');
    for (const section of ['What happened', 'Am I exposed', 'Who owns it', 'How to fix']) await detail.getByRole('heading', { name: section }).waitFor();
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="finding-modal"]', { state: 'detached' });
  });

  it("draws the JSM e-mail SP's chain to the mailboxes it can read (ceo@, legal@)", async () => {
    await page.locator('#filter-search').fill('JSM Email Channel SP');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="finding-row"]').length === 1);
    await page.locator('[data-testid="finding-row"][data-check="reachable_sensitive_domain"]').click();
    const chain = page.locator('[data-testid="finding-detail"] [data-testid="access-chain"]');
    await chain.waitFor();
    const mailboxes = chain.locator('[data-testid="chain-node"][data-kind="resource"]');
    expect(await mailboxes.getAttribute('data-sensitivity')).toBe('confidential');
    const text = await mailboxes.textContent();
    expect(text).toContain('ceo@mediapro.tv');
    expect(text).toContain('legal@mediapro.tv');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="finding-modal"]', { state: 'detached' });
    await page.locator('#filter-search').fill('');
  });

  it('marks the correlated hop between the Entra app and its Jira app user as a dashed cross-system link', async () => {
    await page.locator('#filter-search').fill('SharePoint for Jira App');
    await page.locator('[data-testid="finding-row"][data-check="reachable_sensitive_domain"]', { hasText: 'Service principal "SharePoint for Jira App"' }).click();
    const chain = page.locator('[data-testid="finding-detail"] [data-testid="access-chain"]');
    await chain.waitFor();
    const nodes = await chain.locator('[data-testid="chain-node"]').evaluateAll((n) => n.map((x) => `${x.getAttribute('data-kind')}@${x.getAttribute('data-system')}`));
    expect(nodes.slice(0, 2)).toEqual(['identity@entra', 'identity@jira']);
    const first = chain.locator('[data-testid="chain-edge"]').first();
    expect(await first.getAttribute('data-cross-system')).toBe('true');
    expect(await first.getAttribute('data-inferred')).toBe('true');
    expect(await first.getAttribute('aria-label')).toBe('correlated cross-system hop from Entra ID to Jira');
    expect(await first.locator('line').getAttribute('stroke-dasharray')).toBe('5 4');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="finding-modal"]', { state: 'detached' });
    await page.locator('#filter-search').fill('');
  });

  it('validates an acceptance of risk before sending it: a date and a justification are both required', async () => {
    await page.locator('[data-testid="finding-row"]').first().click();
    await page.locator('[data-testid="accept-risk"]').click();
    await page.locator('[data-testid="accept-risk-submit"]').click();
    expect(await page.locator('[data-testid="accept-risk-until-error"]').textContent()).toContain('Choose the date');
    expect(await page.locator('[data-testid="accept-risk-justification-error"]').textContent()).toContain('justification is required');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="finding-modal"]', { state: 'detached' });
  });

  it('tests the Entra connection and names the permission the tenant withholds as missing; the secret never reaches the page', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    const tenantId = demo.stack.cloud.tenant.json.entra[0]?.tenantId as string;
    const secretField = page.locator(`#entra-${tenantId}-secret`);
    expect(await secretField.inputValue()).toBe('');
    expect(await secretField.getAttribute('placeholder')).toBe('stored');
    await page.locator(`[data-testid="entra-${tenantId}-test"]`).click();
    const missing = page.locator('[data-testid="permission-User-LifeCycleInfo.Read.All"]');
    await missing.waitFor();
    expect(await missing.getAttribute('data-granted')).toBe('false');
    expect(await missing.textContent()).toContain('Missing');
    expect(await page.locator('[data-testid="permission-Application.Read.All"]').getAttribute('data-granted')).toBe('true');
    const secret = demo.stack.cloud.tenant.json.secrets.entra[tenantId]?.clientSecret as string;
    expect(secret.length).toBeGreaterThan(8);
    expect(await page.content()).not.toContain(secret);
  });

  it('downloads the findings as CSV and the access review as JSON', async () => {
    await page.getByRole('tab', { name: 'Export' }).click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-findings-csv"]').click()]);
    expect(csv.suggestedFilename()).toBe('securityv0-findings.csv');
    const csvText = fs.readFileSync((await csv.path()) as string, 'utf8');
    expect(csvText.split('\r\n')[0]).toContain('"severity"');
    expect(csvText.trim().split('\r\n')).toHaveLength(1 + 29);
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-access-review-json"]').click()]);
    expect(json.suggestedFilename()).toBe('securityv0-access-review.json');
    const review = JSON.parse(fs.readFileSync((await json.path()) as string, 'utf8')) as Array<{ projectKey: string }>;
    expect(new Set(review.map((r) => r.projectKey))).toEqual(new Set(['BROADCAST', 'CONTENT', 'DEALS', 'ENGINEERING', 'ITSM']));
  });

  it('starts a scan from Settings and follows its progress on the Overview until it finishes', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.locator('[data-testid="scan-now"]').click();
    await page.locator('[data-testid="overview"]').waitFor();
    expect(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    await page.waitForFunction(() => document.querySelector('[data-testid="last-scan"]')?.textContent?.includes('Manual scan finished'), undefined, { timeout: 20_000 });
    expect(await page.locator('[data-testid="scan-progress"]').count()).toBe(0);
    expect(await page.locator('[data-testid="verdict"]').textContent()).toBe("5 critical and 6 high findings need an owner's attention.");
  }, 30_000);

  it('shows a non-administrator the refusal and nothing else', async () => {
    const other = await demo.open(`/admin?as=${accountIdOf(demo.stack, 'Marc Puig')}`);
    const refusal = other.locator('[data-testid="refusal"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Only Jira administrators can use this page');
    expect(await other.locator('[data-testid="admin-page"]').count()).toBe(0);
    await other.context().close();
  });

  it('raised no error in any page', () => {
    expect(demo.pageErrors).toEqual([]);
  });
});
