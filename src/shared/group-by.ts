/** Items by key, each group in the items' order (Map.groupBy, which Node 20 lacks). */
export function groupBy<T>(list: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = map.get(k);
    if (group) group.push(item);
    else map.set(k, [item]);
  }
  return map;
}
