/**
 * Reads the Microsoft Graph CSDL (EDMX XML) into type descriptions keyed by full name (microsoft.graph.user),
 * with aliases (graph., self.) resolved.
 */
import { XMLParser } from 'fast-xml-parser';
import type { GraphNavigation, GraphProperty, GraphStructuredType, GraphType } from '../../../test/contract/schema-files';
import { readAttribute, readChild, readChildren, requireAttribute } from './untyped-tree';

const REPEATED_ELEMENTS = new Set(['Schema', 'EnumType', 'Member', 'EntityType', 'ComplexType', 'Property', 'NavigationProperty']);

export function readCsdlTypes(xml: string): Map<string, GraphType> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseAttributeValue: false,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED_ELEMENTS.has(name),
  });
  const document: unknown = parser.parse(xml);
  const schemas = readChildren(readChild(readChild(document, 'edmx:Edmx'), 'edmx:DataServices'), 'Schema');
  const qualify = createQualifier(schemas);
  const types = new Map<string, GraphType>();
  for (const schema of schemas) {
    const namespace = requireAttribute(schema, 'Namespace', 'Schema');
    for (const enumType of readChildren(schema, 'EnumType')) {
      const name = `${namespace}.${requireAttribute(enumType, 'Name', namespace)}`;
      const members = readChildren(enumType, 'Member').map((member) => requireAttribute(member, 'Name', name));
      types.set(name, { kind: 'enum', flags: readAttribute(enumType, 'IsFlags') === 'true', members });
    }
    for (const [element, kind] of [['EntityType', 'entity'], ['ComplexType', 'complex']] as const) {
      for (const node of readChildren(schema, element)) {
        const name = `${namespace}.${requireAttribute(node, 'Name', namespace)}`;
        types.set(name, readStructuredType(node, kind, name, qualify));
      }
    }
  }
  return types;
}

function readStructuredType(node: unknown, kind: 'entity' | 'complex', name: string, qualify: (typeName: string) => string): GraphStructuredType {
  const baseType = readAttribute(node, 'BaseType');
  const properties: Record<string, GraphProperty> = {};
  for (const property of readChildren(node, 'Property')) {
    const { type, collection } = parseTypeReference(requireAttribute(property, 'Type', name), qualify);
    properties[requireAttribute(property, 'Name', name)] = { type, collection, nullable: readAttribute(property, 'Nullable') !== 'false' };
  }
  const navigation: Record<string, GraphNavigation> = {};
  for (const property of readChildren(node, 'NavigationProperty')) {
    navigation[requireAttribute(property, 'Name', name)] = parseTypeReference(requireAttribute(property, 'Type', name), qualify);
  }
  return {
    kind,
    ...(baseType === undefined ? {} : { baseType: qualify(baseType) }),
    ...(readAttribute(node, 'OpenType') === 'true' ? { openType: true } : {}),
    properties,
    navigation,
  };
}

export function parseTypeReference(reference: string, qualify: (typeName: string) => string): { type: string; collection: boolean } {
  const match = /^Collection\((.+)\)$/.exec(reference);
  return match?.[1] === undefined ? { type: qualify(reference), collection: false } : { type: qualify(match[1]), collection: true };
}

function createQualifier(schemas: unknown[]): (typeName: string) => string {
  const namespaceOfAlias = new Map<string, string>();
  for (const schema of schemas) {
    const alias = readAttribute(schema, 'Alias');
    if (alias !== undefined) namespaceOfAlias.set(alias, requireAttribute(schema, 'Namespace', 'Schema'));
  }
  return (typeName) => {
    const dot = typeName.lastIndexOf('.');
    const namespace = namespaceOfAlias.get(typeName.slice(0, dot));
    return namespace === undefined ? typeName : `${namespace}${typeName.slice(dot)}`;
  };
}
