/**
 * The minimal HTTP surface the core needs. Forge's fetch and requestJira return objects of this shape
 * (not full WHATWG Responses: no body stream, no clone), so the core depends on nothing more.
 */
export interface HttpResponse {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Egress fetch (Forge `fetch` from @forge/api): absolute URLs to hosts declared in the manifest. */
export type EgressFetch = (url: string, init?: HttpRequestInit) => Promise<HttpResponse>;

/** A product request (Forge `requestJira`): a path on the Jira site, already encoded. */
export type ProductRequest = (path: string, init?: HttpRequestInit) => Promise<HttpResponse>;

/** Waits; injected so retries can be tested without real sleeping. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
