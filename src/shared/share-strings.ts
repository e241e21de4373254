/**
 * One instance of each repeated string in records read back from storage. JSON.parse gives every occurrence of a
 * string value a string of its own, and stored findings repeat their chain's ids and names, their check's id and
 * their evidence's wording across thousands of findings: at M (4,991 findings) the finding state parsed to 18.7 MB,
 * 9.1 MB with one instance of each string. Strings are immutable, so sharing them changes nothing but memory; what
 * a build step holds through reconciliation is what V8 sizes the rest of its heap by (decision 0013).
 *
 * Replaces strings in place (arrays and plain objects, however nested) and returns `value`. `pool` holds the
 * instances kept; pass one to share strings across several reads.
 */
export function shareStrings<T>(value: T, pool: Map<string, string> = new Map()): T {
  return share(value, pool) as T;
}

function share(value: unknown, pool: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const kept = pool.get(value);
    if (kept !== undefined) return kept;
    pool.set(value, value);
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = share(value[i], pool);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    // Records parsed from JSON: plain objects, no inherited enumerable keys.
    const record = value as Record<string, unknown>;
    for (const key in record) record[key] = share(record[key], pool);
  }
  return value;
}
