import { expect, it } from 'vitest';
import { makeFormatter, normaliseLocale } from './format';

it('writes dates in the user’s locale and time zone', () => {
  const madrid = makeFormatter('es_ES', 'Europe/Madrid');
  expect(madrid.date('2026-11-20T23:30:00Z')).toBe('21 nov 2026');
  const newYork = makeFormatter('en-US', 'America/New_York');
  expect(newYork.date('2026-11-20T03:00:00Z')).toBe('Nov 19, 2026');
  expect(newYork.dateTime('2026-11-20T06:00:00Z')).toBe('Nov 20, 2026, 1:00 AM EST');
});

it('falls back when the context sends something Intl does not know', () => {
  expect(normaliseLocale('xx_NOPE_123456789')).toBe('en-US');
  expect(makeFormatter('en-GB', 'Not/AZone').timeZone).toBe('UTC');
  expect(makeFormatter('en-GB', 'UTC').date(undefined)).toBe('unknown');
});
