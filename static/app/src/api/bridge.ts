/**
 * The only place the UI talks to its host, through @forge/bridge: resolvers (invoke), the context, Jira's dialog
 * (Modal), Jira's router, events between the app's frames, theming. Inside Jira the host is Jira; in the local
 * viewer (dev/ui-server.ts) it is a stand-in page that answers the same bridge calls, so this file does not know
 * the difference. The bridge is loaded on first use: it needs the frame's host connection, which tests do not have.
 */
import type { AppContext, DialogContext, DialogResult, Envelope, RouterTarget } from './types';

type Bridge = typeof import('@forge/bridge');
let loading: Promise<Bridge> | undefined;
const bridge = (): Promise<Bridge> => (loading ??= import('@forge/bridge'));

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
  try {
    return asEnvelope<T>(await (await bridge()).invoke(key, payload));
  } catch (error) {
    return transportError(error);
  }
}

/** The module, its extension context (project, issue, a dialog's own context), theme, locale and time zone. */
export async function getContext(): Promise<AppContext> {
  const context = await (await bridge()).view.getContext();
  const colorMode = (context.theme as { colorMode?: string } | null | undefined)?.colorMode;
  return {
    moduleKey: context.moduleKey,
    extension: context.extension as AppContext['extension'],
    theme: colorMode === 'dark' ? 'dark' : 'light',
    locale: typeof context.locale === 'string' && context.locale ? context.locale : 'en-US',
    timeZone: typeof context.timezone === 'string' && context.timezone ? context.timezone : 'UTC',
    ...(context.siteUrl ? { siteUrl: context.siteUrl } : {}),
  };
}

/** Keeps the frame's theme in step with the user's (light, dark, or a switch while the page is open). */
export async function followHostTheme(): Promise<void> {
  await (await bridge()).view.theme.enable();
}

/**
 * Opens a view of the app in Jira's own dialog. Jira draws it over the whole page, so it stays in the viewport
 * however tall Jira has sized this frame; `onClose` gets what the dialog closed with.
 */
export async function openDialog(context: DialogContext, onClose?: (result: DialogResult | undefined) => void, size: 'medium' | 'large' | 'xlarge' = 'xlarge'): Promise<Envelope<true>> {
  try {
    const { Modal } = await bridge();
    const modal = new Modal({ resource: null, size, context, closeOnEscape: true, closeOnOverlayClick: true, onClose: (payload: unknown) => onClose?.(isDialogResult(payload) ? payload : undefined) });
    await modal.open();
    return { ok: true, data: true };
  } catch (error) {
    return transportError(error);
  }
}

function isDialogResult(value: unknown): value is DialogResult {
  return Boolean(value) && typeof value === 'object';
}

/** Closes the dialog this view is shown in, telling the page that opened it what happened. */
export async function closeDialog(result: DialogResult = {}): Promise<void> {
  await (await bridge()).view.close(result);
}

/** Opens a Jira object or an address through Jira's router (a frame cannot open windows itself). */
export async function navigate(target: RouterTarget, newTab = false): Promise<void> {
  const { router } = await bridge();
  const location =
    target.kind === 'issue' ? { target: 'issue' as const, issueKey: target.issueKey } : target.kind === 'project' ? { target: 'module' as const, moduleKey: 'sv0-project', projectKey: target.projectKey } : target.url;
  await (newTab ? router.open(location) : router.navigate(location));
}

/** Tells the app's other frames (the page behind a dialog, another panel) that something changed. */
export async function emitChange(): Promise<void> {
  try {
    await (await bridge()).events.emit('sv0:changed', {});
  } catch {
    // Best effort: each view also refreshes when its own dialog closes.
  }
}

/** Calls `listener` when another frame of the app reports a change; answers how to stop listening. */
export async function onChange(listener: () => void): Promise<() => void> {
  try {
    const subscription = await (await bridge()).events.on('sv0:changed', () => listener());
    return () => void subscription.unsubscribe();
  } catch {
    return () => undefined;
  }
}
