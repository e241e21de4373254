/**
 * Checks of the app's own Entra connection, per tenant: sign in with the stored secret, compare the token's roles
 * with the Graph permissions the scanner needs, and read the app registration's client secrets
 * (GET /v1.0/applications(appId='{clientId}')?$select=passwordCredentials, Application.Read.All) to see when the
 * one in use expires. The secret in use is told apart from the others by Graph's `hint` (its first three
 * characters); it is never sent anywhere but Entra's token endpoint, never returned and never logged.
 * Results are kept (health:entra:<tenantId>) and refreshed by the overview when older than a day; "Test connection"
 * checks one tenant on demand.
 */
import { z } from 'zod';
import { AppError, describeError } from '../shared/errors';
import { createTokenProvider } from '../sources/entra/acquire-token';
import { REQUIRED_GRAPH_PERMISSIONS, checkGrantedPermissions, rolesInAccessToken } from '../sources/entra/required-permissions';
import { entraSecretKey, readSettings, type EntraTenantSettings } from '../settings/settings';
import type { EntraProbe } from '../sync/health';
import type { ConnectionTestResult } from '../api/contract';
import type { HealthPorts } from './ports';
import { entraProbeKey } from '../store/layout';

const MAX_AGE_MS = 24 * 60 * 60 * 1000;

const applicationSchema = z.looseObject({
  passwordCredentials: z.array(z.looseObject({ hint: z.string().nullish(), endDateTime: z.string().nullish(), keyId: z.string().nullish() })).default([]),
});

export interface ProbeResult extends EntraProbe {
  permissions: Array<{ name: string; why: string; granted: boolean }>;
}

type Tenant = Pick<EntraTenantSettings, 'tenantId' | 'clientId'>;

/** The secret in use among the app's passwordCredentials: the ones whose hint matches, soonest end first. */
export function secretInUse(credentials: ReadonlyArray<{ hint?: string | null; endDateTime?: string | null }>, secret: string): EntraProbe['secret'] {
  const hint = secret.slice(0, 3);
  const matching = credentials.filter((c) => c.hint && c.hint === hint).sort((a, b) => String(a.endDateTime ?? '9999').localeCompare(String(b.endDateTime ?? '9999')));
  const found = matching[0];
  if (!found) return credentials.length > 0 ? { endDateTime: null, matched: false } : undefined;
  return { endDateTime: found.endDateTime ?? null, matched: true };
}

export async function probeEntraTenant(ports: HealthPorts, tenant: Tenant): Promise<ProbeResult> {
  const { store, egress, sleep } = ports;
  const { tenantId, clientId } = tenant;
  const base = { tenantId, checkedAt: ports.now().toISOString() };
  const unknown = REQUIRED_GRAPH_PERMISSIONS.map((p) => ({ name: p.name, why: p.why, granted: false }));
  let secret: string | undefined;
  try {
    const token = await createTokenProvider({ tenantId, clientId, readClientSecret: async () => (secret = await store.getSecret(entraSecretKey(tenantId))) }, egress, sleep)();
    const roles = rolesInAccessToken(token);
    if (!roles) return { ...base, missing: [], permissions: unknown, error: 'Entra issued a token whose permissions cannot be read' };
    const permissions = checkGrantedPermissions(roles);
    const missing = permissions.filter((p) => !p.granted).map(({ name, why }) => ({ name, why }));
    let inUse: EntraProbe['secret'];
    try {
      const response = await egress(`https://graph.microsoft.com/v1.0/applications(appId='${encodeURIComponent(clientId)}')?$select=passwordCredentials`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      });
      if (response.status === 200 && secret) {
        const parsed = applicationSchema.safeParse(JSON.parse(await response.text()));
        if (parsed.success) inUse = secretInUse(parsed.data.passwordCredentials, secret);
      }
    } catch {
      // The expiry is a courtesy: without it the probe still says what it can.
    }
    return { ...base, missing, permissions, ...(inUse ? { secret: inUse } : {}) };
  } catch (error) {
    return { ...base, missing: [], permissions: unknown, error: describeError(error) };
  }
}

/** Checks a tenant and keeps the result for the overview. */
export async function probeAndStore(ports: HealthPorts, tenant: Tenant): Promise<ProbeResult> {
  const result = await probeEntraTenant(ports, tenant);
  const { permissions: _permissions, ...stored } = result;
  await ports.store.set(entraProbeKey(tenant.tenantId), stored);
  return result;
}

/** The kept probe of each tenant, re-checking those older than a day (or never checked) within `timeoutMs`. */
export async function currentProbes(ports: HealthPorts, tenants: readonly Tenant[], timeoutMs = 8000): Promise<EntraProbe[]> {
  const now = ports.now();
  return Promise.all(
    tenants.map(async (tenant) => {
      const stored = await ports.store.get<EntraProbe>(entraProbeKey(tenant.tenantId));
      if (stored && now.getTime() - Date.parse(stored.checkedAt) < MAX_AGE_MS) return stored;
      const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref?.());
      const fresh = await Promise.race([probeAndStore(ports, tenant), timeout]);
      return fresh ?? stored ?? { tenantId: tenant.tenantId, checkedAt: now.toISOString(), missing: [], error: 'The check of this connection did not answer in time' };
    }),
  );
}

/**
 * "Test connection" for an Entra tenant: request a token with the stored credentials and compare the roles Entra put
 * in it with the permissions the scanner needs; also read when the client secret in use expires. Errors come back as
 * the token endpoint's explanation, never with the secret. The result is kept for the overview's health list.
 */
export async function testEntraConnection(ports: HealthPorts, tenantId: string): Promise<ConnectionTestResult> {
  const tenant = (await readSettings(ports.store)).entraTenants.find((t) => t.tenantId === tenantId);
  if (!tenant) throw new AppError('NOT_FOUND', `Entra tenant ${tenantId} is not configured; save it first`);
  const probe = await probeAndStore(ports, tenant);
  return {
    tenantId,
    ok: !probe.error && probe.permissions.every((p) => p.granted),
    permissions: probe.permissions,
    ...(probe.error ? { error: probe.error } : {}),
    ...(probe.secret?.matched ? { secretExpiresAt: probe.secret.endDateTime } : {}),
  };
}
