import type { GraphType } from '../../../test/contract/schema-files';

/**
 * Keeps the types a payload of the root types can contain: base types, property types, and the derived types of
 * reachable complex types (a property may hold any of them, named by @odata.type). Navigation targets are not
 * followed: the tenant format stores related objects under their own paths, each with its own route.
 */
export function selectReachableTypes(all: ReadonlyMap<string, GraphType>, roots: readonly string[]): Map<string, GraphType> {
  const derivedComplexTypes = indexDerivedComplexTypes(all);
  const selected = new Map<string, GraphType>();
  const pending = [...roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (selected.has(name) || name.startsWith('Edm.')) continue;
    const type = all.get(name);
    if (type === undefined) throw new Error(`type ${name} is not in the schema`);
    selected.set(name, type);
    if (type.kind === 'enum') continue;
    if (type.baseType !== undefined) pending.push(type.baseType);
    for (const property of Object.values(type.properties)) pending.push(property.type);
    if (type.kind === 'complex') pending.push(...(derivedComplexTypes.get(name) ?? []));
  }
  return selected;
}

function indexDerivedComplexTypes(all: ReadonlyMap<string, GraphType>): Map<string, string[]> {
  const derived = new Map<string, string[]>();
  for (const [name, type] of all) {
    if (type.kind !== 'complex' || type.baseType === undefined) continue;
    derived.set(type.baseType, [...(derived.get(type.baseType) ?? []), name]);
  }
  return derived;
}
