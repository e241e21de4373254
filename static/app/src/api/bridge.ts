/**
 * The only place the UI talks to its host. Inside Jira it is @forge/bridge (`invoke`, `view.getContext`); in the
 * local viewer (dev/ui-server.ts), which sets `window.__SV0_LOCAL__`, the same calls go to the viewer's
 * `/__invoke` and `/__context`, which run the real resolvers in the local Forge runtime.
 */
import type { AppContext, Envelope } from './types';

export interface LocalViewerConfig {
  moduleKey: string;
  extension: AppContext['extension'];
  theme: 'light' | 'dark';
}

declare global {
  interface Window {
    __SV0_LOCAL__?: LocalViewerConfig;
  }
}

function localConfig(): LocalViewerConfig | undefined {
  return typeof window === 'undefined' ? undefined : window.__SV0_LOCAL__;
}

/** A failure of the transport itself (not a resolver refusal), shaped as a refusal so every caller shows it. */
function transportError(error: unknown): Envelope<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message: `The app could not be reached: ${error instanceof Error ? error.message : String(error)}` } };
}

/** A resolver answer that is not an envelope is treated as a refusal rather than trusted. */
function asEnvelope<T>(value: unknown): Envelope<T> {
  if (value && typeof value === 'object' && 'ok' in value) return value as Envelope<T>;
  return { ok: false, error: { code: 'BAD_RESPONSE', message: 'The app answered with something unexpected; try again' } };
}

/** Calls resolver `key` of this module; always resolves to an envelope, never throws. */
export async function invoke<T>(key: string, payload: Record<string, unknown> = {}): Promise<Envelope<T>> {
  const local = localConfig();
  try {
    if (local) {
      const response = await fetch(`/__invoke${window.location.search}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ moduleKey: local.moduleKey, key, payload, route: window.location.pathname }),
      });
      return asEnvelope<T>(await response.json());
    }
    const bridge = await import('@forge/bridge');
    return asEnvelope<T>(await bridge.invoke(key, payload));
  } catch (error) {
    return transportError(error);
  }
}

/** The module, its extension context (project, issue) and the colour mode. */
export async function getContext(): Promise<AppContext> {
  const local = localConfig();
  if (local) {
    const response = await fetch(`/__context?route=${encodeURIComponent(window.location.pathname)}&${window.location.search.slice(1)}`);
    if (response.ok) return (await response.json()) as AppContext;
    return { moduleKey: local.moduleKey, extension: local.extension, theme: local.theme };
  }
  const bridge = await import('@forge/bridge');
  const context = await bridge.view.getContext();
  const colorMode = (context.theme as { colorMode?: string } | undefined)?.colorMode;
  return {
    moduleKey: context.moduleKey,
    extension: context.extension as AppContext['extension'],
    theme: colorMode === 'dark' ? 'dark' : 'light',
  };
}

/**
 * Inside Jira, keeps the frame's theme in step with the user's (light, dark, or a switch while the page is open).
 * The local viewer fixes the theme with `?theme=`, so there is nothing to follow there.
 */
export async function followHostTheme(): Promise<void> {
  if (localConfig()) return;
  const bridge = await import('@forge/bridge');
  await bridge.view.theme.enable();
}
