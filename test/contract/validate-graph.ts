/**
 * Checks one Graph object against the CSDL subset: every property declared on its type or a base type, primitive
 * values in their Edm form, enum members, complex values recursively, null only where the CSDL allows it.
 */
import { appendPointer, describeValue, isPlainObject, type ContractError } from './contract-error';
import { checkEdmPrimitive } from './edm-primitives';
import type { GraphNavigation, GraphProperty, GraphSchemaFile, GraphStructuredType, GraphType } from './schema-files';

// Open types (user, servicePrincipal, ...) accept dynamic properties; the only ones Graph returns are directory
// extension attributes, named extension_<appId without dashes>_<name>.
const DIRECTORY_EXTENSION = /^extension_[0-9a-f]{32}_\w+$/i;

interface Members {
  properties: Map<string, GraphProperty>;
  navigation: Map<string, GraphNavigation>;
  openType: boolean;
}

export function validateGraphObject(value: unknown, typeName: string, schema: GraphSchemaFile): ContractError[] {
  const errors: ContractError[] = [];
  checkStructured(value, typeName, '', schema, errors);
  return errors;
}

function checkStructured(value: unknown, expectedType: string, pointer: string, schema: GraphSchemaFile, errors: ContractError[]): void {
  if (!isPlainObject(value)) {
    errors.push({ pointer, message: `expected an object of ${expectedType}, got ${describeValue(value)}` });
    return;
  }
  const typeName = selectActualType(value['@odata.type'], expectedType, pointer, schema, errors);
  if (typeName === undefined) return;
  const members = collectMembers(typeName, schema);
  for (const [key, propertyValue] of Object.entries(value)) {
    if (key.includes('@odata.')) continue;
    const at = appendPointer(pointer, key);
    const property = members.properties.get(key);
    if (property !== undefined) checkProperty(propertyValue, property, at, schema, errors);
    else if (members.navigation.has(key)) errors.push({ pointer: at, message: `navigation property of ${typeName}: store related objects under their own path` });
    else if (members.openType && DIRECTORY_EXTENSION.test(key)) checkDirectoryExtension(propertyValue, at, errors);
    else errors.push({ pointer: at, message: `unknown property of ${typeName}` });
  }
}

/** An object may name a derived type in @odata.type (owners, members); it is then checked against that type. */
function selectActualType(odataType: unknown, expectedType: string, pointer: string, schema: GraphSchemaFile, errors: ContractError[]): string | undefined {
  if (odataType === undefined) return expectedType;
  const at = appendPointer(pointer, '@odata.type');
  if (typeof odataType !== 'string' || !odataType.startsWith('#')) {
    errors.push({ pointer: at, message: `expected "#<namespace>.<type>", got ${describeValue(odataType)}` });
    return undefined;
  }
  const named = odataType.slice(1);
  if (schema.types[named] === undefined) {
    errors.push({ pointer: at, message: `${named} is not in the ${schema.version} contract subset; add it to the roots in dev/tools/extract-schemas.ts` });
    return undefined;
  }
  if (!listTypeChain(named, schema).includes(expectedType)) {
    errors.push({ pointer: at, message: `${named} is not ${expectedType} or derived from it` });
    return undefined;
  }
  return named;
}

function listTypeChain(typeName: string, schema: GraphSchemaFile): string[] {
  const chain: string[] = [];
  for (let name: string | undefined = typeName; name !== undefined && !chain.includes(name); ) {
    chain.push(name);
    const type: GraphType | undefined = schema.types[name];
    name = type !== undefined && type.kind !== 'enum' ? type.baseType : undefined;
  }
  return chain;
}

function collectMembers(typeName: string, schema: GraphSchemaFile): Members {
  const members: Members = { properties: new Map(), navigation: new Map(), openType: false };
  for (const name of listTypeChain(typeName, schema)) {
    const type = readStructuredType(name, schema);
    for (const [key, property] of Object.entries(type.properties)) members.properties.set(key, property);
    for (const [key, navigation] of Object.entries(type.navigation)) members.navigation.set(key, navigation);
    members.openType ||= type.openType === true;
  }
  return members;
}

function readStructuredType(name: string, schema: GraphSchemaFile): GraphStructuredType {
  const type = schema.types[name];
  if (type === undefined || type.kind === 'enum') throw new Error(`${name} is not a structured type of the ${schema.version} subset; regenerate it`);
  return type;
}

function checkProperty(value: unknown, property: GraphProperty, pointer: string, schema: GraphSchemaFile, errors: ContractError[]): void {
  if (!property.collection) {
    checkNullable(value, property, pointer, schema, errors);
    return;
  }
  // OData CSDL 4.0 §7.2.1: a collection-valued property is never null (it may be empty); Nullable applies to items.
  if (!Array.isArray(value)) {
    errors.push({ pointer, message: `expected Collection(${property.type}) as an array, got ${describeValue(value)}` });
    return;
  }
  value.forEach((item, index) => checkNullable(item, property, appendPointer(pointer, index), schema, errors));
}

function checkNullable(value: unknown, property: GraphProperty, pointer: string, schema: GraphSchemaFile, errors: ContractError[]): void {
  if (value !== null) checkValue(value, property.type, pointer, schema, errors);
  else if (!property.nullable) errors.push({ pointer, message: `null, but ${property.type} is declared Nullable="false"` });
}

function checkValue(value: unknown, typeName: string, pointer: string, schema: GraphSchemaFile, errors: ContractError[]): void {
  if (typeName.startsWith('Edm.')) {
    const problem = checkEdmPrimitive(value, typeName);
    if (problem !== undefined) errors.push({ pointer, message: `${problem}, got ${describeValue(value)}` });
    return;
  }
  const type = schema.types[typeName];
  if (type?.kind !== 'enum') {
    checkStructured(value, typeName, pointer, schema, errors);
    return;
  }
  const names = typeof value === 'string' ? (type.flags ? value.split(',').map((name) => name.trim()) : [value]) : [];
  if (names.length === 0 || !names.every((name) => type.members.includes(name))) {
    errors.push({ pointer, message: `expected a member of ${typeName} (${type.members.join(', ')}), got ${describeValue(value)}` });
  }
}

function checkDirectoryExtension(value: unknown, pointer: string, errors: ContractError[]): void {
  const isPrimitive = (item: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof item) || item === null;
  if (!(Array.isArray(value) ? value.every(isPrimitive) : isPrimitive(value))) {
    errors.push({ pointer, message: `directory extension must be a primitive or a collection of primitives, got ${describeValue(value)}` });
  }
}
