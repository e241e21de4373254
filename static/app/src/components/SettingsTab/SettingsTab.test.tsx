import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, expect, it, vi } from 'vitest';
import type { SettingsView } from '../../api/types';
import { SettingsTab, validateSettings } from './SettingsTab';

const settings: SettingsView = {
  entraTenants: [{ tenantId: '6f1d2c8a-3b47-4e9a-9c15-2d7e8b4a0f63', clientId: '21e4935b-c19e-46e7-b4e7-758d4076d255', displayName: 'Grup MediaPro', hasClientSecret: true }],
  dormancyWindowDays: 30,
  credentialExpiryWarningDays: 30,
  defaultSensitivity: 'internal',
  sensitivity: { jiraProjects: { DEALS: { level: 'restricted' } }, sharePointSites: {}, mailboxes: {}, adoProjects: {} },
  egress: { sanctionedDestinations: ['ado-jira.boardsync.io'] },
  ticketing: { enabled: true, serviceDeskId: '1', requestTypeId: '12', minimumSeverity: 'HIGH', maxNewPerScan: 50 },
  automation: { source: 'upload' },
  automationUpload: null,
  hasAutomationToken: false,
  scanSchedule: 'daily',
  scheduleEstimate: { available: false, reason: 'No scan has completed yet: the estimate is measured on the last complete scan.' },
};

const saveSettings = vi.fn();
const startScan = vi.fn();
const checkRequestType = vi.fn();
vi.mock('../../api/getSettings', () => ({ getSettings: () => Promise.resolve({ ok: true, data: settings }) }));
vi.mock('../../api/saveSettings', () => ({ saveSettings: (s: unknown) => saveSettings(s) }));
vi.mock('../../api/startScan', () => ({ startScan: () => startScan() }));
vi.mock('../../api/listServiceDesks', () => ({ listServiceDesks: () => Promise.resolve({ ok: true, data: [{ id: '1', projectKey: 'ITSM', projectName: 'IT Service Management' }] }) }));
vi.mock('../../api/listRequestTypes', () => ({ listRequestTypes: () => Promise.resolve({ ok: true, data: [{ id: '12', name: 'Report a system problem' }, { id: '14', name: 'Report a security finding' }] }) }));
vi.mock('../../api/checkRequestType', () => ({ checkRequestType: (desk: string, type: string) => checkRequestType(desk, type) }));

const refused = { fields: [], acceptsLabels: false, acceptsPriority: true, unfillable: [], ok: false, problems: ['Add the Labels field to the request type’s form: the app finds its tickets by label.'] };
const accepted = { fields: [], acceptsLabels: true, acceptsPriority: true, unfillable: [], ok: true, problems: [] };

beforeEach(() => {
  saveSettings.mockReset();
  checkRequestType.mockImplementation((_desk: string, type: string) => Promise.resolve({ ok: true, data: type === '14' ? accepted : refused }));
});

it('validates the dormancy window, the ticketing choices and the request type’s form', () => {
  expect(validateSettings({ ...settings, dormancyWindowDays: 0 }).dormancy).toBe('Enter a whole number of days from 1 to 365.');
  expect(validateSettings({ ...settings, ticketing: { ...settings.ticketing, serviceDeskId: undefined } }).serviceDesk).toBe('Choose the service desk the tickets go to.');
  expect(validateSettings(settings, refused).requestType).toContain('Add the Labels field');
  expect(validateSettings(settings, accepted)).toEqual({});
});

it('says beside the picker when the request type cannot take tickets, and does not save until it can', async () => {
  render(<SettingsTab />);
  expect((await screen.findByTestId('request-type-error')).textContent).toContain('Add the Labels field');
  fireEvent.change(screen.getByLabelText('Dormancy window (days)'), { target: { value: '45' } });
  fireEvent.click(screen.getByTestId('settings-save'));
  expect((await screen.findByTestId('settings-save-result')).textContent).toContain('Not saved: 1 field needs a change');
  expect(saveSettings).not.toHaveBeenCalled();
});

it('has one save model: changes are a draft until saved, and say so', async () => {
  checkRequestType.mockResolvedValue({ ok: true, data: accepted });
  saveSettings.mockResolvedValue({ ok: true, data: { saved: true } });
  render(<SettingsTab />);
  await screen.findByTestId('request-type-ok');
  expect(screen.getByTestId('settings-save-result').textContent).toBe('Everything on this tab is saved.');
  fireEvent.change(screen.getByLabelText('Add a host'), { target: { value: 'hooks.example.com' } });
  fireEvent.click(screen.getAllByText('Add').at(-1) as HTMLElement);
  expect(screen.getByTestId('settings-save-result').textContent).toBe('You have unsaved changes.');
  fireEvent.click(screen.getByTestId('settings-save'));
  await waitFor(() => expect(saveSettings).toHaveBeenCalled());
  expect((saveSettings.mock.calls[0]?.[0] as SettingsView).egress.sanctionedDestinations).toEqual(['ado-jira.boardsync.io', 'hooks.example.com']);
});

it('turns ticketing on and off with a toggle', async () => {
  checkRequestType.mockResolvedValue({ ok: true, data: accepted });
  render(<SettingsTab />);
  const toggle = (await screen.findByTestId('ticketing-enabled--input')) as HTMLInputElement;
  expect(toggle.checked).toBe(true);
  fireEvent.click(toggle);
  expect(screen.getByTestId('settings-save-result').textContent).toBe('You have unsaved changes.');
});

it('starts a scan', async () => {
  startScan.mockResolvedValue({ ok: true, data: { syncId: 's3', started: true } });
  const onScanStarted = vi.fn();
  render(<SettingsTab onScanStarted={onScanStarted} />);
  fireEvent.click(await screen.findByTestId('scan-now'));
  expect((await screen.findByTestId('scan-message')).textContent).toContain('Scan started');
  expect(onScanStarted).toHaveBeenCalled();
});

it('offers the scan schedule in the Scan panel and saves it with the rest', async () => {
  checkRequestType.mockResolvedValue({ ok: true, data: accepted });
  saveSettings.mockResolvedValue({ ok: true, data: { saved: true } });
  render(<SettingsTab />);
  await screen.findByTestId('request-type-ok');
  expect(screen.getByTestId('scan-schedule-runs').textContent).toBe('Scans also run every day.');
  expect(screen.getByTestId('scan-schedule-estimate-hourly').textContent).toBe('Every hour: no estimate until a scan completes.');
  const input = screen.getByLabelText('Scheduled scans');
  fireEvent.keyDown(input, { key: 'ArrowDown' });
  fireEvent.click(await screen.findByRole('option', { name: 'Every hour' }));
  expect(screen.getByTestId('scan-schedule-runs').textContent).toBe('Scans also run every day. They run every hour once you save.');
  expect(screen.getByTestId('settings-save-result').textContent).toBe('You have unsaved changes.');
  fireEvent.click(screen.getByTestId('settings-save'));
  await waitFor(() => expect(saveSettings).toHaveBeenCalled());
  expect((saveSettings.mock.calls[0]?.[0] as SettingsView).scanSchedule).toBe('hourly');
});
