import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import type { SettingsView } from '../../api/types';
import { SettingsTab, validateSettings } from './SettingsTab';

const settings: SettingsView = {
  entraTenants: [{ tenantId: '6f1d2c8a-3b47-4e9a-9c15-2d7e8b4a0f63', clientId: '21e4935b-c19e-46e7-b4e7-758d4076d255', displayName: 'Grup MediaPro', hasClientSecret: true }],
  dormancyWindowDays: 30,
  credentialExpiryWarningDays: 30,
  defaultSensitivity: 'internal',
  sensitivity: { jiraProjects: { DEALS: { level: 'restricted' } }, sharePointSites: {}, mailboxes: {}, adoProjects: {} },
  egress: { sanctionedDestinations: ['ado-jira.boardsync.io'] },
  ticketing: { enabled: false, minimumSeverity: 'HIGH', maxNewPerScan: 50 },
  automation: { source: 'upload' },
  automationUpload: null,
  hasAutomationToken: false,
  hasAzureDevOpsPat: true,
};

const saveSettings = vi.fn();
const startScan = vi.fn();
vi.mock('../../api/getSettings', () => ({ getSettings: () => Promise.resolve({ ok: true, data: settings }) }));
vi.mock('../../api/saveSettings', () => ({ saveSettings: (s: unknown) => saveSettings(s) }));
vi.mock('../../api/startScan', () => ({ startScan: () => startScan() }));

it('validates the dormancy window and ticketing ids', () => {
  expect(validateSettings({ ...settings, dormancyWindowDays: 0 }).dormancy).toBe('Enter a whole number of days from 1 to 365.');
  expect(validateSettings({ ...settings, ticketing: { ...settings.ticketing, enabled: true } }).serviceDesk).toBe('Enter the numeric id of the service desk.');
  expect(validateSettings(settings)).toEqual({});
});

it('saves a changed sanctioned destination list', async () => {
  saveSettings.mockResolvedValue({ ok: true, data: { saved: true } });
  render(<SettingsTab />);
  fireEvent.change(await screen.findByLabelText('Add a host'), { target: { value: 'hooks.example.com' } });
  fireEvent.click(screen.getAllByText('Add').at(-1) as HTMLElement);
  fireEvent.click(screen.getByTestId('settings-save'));
  await waitFor(() => expect(saveSettings).toHaveBeenCalled());
  expect((saveSettings.mock.calls[0]?.[0] as SettingsView).egress.sanctionedDestinations).toEqual(['ado-jira.boardsync.io', 'hooks.example.com']);
});

it('starts a scan', async () => {
  startScan.mockResolvedValue({ ok: true, data: { syncId: 's3', started: true } });
  const onScanStarted = vi.fn();
  render(<SettingsTab onScanStarted={onScanStarted} />);
  fireEvent.click(await screen.findByTestId('scan-now'));
  expect((await screen.findByTestId('scan-message')).textContent).toContain('Scan started');
  expect(onScanStarted).toHaveBeenCalled();
});
