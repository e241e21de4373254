/**
 * The AI agents surfaces in a real browser, framed as Jira frames them, against the real resolvers on the MediaPro
 * demo: the inventory's agents view, the agent's mark in the finding list, and its finding read from the agent on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { brokenTokens, describeInBrowser, dialogClosed, dialogFrame, seriousViolations, startDemo, waitForFindings, type Demo } from './support';

/** Where the views are captured for review (not docs/screenshots: npm run screenshots owns those). */
const SHOTS = process.env.SV0_AGENT_SHOTS;

async function shoot(target: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await target.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The page at rest, as surfaces.test.ts checks it: no hovered control, no colour transition (150 ms) half way. */
async function atRest(target: Page): Promise<void> {
  await target.mouse.move(0, 0);
  await target.waitForTimeout(300);
}

describeInBrowser('AI agents', () => {
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

  it('lists Rights Research Agent in the inventory’s AI agents view, with its mark, its type and the sponsor who left', async () => {
    await app.getByRole('tab', { name: 'Inventory' }).click();
    await app.locator('[data-testid="inventory-type-agents"]').click();
    const row = app.locator('[data-testid="agent-row"]').filter({ hasText: 'Rights Research Agent' }).filter({ hasText: 'Entra agent identity' });
    await row.waitFor({ timeout: 20_000 });
    const text = (await row.textContent()) ?? '';
    // Every kind of agent the sources read has its row and type: the blueprint, the agent's user, a Copilot Studio agent.
    const types = await app.locator('[data-testid="agent-row"]').allTextContents();
    expect(types.some((t) => t.includes('Agent identity blueprint'))).toBe(true);
    expect(types.some((t) => t.includes('Agent user'))).toBe(true);
    expect(types.some((t) => t.includes('Copilot Studio agent'))).toBe(true);
    expect(text).toContain('Entra agent identity');
    expect(text).toContain('Carlos Ruiz');
    expect(await row.locator('[data-testid="owner-left"]').textContent()).toMatch(/^left /);
    expect(text).toContain('Its own identity');
    expect(await row.getByRole('img', { name: 'AI agent' }).count()).toBe(1);
    // Its one finding: every sponsor has left (the orphaned_ownership check's title).
    expect(await row.locator('[data-testid="agent-finding"]').allTextContents()).toEqual(['Every owner of a non-human identity or workload has left']);
    await atRest(page);
    expect(await seriousViolations(app)).toEqual([]);
    expect(await brokenTokens(app)).toEqual([]);
    await shoot(page, 'agents-inventory-light');
  });

  it('opens its finding from the view and reads its chain from the agent on, with the agent’s mark on the drawing', async () => {
    const row = app.locator('[data-testid="agent-row"]').filter({ hasText: 'Rights Research Agent' }).filter({ hasText: 'Entra agent identity' });
    await row.locator('[data-testid="agent-finding"]').click();
    const dialog = await dialogFrame(page);
    await dialog.locator('[data-testid="blast-drawing"]').waitFor({ timeout: 20_000 });
    expect(await dialog.locator('[data-testid="finding-subject-agent"]').textContent()).toBe('AI agent');
    const hops = await dialog.locator('[data-testid="agent-path-hop"]').allTextContents();
    expect(hops).toEqual(['AI agent Rights Research Agent(Entra agent identity)', '→ owned by →Carlos Ruiz']);
    expect(await dialog.locator('[data-testid="agent-path"] [data-testid="agent-icon"]').count()).toBe(1);
    // The drawing starts at the agent, marked as one, and follows its grant: MediaPro's agent holds a delegated
    // User.Read, a permission that reaches no resource, so its paths end there and the page says so.
    const agentNode = dialog.locator('[data-testid="blast-node"][data-agent="Entra agent identity"]');
    expect(await agentNode.count()).toBe(1);
    expect(await agentNode.getAttribute('aria-label')).toBe('AI agent (Entra agent identity) in Entra ID: Rights Research Agent');
    expect(await agentNode.locator('[data-testid="agent-icon"]').count()).toBe(1);
    const agentId = (await agentNode.getAttribute('data-node-id')) ?? '';
    expect(await dialog.locator(`[data-testid="blast-edge"][data-from="${agentId}"]`).count()).toBeGreaterThan(0);
    const kinds = await dialog.locator('[data-testid="blast-node"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-kind')));
    expect(new Set(kinds)).toEqual(new Set(['identity', 'role', 'permission']));
    expect(await dialog.locator('[data-testid="section-blast-radius"]').textContent()).toContain('It reaches no resource');
    await atRest(page);
    expect(await seriousViolations(dialog)).toEqual([]);
    await shoot(page, 'agent-finding-light');
    await dialog.locator('[data-testid="dialog-close"]').click();
    await dialogClosed(page);
  });

  it('opens a Copilot Studio agent’s finding and reads its chain to the Jira project it reaches through a person’s connection', async () => {
    await app.getByRole('tab', { name: 'Inventory' }).click();
    await app.locator('[data-testid="inventory-type-agents"]').click();
    const row = app.locator('[data-testid="agent-row"]').filter({ hasText: 'Copilot Studio agent' }).filter({ has: app.locator('[data-testid="agent-finding"]') }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.locator('[data-testid="agent-finding"]').first().click();
    const dialog = await dialogFrame(page);
    await dialog.locator('[data-testid="blast-drawing"]').waitFor({ timeout: 20_000 });
    const hops = await dialog.locator('[data-testid="agent-path-hop"]').allTextContents();
    expect(hops[0]).toMatch(/^AI agent .+\(Copilot Studio agent\)$/);
    expect(hops.length).toBeGreaterThan(1);
    const agentNode = dialog.locator('[data-testid="blast-node"][data-agent="Copilot Studio agent"]');
    expect(await agentNode.count()).toBe(1);
    // Through the person's Jira connection the chain ends at a Jira project: the drawing reaches a resource.
    const kinds = await dialog.locator('[data-testid="blast-node"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-kind')));
    expect(kinds).toContain('resource');
    await atRest(page);
    expect(await seriousViolations(dialog)).toEqual([]);
    await dialog.locator('[data-testid="dialog-close"]').click();
    await dialogClosed(page);
  });

  it('marks the agent in the finding list', async () => {
    await app.getByRole('tab', { name: 'Findings' }).click();
    await waitForFindings(app);
    await app.locator('#filter-search').fill('Rights Research Agent');
    const row = app.locator('[data-testid="finding-row"][data-check="orphaned_ownership"]').filter({ hasText: 'Rights Research Agent' });
    await row.waitFor();
    expect(await row.locator('[data-testid="finding-subject-agent"]').getByRole('img', { name: 'AI agent' }).count()).toBe(1);
    await atRest(page);
    expect(await seriousViolations(app)).toEqual([]);
    await app.locator('#filter-search').fill('');
  });
});
