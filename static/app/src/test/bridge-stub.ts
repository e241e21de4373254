/**
 * A stand-in for @forge/bridge in component tests (there is no Jira host around them): every call is recorded in
 * `bridgeCalls`, dialogs are recorded and closed by the test with `closeLastDialog`, and resolvers answer a refusal
 * unless a test mocks its api/<verbNoun>.ts.
 */
export interface BridgeCall {
  name: string;
  payload: unknown;
}

export const bridgeCalls: BridgeCall[] = [];
const dialogs: Array<{ context: unknown; onClose?: (payload: unknown) => void }> = [];
const listeners = new Map<string, Set<(payload: unknown) => void>>();

export function resetBridge(): void {
  bridgeCalls.length = 0;
  dialogs.length = 0;
  listeners.clear();
}

/** Closes the last dialog the component opened, with what its view would close it with. */
export function closeLastDialog(payload?: unknown): void {
  const dialog = dialogs.pop();
  dialog?.onClose?.(payload);
}

export const fakeBridge = {
  invoke: async (functionKey: string, payload: unknown) => {
    bridgeCalls.push({ name: 'invoke', payload: { functionKey, payload } });
    return { ok: false, error: { code: 'UNAVAILABLE', message: `No resolver ${functionKey} in component tests` } };
  },
  view: {
    getContext: async () => ({ moduleKey: 'sv0-admin', extension: { type: 'jira:adminPage' }, locale: 'en-GB', timezone: 'UTC', theme: { colorMode: 'light' } }),
    close: async (payload: unknown) => {
      bridgeCalls.push({ name: 'close', payload });
    },
    theme: { enable: async () => undefined },
  },
  router: {
    navigate: async (location: unknown) => {
      bridgeCalls.push({ name: 'navigate', payload: location });
    },
    open: async (location: unknown) => {
      bridgeCalls.push({ name: 'open', payload: location });
    },
  },
  events: {
    emit: async (event: string, payload: unknown) => {
      bridgeCalls.push({ name: 'emit', payload: { event, payload } });
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    on: async (event: string, callback: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(callback);
      listeners.set(event, set);
      return { unsubscribe: () => set.delete(callback) };
    },
  },
  Modal: class {
    private readonly options: { context?: unknown; onClose?: (payload: unknown) => void };
    constructor(options: { context?: unknown; onClose?: (payload: unknown) => void }) {
      this.options = options;
    }
    async open() {
      bridgeCalls.push({ name: 'openModal', payload: this.options.context });
      dialogs.push({ context: this.options.context, onClose: this.options.onClose });
    }
  },
};
