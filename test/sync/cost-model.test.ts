/**
 * The monthly cost model: GB-seconds at each function's memory, a month of syncs per schedule, and the bill at
 * Forge's published prices above the free allowance (100,000 GB-s, 0.1 GB read, 0.1 GB written) and without it.
 */
import {
  DAILY,
  DEFAULT_MEMORY_MB,
  FORGE_PRICES,
  estimateScheduleCosts,
  type MeasuredScan,
  HOURLY,
  gbSeconds,
  invocationsGbSeconds,
  monthlyCost,
  monthlyUsage,
  scheduleCost,
  type Usage,
} from '../../src/sync/cost-model';

const GB = 1e9;

describe('gbSeconds', () => {
  it('is memory in GB times seconds', () => {
    expect(gbSeconds(1024, 300_000)).toBe(300);
    expect(gbSeconds(512, 1_000)).toBe(0.5);
  });

  it('sums invocations at their own function memory, 512 MB when the manifest sets none', () => {
    const memory: Record<string, number> = { 'sync-consumer': 1024, 'sync-trigger': 512 };
    const total = invocationsGbSeconds(
      [
        { functionKey: 'sync-trigger', durationMs: 2_000 }, // 1 GB-s
        { functionKey: 'sync-consumer', durationMs: 100_000 }, // 100 GB-s
        { functionKey: 'sync-consumer', durationMs: 50_000 }, // 50 GB-s
        { functionKey: 'undeclared', durationMs: 4_000 }, // 2 GB-s at the default
      ],
      (key) => memory[key],
    );
    expect(DEFAULT_MEMORY_MB).toBe(512);
    expect(total).toBe(153);
  });
});

describe('monthlyUsage', () => {
  const full: Usage = { gbSeconds: 400, kvsBytesRead: 500_000_000, kvsBytesWritten: 500_000_000 };
  const resync: Usage = { gbSeconds: 200, kvsBytesRead: 400_000_000, kvsBytesWritten: 20_000_000 };

  it('counts one full sync and the rest resyncs: 1 + 29 daily, 1 + 719 hourly', () => {
    expect(monthlyUsage(DAILY, full, resync)).toEqual({ gbSeconds: 6_200, kvsBytesRead: 12_100_000_000, kvsBytesWritten: 1_080_000_000 });
    expect(monthlyUsage(HOURLY, full, resync).gbSeconds).toBe(400 + 719 * 200);
  });

  it('adds invocations that run whatever the schedule (the five-minute watchdog: 8,640 a month)', () => {
    const watchdog = { perMonth: 8_640, usage: { gbSeconds: 0.05, kvsBytesRead: 1_000, kvsBytesWritten: 0 } };
    const usage = monthlyUsage(DAILY, full, resync, [watchdog]);
    expect(usage.gbSeconds).toBeCloseTo(400 + 29 * 200 + 432, 6);
    expect(usage.kvsBytesRead).toBe(12_108_640_000);
  });
});

describe('monthlyCost', () => {
  it('is nothing inside the free allowance', () => {
    const cost = monthlyCost({ gbSeconds: 100_000, kvsBytesRead: 0.1 * GB, kvsBytesWritten: 0.1 * GB });
    expect(cost.usd).toBe(0);
    // Without the allowance: 100,000 × $0.000025 + 0.1 × $0.055 + 0.1 × $1.09.
    expect(cost.grossUsd).toBeCloseTo(2.5 + 0.0055 + 0.109, 9);
  });

  it('bills each capability above its allowance at its own price', () => {
    const cost = monthlyCost({ gbSeconds: 140_000, kvsBytesRead: 2.1 * GB, kvsBytesWritten: 1.1 * GB });
    expect(cost.byCapability.functionsUsd).toBeCloseTo(40_000 * 0.000025, 9); // $1.00
    expect(cost.byCapability.kvsReadUsd).toBeCloseTo(2 * 0.055, 9); // $0.11
    expect(cost.byCapability.kvsWriteUsd).toBeCloseTo(1 * 1.09, 9); // $1.09
    expect(cost.usd).toBeCloseTo(2.2, 9);
  });

  it('an hourly schedule of a 200 GB-s resync passes the free GB-seconds', () => {
    const resync: Usage = { gbSeconds: 200, kvsBytesRead: 0, kvsBytesWritten: 0 };
    // 720 runs × 200 GB-s = 144,000 GB-s: 44,000 above the allowance, $1.10.
    expect(scheduleCost(HOURLY, resync, resync).usd).toBeCloseTo(1.1, 9);
    expect(scheduleCost(DAILY, resync, resync).usd).toBe(0);
  });

  it('uses the published prices', () => {
    expect(FORGE_PRICES).toEqual({ freeGbSeconds: 100_000, freeKvsReadGb: 0.1, freeKvsWriteGb: 0.1, usdPerGbSecond: 0.000025, usdPerKvsReadGb: 0.055, usdPerKvsWriteGb: 1.09 });
  });
});

describe('estimateScheduleCosts (the admin page: this tenant, from its last complete scan)', () => {
  const sizes = { jobRecordBytes: 10_000, settingsBytes: 2_000 };
  // Ten minutes of consumer time at 1,024 MB = 600 GB-s; 50 MB read and 5 MB written.
  const tenMinuteScan: MeasuredScan = {
    syncId: 'sync-20261205T020000000Z',
    status: 'complete',
    finishedAt: '2026-12-05T02:10:00.000Z',
    usage: { invocations: 3, invocationMs: 600_000, kvsBytesRead: 50e6, kvsBytesWritten: 5e6 },
  };

  it('gives no estimate, and says why, until a scan completes', () => {
    expect(estimateScheduleCosts(undefined, sizes)).toEqual({ available: false, reason: expect.stringMatching(/No scan has completed yet/) });
  });

  it('gives no estimate from a scan stored before scans recorded what they consume, and says when one comes', () => {
    const { usage: _usage, ...unmeasured } = tenMinuteScan;
    expect(estimateScheduleCosts(unmeasured, sizes)).toEqual({ available: false, reason: expect.stringMatching(/\(2026-12-05\).*next scan completes/) });
  });

  it('gives no estimate from a scan that did not complete', () => {
    expect(estimateScheduleCosts({ ...tenMinuteScan, status: 'partial' }, sizes)).toMatchObject({ available: false, reason: expect.stringMatching(/did not complete/) });
  });

  it('prices a month of daily and hourly scans as the measured one, plus the watchdog and both triggers idle', () => {
    const estimate = estimateScheduleCosts(tenMinuteScan, sizes);
    if (!estimate.available) throw new Error(estimate.reason);
    expect(estimate.measuredOn).toEqual({ syncId: tenMinuteScan.syncId, finishedAt: tenMinuteScan.finishedAt });
    expect(estimate.perScan).toEqual({ gbSeconds: 600, kvsBytesRead: 50e6, kvsBytesWritten: 5e6, invocations: 3 });
    // Fixed: 8,640 watchdog + 30 daily + 720 hourly trigger runs of 20 ms at 512 MB = 9,390 × 0.01 GB-s; the
    // watchdog reads the 10 kB job record, each trigger run the 2 kB settings: 86.4 MB + 1.5 MB.
    const daily = estimate.daily;
    expect(daily.scansPerMonth).toBe(30);
    expect(daily.gbSeconds).toBeCloseTo(30 * 600 + 93.9, 6);
    expect(daily.kvsGbRead).toBeCloseTo(1.5 + 0.0879, 9);
    expect(daily.kvsGbWritten).toBeCloseTo(0.15, 9);
    // Functions inside the 100,000 GB-s allowance; (1.5879 - 0.1) GB read × $0.055 + (0.15 - 0.1) GB written × $1.09.
    expect(daily.usdAboveAllowance).toBeCloseTo(1.4879 * 0.055 + 0.05 * 1.09, 9);
    expect(daily.usdGross).toBeCloseTo(18_093.9 * 0.000025 + 1.5879 * 0.055 + 0.15 * 1.09, 9);

    const hourly = estimate.hourly;
    expect(hourly.scansPerMonth).toBe(720);
    expect(hourly.gbSeconds).toBeCloseTo(720 * 600 + 93.9, 6);
    expect(hourly.usdAboveAllowance).toBeCloseTo((432_093.9 - 100_000) * 0.000025 + (36.0879 - 0.1) * 0.055 + (3.6 - 0.1) * 1.09, 6);
    expect(hourly.usdAboveAllowance).toBeGreaterThan(daily.usdAboveAllowance);
  });

  it('costs nothing above the allowance for a small tenant on the daily schedule', () => {
    const small: MeasuredScan = { ...tenMinuteScan, usage: { invocations: 1, invocationMs: 20_000, kvsBytesRead: 1e6, kvsBytesWritten: 1e6 } };
    // 30 MB read by the scans, 43.2 MB by the watchdog (a 5 kB job record), 1.5 MB by the triggers: under 0.1 GB.
    const estimate = estimateScheduleCosts(small, { jobRecordBytes: 5_000, settingsBytes: 2_000 });
    if (!estimate.available) throw new Error(estimate.reason);
    expect(estimate.daily.usdAboveAllowance).toBe(0);
    expect(estimate.daily.usdGross).toBeGreaterThan(0);
  });
});
