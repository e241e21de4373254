/** The app's own health: each item says what is wrong and names the action that fixes it. */
import { buildHealth, type HealthInput } from '../../src/sync/health';
import { defaultSettings } from '../../src/settings/settings';
import type { SyncJob } from '../../src/sync/sync-state';

const TENANT = '0c0ffee0-0000-4000-8000-00000000000a';
const settings = { ...defaultSettings(), entraTenants: [{ tenantId: TENANT, clientId: '11111111-2222-4333-8444-555555555555', displayName: 'Example' }] };
/** A step of the Atlassian organization source: it was connected (the source an admin may leave off). */
const ORG_STEP: SyncJob['steps'][number] = { id: 'atlassianorg:api-tokens', system: 'atlassianorg', label: 'Atlassian API tokens', status: 'done', attempts: 1 };
const job: SyncJob = {
  syncId: 'sync-1',
  trigger: 'scheduled',
  status: 'partial',
  requestedAt: '2026-11-20T06:00:00.000Z',
  observedAt: '2026-11-20T06:00:00.000Z',
  steps: [
    { id: `entra:${TENANT}:sign-in-activity`, system: 'entra', tenantId: TENANT, label: 'Entra app sign-in activity (Example)', status: 'partial', attempts: 1, reason: 'Graph answered 403 Authorization_RequestDenied' },
    { id: 'jira:projects', system: 'jira', label: 'Jira projects', status: 'done', attempts: 1 },
    ORG_STEP,
  ],
  resumed: { count: 2, lastAt: '2026-11-20T06:10:00.000Z' },
  tickets: { created: 0, resolved: 0, reopened: 0, commented: 0, waiting: 0, errors: [], configurationError: 'Request type 14 has no Labels field' },
};
const input = (over: Partial<HealthInput> = {}): HealthInput => ({ settings, hasAutomationSource: true, latest: job, probes: [], ticketsWaiting: 0, now: '2026-11-20T06:00:00.000Z', ...over });

describe('buildHealth', () => {
  it('lists a partial source with the permission to grant, a resumed scan and a ticketing error', () => {
    const items = buildHealth(input());
    const ids = items.map((i) => i.id);
    expect(ids).toEqual([`source-entra:${TENANT}:sign-in-activity`, 'scan-resumed', 'tickets-configuration']);
    expect(items[0]?.actions.map((a) => a.kind)).toEqual(['link', 'test-connection', 'scan']);
    expect(items[0]?.actions[0]?.url).toContain(`/CallAnAPI/appId/${settings.entraTenants[0]?.clientId}`);
    expect(items[2]?.actions).toEqual([{ label: 'Fix ticketing', kind: 'settings', section: 'ticketing' }]);
  });

  it('warns of missing Graph permissions and a client secret about to expire', () => {
    const items = buildHealth(input({ latest: { ...job, steps: [ORG_STEP], resumed: undefined, tickets: undefined }, probes: [{ tenantId: TENANT, checkedAt: '2026-11-20T07:00:00.000Z', missing: [{ name: 'User-LifeCycleInfo.Read.All', why: 'leave dates' }], secret: { endDateTime: '2026-12-01T00:00:00Z', matched: true } }] }));
    expect(items.map((i) => i.id)).toEqual([`entra-permissions-${TENANT}`, `entra-secret-${TENANT}`]);
    expect(items[1]).toMatchObject({ title: 'The client secret SecurityV0 uses in Example expires on {date}', at: '2026-12-01T00:00:00Z' });
    expect(items[1]?.actions.map((a) => a.kind)).toEqual(['link', 'settings']);
  });

  it('says what a source left off could not see, with the way to connect it, and nothing once it is read', () => {
    const off = buildHealth(input({ latest: { ...job, steps: job.steps.filter((s) => s.system !== 'atlassianorg'), resumed: undefined, tickets: undefined } }));
    const item = off.find((i) => i.id === 'source-off-atlassianorg');
    expect(item).toMatchObject({ level: 'info', title: 'Atlassian organization is not connected', actions: [{ label: 'Connect Atlassian organization', kind: 'settings', section: 'sources' }] });
    expect(item?.detail).toContain('people’s API tokens');
    expect(item?.detail).toContain('"unknown"');
    expect(buildHealth(input()).some((i) => i.id.startsWith('source-off-'))).toBe(false);
  });

  it('tells a first run what to connect, with the button for each', () => {
    const items = buildHealth(input({ settings: { ...settings, entraTenants: [] }, hasAutomationSource: false, latest: undefined }));
    expect(items.map((i) => [i.id, i.actions[0]?.kind])).toEqual([
      ['setup-entra', 'settings'],
      ['setup-automation', 'settings'],
      ['setup-scan', 'scan'],
    ]);
    expect(items.find((i) => i.id === 'setup-scan')?.detail).toBe('Scans also run every day once the sources are connected.');
    const hourly = buildHealth(input({ settings: { ...settings, entraTenants: [], scanSchedule: 'hourly' }, hasAutomationSource: false, latest: undefined }));
    expect(hourly.find((i) => i.id === 'setup-scan')?.detail).toBe('Scans also run every hour once the sources are connected.');
  });
});
