export interface FakeRequest {
  method: string;
  /** The real host the app addressed (graph.microsoft.com, mediapro.atlassian.net, ...). */
  host: string;
  /** Decoded path without query string. */
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects and arrays are sent as JSON; strings as they are. */
  body?: unknown;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse => ({ status, body, headers });

export function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
