/**
 * "Test connection" for an Entra tenant: request a token with the stored credentials and compare the roles Entra put
 * in it with the permissions the scanner needs; also read when the client secret in use expires. Errors come back as
 * the token endpoint's explanation, never with the secret. The result is kept for the overview's health list.
 */
import { readSettings } from '../../settings/settings';
import { AppError } from '../../shared/errors';
import type { ConnectionTestResult } from '../../api/contract';
import { kvsStore } from '../adapters/kvs-store';
import { probeAndStore } from './app-health';

export async function testEntraConnection(tenantId: string): Promise<ConnectionTestResult> {
  const tenant = (await readSettings(kvsStore)).entraTenants.find((t) => t.tenantId === tenantId);
  if (!tenant) throw new AppError('NOT_FOUND', `Entra tenant ${tenantId} is not configured; save it first`);
  const probe = await probeAndStore(tenant);
  return {
    tenantId,
    ok: !probe.error && probe.permissions.every((p) => p.granted),
    permissions: probe.permissions,
    ...(probe.error ? { error: probe.error } : {}),
    ...(probe.secret?.matched ? { secretExpiresAt: probe.secret.endDateTime } : {}),
  };
}
