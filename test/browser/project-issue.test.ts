/** The project page and the issue panel in a real browser, framed as Jira frames them, on the MediaPro demo. */
import type { FakeRequest } from '../../dev/fake/http-types';
import { accountIdOf, describeInBrowser, dialogClosed, dialogFrame, startDemo, visibleRows, waitForFindings, type Demo } from './support';

interface Finding {
  id: string;
  check: string;
  projectKeys: string[];
  ticketKey?: string;
}

interface Detail {
  finding: Finding;
  blast?: { nodes: Array<{ projectKey?: string }> };
}

describeInBrowser('project page and issue panel', () => {
  let demo: Demo;
  let details: Detail[];

  beforeAll(async () => {
    demo = await startDemo();
    const admin = { accountId: demo.stack.adminAccountId };
    const listed = (await demo.stack.runtime.invokeResolver('sv0-admin', 'findings/list', { page: { offset: 0, limit: 200 } }, admin)) as { data: { rows: Array<{ id: string }> } };
    details = [];
    for (const row of listed.data.rows) details.push(((await demo.stack.runtime.invokeResolver('sv0-admin', 'findings/get', { id: row.id }, admin)) as { data: Detail }).data);
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('lists on /project/DEALS every finding whose subject reaches DEALS (its chain names it, or its blast radius does), for its lead', async () => {
    const { page, app } = await demo.open('/project/DEALS');
    await waitForFindings(app);
    const shown = new Set((await visibleRows(app)).map((r) => r.id));
    const chainTouching = details.filter((d) => d.finding.projectKeys.includes('DEALS')).map((d) => d.finding.id);
    const reaching = details.filter((d) => d.finding.projectKeys.includes('DEALS') || d.blast?.nodes.some((n) => n.projectKey === 'DEALS')).map((d) => d.finding.id);
    expect(chainTouching.length).toBeGreaterThan(0);
    for (const id of chainTouching) expect(shown).toContain(id);
    expect([...shown].sort()).toEqual([...reaching].sort());
    expect(shown.size).toBeLessThan(details.length);
    expect(await app.locator('h1').textContent()).toBe('Identity access in DEALS');
    await app.locator('[data-testid="finding-row"][data-check="reachable_sensitive_domain"]').filter({ hasText: 'SharePoint for Jira App' }).locator('[data-testid="finding-open"]').press('Enter');
    const dialog = await dialogFrame(page);
    await dialog.locator('[data-testid="blast-drawing"]').waitFor({ timeout: 20_000 });
    expect(await dialog.locator('[data-testid="finding-actions"]').count()).toBe(0);
    // The DEALS lead sees DEALS, and the rest of the reach only as restricted resources: no project they cannot
    // browse, no site, no mailbox, by name, anywhere in the dialog.
    const names = await dialog.locator('[data-testid="blast-node"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title')));
    expect(names).toContain('DEALS Sports Rights Deals');
    expect(names).toContain('Restricted resource');
    const text = (await dialog.locator('main').textContent()) ?? '';
    for (const hidden of ['CONTENT Content Pipeline', 'Finance', 'Legal Documents', 'BROADCAST Broadcast Operations']) expect(text).not.toContain(hidden);
    await page.keyboard.press('Escape');
    await dialogClosed(page);
    await page.context().close();
  });

  it('refuses the project page, with a clear message and no data, to someone who cannot browse the project', async () => {
    const { page, app } = await demo.open(`/project/DEALS?as=${accountIdOf(demo.stack, 'Marc Puig')}`);
    const refusal = app.locator('[data-testid="refusal"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('You cannot browse project DEALS');
    expect(await app.locator('[data-testid="finding-row"]').count()).toBe(0);
    await page.context().close();
  });

  it('shows on a ticket a glance of its finding, and the whole finding in Jira’s dialog', async () => {
    const drift = details.find((d) => d.finding.check === 'scope_drift')?.finding;
    expect(drift?.ticketKey).toBeDefined();
    const { page, app } = await demo.open(`/issue/${drift?.ticketKey}`);
    const glance = app.locator('[data-testid="issue-panel"]');
    await glance.waitFor();
    expect(await app.locator('[data-testid="status-open"]').count()).toBe(1);
    expect(await app.locator('[data-testid="issue-next-step"]').textContent()).toContain('Remove Maria Garcia from the Member role of CONTENT');
    await app.locator('[data-testid="issue-open-finding"]').click();
    const dialog = await dialogFrame(page);
    const detail = dialog.locator('[data-testid="finding-detail"]');
    await detail.waitFor();
    expect(await detail.getAttribute('data-check')).toBe('scope_drift');
    expect(await dialog.locator('[data-testid="evidence-list"]').textContent()).toContain('Added since baseline: CONTENT Content Pipeline');
    await page.keyboard.press('Escape');
    await dialogClosed(page);
    await page.context().close();
  });

  it('lets a Jira administrator acknowledge from the issue panel, and not anyone else', async () => {
    const drift = details.find((d) => d.finding.check === 'scope_drift')?.finding;
    // In MediaPro only Jira administrators can see the ITSM tickets: anyone else gets the refusal, and no action.
    const other = accountIdOf(demo.stack, 'Laura Martinez');
    const lead = await demo.open(`/issue/${drift?.ticketKey}?as=${other}`);
    await lead.app.locator('[data-testid="refusal"]').waitFor();
    expect(await lead.app.locator('[data-testid="issue-acknowledge"]').count()).toBe(0);
    const refused = (await demo.stack.runtime.invokeResolver('sv0-issue-panel', 'issue/acknowledge', { id: drift?.id }, { accountId: other, extension: { issue: { key: drift?.ticketKey } } })) as { ok: boolean; error?: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await lead.page.context().close();
    const orphan = details.find((d) => d.finding.check === 'orphaned_ownership')?.finding;
    const wrongTicket = (await demo.stack.runtime.invokeResolver('sv0-issue-panel', 'issue/acknowledge', { id: orphan?.id }, { accountId: demo.stack.adminAccountId, extension: { issue: { key: drift?.ticketKey } } })) as { ok: boolean; error?: { code: string } };
    expect(wrongTicket).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const { page, app } = await demo.open(`/issue/${drift?.ticketKey}`);
    await app.locator('[data-testid="issue-acknowledge"]').click();
    await app.locator('[data-testid="status-acknowledged"]').waitFor();
    expect(await app.locator('[data-testid="issue-acknowledge"]').count()).toBe(0);
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
    const { page, app } = await demo.open(`/issue/${key}`);
    const quiet = app.locator('[data-testid="issue-no-finding"]');
    await quiet.waitFor();
    expect(await quiet.textContent()).toBe('No SecurityV0 finding is linked to this issue.');
    // The frame shrinks to its content: a line of text, not a page.
    expect(await page.locator('iframe#sv0-app').evaluate((f) => f.getBoundingClientRect().height)).toBeLessThan(80);
    await page.context().close();
  });

  it('raised no error in any page', () => {
    expect(demo.pageErrors).toEqual([]);
  });
});
