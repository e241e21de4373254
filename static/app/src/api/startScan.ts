import { invoke } from './bridge';
import type { ScanStartResult } from './types';

/** admin `sync/start`: a manual scan (no-op answer `started: false` when one is already running). */
export function startScan() {
  return invoke<ScanStartResult>('sync/start');
}
