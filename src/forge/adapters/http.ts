import api, { assumeTrustedRoute, fetch } from '@forge/api';
import type { EgressFetch, HttpRequestInit, ProductRequest } from '../../shared/http';

/**
 * Jira as the app. Paths are built by the extractors from constants and encodeURIComponent'd values, so they
 * are trusted routes here; user-supplied values never reach this adapter unencoded.
 */
export const jiraAsApp: ProductRequest = (path, init) => api.asApp().requestJira(assumeTrustedRoute(path), toForgeInit(init));

/** Jira as the calling user: used only to check what the caller may see or administer. */
export const jiraAsUser: ProductRequest = (path, init) => api.asUser().requestJira(assumeTrustedRoute(path), toForgeInit(init));

/** Egress through Forge's fetch; the platform refuses hosts not in the manifest's fetch.backend list. */
export const egressFetch: EgressFetch = (url, init) => fetch(url, toForgeInit(init));

function toForgeInit(init: HttpRequestInit | undefined) {
  return init ? { method: init.method, headers: init.headers, body: init.body } : undefined;
}
