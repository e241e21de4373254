/**
 * "Test connection" for an Entra tenant: request a token with the stored credentials and compare the roles Entra put
 * in it with the permissions the scanner needs. Errors come back as the token endpoint's explanation, never with the
 * secret.
 */
import { describeError } from '../../shared/errors';
import { realSleep } from '../../shared/http';
import { createTokenProvider } from '../../sources/entra/acquire-token';
import { REQUIRED_GRAPH_PERMISSIONS, checkGrantedPermissions, rolesInAccessToken } from '../../sources/entra/required-permissions';
import { entraSecretKey, readSettings } from '../../settings/settings';
import { AppError } from '../../shared/errors';
import type { ConnectionTestResult } from '../api/contract';
import { egressFetch } from '../adapters/http';
import { kvsStore } from '../adapters/kvs-store';

export async function testEntraConnection(tenantId: string): Promise<ConnectionTestResult> {
  const tenant = (await readSettings(kvsStore)).entraTenants.find((t) => t.tenantId === tenantId);
  if (!tenant) throw new AppError('NOT_FOUND', `Entra tenant ${tenantId} is not configured; save it first`);
  const unknown = REQUIRED_GRAPH_PERMISSIONS.map((p) => ({ name: p.name, why: p.why, granted: false }));
  try {
    const token = await createTokenProvider(
      { tenantId, clientId: tenant.clientId, readClientSecret: () => kvsStore.getSecret(entraSecretKey(tenantId)) },
      egressFetch,
      realSleep,
    )();
    const roles = rolesInAccessToken(token);
    if (!roles) return { tenantId, ok: false, permissions: unknown, error: 'Entra issued a token whose permissions cannot be read' };
    const permissions = checkGrantedPermissions(roles);
    return { tenantId, ok: permissions.every((p) => p.granted), permissions };
  } catch (error) {
    return { tenantId, ok: false, permissions: unknown, error: describeError(error) };
  }
}
