import { render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import type { ScheduleEstimate } from '../../api/types';
import { ScanSchedule, dollars } from './ScanSchedule';

// Measured on a ten-minute scan: the daily month is inside most of the allowance, the hourly one is not.
const measured: Extract<ScheduleEstimate, { available: true }> = {
  available: true,
  measuredOn: { syncId: 'sync-20261205T020000000Z', finishedAt: '2026-12-05T02:10:00.000Z' },
  perScan: { gbSeconds: 600, kvsBytesRead: 50e6, kvsBytesWritten: 5e6, invocations: 3 },
  daily: { schedule: 'daily', scansPerMonth: 30, gbSeconds: 18_093.9, kvsGbRead: 1.5879, kvsGbWritten: 0.15, usdAboveAllowance: 0.1363, usdGross: 0.7032 },
  hourly: { schedule: 'hourly', scansPerMonth: 720, gbSeconds: 432_093.9, kvsGbRead: 36.0879, kvsGbWritten: 3.6, usdAboveAllowance: 14.0967, usdGross: 16.6856 },
};

it('shows beside each choice what it would cost a month, measured on the scan it names', () => {
  render(<ScanSchedule saved="daily" value="daily" estimate={measured} onChange={vi.fn()} />);
  expect(screen.getByTestId('scan-schedule-runs').textContent).toBe('Scans also run every day.');
  expect(screen.getByTestId('scan-schedule-estimate-daily').textContent).toBe('Every day: about $0.14 a month above Forge’s free allowance ($0.70 without it), measured on the scan of 5 Dec 2026.');
  expect(screen.getByTestId('scan-schedule-estimate-hourly').textContent).toBe('Every hour: about $14.10 a month above Forge’s free allowance ($16.69 without it), measured on the scan of 5 Dec 2026.');
});

it('says there is no estimate until a scan completes, and why', () => {
  const none: ScheduleEstimate = { available: false, reason: 'No scan has completed yet: the estimate is measured on the last complete scan.' };
  render(<ScanSchedule saved="hourly" value="hourly" estimate={none} onChange={vi.fn()} />);
  expect(screen.getByTestId('scan-schedule-runs').textContent).toBe('Scans also run every hour.');
  expect(screen.getByTestId('scan-schedule-estimate-daily').textContent).toBe('Every day: no estimate until a scan completes.');
  expect(screen.getByTestId('scan-schedule-estimate-hourly').textContent).toBe('Every hour: no estimate until a scan completes.');
  expect(screen.getByText(/No scan has completed yet/)).toBeTruthy();
});

it('says nothing is due above the allowance rather than $0.00, and less than a cent rather than zero', () => {
  const free: ScheduleEstimate = { ...measured, daily: { ...measured.daily, usdAboveAllowance: 0, usdGross: 0.004 } };
  render(<ScanSchedule saved="daily" value="daily" estimate={free} onChange={vi.fn()} />);
  expect(screen.getByTestId('scan-schedule-estimate-daily').textContent).toBe('Every day: nothing above Forge’s free allowance (less than $0.01 without it), measured on the scan of 5 Dec 2026.');
  expect(dollars(0)).toBe('$0.00');
});
