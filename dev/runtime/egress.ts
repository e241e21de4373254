/**
 * External egress as Forge enforces it: a URL whose host is not in manifest.yml's
 * permissions.external.fetch.backend is refused before any connection is made. Allowed hosts keep their real
 * names in the app's code and are routed to the fake cloud on loopback, which tells them apart by the
 * x-sv0-upstream-host header.
 */
import { EgressFilteringService } from '@forge/egress';

export const UPSTREAM_HOST_HEADER = 'x-sv0-upstream-host';

export class ExternalEndpointNotAllowedError extends Error {
  constructor(readonly url: string, readonly host: string) {
    super(
      `Egress to ${host} is not allowed: ${host} is not in permissions.external.fetch.backend of manifest.yml ` +
        `(add "- address: https://${host}" there if the app really needs it). URL: ${url}`,
    );
    this.name = 'ExternalEndpointNotAllowedError';
  }
}

export function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname === '::1';
}

export function createEgressFilter(allowList: readonly string[]): (url: string) => boolean {
  const filter = new EgressFilteringService([...allowList]);
  return (url) => filter.isValidUrl(url);
}

/** The fetch the app sees during an invocation: allowlist first, then the loopback fake cloud. */
export function createRoutingFetch(
  realFetch: typeof fetch,
  isAllowed: (url: string) => boolean,
  upstream: () => string,
  inInvocation: () => boolean,
): typeof fetch {
  return async (input, init) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href);
    // Harness traffic (tests talking to the fake servers directly) is not app egress.
    if (!inInvocation() && isLoopback(url.hostname)) return realFetch(input, init);
    if (!isAllowed(url.href)) throw new ExternalEndpointNotAllowedError(url.href, url.host);
    const target = new URL(`${url.pathname}${url.search}`, upstream());
    const headers = new Headers(init?.headers);
    headers.set(UPSTREAM_HOST_HEADER, url.host);
    return realFetch(target, { ...init, headers });
  };
}
