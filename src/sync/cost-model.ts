/**
 * What a sync schedule costs a month under Forge's consumption pricing
 * (https://developer.atlassian.com/platform/forge/forge-platform-pricing; ../shared/research/forge.md §2.6).
 * Pure: no Forge imports, so the benchmark and the admin page's schedule estimate (estimateScheduleCosts) share it.
 *
 * - Function duration is billed in GB-seconds: the function's memoryMB / 1024 × the invocation's seconds, summed
 *   over every invocation (a queue-consumer slice, a scheduled trigger, a resolver call is each one invocation).
 * - KVS and the Custom Entity Store are billed together, by gigabytes read and gigabytes written. A GB is taken as
 *   10^9 bytes: the pricing page does not say, and the decimal unit is the dearer reading.
 * - The free allowance is per app and month, shared by all of the app's installations: `monthlyCost` gives the bill
 *   above it as if this installation were the only one, and `grossUsd` the bill without it (what one more
 *   installation adds once the allowance is used up).
 */

export interface ForgePrices {
  freeGbSeconds: number;
  freeKvsReadGb: number;
  freeKvsWriteGb: number;
  usdPerGbSecond: number;
  usdPerKvsReadGb: number;
  usdPerKvsWriteGb: number;
}

/** Forge's published prices (billing from 1 January 2026). */
export const FORGE_PRICES: ForgePrices = {
  freeGbSeconds: 100_000,
  freeKvsReadGb: 0.1,
  freeKvsWriteGb: 0.1,
  usdPerGbSecond: 0.000025,
  usdPerKvsReadGb: 0.055,
  usdPerKvsWriteGb: 1.09,
};

export const BYTES_PER_GB = 1e9;

/** Forge's memory when neither the function nor app.runtime sets memoryMB (the manifest schema's default). */
export const DEFAULT_MEMORY_MB = 512;

/** What one run (or a month of runs) consumes. */
export interface Usage {
  gbSeconds: number;
  kvsBytesRead: number;
  kvsBytesWritten: number;
}

export const NO_USAGE: Usage = { gbSeconds: 0, kvsBytesRead: 0, kvsBytesWritten: 0 };

export function gbSeconds(memoryMB: number, durationMs: number): number {
  return (memoryMB / 1024) * (durationMs / 1000);
}

/** GB-seconds of a list of invocations, each at its function's memory (DEFAULT_MEMORY_MB when unknown). */
export function invocationsGbSeconds(invocations: ReadonlyArray<{ functionKey: string; durationMs: number }>, memoryOf: (functionKey: string) => number | undefined): number {
  return invocations.reduce((sum, i) => sum + gbSeconds(memoryOf(i.functionKey) ?? DEFAULT_MEMORY_MB, i.durationMs), 0);
}

export function addUsage(...parts: Usage[]): Usage {
  return parts.reduce((a, b) => ({ gbSeconds: a.gbSeconds + b.gbSeconds, kvsBytesRead: a.kvsBytesRead + b.kvsBytesRead, kvsBytesWritten: a.kvsBytesWritten + b.kvsBytesWritten }), NO_USAGE);
}

export function scaleUsage(usage: Usage, times: number): Usage {
  return { gbSeconds: usage.gbSeconds * times, kvsBytesRead: usage.kvsBytesRead * times, kvsBytesWritten: usage.kvsBytesWritten * times };
}

/** How many syncs a month runs and how many of them are full (the rest are resyncs). */
export interface Schedule {
  name: string;
  runsPerMonth: number;
  fullRunsPerMonth: number;
}

/** A 30-day month: one full sync (the first, or a reset) and a resync every other day or hour. */
export const DAILY: Schedule = { name: 'daily', runsPerMonth: 30, fullRunsPerMonth: 1 };
export const HOURLY: Schedule = { name: 'hourly', runsPerMonth: 30 * 24, fullRunsPerMonth: 1 };

/** Invocations that run whatever the schedule: e.g. the five-minute watchdog, 8,640 a 30-day month. */
export interface FixedLoad {
  perMonth: number;
  usage: Usage;
}

export function monthlyUsage(schedule: Schedule, full: Usage, resync: Usage, fixed: readonly FixedLoad[] = []): Usage {
  const fulls = Math.min(schedule.fullRunsPerMonth, schedule.runsPerMonth);
  return addUsage(scaleUsage(full, fulls), scaleUsage(resync, schedule.runsPerMonth - fulls), ...fixed.map((f) => scaleUsage(f.usage, f.perMonth)));
}

export interface MonthlyCost {
  usage: Usage;
  /** Above the free allowance (this installation alone). */
  usd: number;
  /** Without any allowance. */
  grossUsd: number;
  byCapability: { functionsUsd: number; kvsReadUsd: number; kvsWriteUsd: number };
}

export function monthlyCost(usage: Usage, prices: ForgePrices = FORGE_PRICES): MonthlyCost {
  const readGb = usage.kvsBytesRead / BYTES_PER_GB;
  const writeGb = usage.kvsBytesWritten / BYTES_PER_GB;
  const functionsUsd = Math.max(0, usage.gbSeconds - prices.freeGbSeconds) * prices.usdPerGbSecond;
  const kvsReadUsd = Math.max(0, readGb - prices.freeKvsReadGb) * prices.usdPerKvsReadGb;
  const kvsWriteUsd = Math.max(0, writeGb - prices.freeKvsWriteGb) * prices.usdPerKvsWriteGb;
  const grossUsd = usage.gbSeconds * prices.usdPerGbSecond + readGb * prices.usdPerKvsReadGb + writeGb * prices.usdPerKvsWriteGb;
  return { usage, usd: functionsUsd + kvsReadUsd + kvsWriteUsd, grossUsd, byCapability: { functionsUsd, kvsReadUsd, kvsWriteUsd } };
}

export function scheduleCost(schedule: Schedule, full: Usage, resync: Usage, fixed: readonly FixedLoad[] = [], prices: ForgePrices = FORGE_PRICES): MonthlyCost {
  return monthlyCost(monthlyUsage(schedule, full, resync, fixed), prices);
}

// --- The admin page's estimate: a month of each schedule, measured on this tenant's last complete scan ---

/** manifest.yml's memory for the sync consumer (test/manifest.test.ts holds the two equal). */
export const SYNC_CONSUMER_MEMORY_MB = 1024;
/** manifest.yml's memory for the triggers and the watchdog: app.runtime's, which they do not override. */
export const TRIGGER_MEMORY_MB = 512;
/**
 * What one trigger or watchdog run that starts nothing takes. The app does not time these runs on the tenant; the
 * benchmark measured 9 to 13 ms for the watchdog (docs/benchmarks.md), and this rounds up.
 */
export const IDLE_INVOCATION_MS = 20;
/** Runs a 30-day month of each trigger, whatever the schedule: both triggers and the watchdog are always declared. */
export const WATCHDOG_RUNS_PER_MONTH = 30 * 24 * 12;
export const DAILY_TRIGGER_RUNS_PER_MONTH = 30;
export const HOURLY_TRIGGER_RUNS_PER_MONTH = 30 * 24;

/** A scan's own measurements, as its job record keeps them (src/sync/sync-state.ts SyncJob). */
export interface MeasuredScan {
  syncId: string;
  status: 'running' | 'complete' | 'partial' | 'failed';
  finishedAt?: string;
  usage?: { invocations: number; invocationMs: number; kvsBytesRead: number; kvsBytesWritten: number };
}

export interface ScheduleEstimateLine {
  schedule: 'daily' | 'hourly';
  scansPerMonth: number;
  gbSeconds: number;
  kvsGbRead: number;
  kvsGbWritten: number;
  /** Above Forge's free allowance, as if this installation were the app's only one. */
  usdAboveAllowance: number;
  /** Without any allowance. */
  usdGross: number;
}

export type ScheduleEstimate =
  | { available: false; reason: string }
  | {
      available: true;
      /** The scan measured: every scan of the month is taken to cost what it did. */
      measuredOn: { syncId: string; finishedAt: string };
      perScan: Usage & { invocations: number };
      daily: ScheduleEstimateLine;
      hourly: ScheduleEstimateLine;
    };

/**
 * A month of the daily and the hourly schedule for this tenant, from the last complete scan's own measurements
 * (its consumer invocations' time at SYNC_CONSUMER_MEMORY_MB, the storage bytes it read and wrote), plus what runs
 * whatever the schedule: the watchdog (each run reads the job record, `jobRecordBytes`) and both triggers (each run
 * reads the settings, `settingsBytes`), at IDLE_INVOCATION_MS each. Every scan of the month is taken to cost what
 * the measured one did: measured on a resync, the month's one full sync is under-counted; on a full sync, the
 * resyncs are over-counted.
 */
export function estimateScheduleCosts(
  lastComplete: MeasuredScan | undefined,
  sizes: { jobRecordBytes: number; settingsBytes: number },
  prices: ForgePrices = FORGE_PRICES,
): ScheduleEstimate {
  if (!lastComplete) return { available: false, reason: 'No scan has completed yet: the estimate is measured on the last complete scan.' };
  if (lastComplete.status !== 'complete' || !lastComplete.finishedAt) {
    return { available: false, reason: `Scan ${lastComplete.syncId} did not complete: the estimate is measured on a complete scan.` };
  }
  const { usage, finishedAt, syncId } = lastComplete;
  if (!usage || usage.invocations === 0) {
    return { available: false, reason: `The last complete scan (${finishedAt.slice(0, 10)}) ran before scans recorded what they consume: the estimate appears once the next scan completes.` };
  }
  const perScan: Usage = { gbSeconds: gbSeconds(SYNC_CONSUMER_MEMORY_MB, usage.invocationMs), kvsBytesRead: usage.kvsBytesRead, kvsBytesWritten: usage.kvsBytesWritten };
  const idle = (bytesRead: number): Usage => ({ gbSeconds: gbSeconds(TRIGGER_MEMORY_MB, IDLE_INVOCATION_MS), kvsBytesRead: bytesRead, kvsBytesWritten: 0 });
  const fixed: FixedLoad[] = [
    { perMonth: WATCHDOG_RUNS_PER_MONTH, usage: idle(sizes.jobRecordBytes) },
    { perMonth: DAILY_TRIGGER_RUNS_PER_MONTH, usage: idle(sizes.settingsBytes) },
    { perMonth: HOURLY_TRIGGER_RUNS_PER_MONTH, usage: idle(sizes.settingsBytes) },
  ];
  const line = (schedule: Schedule): ScheduleEstimateLine => {
    const cost = scheduleCost(schedule, perScan, perScan, fixed, prices);
    return {
      schedule: schedule === HOURLY ? 'hourly' : 'daily',
      scansPerMonth: schedule.runsPerMonth,
      gbSeconds: cost.usage.gbSeconds,
      kvsGbRead: cost.usage.kvsBytesRead / BYTES_PER_GB,
      kvsGbWritten: cost.usage.kvsBytesWritten / BYTES_PER_GB,
      usdAboveAllowance: cost.usd,
      usdGross: cost.grossUsd,
    };
  };
  return { available: true, measuredOn: { syncId, finishedAt }, perScan: { ...perScan, invocations: usage.invocations }, daily: line(DAILY), hourly: line(HOURLY) };
}
