/**
 * The app's own health, for the overview: what stops it from seeing everything (a Graph permission Entra did not
 * grant, its client secret running out, a source read only in part, a scan that had to be resumed, ticketing that
 * cannot create tickets) and, on first run, what is left to connect. Each item names the action that fixes it.
 * Pure: the caller passes the stored state and the clock.
 */
import type { Settings } from '../settings/settings';
import { SOURCES } from '../sources/registry/registry';
import { kindOf, type SyncJob } from './sync-state';

export interface HealthAction {
  label: string;
  /** link: open `url` (absolute); settings: go to a Settings section; scan: start a scan; test-connection: test `tenantId`. */
  kind: 'link' | 'settings' | 'scan' | 'test-connection';
  url?: string;
  section?: 'entra' | 'automation' | 'ticketing' | 'sources';
  tenantId?: string;
}

export interface HealthItem {
  id: string;
  level: 'error' | 'warning' | 'info';
  /** `{date}` in the title or detail stands for `at`, which the page writes in the user's locale and time zone. */
  title: string;
  detail: string;
  at?: string;
  actions: HealthAction[];
}

/** What the last check of an Entra connection found (connection test, or the overview's own periodic check). */
export interface EntraProbe {
  tenantId: string;
  checkedAt: string;
  /** Required Graph permissions the app's token does not carry. */
  missing: Array<{ name: string; why: string }>;
  error?: string;
  /** The client secret the app uses (told apart from others by its hint), when the app registration could be read. */
  secret?: { endDateTime: string | null; matched: boolean };
}

export interface SetupState {
  entraConnected: boolean;
  automationConnected: boolean;
  scanned: boolean;
}

export interface HealthInput {
  settings: Pick<Settings, 'entraTenants' | 'automation' | 'ticketing' | 'credentialExpiryWarningDays' | 'scanSchedule'>;
  hasAutomationSource: boolean;
  latest: SyncJob | undefined;
  probes: readonly EntraProbe[];
  ticketsWaiting: number;
  /** The clock "soon" is measured from: the last scan's (Jira's) time, else now. */
  now: string;
}

const PORTAL = 'https://portal.azure.com';
const DAY = 86_400_000;

const appBlade = (tenantId: string, clientId: string, blade: 'CallAnAPI' | 'Credentials') =>
  `${PORTAL}/#@${encodeURIComponent(tenantId)}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${blade}/appId/${encodeURIComponent(clientId)}`;

export function setupState(input: Pick<HealthInput, 'settings' | 'hasAutomationSource' | 'latest'>): SetupState {
  return { entraConnected: input.settings.entraTenants.length > 0, automationConnected: input.hasAutomationSource, scanned: input.latest !== undefined };
}

export function buildHealth(input: HealthInput): HealthItem[] {
  const items: HealthItem[] = [];
  const setup = setupState(input);
  if (!setup.entraConnected) {
    items.push({
      id: 'setup-entra',
      level: 'warning',
      title: 'Connect Microsoft Entra ID',
      detail: 'Register an app in each Entra tenant to scan, grant it the read-only Graph permissions and enter its tenant id, client id and secret.',
      actions: [{ label: 'Connect Entra ID', kind: 'settings', section: 'entra' }],
    });
  }
  if (!setup.automationConnected) {
    items.push({
      id: 'setup-automation',
      level: 'warning',
      title: 'Upload your automation rules',
      detail: 'Forge apps cannot read automation rules: export them in Jira settings → System → Automation and upload the file.',
      actions: [{ label: 'Upload the export', kind: 'settings', section: 'automation' }],
    });
  }
  if (!setup.scanned) {
    items.push({ id: 'setup-scan', level: 'info', title: 'Run the first scan', detail: `Scans also run ${input.settings.scanSchedule === 'hourly' ? 'every hour' : 'every day'} once the sources are connected.`, actions: [{ label: 'Scan now', kind: 'scan' }] });
  }

  for (const probe of input.probes) {
    const tenant = input.settings.entraTenants.find((t) => t.tenantId === probe.tenantId);
    if (!tenant) continue;
    const name = tenant.displayName ?? tenant.tenantId;
    if (probe.error && probe.missing.length === 0) {
      items.push({
        id: `entra-error-${probe.tenantId}`,
        level: 'error',
        title: `SecurityV0 cannot sign in to ${name}`,
        detail: probe.error,
        actions: [
          { label: 'Check the connection', kind: 'settings', section: 'entra', tenantId: probe.tenantId },
          { label: 'Certificates & secrets (Entra)', kind: 'link', url: appBlade(probe.tenantId, tenant.clientId, 'Credentials') },
        ],
      });
    }
    if (probe.missing.length > 0) {
      items.push({
        id: `entra-permissions-${probe.tenantId}`,
        level: 'warning',
        title: `${probe.missing.length} Graph permission${probe.missing.length === 1 ? ' is' : 's are'} not granted in ${name}`,
        detail: probe.missing.map((p) => `${p.name}: ${p.why}`).join(' · '),
        actions: [
          { label: 'Grant them in Entra (API permissions)', kind: 'link', url: appBlade(probe.tenantId, tenant.clientId, 'CallAnAPI') },
          { label: 'Test the connection again', kind: 'test-connection', tenantId: probe.tenantId },
        ],
      });
    }
    const end = probe.secret?.endDateTime;
    if (probe.secret?.matched && end) {
      const days = Math.floor((Date.parse(end) - Date.parse(input.now)) / DAY);
      if (days <= input.settings.credentialExpiryWarningDays) {
        items.push({
          id: `entra-secret-${probe.tenantId}`,
          level: days < 0 ? 'error' : days <= 7 ? 'error' : 'warning',
          title: days < 0 ? `The client secret SecurityV0 uses in ${name} expired on {date}` : `The client secret SecurityV0 uses in ${name} expires on {date}`,
          at: end,
          detail: days < 0 ? 'Scans of this tenant fail until a new secret is entered.' : `In ${days} day${days === 1 ? '' : 's'} scans of this tenant start to fail. Add a new secret in Entra and enter it in Settings.`,
          actions: [
            { label: 'New client secret (Entra)', kind: 'link', url: appBlade(probe.tenantId, tenant.clientId, 'Credentials') },
            { label: 'Enter the new secret', kind: 'settings', section: 'entra', tenantId: probe.tenantId },
          ],
        });
      }
    }
  }

  const latest = input.latest;
  for (const step of latest?.steps ?? []) {
    if (step.status !== 'partial' && step.status !== 'failed') continue;
    if (kindOf(step) === 'output') continue; // tickets: reported below, with what to change
    const permission = /\b403\b|Authorization_RequestDenied|permission|Insufficient privileges/i.test(step.reason ?? '');
    const tenant = step.tenantId ? input.settings.entraTenants.find((t) => t.tenantId === step.tenantId) : undefined;
    const actions: HealthAction[] = [];
    if (permission && tenant) {
      actions.push({ label: 'Grant the permission (Entra)', kind: 'link', url: appBlade(tenant.tenantId, tenant.clientId, 'CallAnAPI') });
      actions.push({ label: 'Test the connection', kind: 'test-connection', tenantId: tenant.tenantId });
    }
    actions.push({ label: 'Scan again', kind: 'scan' });
    items.push({
      id: `source-${step.id}`,
      level: step.status === 'failed' ? 'error' : 'warning',
      title: `${step.label} was ${step.status === 'failed' ? 'not read' : 'read only in part'} in the last scan`,
      detail: `${step.reason ?? 'No reason was recorded.'} Until it is read completely, findings that depend on it say "unknown" and nothing is resolved.`,
      actions,
    });
  }
  // A source an admin left off: what only it shows was not seen, and the checks that would read it said "unknown".
  for (const source of SOURCES) {
    if (!latest || !source.unseenWhenOff || latest.steps.some((step) => step.system === source.id)) continue;
    items.push({
      id: `source-off-${source.id}`,
      level: 'info',
      title: `${source.label} is not connected`,
      detail: `The last scan could not see ${source.unseenWhenOff.what}. Checks that would read them answer "unknown" there, never "none".`,
      actions: [{ label: `Connect ${source.label}`, kind: 'settings', section: 'sources' }],
    });
  }
  if (latest?.resumed && latest.resumed.count > 0) {
    items.push({
      id: 'scan-resumed',
      level: 'info',
      title: `The last scan was resumed ${latest.resumed.count} time${latest.resumed.count === 1 ? '' : 's'}`,
      detail: 'A step stopped before it finished and the scan picked up where it left off (last on {date}). What it read is complete; if this happens on every scan, the tenant is near a time limit.',
      at: latest.resumed.lastAt,
      actions: [{ label: 'Scan again', kind: 'scan' }],
    });
  }
  const configurationError = latest?.tickets?.configurationError;
  if (configurationError) {
    items.push({
      id: 'tickets-configuration',
      level: 'error',
      title: 'Tickets cannot be created',
      detail: configurationError,
      actions: [{ label: 'Fix ticketing', kind: 'settings', section: 'ticketing' }],
    });
  } else if (input.settings.ticketing.enabled && (!input.settings.ticketing.serviceDeskId || !input.settings.ticketing.requestTypeId)) {
    items.push({
      id: 'tickets-incomplete',
      level: 'warning',
      title: 'Ticketing is on but has no service desk or request type',
      detail: 'No ticket is opened until both are chosen.',
      actions: [{ label: 'Choose them', kind: 'settings', section: 'ticketing' }],
    });
  }
  if (input.ticketsWaiting > 0) {
    items.push({
      id: 'tickets-waiting',
      level: 'info',
      title: `${input.ticketsWaiting} finding${input.ticketsWaiting === 1 ? ' waits' : 's wait'} for a ticket`,
      detail: `The per-scan limit of ${input.settings.ticketing.maxNewPerScan} new tickets was reached. The next scan opens them.`,
      actions: [
        { label: 'Scan now', kind: 'scan' },
        { label: 'Change the limit', kind: 'settings', section: 'ticketing' },
      ],
    });
  }
  return items;
}
