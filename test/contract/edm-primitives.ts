/**
 * How Graph serialises OData primitive types in JSON (OData JSON Format 4.01 §7.1): numbers as JSON numbers,
 * everything else as strings in the lexical form of OData CSDL §4.4.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,12})?)?/;
const DATE_TIME_OFFSET = new RegExp(`^${DATE.source.slice(1, -1)}T${TIME.source}(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$`);
const TIME_OF_DAY = new RegExp(`^${TIME.source}$`);
const DURATION = /^-?P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
// Graph sends standard base64 (keyCredentials.key, customKeyIdentifier); OData also allows base64url.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const INTEGER_RANGES: Record<string, [number, number]> = {
  'Edm.Byte': [0, 255],
  'Edm.SByte': [-128, 127],
  'Edm.Int16': [-32768, 32767],
  'Edm.Int32': [-2147483648, 2147483647],
  'Edm.Int64': [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const STRING_FORMATS: Record<string, { pattern: RegExp; name: string }> = {
  'Edm.Guid': { pattern: GUID, name: 'a GUID' },
  'Edm.DateTimeOffset': { pattern: DATE_TIME_OFFSET, name: 'an ISO 8601 date-time with offset' },
  'Edm.Date': { pattern: DATE, name: 'an ISO 8601 date' },
  'Edm.TimeOfDay': { pattern: TIME_OF_DAY, name: 'a time of day' },
  'Edm.Duration': { pattern: DURATION, name: 'an ISO 8601 duration' },
};

/** Returns why `value` is not a valid JSON value of the Edm type, or undefined when it is. */
export function checkEdmPrimitive(value: unknown, type: string): string | undefined {
  const range = INTEGER_RANGES[type];
  if (range !== undefined) {
    return typeof value === 'number' && Number.isInteger(value) && value >= range[0] && value <= range[1] ? undefined : `expected ${type} (an integer)`;
  }
  const format = STRING_FORMATS[type];
  if (format !== undefined) {
    return typeof value === 'string' && format.pattern.test(value) ? undefined : `expected ${type} (${format.name})`;
  }
  switch (type) {
    case 'Edm.String':
      return typeof value === 'string' ? undefined : `expected ${type}`;
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? undefined : `expected ${type}`;
    case 'Edm.Double':
    case 'Edm.Single':
    case 'Edm.Decimal':
      return typeof value === 'number' ? undefined : `expected ${type} (a number)`;
    case 'Edm.Binary':
      return typeof value === 'string' && (BASE64.test(value) || BASE64URL.test(value)) ? undefined : `expected ${type} (base64)`;
    case 'Edm.Untyped':
      return undefined;
    default:
      return `unsupported primitive type ${type}; teach test/contract/edm-primitives.ts`;
  }
}
