/**
 * Settings: Entra tenants (with Test connection), the automation export, sensitivity of projects, sites and
 * mailboxes, sanctioned destinations, the dormancy window, ticketing, and "Scan now".
 */
import { useCallback, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { getSettings } from '../../api/getSettings';
import { saveSettings } from '../../api/saveSettings';
import { startScan } from '../../api/startScan';
import type { Envelope, Severity, SettingsView } from '../../api/types';
import { SEVERITIES, SEVERITY_LABEL } from '../../labels';
import { AutomationUpload } from '../AutomationUpload/AutomationUpload';
import { EntraTenantForm } from '../EntraTenantForm/EntraTenantForm';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';
import { SensitivityEditor } from '../SensitivityEditor/SensitivityEditor';

function Panel({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section aria-label={title} data-testid={testId} style={{ background: token('elevation.surface.raised'), boxShadow: token('elevation.shadow.raised'), borderRadius: 8, padding: token('space.200'), color: token('color.text') }}>
      <Heading size="small" as="h3">
        {title}
      </Heading>
      <div style={{ marginTop: token('space.150') }}>{children}</div>
    </section>
  );
}

export function validateSettings(draft: SettingsView): Record<string, string> {
  const errors: Record<string, string> = {};
  const days = draft.dormancyWindowDays;
  if (!Number.isInteger(days) || days < 1 || days > 365) errors.dormancy = 'Enter a whole number of days from 1 to 365.';
  const t = draft.ticketing;
  if (t.enabled && !/^\d+$/.test(t.serviceDeskId ?? '')) errors.serviceDesk = 'Enter the numeric id of the service desk.';
  if (t.enabled && !/^\d+$/.test(t.requestTypeId ?? '')) errors.requestType = 'Enter the numeric id of the request type.';
  if (!Number.isInteger(t.maxNewPerScan) || t.maxNewPerScan < 1 || t.maxNewPerScan > 500) errors.maxNew = 'Enter a number from 1 to 500.';
  return errors;
}

export function SettingsTab({ onScanStarted }: { onScanStarted?: () => void }) {
  const [loaded, setLoaded] = useState<Envelope<SettingsView> | null>(null);
  const [draft, setDraft] = useState<SettingsView | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [newHost, setNewHost] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveMessage, setSaveMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [scanMessage, setScanMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const reload = useCallback(async () => {
    const result = await getSettings();
    setLoaded(result);
    if (result.ok) setDraft(result.data);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (loaded === null) return <Loading label="Loading settings" />;
  if (!loaded.ok) return <Refusal error={loaded.error} />;
  if (!draft) return null;

  const change = (next: Partial<SettingsView>) => setDraft({ ...draft, ...next });
  const changeTicketing = (next: Partial<SettingsView['ticketing']>) => setDraft({ ...draft, ticketing: { ...draft.ticketing, ...next } });
  const save = async () => {
    const found = validateSettings(draft);
    setErrors(found);
    setSaveMessage(null);
    if (Object.keys(found).length) return;
    setSaving(true);
    const result = await saveSettings(draft);
    setSaving(false);
    setSaveMessage(result.ok ? { ok: true, text: 'Settings saved. The next scan uses them.' } : { ok: false, text: result.error.message });
    if (result.ok) void reload();
  };
  const scan = async () => {
    const result = await startScan();
    if (!result.ok) setScanMessage({ ok: false, text: result.error.message });
    else {
      setScanMessage({ ok: true, text: result.data.started ? 'Scan started. Its progress shows on the Overview tab.' : 'A scan is already running.' });
      onScanStarted?.();
    }
  };
  const addHost = () => {
    const host = newHost.trim().toLowerCase();
    if (!host || draft.egress.sanctionedDestinations.includes(host)) return;
    change({ egress: { sanctionedDestinations: [...draft.egress.sanctionedDestinations, host] } });
    setNewHost('');
  };
  const severityOptions = SEVERITIES.map((s) => ({ label: `${SEVERITY_LABEL[s]} and above`, value: s }));

  return (
    <div data-testid="settings" style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      <Panel title="Scan" testId="settings-scan">
        <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <Button appearance="primary" onClick={() => void scan()} testId="scan-now">
            Scan now
          </Button>
          <span style={{ color: token('color.text.subtle') }}>Scans also run every day.</span>
        </div>
        {scanMessage && (
          <div style={{ marginTop: token('space.100') }}>
            <SectionMessage appearance={scanMessage.ok ? 'information' : 'error'} testId="scan-message">
              <p>{scanMessage.text}</p>
            </SectionMessage>
          </div>
        )}
      </Panel>
      <Panel title="Microsoft Entra tenants" testId="settings-entra">
        <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
          {loaded.data.entraTenants.map((tenant) => (
            <EntraTenantForm key={tenant.tenantId} tenant={tenant} onSaved={() => void reload()} />
          ))}
          <EntraTenantForm key={`new-${loaded.data.entraTenants.length}`} onSaved={() => void reload()} />
        </div>
      </Panel>
      <Panel title="Automation rules" testId="settings-automation">
        <AutomationUpload current={loaded.data.automationUpload} onUploaded={() => void reload()} />
      </Panel>
      <Panel title="Sensitivity" testId="settings-sensitivity">
        <HelperMessage>What is not listed here counts as {draft.defaultSensitivity}.</HelperMessage>
        <SensitivityEditor id="projects" title="Jira projects" keyLabel="Project key" entries={draft.sensitivity.jiraProjects} onChange={(jiraProjects) => change({ sensitivity: { ...draft.sensitivity, jiraProjects } })} />
        <SensitivityEditor id="sites" title="SharePoint sites" keyLabel="Site URL" entries={draft.sensitivity.sharePointSites} onChange={(sharePointSites) => change({ sensitivity: { ...draft.sensitivity, sharePointSites } })} />
        <SensitivityEditor id="mailboxes" title="Mailboxes" keyLabel="Mailbox" entries={draft.sensitivity.mailboxes} onChange={(mailboxes) => change({ sensitivity: { ...draft.sensitivity, mailboxes } })} />
      </Panel>
      <Panel title="Sanctioned destinations" testId="settings-egress">
        <HelperMessage>Hosts outside your verified domains that automations may send data to.</HelperMessage>
        <ul style={{ paddingLeft: 0, listStyle: 'none' }}>
          {draft.egress.sanctionedDestinations.map((host) => (
            <li key={host} style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '2px 0' }}>
              <code>{host}</code>
              <Button appearance="subtle" spacing="compact" onClick={() => change({ egress: { sanctionedDestinations: draft.egress.sanctionedDestinations.filter((h) => h !== host) } })}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
        <div style={{ display: 'flex', gap: 8, alignItems: 'flex-end' }}>
          <div style={{ flex: 1, maxWidth: 360 }}>
            <Label htmlFor="sanctioned-new">Add a host</Label>
            <TextField id="sanctioned-new" value={newHost} onChange={(e) => setNewHost(e.currentTarget.value)} placeholder="hooks.example.com" isCompact />
          </div>
          <Button onClick={addHost} isDisabled={!newHost.trim()}>
            Add
          </Button>
        </div>
      </Panel>
      <Panel title="Thresholds and ticketing" testId="settings-ticketing">
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: token('space.150') }}>
          <div>
            <Label htmlFor="dormancy-days">Dormancy window (days)</Label>
            <TextField id="dormancy-days" type="number" min={1} max={365} value={String(draft.dormancyWindowDays)} onChange={(e) => change({ dormancyWindowDays: Number(e.currentTarget.value) })} isCompact isInvalid={Boolean(errors.dormancy)} />
            {errors.dormancy ? <ErrorMessage>{errors.dormancy}</ErrorMessage> : <HelperMessage>High privilege unused this long is dormant.</HelperMessage>}
          </div>
          <div>
            <Label htmlFor="ticketing-enabled">JSM tickets for findings</Label>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 32 }}>
              <input id="ticketing-enabled" type="checkbox" checked={draft.ticketing.enabled} onChange={(e) => changeTicketing({ enabled: e.currentTarget.checked })} />
              <span>{draft.ticketing.enabled ? 'On' : 'Off'}</span>
            </div>
          </div>
          <div>
            <Label htmlFor="ticketing-desk">Service desk id</Label>
            <TextField id="ticketing-desk" value={draft.ticketing.serviceDeskId ?? ''} onChange={(e) => changeTicketing({ serviceDeskId: e.currentTarget.value || undefined })} isCompact isInvalid={Boolean(errors.serviceDesk)} />
            {errors.serviceDesk && <ErrorMessage>{errors.serviceDesk}</ErrorMessage>}
          </div>
          <div>
            <Label htmlFor="ticketing-type">Request type id</Label>
            <TextField id="ticketing-type" value={draft.ticketing.requestTypeId ?? ''} onChange={(e) => changeTicketing({ requestTypeId: e.currentTarget.value || undefined })} isCompact isInvalid={Boolean(errors.requestType)} />
            {errors.requestType && <ErrorMessage>{errors.requestType}</ErrorMessage>}
          </div>
          <div>
            <Label htmlFor="ticketing-severity">Open tickets for</Label>
            <Select<{ label: string; value: Severity }>
              inputId="ticketing-severity"
              options={severityOptions}
              value={severityOptions.find((o) => o.value === draft.ticketing.minimumSeverity)}
              onChange={(o) => o && changeTicketing({ minimumSeverity: o.value })}
              spacing="compact"
            />
          </div>
          <div>
            <Label htmlFor="ticketing-max">New tickets per scan, at most</Label>
            <TextField id="ticketing-max" type="number" min={1} max={500} value={String(draft.ticketing.maxNewPerScan)} onChange={(e) => changeTicketing({ maxNewPerScan: Number(e.currentTarget.value) })} isCompact isInvalid={Boolean(errors.maxNew)} />
            {errors.maxNew && <ErrorMessage>{errors.maxNew}</ErrorMessage>}
          </div>
        </div>
      </Panel>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', position: 'sticky', bottom: 0, padding: `${token('space.150')} 0`, background: token('elevation.surface') }}>
        <Button appearance="primary" onClick={() => void save()} isLoading={saving} testId="settings-save">
          Save settings
        </Button>
        <Button appearance="subtle" onClick={() => setDraft(loaded.data)}>
          Discard changes
        </Button>
        {saveMessage && (
          <span role="status" style={{ color: saveMessage.ok ? token('color.text.success') : token('color.text.danger') }} data-testid="settings-save-result">
            {saveMessage.text}
          </span>
        )}
      </div>
    </div>
  );
}
