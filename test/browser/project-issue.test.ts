/** The project page and the issue panel in a real browser, against the real resolvers on the MediaPro demo. */
import type { FakeRequest } from '../../dev/fake/http-types';
import { accountIdOf, describeInBrowser, startDemo, visibleRows, waitForFindings, type Demo } from './support';

interface Finding {
  id: string;
  check: string;
  projectKeys: string[];
  ticketKey?: string;
}

describeInBrowser('project page and issue panel', () => {
  let demo: Demo;
  let findings: Finding[];

  beforeAll(async () => {
    demo = await startDemo();
    const admin = { accountId: demo.stack.adminAccountId };
    const listed = (await demo.stack.runtime.invokeResolver('sv0-admin', 'findings/list', { page: { offset: 0, limit: 200 } }, admin)) as { data: { rows: Array<{ id: string }> } };
    findings = [];
    for (const row of listed.data.rows) {
      const detail = (await demo.stack.runtime.invokeResolver('sv0-admin', 'findings/get', { id: row.id }, admin)) as { data: { finding: Finding } };
      findings.push(detail.data.finding);
    }
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('lists on /project/DEALS exactly the findings whose chain touches DEALS, for its lead', async () => {
    const page = await demo.open('/project/DEALS');
    await waitForFindings(page);
    const shown = (await visibleRows(page)).map((r) => r.id).sort();
    const touching = findings.filter((f) => f.projectKeys.includes('DEALS')).map((f) => f.id).sort();
    expect(touching.length).toBeGreaterThan(0);
    expect(touching.length).toBeLessThan(findings.length);
    expect(shown).toEqual(touching);
    expect(await page.locator('h1').textContent()).toBe('Identity access in DEALS');
    await page.locator('[data-testid="finding-row"]').first().press('Enter');
    const detail = page.locator('[data-testid="finding-detail"]');
    await detail.waitFor();
    expect(await detail.locator('[data-testid="finding-actions"]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.context().close();
  });

  it('refuses the project page, with a clear message and no data, to someone who cannot browse the project', async () => {
    const page = await demo.open(`/project/DEALS?as=${accountIdOf(demo.stack, 'Marc Puig')}`);
    const refusal = page.locator('[data-testid="refusal"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('You cannot browse project DEALS');
    expect(await page.locator('[data-testid="finding-row"]').count()).toBe(0);
    await page.context().close();
  });

  it('shows on a ticket the live state, chain and evidence of its finding', async () => {
    const drift = findings.find((f) => f.check === 'scope_drift');
    expect(drift?.ticketKey).toBeDefined();
    const page = await demo.open(`/issue/${drift?.ticketKey}`);
    const detail = page.locator('[data-testid="finding-detail"]');
    await detail.waitFor();
    expect(await detail.getAttribute('data-check')).toBe('scope_drift');
    expect(await detail.locator('[data-testid="status-open"]').count()).toBe(1);
    expect(await detail.locator('[data-testid="chain-node"]').count()).toBeGreaterThan(2);
    expect(await detail.locator('[data-testid="evidence-list"]').textContent()).toContain('Added since baseline: CONTENT Content Pipeline');
    await page.context().close();
  });

  it('says quietly that no finding is linked on an ordinary ticket', async () => {
    const request: FakeRequest = {
      method: 'POST',
      host: new URL(demo.stack.cloud.tenant.json.jira.site).host,
      pathname: '/rest/servicedeskapi/request',
      query: new URLSearchParams(),
      headers: {},
      body: JSON.stringify({ serviceDeskId: '1', requestTypeId: '14', requestFieldValues: { summary: 'The printer on floor 3 is jammed' } }),
    };
    const created = demo.stack.cloud.jira.issues.createRequest(request, demo.stack.adminAccountId);
    expect(created.status).toBe(201);
    const key = (created.body as { issueKey: string }).issueKey;
    const page = await demo.open(`/issue/${key}`);
    const quiet = page.locator('[data-testid="issue-no-finding"]');
    await quiet.waitFor();
    expect(await quiet.textContent()).toBe('No SecurityV0 finding is linked to this issue.');
    await page.context().close();
  });

  it('raised no error in any page', () => {
    expect(demo.pageErrors).toEqual([]);
  });
});
