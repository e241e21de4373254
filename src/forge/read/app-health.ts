/**
 * Checks of the app's own Entra connection, per tenant: sign in with the stored secret, compare the token's roles
 * with the Graph permissions the scanner needs, and read the app registration's client secrets
 * (GET /v1.0/applications(appId='{clientId}')?$select=passwordCredentials, Application.Read.All) to see when the
 * one in use expires. The secret in use is told apart from the others by Graph's `hint` (its first three
 * characters); it is never sent anywhere but Entra's token endpoint, never returned and never logged.
 * Results are kept (health:entra:<tenantId>) and refreshed by the overview when older than a day.
 */
import { z } from 'zod';
import { describeError } from '../../shared/errors';
import { realSleep } from '../../shared/http';
import { createTokenProvider } from '../../sources/entra/acquire-token';
import { REQUIRED_GRAPH_PERMISSIONS, checkGrantedPermissions, rolesInAccessToken } from '../../sources/entra/required-permissions';
import { entraSecretKey, type EntraTenantSettings } from '../../settings/settings';
import type { EntraProbe } from '../../sync/health';
import { egressFetch } from '../adapters/http';
import { kvsStore } from '../adapters/kvs-store';

export const probeKey = (tenantId: string) => `health:entra:${tenantId}`;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

const applicationSchema = z.looseObject({
  passwordCredentials: z.array(z.looseObject({ hint: z.string().nullish(), endDateTime: z.string().nullish(), keyId: z.string().nullish() })).default([]),
});

export interface ProbeResult extends EntraProbe {
  permissions: Array<{ name: string; why: string; granted: boolean }>;
}

/** The secret in use among the app's passwordCredentials: the ones whose hint matches, soonest end first. */
export function secretInUse(credentials: ReadonlyArray<{ hint?: string | null; endDateTime?: string | null }>, secret: string): EntraProbe['secret'] {
  const hint = secret.slice(0, 3);
  const matching = credentials.filter((c) => c.hint && c.hint === hint).sort((a, b) => String(a.endDateTime ?? '9999').localeCompare(String(b.endDateTime ?? '9999')));
  const found = matching[0];
  if (!found) return credentials.length > 0 ? { endDateTime: null, matched: false } : undefined;
  return { endDateTime: found.endDateTime ?? null, matched: true };
}

export async function probeEntraTenant(tenant: Pick<EntraTenantSettings, 'tenantId' | 'clientId'>, now = new Date()): Promise<ProbeResult> {
  const { tenantId, clientId } = tenant;
  const base = { tenantId, checkedAt: now.toISOString() };
  const unknown = REQUIRED_GRAPH_PERMISSIONS.map((p) => ({ name: p.name, why: p.why, granted: false }));
  let secret: string | undefined;
  try {
    const token = await createTokenProvider({ tenantId, clientId, readClientSecret: async () => (secret = await kvsStore.getSecret(entraSecretKey(tenantId))) }, egressFetch, realSleep)();
    const roles = rolesInAccessToken(token);
    if (!roles) return { ...base, missing: [], permissions: unknown, error: 'Entra issued a token whose permissions cannot be read' };
    const permissions = checkGrantedPermissions(roles);
    const missing = permissions.filter((p) => !p.granted).map(({ name, why }) => ({ name, why }));
    let inUse: EntraProbe['secret'];
    try {
      const response = await egressFetch(`https://graph.microsoft.com/v1.0/applications(appId='${encodeURIComponent(clientId)}')?$select=passwordCredentials`, {
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
export async function probeAndStore(tenant: Pick<EntraTenantSettings, 'tenantId' | 'clientId'>): Promise<ProbeResult> {
  const result = await probeEntraTenant(tenant);
  const { permissions: _permissions, ...stored } = result;
  await kvsStore.set(probeKey(tenant.tenantId), stored);
  return result;
}

/** The kept probe of each tenant, re-checking those older than a day (or never checked) within `timeoutMs`. */
export async function currentProbes(tenants: ReadonlyArray<Pick<EntraTenantSettings, 'tenantId' | 'clientId'>>, timeoutMs = 8000, now = new Date()): Promise<EntraProbe[]> {
  return Promise.all(
    tenants.map(async (tenant) => {
      const stored = await kvsStore.get<EntraProbe>(probeKey(tenant.tenantId));
      if (stored && now.getTime() - Date.parse(stored.checkedAt) < MAX_AGE_MS) return stored;
      const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref?.());
      const fresh = await Promise.race([probeAndStore(tenant), timeout]);
      return fresh ?? stored ?? { tenantId: tenant.tenantId, checkedAt: now.toISOString(), missing: [], error: 'The check of this connection did not answer in time' };
    }),
  );
}
