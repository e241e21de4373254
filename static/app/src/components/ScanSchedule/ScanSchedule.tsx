/**
 * The Scan panel's schedule: how often scheduled scans run (a draft saved with the rest of Settings) and what each
 * choice would cost a month, measured on this tenant's last complete scan (settings/get `scheduleEstimate`).
 */
import { HelperMessage, Label } from '@atlaskit/form';
import { Stack, Text } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import type { ScheduleEstimate, ScheduleEstimateLine } from '../../api/types';
import { useFormat } from '../../format';

export type ScanScheduleChoice = 'daily' | 'hourly';

const CHOICES: Array<{ value: ScanScheduleChoice; label: string; runs: string }> = [
  { value: 'daily', label: 'Every day', runs: 'every day' },
  { value: 'hourly', label: 'Every hour', runs: 'every hour' },
];

const portal = { menuPortalTarget: typeof document !== 'undefined' ? document.body : undefined, styles: { menuPortal: (base: object) => ({ ...base, zIndex: 600 }) } };

/** Dollars as an admin reads a bill: cents, and "less than $0.01" rather than a zero that is not one. */
export function dollars(usd: number): string {
  if (usd > 0 && usd < 0.005) return 'less than $0.01';
  return `$${usd.toFixed(2)}`;
}

/** One choice's month: above the free allowance (as if this were the app's only installation), and without it. */
export function estimateSentence(line: ScheduleEstimateLine, measuredOn: string): string {
  const above = line.usdAboveAllowance === 0 ? 'nothing above Forge’s free allowance' : `about ${dollars(line.usdAboveAllowance)} a month above Forge’s free allowance`;
  return `${above} (${dollars(line.usdGross)} without it), measured on the scan of ${measuredOn}`;
}

export function ScanSchedule({ saved, value, estimate, onChange }: { saved: ScanScheduleChoice; value: ScanScheduleChoice; estimate: ScheduleEstimate; onChange: (next: ScanScheduleChoice) => void }) {
  const format = useFormat();
  const runs = (choice: ScanScheduleChoice) => CHOICES.find((c) => c.value === choice)?.runs ?? choice;
  const chosen = CHOICES.find((c) => c.value === value) ?? null;
  return (
    <Stack space="space.100">
      <Text color="color.text.subtle" testId="scan-schedule-runs">
        Scans also run {runs(saved)}.{value !== saved ? ` They run ${runs(value)} once you save.` : ''}
      </Text>
      <div>
        <Label htmlFor="scan-schedule">Scheduled scans</Label>
        <Select<{ value: ScanScheduleChoice; label: string }>
          inputId="scan-schedule"
          options={CHOICES.map(({ value: v, label }) => ({ value: v, label }))}
          value={chosen && { value: chosen.value, label: chosen.label }}
          onChange={(option) => option && onChange(option.value)}
          spacing="compact"
          testId="scan-schedule"
          {...portal}
        />
      </div>
      <Stack as="ul" space="space.050" testId="scan-schedule-estimates">
        {CHOICES.map((choice) => (
          <li key={choice.value} data-testid={`scan-schedule-estimate-${choice.value}`}>
            <Text weight={choice.value === value ? 'bold' : undefined}>{choice.label}</Text>
            <Text>: {estimate.available ? estimateSentence(estimate[choice.value], format.date(estimate.measuredOn.finishedAt)) : 'no estimate until a scan completes'}.</Text>
          </li>
        ))}
      </Stack>
      <HelperMessage>
        {estimate.available
          ? 'Each scan is taken to cost what the measured one did, plus the trigger and watchdog runs that happen whatever the schedule. Forge’s free allowance is shared by all of the app’s installations.'
          : estimate.reason}
      </HelperMessage>
    </Stack>
  );
}
