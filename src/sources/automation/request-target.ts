/**
 * Where an outgoing request goes, reduced to what may be stored: scheme, host and redacted path. Query values, fragments,
 * user-info and header values can carry secrets (SAS `sig=`, `?token=`, `https://user:pass@host`, `Authorization:
 * Bearer …`), so they never leave this module; only the *names* of credential-bearing parameters and headers do.
 *
 * Used by every extractor that sees an outbound URL: Jira automation web requests, Power Automate HTTP actions and
 * Azure DevOps service hooks. (Candidate for src/shared/ once another owner needs it.)
 */

import type { CredentialProps } from '../../model/schema';
import { redactPath } from '../../shared/redact';

export interface RequestTarget {
  /** scheme://host[:port]/path, or undefined when the host is a template (`{{webhookUrl}}`, `@{variables('u')}`). */
  url?: string;
  /** Lower-case host name (no port), undefined when it cannot be known from configuration. */
  host?: string;
  /** Names (never values) of query parameters that carry a credential: sig, token, key, code, apikey, ... */
  credentialQueryParams: string[];
  /** The URL embeds user-info (`https://user:password@host/`): basic auth in the URL itself. */
  userInfo: boolean;
}

/** Query parameter names that carry a credential (Azure SAS `sig`, Functions `code`, API keys, OAuth tokens). */
const CREDENTIAL_PARAM_NAMES = new Set([
  'sig',
  'signature',
  'token',
  'key',
  'code',
  'apikey',
  'api_key',
  'api-key',
  'access_token',
  'accesstoken',
  'auth',
  'password',
  'pwd',
  'secret',
  'client_secret',
  'sas',
  'x-api-key',
  'subscription-key',
  'subscription_key',
]);
const CREDENTIAL_PARAM_PATTERN = /token|secret|signature|password|api[-_]?key/i;

/** Header names that carry a credential by convention. Over-inclusive on purpose: a false positive only says "authenticated". */
const CREDENTIAL_HEADER_PATTERN = /^(authorization|proxy-authorization|cookie)$|token|secret|signature|password|api[-_]?key|auth|key/i;

/** Jira smart values (`{{...}}`) and Logic Apps expressions (`@{...}`, `@parameters(...)`) are filled in at run time. */
const TEMPLATE_PATTERN = /\{\{|@\{|^@[a-z]+\(/i;

/** A secret reference (Jira automation secrets `{{secrets.name}}`, Logic Apps `@parameters('$secret')`). */
const SECRET_REFERENCE_PATTERN = /\{\{\s*secrets?\.|parameters\('\$?(secret|password|token|key)/i;

export function isCredentialQueryParam(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return CREDENTIAL_PARAM_NAMES.has(lower) || CREDENTIAL_PARAM_PATTERN.test(lower);
}

export function isCredentialHeaderName(name: string): boolean {
  return CREDENTIAL_HEADER_PATTERN.test(name.trim());
}

/** True when a configured value (never stored) references a secret store or looks like an auth scheme. */
export function looksLikeCredentialValue(value: string): boolean {
  return SECRET_REFERENCE_PATTERN.test(value) || /^\s*(bearer|basic|digest|token|sharedaccesssignature)\s+\S/i.test(value);
}

export function toRequestTarget(raw: string): RequestTarget {
  const trimmed = raw.trim();
  const beforeFragment = trimmed.split('#', 1)[0] ?? '';
  const queryAt = beforeFragment.indexOf('?');
  const base = queryAt >= 0 ? beforeFragment.slice(0, queryAt) : beforeFragment;
  const query = queryAt >= 0 ? beforeFragment.slice(queryAt + 1) : '';
  const credentialQueryParams = credentialParamsOf(query);

  const parts = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(base);
  if (!parts) return { credentialQueryParams, userInfo: false };
  const scheme = (parts[1] ?? '').toLowerCase();
  const authority = parts[2] ?? '';
  const path = parts[3] ?? '';
  if (TEMPLATE_PATTERN.test(authority)) {
    // The host is chosen at run time: nothing about the destination can be stored or classified.
    return { credentialQueryParams, userInfo: false };
  }
  const at = authority.lastIndexOf('@');
  const userInfo = at >= 0;
  const hostPort = (at >= 0 ? authority.slice(at + 1) : authority).toLowerCase();
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.split(':', 1)[0] ?? '';
  if (host === '') return { credentialQueryParams, userInfo };
  const port = hostPort.slice(host.length).replace(/^:/, '');
  const keepPort = port !== '' && !((scheme === 'https' && port === '443') || (scheme === 'http' && port === '80'));
  return {
    // The path too can be the secret (Slack, Teams, Discord webhooks): only a redacted path is kept.
    url: `${scheme}://${host}${keepPort ? `:${port}` : ''}${redactPath(host, path)}`,
    host,
    credentialQueryParams,
    userInfo,
  };
}

function credentialParamsOf(query: string): string[] {
  if (query === '') return [];
  const names = new Set<string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const name = safeDecode(eq >= 0 ? pair.slice(0, eq) : pair);
    const value = eq >= 0 ? safeDecode(pair.slice(eq + 1)) : '';
    if (name === '') continue;
    if (isCredentialQueryParam(name) || SECRET_REFERENCE_PATTERN.test(value)) names.add(name);
  }
  return [...names].sort();
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The kind of credential an outgoing request carries, from what configuration shows (never from a value): basic
 * auth, a signature in the URL (SAS `sig`), or otherwise a key or token.
 */
export function requestCredentialSubtype(evidence: { basicAuth?: boolean; userInfo?: boolean; credentialQueryParams?: readonly string[]; authenticationType?: string }): CredentialProps['subtype'] {
  const auth = evidence.authenticationType?.toLowerCase() ?? '';
  if (evidence.basicAuth || evidence.userInfo || auth === 'basic') return 'basic_auth';
  if (auth === 'clientcertificate') return 'certificate';
  if (auth === 'activedirectoryoauth') return 'client_secret';
  if ((evidence.credentialQueryParams ?? []).some((name) => /^(sig|signature|sas)$/i.test(name))) return 'shared_secret';
  return 'api_token';
}
