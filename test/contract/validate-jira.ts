/**
 * Checks one Jira value against the OpenAPI subset. Stricter than JSON Schema on purpose: an object schema that
 * lists `properties` is closed unless `additionalProperties` is true or a schema, so an unknown field fails even
 * where the spec forgot `additionalProperties: false`.
 */
import { appendPointer, describeValue, isPlainObject, type ContractError } from './contract-error';
import type { JiraSchemaFile, JsonSchema } from './schema-files';
import { JIRA_SPEC_DEVIATIONS, type JiraSpecDeviation } from './spec-deviations';

const COMPONENT_PREFIX = '#/components/schemas/';
// Jira writes offsets without a colon (2026-03-12T10:24:31.518+0000), which is ISO 8601 but not RFC 3339.
const JIRA_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Context {
  file: JiraSchemaFile;
  deviations: readonly JiraSpecDeviation[];
  errors: ContractError[];
}

interface Flat {
  schema: JsonSchema;
  name: string | undefined;
}

export function validateJiraValue(value: unknown, schema: JsonSchema, file: JiraSchemaFile, deviations = JIRA_SPEC_DEVIATIONS): ContractError[] {
  const context: Context = { file, deviations, errors: [] };
  checkValue(value, schema, '', 'response', context);
  return context.errors;
}

/** Resolves $ref and merges allOf (the spec wraps a $ref in allOf to annotate it), keeping the component name. */
export function flattenSchema(schema: JsonSchema, file: JiraSchemaFile, deviations: readonly JiraSpecDeviation[] = JIRA_SPEC_DEVIATIONS): Flat {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.slice(COMPONENT_PREFIX.length);
    const target = file.schemas[name];
    if (target === undefined) throw new Error(`${schema.$ref} is missing from the Jira subset; regenerate it`);
    const flat = flattenSchema(target, file, deviations).schema;
    const added = deviations.filter((deviation) => deviation.schema === name);
    if (added.length === 0) return { schema: flat, name };
    return { schema: { ...flat, properties: { ...flat.properties, ...Object.fromEntries(added.map((d) => [d.property, d.type])) } }, name };
  }
  if (schema.allOf === undefined) return { schema, name: undefined };
  const { allOf, ...own } = schema;
  let merged: JsonSchema = own;
  let name: string | undefined;
  for (const member of allOf) {
    const flat = flattenSchema(member, file, deviations);
    merged = mergeSchemas(merged, flat.schema);
    name ??= flat.name;
  }
  return { schema: merged, name };
}

function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const opens = (extra: JsonSchema['additionalProperties']): boolean => extra === true || typeof extra === 'object';
  const additionalProperties = opens(a.additionalProperties) ? a.additionalProperties : b.additionalProperties ?? a.additionalProperties;
  const properties = a.properties === undefined && b.properties === undefined ? undefined : { ...a.properties, ...b.properties };
  return {
    ...b,
    ...a,
    ...(properties === undefined ? {} : { properties }),
    ...(additionalProperties === undefined ? {} : { additionalProperties }),
    ...(a.nullable === true || b.nullable === true ? { nullable: true } : {}),
  };
}

function checkValue(value: unknown, schema: JsonSchema, pointer: string, label: string, context: Context): void {
  const { schema: flat, name } = flattenSchema(schema, context.file, context.deviations);
  const where = name ?? label;
  const fail = (message: string): void => void context.errors.push({ pointer, message });
  const branches = flat.anyOf ?? flat.oneOf;
  const type = flat.type ?? (flat.properties !== undefined ? 'object' : undefined);
  if (value === null) {
    if (flat.nullable !== true && (type !== undefined || branches !== undefined)) fail(`null is not allowed (${where})`);
    return;
  }
  if (branches !== undefined && !branches.some((branch) => validateJiraValue(value, branch, context.file, context.deviations).length === 0)) {
    fail(`matches none of the alternatives of ${where}, got ${describeValue(value)}`);
    return;
  }
  if (flat.enum !== undefined && !flat.enum.includes(value)) fail(`expected one of ${JSON.stringify(flat.enum)} (${where}), got ${describeValue(value)}`);
  switch (type) {
    case undefined:
      return;
    case 'object':
      checkObject(value, flat, pointer, where, context);
      return;
    case 'array':
      if (!Array.isArray(value)) fail(`expected array (${where}), got ${describeValue(value)}`);
      else value.forEach((item, index) => checkValue(item, flat.items ?? {}, appendPointer(pointer, index), `${where}[]`, context));
      return;
    default: {
      const problem = checkScalar(value, type, flat.format);
      if (problem !== undefined) fail(`${problem} (${where}), got ${describeValue(value)}`);
    }
  }
}

function checkObject(value: unknown, schema: JsonSchema, pointer: string, where: string, context: Context): void {
  if (!isPlainObject(value)) {
    context.errors.push({ pointer, message: `expected object (${where}), got ${describeValue(value)}` });
    return;
  }
  const extra = schema.additionalProperties;
  const closed = extra === false || (extra === undefined && schema.properties !== undefined);
  for (const [key, propertyValue] of Object.entries(value)) {
    const at = appendPointer(pointer, key);
    const property = schema.properties?.[key] ?? (typeof extra === 'object' ? extra : undefined);
    if (property !== undefined) checkValue(propertyValue, property, at, `${where}.${key}`, context);
    else if (closed) context.errors.push({ pointer: at, message: `unknown property of ${where}` });
  }
}

function checkScalar(value: unknown, type: string, format: string | undefined): string | undefined {
  switch (type) {
    case 'string':
      return typeof value !== 'string' ? 'expected string' : checkStringFormat(value, format);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'expected integer';
      return format === 'int32' && (value < -2147483648 || value > 2147483647) ? 'expected int32' : undefined;
    case 'number':
      return typeof value === 'number' ? undefined : 'expected number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected boolean';
    default:
      return `unsupported schema type ${type}; teach test/contract/validate-jira.ts`;
  }
}

function checkStringFormat(value: string, format: string | undefined): string | undefined {
  switch (format) {
    case undefined:
      return undefined;
    case 'date-time':
      return JIRA_DATE_TIME.test(value) ? undefined : 'expected a date-time';
    case 'date':
      return DATE.test(value) ? undefined : 'expected a date';
    case 'uuid':
      return UUID.test(value) ? undefined : 'expected a uuid';
    case 'uri':
      return URL.canParse(value) ? undefined : 'expected an absolute uri';
    default:
      return `unsupported string format ${format}; teach test/contract/validate-jira.ts`;
  }
}
