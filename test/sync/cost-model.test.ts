/**
 * The monthly cost model: GB-seconds at each function's memory, a month of syncs per schedule, and the bill at
 * Forge's published prices above the free allowance (100,000 GB-s, 0.1 GB read, 0.1 GB written) and without it.
 */
import {
  DAILY,
  DEFAULT_MEMORY_MB,
  FORGE_PRICES,
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
