/**
 * Nothing secret leaves through scanned data. Webhook URLs carry their secret in the path (Slack
 * `/services/T…/B…/<token>`, Teams incoming webhooks, Discord, Zapier, IFTTT, Telegram bot tokens) or the query
 * (Logic Apps and Power Automate `sig=`, `?code=`, `?token=`), and request headers carry bearer tokens and keys.
 * Everything the app stores, shows, exports or puts in a ticket keeps the scheme, the host and a redacted path:
 * enough to say where data goes and whether it authenticates, never enough to call it.
 * - redactUrl: one URL.
 * - redactSecrets: every URL inside every string of a record, every value of a credential-named field, every
 *   `Bearer …`/`Basic …` value; applied to each record a sync stores and to an uploaded automation export.
 * Secret references (`{{secrets.name}}`, `@parameters('$secret')`) are names, not secrets, and are kept, so the
 * checks can still tell that a request authenticates.
 */

export const REDACTED = '[redacted]';

/** Query parameter names whose value is a credential (Azure SAS `sig`, Functions `code`, API keys, tokens). */
const CREDENTIAL_PARAM = /^(sig|signature|token|access_token|accesstoken|id_token|refresh_token|key|code|apikey|api_key|api-key|x-api-key|auth|password|pwd|secret|client_secret|sas|subscription-key|subscription_key)$|token|secret|signature|password|api[-_]?key/i;
/** Field names whose (string) value is a credential. */
const CREDENTIAL_FIELD = /^(password|passwd|pwd|secret|clientsecret|client_secret|secrettext|apikey|api_key|api-key|x-api-key|accesstoken|access_token|refreshtoken|refresh_token|idtoken|id_token|token|bearertoken|authorization|proxy-authorization|cookie|sharedsecret|shared_secret|privatekey|private_key|basicauthpassword|sig|signature|webhooksecret|signingsecret|connectionstring)$/i;
/** Header (name/value pair) names whose value is a credential. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|ocp-apim-subscription-key)$|token|secret|signature|password|api[-_]?key/i;
/** A value that only names a secret kept elsewhere, or is filled in at run time. */
const REFERENCE = /^\s*(\{\{[^}]*\}\}|@\{[^}]*\}|@parameters\([^)]*\)|@variables\([^)]*\)|\*+)\s*$/;
const AUTH_SCHEME = /^(\s*(?:bearer|basic|digest|token|sharedaccesssignature|apikey)\s+)(\S.*)$/i;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`]+/gi;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path segment that looks like a token or key: long, letters and digits mixed, or a GUID. */
function looksLikeToken(segment: string): boolean {
  if (GUID.test(segment)) return true;
  return segment.length >= 16 && /^[A-Za-z0-9_\-.~%=+]+$/.test(segment) && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment) && !/^v?\d+(\.\d+)*$/.test(segment);
}

/** Hosts whose paths are secrets after a known prefix: everything after `keep` segments is redacted. */
const WEBHOOK_PATHS: Array<{ host: RegExp; path: RegExp; keep: number }> = [
  { host: /^hooks\.slack\.com$/, path: /^\/(services|workflows|triggers)\//, keep: 1 },
  { host: /(^|\.)webhook\.office\.com$|^outlook\.office(365)?\.com$/, path: /^\/webhook(b2)?\//i, keep: 1 },
  { host: /^(discord|discordapp)\.com$|^(canary|ptb)\.discord\.com$/, path: /^\/api\/webhooks\//, keep: 2 },
  { host: /^hooks\.zapier\.com$/, path: /^\/hooks\//, keep: 2 },
  { host: /^maker\.ifttt\.com$/, path: /^\/trigger\//, keep: 1 },
  { host: /^api\.telegram\.org$/, path: /^\/bot/, keep: 0 },
  { host: /^webhook\.site$/, path: /^\//, keep: 0 },
];

/** The path with every secret segment replaced. */
export function redactPath(host: string, path: string): string {
  if (path === '' || path === '/') return path;
  const segments = path.split('/');
  // segments[0] is '' (the path starts with '/').
  const known = WEBHOOK_PATHS.find((w) => w.host.test(host) && w.path.test(path));
  if (known) {
    const kept = segments.slice(0, 1 + known.keep);
    return `${kept.join('/')}/${REDACTED}`;
  }
  // Generic incoming-webhook shapes (Mattermost, Rocket.Chat, self-hosted): the segment after /hooks/ is the secret.
  return segments
    .map((segment, i) => {
      if (i === 0 || segment === '') return segment;
      const previous = (segments[i - 1] ?? '').toLowerCase();
      if (/^(hooks?|webhooks?|incoming|bot)$/.test(previous) && segment.length >= 8) return REDACTED;
      return looksLikeToken(safeDecode(segment)) ? REDACTED : segment;
    })
    .join('/');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * One URL, with its secrets replaced: user-info, secret path segments, and the values of credential query
 * parameters (names are kept: they say the request authenticates). A string that is not a URL comes back as is.
 */
export function redactUrl(raw: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(raw);
  if (!match) return raw;
  const [, scheme = '', authority = '', path = '', query = '', fragment = ''] = match;
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const host = hostPort.toLowerCase().replace(/:\d+$/, '');
  // Templates (`{{url}}`, `@{variables('u')}`) are filled at run time and hold nothing yet.
  if (/\{\{|@\{/.test(authority)) return raw;
  const userInfo = at >= 0 ? `${REDACTED}@` : '';
  const redactedQuery = query
    ? `?${query
        .slice(1)
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          if (eq < 0) return pair;
          const name = safeDecode(pair.slice(0, eq));
          const value = pair.slice(eq + 1);
          return CREDENTIAL_PARAM.test(name) && !REFERENCE.test(safeDecode(value)) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
        })
        .join('&')}`
    : '';
  const redactedFragment = fragment && /token|secret|key|sig|code/i.test(fragment) ? `#${REDACTED}` : fragment;
  return `${scheme}${userInfo}${hostPort}${redactPath(host, path)}${redactedQuery}${redactedFragment}`;
}

/** A text with every URL in it redacted, and an auth-scheme value (`Bearer abc…`) reduced to its scheme. */
export function redactText(text: string): string {
  let out = text.includes('://') ? text.replace(URL_IN_TEXT, (url) => redactUrl(url)) : text;
  const scheme = AUTH_SCHEME.exec(out);
  if (scheme && !REFERENCE.test(scheme[2] ?? '') && !/^\{\{|^@/.test(scheme[2] ?? '')) out = `${scheme[1] ?? ''}${REDACTED}`;
  return out;
}

function redactValue(value: unknown, credentialField: boolean): unknown {
  if (typeof value === 'string') {
    if (credentialField && value !== '' && !REFERENCE.test(value)) {
      const scheme = AUTH_SCHEME.exec(value);
      return scheme ? `${scheme[1] ?? ''}${REDACTED}` : REDACTED;
    }
    return redactText(value);
  }
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = redactValue(item, false);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    // A header given as {name, value} (Jira automation web requests): the name says whether the value is secret;
    // the value may be a string or {keyOrValue, secret}.
    const headerPair = typeof record.name === 'string' && CREDENTIAL_HEADER.test(record.name);
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) {
      let next: unknown;
      if (headerPair && key === 'value' && typeof item === 'object' && item !== null && !Array.isArray(item)) {
        const inner = item as Record<string, unknown>;
        next = 'keyOrValue' in inner ? { ...inner, keyOrValue: redactValue(inner.keyOrValue, true) } : redactValue(item, false);
        if (JSON.stringify(next) === JSON.stringify(item)) next = item;
      } else {
        const secret = CREDENTIAL_FIELD.test(key) || (headerPair && key === 'value');
        next = redactValue(item, secret && (typeof item === 'string'));
      }
      if (next !== item) changed = true;
      out[key] = next;
    }
    return changed ? out : value;
  }
  return value;
}

/**
 * The record with every secret it carries replaced; the same object when there was none (so unchanged records stay
 * identical, and storing them stays cheap).
 */
export function redactSecrets<T>(record: T): T {
  return redactValue(record, false) as T;
}
