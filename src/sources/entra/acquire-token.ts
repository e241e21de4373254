/**
 * Client-credentials tokens for Microsoft Graph, one Entra tenant at a time.
 * Endpoint: POST https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 * The secret is read through a callback at the moment of use (from Forge secret storage) and is never
 * logged, stored elsewhere, or copied into an error.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { EgressFetch, Sleep } from '../../shared/http';
import { sendWithRetry } from '../../shared/retry';

export interface EntraAppCredentials {
  tenantId: string;
  clientId: string;
  readClientSecret: () => Promise<string | undefined>;
}

const tokenResponseSchema = z.object({
  token_type: z.string(),
  expires_in: z.number(),
  access_token: z.string(),
});

const tokenErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
});

/** Refresh this long before Entra's expiry, so a page fetched at the edge never carries a stale token. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

export type AccessTokenProvider = () => Promise<string>;

/** A provider whose cached token can be dropped: after a 401 the next call asks Entra for a new one. */
export type RefreshableTokenProvider = AccessTokenProvider & { invalidate(): void };

export function createTokenProvider(
  credentials: EntraAppCredentials,
  fetch: EgressFetch,
  sleep: Sleep,
  scope = 'https://graph.microsoft.com/.default',
): RefreshableTokenProvider {
  let cached: { token: string; expiresAt: number } | undefined;
  // Concurrent callers share one token request instead of each asking for their own.
  let pending: Promise<string> | undefined;
  const provider = async () => {
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    pending ??= requestToken(credentials, fetch, sleep, scope)
      .then((token) => {
        cached = { token: token.access_token, expiresAt: Date.now() + token.expires_in * 1000 - EXPIRY_MARGIN_MS };
        return cached.token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  return Object.assign(provider, {
    invalidate: () => {
      cached = undefined;
    },
  });
}

async function requestToken(credentials: EntraAppCredentials, fetch: EgressFetch, sleep: Sleep, scope: string) {
  const { tenantId, clientId } = credentials;
  const context = { system: 'entra', tenantId, clientId, endpoint: 'oauth2/v2.0/token' };
  const secret = await credentials.readClientSecret();
  if (!secret) {
    throw new AppError(
      'NOT_CONFIGURED',
      `No client secret is stored for Entra tenant ${tenantId}; enter it in Settings > Entra tenants`,
      context,
    );
  }
  const body = new URLSearchParams({
    client_id: clientId,
    client_secret: secret,
    scope,
    grant_type: 'client_credentials',
  }).toString();
  const url = `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
  const response = await sendWithRetry(
    () => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }),
    sleep,
  );
  const text = await response.text();
  if (response.status === 200) {
    const parsed = tokenResponseSchema.safeParse(safeJson(text));
    if (parsed.success) return parsed.data;
    throw new AppError('SOURCE_BAD_RESPONSE', `Entra tenant ${tenantId} returned an unreadable token response`, context);
  }
  throw new AppError('ENTRA_AUTH_FAILED', describeTokenError(tenantId, clientId, response.status, text), {
    ...context,
    status: response.status,
  });
}

/** Turns AADSTS codes into the fix an admin needs. Entra's own description is kept (it never contains the secret). */
function describeTokenError(tenantId: string, clientId: string, status: number, text: string): string {
  const parsed = tokenErrorSchema.safeParse(safeJson(text));
  if (!parsed.success) return `Entra tenant ${tenantId} refused a token for client ${clientId} (HTTP ${status})`;
  const codes = parsed.data.error_codes ?? [];
  const aadsts = codes.length > 0 ? ` (AADSTS${codes.join(', AADSTS')})` : '';
  const firstLine = (parsed.data.error_description ?? parsed.data.error).split(/\r?\n/)[0];
  let fix = 'check the tenant id, client id and secret in Settings > Entra tenants';
  if (codes.includes(7000215)) fix = 'the client secret is wrong; paste the secret value (not its id) in Settings > Entra tenants';
  else if (codes.includes(7000222)) fix = 'the client secret has expired; create a new one in Entra and update Settings > Entra tenants';
  else if (codes.includes(700016)) fix = `no application with client id ${clientId} exists in that tenant; check the client id, or grant admin consent in the tenant`;
  else if (codes.includes(90002)) fix = 'no such Entra tenant; check the tenant id';
  return `Entra tenant ${tenantId} refused the credentials of client ${clientId}${aadsts}: ${fix}. Entra said: ${firstLine}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
