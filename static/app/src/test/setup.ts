/** Component tests run in happy-dom: give it what Atlaskit reads from a browser, and unmount after each test. */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBridge, resetBridge } from './bridge-stub';

vi.mock('@forge/bridge', () => fakeBridge);

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false }) as MediaQueryList;
}

// Atlaskit asks a feature-gate client that only exists inside Atlassian products; its complaint is noise here.
const consoleError = console.error.bind(console);
const consoleWarn = console.warn.bind(console);
const isGateNoise = (first: unknown) => Boolean(first && typeof first === 'object' && typeof (first as { msg?: unknown }).msg === 'string' && ((first as { msg: string }).msg).includes('feature gate'));
console.warn = (...args: unknown[]) => {
  if (!isGateNoise(args[0])) consoleWarn(...args);
};
console.error = (...args: unknown[]) => {
  if (!isGateNoise(args[0])) consoleError(...args);
};

beforeEach(() => resetBridge());
afterEach(() => cleanup());
