/**
 * Settings, with one save model: everything on this tab is a draft until "Save settings" (the bar says when there
 * are unsaved changes, and Discard puts the stored settings back). Connections are different and say so: an Entra
 * tenant (its secret is write-only) and the automation export are stored the moment they are added. Ticketing's
 * service desk and request type are picked from JSM, and the request type is checked for the fields the app's
 * tickets need before the first ticket fails. Every error is shown beside its field.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label, ValidMessage } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import { Box, Grid, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { token } from '@atlaskit/tokens';
import { checkRequestType } from '../../api/checkRequestType';
import { getSettings } from '../../api/getSettings';
import { listRequestTypes } from '../../api/listRequestTypes';
import { listServiceDesks } from '../../api/listServiceDesks';
import { saveSettings } from '../../api/saveSettings';
import { startScan } from '../../api/startScan';
import type { Envelope, RequestTypeCheck, RequestTypeOption, ServiceDeskOption, Severity, SettingsView, SourceSettingsView } from '../../api/types';
import { SEVERITIES, SEVERITY_LABEL } from '../../labels';
import { AutomationUpload } from '../AutomationUpload/AutomationUpload';
import { EntraTenantForm } from '../EntraTenantForm/EntraTenantForm';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';
import { ScanSchedule } from '../ScanSchedule/ScanSchedule';
import { SensitivityEditor } from '../SensitivityEditor/SensitivityEditor';
import { SourceSettingsForm } from '../SourceSettingsForm/SourceSettingsForm';
import { getSourceSettings } from '../../api/sourceSettings';

/** A section to bring into view (from the overview's health list), and a tenant to test there. */
export interface SettingsFocus {
  section: 'entra' | 'automation' | 'ticketing' | 'sources';
  tenantId?: string;
  test?: boolean;
  version: number;
}

const panelStyles = xcss({ backgroundColor: 'elevation.surface.raised', boxShadow: 'elevation.shadow.raised', borderRadius: 'radius.large', padding: 'space.200' });
const barStyles = xcss({ position: 'sticky', insetBlockEnd: 'space.0', paddingBlock: 'space.150', backgroundColor: 'elevation.surface', borderBlockStartWidth: 'border.width', borderBlockStartStyle: 'solid', borderBlockStartColor: 'color.border' });
const portal = { menuPortalTarget: typeof document !== 'undefined' ? document.body : undefined, styles: { menuPortal: (base: object) => ({ ...base, zIndex: 600 }) } };

function Panel({ id, title, note, children, headingRef }: { id: string; title: string; note?: string; children: React.ReactNode; headingRef?: (element: HTMLHeadingElement | null) => void }) {
  return (
    <Box as="section" aria-labelledby={`${id}-title`} testId={id} xcss={panelStyles} id={id}>
      <Stack space="space.150">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef} style={{ margin: 0, font: token('font.heading.small'), color: token('color.text') }}>
            {title}
          </h2>
          {note && <Lozenge>{note}</Lozenge>}
        </Inline>
        {children}
      </Stack>
    </Box>
  );
}

export function validateSettings(draft: SettingsView, requestType?: RequestTypeCheck | null): Record<string, string> {
  const errors: Record<string, string> = {};
  const days = draft.dormancyWindowDays;
  if (!Number.isInteger(days) || days < 1 || days > 365) errors.dormancy = 'Enter a whole number of days from 1 to 365.';
  const t = draft.ticketing;
  if (t.enabled && !/^\d+$/.test(t.serviceDeskId ?? '')) errors.serviceDesk = 'Choose the service desk the tickets go to.';
  if (t.enabled && !/^\d+$/.test(t.requestTypeId ?? '')) errors.requestType = 'Choose the request type of the tickets.';
  else if (t.enabled && requestType && !requestType.ok) errors.requestType = requestType.problems.join(' ');
  if (!Number.isInteger(t.maxNewPerScan) || t.maxNewPerScan < 1 || t.maxNewPerScan > 500) errors.maxNew = 'Enter a number from 1 to 500.';
  return errors;
}

interface Option {
  label: string;
  value: string;
}

/** Service desk and request type from JSM, and whether the request type takes the app's tickets. */
function TicketingPickers({ draft, onChange, errors, onCheck }: {
  draft: SettingsView['ticketing'];
  onChange: (next: Partial<SettingsView['ticketing']>) => void;
  errors: Record<string, string>;
  onCheck: (check: RequestTypeCheck | null) => void;
}) {
  const [desks, setDesks] = useState<Envelope<ServiceDeskOption[]> | null>(null);
  const [types, setTypes] = useState<Envelope<RequestTypeOption[]> | null>(null);
  const [check, setCheck] = useState<Envelope<RequestTypeCheck> | null>(null);
  useEffect(() => {
    let live = true;
    void listServiceDesks().then((result) => live && setDesks(result));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    let live = true;
    setTypes(null);
    if (draft.serviceDeskId) void listRequestTypes(draft.serviceDeskId).then((result) => live && setTypes(result));
    return () => {
      live = false;
    };
  }, [draft.serviceDeskId]);
  useEffect(() => {
    let live = true;
    setCheck(null);
    onCheck(null);
    if (draft.serviceDeskId && draft.requestTypeId) {
      void checkRequestType(draft.serviceDeskId, draft.requestTypeId).then((result) => {
        if (!live) return;
        setCheck(result);
        onCheck(result.ok ? result.data : null);
      });
    }
    return () => {
      live = false;
    };
  }, [draft.serviceDeskId, draft.requestTypeId, onCheck]);
  const deskOptions: Option[] = desks?.ok ? desks.data.map((d) => ({ label: `${d.projectName} (${d.projectKey})`, value: d.id })) : [];
  const typeOptions: Option[] = types?.ok ? types.data.map((t) => ({ label: t.name, value: t.id })) : [];
  const known = (options: Option[], id: string | undefined) => options.find((o) => o.value === id) ?? (id ? { label: `#${id}`, value: id } : null);
  return (
    <>
      <div>
        <Label htmlFor="ticketing-desk">Service desk</Label>
        <Select<Option>
          inputId="ticketing-desk"
          options={deskOptions}
          isLoading={desks === null}
          value={known(deskOptions, draft.serviceDeskId)}
          onChange={(o) => onChange({ serviceDeskId: o?.value, requestTypeId: undefined })}
          placeholder={desks && !desks.ok ? 'Could not read the service desks' : 'Choose a service desk'}
          spacing="compact"
          isInvalid={Boolean(errors.serviceDesk)}
          testId="ticketing-desk"
          {...portal}
        />
        {errors.serviceDesk ? <ErrorMessage>{errors.serviceDesk}</ErrorMessage> : desks && !desks.ok ? <ErrorMessage>{desks.error.message}</ErrorMessage> : <HelperMessage>The JSM service desks the app can create requests in.</HelperMessage>}
      </div>
      <div>
        <Label htmlFor="ticketing-type">Request type</Label>
        <Select<Option>
          inputId="ticketing-type"
          options={typeOptions}
          isDisabled={!draft.serviceDeskId}
          isLoading={Boolean(draft.serviceDeskId) && types === null}
          value={known(typeOptions, draft.requestTypeId)}
          onChange={(o) => onChange({ requestTypeId: o?.value })}
          placeholder={draft.serviceDeskId ? 'Choose a request type' : 'Choose a service desk first'}
          spacing="compact"
          isInvalid={Boolean(errors.requestType) || (check?.ok === true && !check.data.ok)}
          testId="ticketing-type"
          {...portal}
        />
        {errors.requestType ? (
          <ErrorMessage testId="request-type-error">{errors.requestType}</ErrorMessage>
        ) : check === null ? (
          <HelperMessage>Its form must have the Labels and Priority fields.</HelperMessage>
        ) : !check.ok ? (
          <ErrorMessage>{check.error.message}</ErrorMessage>
        ) : check.data.ok ? (
          <ValidMessage testId="request-type-ok">Labels and Priority are on its form: tickets can be created.</ValidMessage>
        ) : (
          <ErrorMessage testId="request-type-error">{check.data.problems.join(' ')}</ErrorMessage>
        )}
      </div>
    </>
  );
}

export function SettingsTab({ onScanStarted, focus }: { onScanStarted?: () => void; focus?: SettingsFocus }) {
  const [loaded, setLoaded] = useState<Envelope<SettingsView> | null>(null);
  const [sources, setSources] = useState<SourceSettingsView[]>([]);
  const [draft, setDraft] = useState<SettingsView | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempted, setAttempted] = useState(false);
  const [newHost, setNewHost] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveMessage, setSaveMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [scanMessage, setScanMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [requestCheck, setRequestCheck] = useState<RequestTypeCheck | null>(null);
  const headings = useRef(new Map<string, HTMLHeadingElement>());

  const reload = useCallback(async () => {
    const [result, own] = await Promise.all([getSettings(), getSourceSettings()]);
    setLoaded(result);
    if (result.ok) setDraft(result.data);
    if (own.ok) setSources(own.data);
  }, []);
  const reloadSources = useCallback(async () => {
    const own = await getSourceSettings();
    if (own.ok) setSources(own.data);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  // Brought here by a health action: show the section (and test the tenant when asked).
  useEffect(() => {
    if (!focus || !draft) return;
    const heading = headings.current.get(`settings-${focus.section}`);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  }, [focus, draft]);
  useEffect(() => {
    if (attempted && draft) setErrors(validateSettings(draft, requestCheck));
  }, [attempted, draft, requestCheck]);
  const dirty = useMemo(() => Boolean(loaded?.ok && draft && JSON.stringify(loaded.data) !== JSON.stringify(draft)), [loaded, draft]);
  const onCheck = useCallback((check: RequestTypeCheck | null) => setRequestCheck(check), []);

  if (loaded === null) return <Loading label="Loading settings" />;
  if (!loaded.ok) return <Refusal error={loaded.error} />;
  if (!draft) return null;

  const change = (next: Partial<SettingsView>) => {
    setDraft({ ...draft, ...next });
    setSaveMessage(null);
  };
  const changeTicketing = (next: Partial<SettingsView['ticketing']>) => change({ ticketing: { ...draft.ticketing, ...next } });
  const save = async () => {
    const found = validateSettings(draft, requestCheck);
    setAttempted(true);
    setErrors(found);
    setSaveMessage(null);
    if (Object.keys(found).length) {
      setSaveMessage({ ok: false, text: `Not saved: ${Object.keys(found).length} field${Object.keys(found).length === 1 ? ' needs' : 's need'} a change (marked above).` });
      return;
    }
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
  const headingRef = (id: string) => (element: HTMLHeadingElement | null) => {
    if (element) headings.current.set(id, element);
  };

  return (
    <Stack space="space.200" testId="settings">
      <Panel id="settings-scan" title="Scan" headingRef={headingRef('settings-scan')}>
        <Inline space="space.150" alignBlock="center">
          <Button appearance="primary" onClick={() => void scan()} testId="scan-now">
            Scan now
          </Button>
        </Inline>
        <ScanSchedule saved={loaded.data.scanSchedule} value={draft.scanSchedule} estimate={loaded.data.scheduleEstimate} onChange={(scanSchedule) => change({ scanSchedule })} />
        {scanMessage && (
          <SectionMessage appearance={scanMessage.ok ? 'information' : 'error'} testId="scan-message">
            <p>{scanMessage.text}</p>
          </SectionMessage>
        )}
      </Panel>
      <Panel id="settings-entra" title="Microsoft Entra tenants" note="Stored when added" headingRef={headingRef('settings-entra')}>
        <Stack space="space.150">
          {loaded.data.entraTenants.map((tenant) => (
            <EntraTenantForm key={tenant.tenantId} tenant={tenant} onSaved={() => void reload()} testNow={focus?.test && focus.tenantId === tenant.tenantId ? focus.version : undefined} />
          ))}
          <EntraTenantForm key={`new-${loaded.data.entraTenants.length}`} onSaved={() => void reload()} />
        </Stack>
      </Panel>
      <Panel id="settings-automation" title="Automation rules" note="Stored when uploaded" headingRef={headingRef('settings-automation')}>
        <AutomationUpload current={loaded.data.automationUpload} onUploaded={() => void reload()} />
      </Panel>
      {sources.length > 0 && (
        <Panel id="settings-sources" title="More sources" note="Stored when saved" headingRef={headingRef('settings-sources')}>
          <Stack space="space.300">
            {sources.map((source) => (
              <SourceSettingsForm key={`${source.id}-${source.configured}`} source={source} onChanged={() => void reloadSources()} />
            ))}
          </Stack>
        </Panel>
      )}
      <Panel id="settings-sensitivity" title="Sensitivity" headingRef={headingRef('settings-sensitivity')}>
        <HelperMessage>What is not listed here counts as {draft.defaultSensitivity}.</HelperMessage>
        <SensitivityEditor id="projects" title="Jira projects" keyLabel="Project key" entries={draft.sensitivity.jiraProjects} onChange={(jiraProjects) => change({ sensitivity: { ...draft.sensitivity, jiraProjects } })} />
        <SensitivityEditor id="sites" title="SharePoint sites" keyLabel="Site URL" entries={draft.sensitivity.sharePointSites} onChange={(sharePointSites) => change({ sensitivity: { ...draft.sensitivity, sharePointSites } })} />
        <SensitivityEditor id="mailboxes" title="Mailboxes" keyLabel="Mailbox" entries={draft.sensitivity.mailboxes} onChange={(mailboxes) => change({ sensitivity: { ...draft.sensitivity, mailboxes } })} />
      </Panel>
      <Panel id="settings-egress" title="Sanctioned destinations" headingRef={headingRef('settings-egress')}>
        <HelperMessage>Hosts outside your verified domains that automations may send data to.</HelperMessage>
        <Stack as="ul" space="space.050" xcss={xcss({ listStyle: 'none', margin: 'space.0', padding: 'space.0' })}>
          {draft.egress.sanctionedDestinations.map((host) => (
            <Inline as="li" key={host} space="space.100" alignBlock="center">
              <code>{host}</code>
              <Button appearance="subtle" spacing="compact" onClick={() => change({ egress: { sanctionedDestinations: draft.egress.sanctionedDestinations.filter((h) => h !== host) } })} aria-label={`Remove ${host}`}>
                Remove
              </Button>
            </Inline>
          ))}
        </Stack>
        <Inline space="space.100" alignBlock="end">
          <Box xcss={xcss({ flexGrow: 1, maxWidth: '360px' })}>
            <Label htmlFor="sanctioned-new">Add a host</Label>
            <TextField id="sanctioned-new" value={newHost} onChange={(e) => setNewHost(e.currentTarget.value)} placeholder="hooks.example.com" isCompact />
          </Box>
          <Button onClick={addHost} isDisabled={!newHost.trim()}>
            Add
          </Button>
        </Inline>
      </Panel>
      <Panel id="settings-ticketing" title="Thresholds and ticketing" headingRef={headingRef('settings-ticketing')}>
        <Grid templateColumns="repeat(auto-fit, minmax(240px, 1fr))" gap="space.150">
          <div>
            <Label htmlFor="dormancy-days">Dormancy window (days)</Label>
            <TextField id="dormancy-days" type="number" min={1} max={365} value={String(draft.dormancyWindowDays)} onChange={(e) => change({ dormancyWindowDays: Number(e.currentTarget.value) })} isCompact isInvalid={Boolean(errors.dormancy)} />
            {errors.dormancy ? <ErrorMessage>{errors.dormancy}</ErrorMessage> : <HelperMessage>High privilege unused this long is dormant.</HelperMessage>}
          </div>
          <div>
            <Label htmlFor="ticketing-enabled">JSM tickets for findings</Label>
            <Inline space="space.100" alignBlock="center">
              <Toggle id="ticketing-enabled" isChecked={draft.ticketing.enabled} onChange={(e) => changeTicketing({ enabled: e.currentTarget.checked })} testId="ticketing-enabled" />
              <Text>{draft.ticketing.enabled ? 'On' : 'Off'}</Text>
            </Inline>
            <HelperMessage>One ticket per finding at or above the severity below.</HelperMessage>
          </div>
          <TicketingPickers draft={draft.ticketing} onChange={changeTicketing} errors={errors} onCheck={onCheck} />
          <div>
            <Label htmlFor="ticketing-severity">Open tickets for</Label>
            <Select<{ label: string; value: Severity }>
              inputId="ticketing-severity"
              options={severityOptions}
              value={severityOptions.find((o) => o.value === draft.ticketing.minimumSeverity)}
              onChange={(o) => o && changeTicketing({ minimumSeverity: o.value })}
              spacing="compact"
              {...portal}
            />
          </div>
          <div>
            <Label htmlFor="ticketing-max">New tickets per scan, at most</Label>
            <TextField id="ticketing-max" type="number" min={1} max={500} value={String(draft.ticketing.maxNewPerScan)} onChange={(e) => changeTicketing({ maxNewPerScan: Number(e.currentTarget.value) })} isCompact isInvalid={Boolean(errors.maxNew)} />
            {errors.maxNew ? <ErrorMessage>{errors.maxNew}</ErrorMessage> : <HelperMessage>The rest wait for the next scan.</HelperMessage>}
          </div>
        </Grid>
      </Panel>
      <Box xcss={barStyles} testId="settings-save-bar">
        <Inline space="space.150" alignBlock="center" shouldWrap>
          <Button appearance="primary" onClick={() => void save()} isLoading={saving} isDisabled={!dirty} testId="settings-save">
            Save settings
          </Button>
          <Button appearance="subtle" isDisabled={!dirty} onClick={() => {
            setDraft(loaded.data);
            setErrors({});
            setAttempted(false);
            setSaveMessage(null);
          }} testId="settings-discard">
            Discard changes
          </Button>
          <Box role="status" testId="settings-save-result">
            {saveMessage ? (
              <Text color={saveMessage.ok ? 'color.text.success' : 'color.text.danger'}>{saveMessage.text}</Text>
            ) : dirty ? (
              <Text color="color.text.warning">You have unsaved changes.</Text>
            ) : (
              <Text color="color.text.subtle">Everything on this tab is saved.</Text>
            )}
          </Box>
        </Inline>
      </Box>
    </Stack>
  );
}
