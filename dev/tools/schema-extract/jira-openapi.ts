/**
 * Cuts the Jira platform OpenAPI 3 spec down to the GET operations the app reads: each operation's 200 response
 * schema and every component schema reachable from it, with only the keywords the contract test checks.
 */
import { JSON_SCHEMA_KEYWORDS, type JiraSchemaFile, type JsonSchema } from '../../../test/contract/schema-files';
import { isRecord } from './untyped-tree';

/** Template spellings exactly as in the spec (project/{projectKeyOrId}/permissionscheme is not a typo). */
export const JIRA_GET_TEMPLATES = [
  '/rest/api/3/auditing/record',
  '/rest/api/3/group/bulk',
  '/rest/api/3/group/member',
  '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  '/rest/api/3/mypermissions',
  '/rest/api/3/myself',
  '/rest/api/3/permissionscheme',
  '/rest/api/3/project/search',
  '/rest/api/3/project/{projectIdOrKey}/role',
  '/rest/api/3/project/{projectIdOrKey}/role/{id}',
  '/rest/api/3/project/{projectKeyOrId}/permissionscheme',
  '/rest/api/3/role',
  '/rest/api/3/search/jql',
  '/rest/api/3/serverInfo',
  '/rest/api/3/users/search',
] as const;

const COMPONENT_PREFIX = '#/components/schemas/';

/** Annotations and constraints the test does not check; any other keyword stops the extraction so it is looked at. */
const DROPPED_KEYWORDS = new Set([
  'description', 'example', 'examples', 'externalDocs', 'title', 'xml', 'readOnly', 'writeOnly', 'deprecated', 'default',
  'required', 'maxLength', 'minLength', 'maxItems', 'minItems', 'uniqueItems', 'pattern', 'minimum', 'maximum',
]);

const KEPT_KEYWORDS = new Set<string>(JSON_SCHEMA_KEYWORDS);

export function extractJira(spec: unknown, source: string): JiraSchemaFile {
  const components = readPath(spec, ['components', 'schemas']);
  if (!isRecord(components)) throw new Error('jira spec: components.schemas missing');
  const operations: JiraSchemaFile['operations'] = {};
  const schemas: JiraSchemaFile['schemas'] = {};
  const pending: string[] = [];
  for (const template of JIRA_GET_TEMPLATES) {
    const operation = readPath(spec, ['paths', template, 'get']);
    const operationId = readPath(operation, ['operationId']);
    if (typeof operationId !== 'string') throw new Error(`jira spec: no GET operation for ${template}`);
    const response = stripSchema(readPath(operation, ['responses', '200', 'content', 'application/json', 'schema']), `${template} 200`);
    operations[template] = { operationId, response };
    pending.push(...listReferences(response));
  }
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (schemas[name] !== undefined) continue;
    const schema = stripSchema(components[name], name);
    schemas[name] = schema;
    pending.push(...listReferences(schema));
  }
  return { source, operations, schemas };
}

function readPath(node: unknown, keys: readonly string[]): unknown {
  let current = node;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function stripSchema(node: unknown, where: string): JsonSchema {
  if (!isRecord(node)) throw new Error(`${where}: expected a schema object`);
  const schema: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(keyword)) continue;
    if (!KEPT_KEYWORDS.has(keyword)) throw new Error(`${where}: unsupported keyword ${keyword}`);
    copyKeyword(schema, keyword, value, where);
  }
  return schema;
}

function copyKeyword(schema: JsonSchema, keyword: string, value: unknown, where: string): void {
  const at = `${where}.${keyword}`;
  switch (keyword) {
    case '$ref':
      if (typeof value !== 'string' || !value.startsWith(COMPONENT_PREFIX)) throw new Error(`${at}: expected a component reference`);
      schema.$ref = value;
      return;
    case 'type':
    case 'format':
      if (typeof value !== 'string') throw new Error(`${at}: expected a string`);
      schema[keyword] = value;
      return;
    case 'nullable':
      if (typeof value !== 'boolean') throw new Error(`${at}: expected a boolean`);
      schema.nullable = value;
      return;
    case 'enum':
      if (!Array.isArray(value)) throw new Error(`${at}: expected a list`);
      schema.enum = value;
      return;
    case 'items':
      schema.items = stripSchema(value, at);
      return;
    case 'additionalProperties':
      schema.additionalProperties = typeof value === 'boolean' ? value : stripSchema(value, at);
      return;
    case 'properties':
      if (!isRecord(value)) throw new Error(`${at}: expected an object`);
      schema.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, stripSchema(property, `${at}.${name}`)]));
      return;
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      if (!Array.isArray(value)) throw new Error(`${at}: expected a list`);
      schema[keyword] = value.map((member, index) => stripSchema(member, `${at}[${index}]`));
      return;
    default:
      throw new Error(`${at}: unsupported keyword`);
  }
}

function listReferences(schema: JsonSchema): string[] {
  const nested = [
    schema.items,
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined,
    ...Object.values(schema.properties ?? {}),
    ...(schema.allOf ?? []),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
  ];
  const own = schema.$ref === undefined ? [] : [schema.$ref.slice(COMPONENT_PREFIX.length)];
  return [...own, ...nested.flatMap((child) => (child === undefined ? [] : listReferences(child)))];
}
