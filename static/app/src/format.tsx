/**
 * Dates as the user reads them: in their locale and time zone from the Forge context (view.getContext), not the
 * server's. One formatter per page, from the context, shared through React context.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';

export interface Formatter {
  locale: string;
  timeZone: string;
  /** "20 Nov 2026" (en-GB), "Nov 20, 2026" (en-US), "20 nov 2026" (es-ES). */
  date(iso: string | null | undefined): string;
  /** A date with the time and the zone: "Nov 20, 2026, 7:00 AM GMT+1". */
  dateTime(iso: string | null | undefined): string;
  /** A count in the user's digits and grouping. */
  number(value: number): string;
}

/** Forge gives locales as en-US or en_US; Intl wants BCP 47. An unknown one falls back to en-US. */
export function normaliseLocale(locale: string | undefined): string {
  const candidate = (locale ?? 'en-US').replace('_', '-');
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([candidate]).length > 0 ? candidate : 'en-US';
  } catch {
    return 'en-US';
  }
}

function validZone(timeZone: string | undefined): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timeZone ?? 'UTC' });
    return timeZone ?? 'UTC';
  } catch {
    return 'UTC';
  }
}

export function makeFormatter(localeIn: string | undefined, timeZoneIn: string | undefined): Formatter {
  const locale = normaliseLocale(localeIn);
  const timeZone = validZone(timeZoneIn);
  const dateFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone, timeZoneName: 'short' });
  const numberFormat = new Intl.NumberFormat(locale);
  const parse = (iso: string | null | undefined): Date | undefined => {
    if (!iso) return undefined;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? undefined : date;
  };
  return {
    locale,
    timeZone,
    date: (iso) => {
      const d = parse(iso);
      return d ? dateFormat.format(d) : (iso ?? 'unknown');
    },
    dateTime: (iso) => {
      const d = parse(iso);
      return d ? dateTimeFormat.format(d) : (iso ?? 'unknown');
    },
    number: (value) => numberFormat.format(value),
  };
}

const FormatContext = createContext<Formatter>(makeFormatter('en-GB', 'UTC'));

export function FormatProvider({ locale, timeZone, children }: { locale: string; timeZone: string; children: ReactNode }) {
  const formatter = useMemo(() => makeFormatter(locale, timeZone), [locale, timeZone]);
  return <FormatContext.Provider value={formatter}>{children}</FormatContext.Provider>;
}

export function useFormat(): Formatter {
  return useContext(FormatContext);
}
