import { invoke } from './bridge';
import type { ConnectionTestResult } from './types';

/** admin `settings/entra-tenant/test`: each required Graph permission, granted or missing. */
export function testConnection(tenantId: string) {
  return invoke<ConnectionTestResult>('settings/entra-tenant/test', { tenantId });
}
