/**
 * The format of the schema subsets in test/contract/schemas/, written by dev/tools/extract-schemas.ts and read by
 * the contract test. Only names and types are kept: no descriptions, no examples.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

export const SCHEMA_DIR = path.join(__dirname, 'schemas');

const graphPropertySchema = z.strictObject({ type: z.string(), collection: z.boolean(), nullable: z.boolean() });
const graphNavigationSchema = z.strictObject({ type: z.string(), collection: z.boolean() });

const graphStructuredTypeSchema = z.strictObject({
  kind: z.enum(['entity', 'complex']),
  baseType: z.string().optional(),
  openType: z.boolean().optional(),
  properties: z.record(z.string(), graphPropertySchema),
  navigation: z.record(z.string(), graphNavigationSchema),
});

const graphEnumTypeSchema = z.strictObject({ kind: z.literal('enum'), flags: z.boolean(), members: z.array(z.string()) });

const graphSchemaFileSchema = z.strictObject({
  source: z.string(),
  version: z.enum(['v1.0', 'beta']),
  roots: z.array(z.string()),
  types: z.record(z.string(), z.discriminatedUnion('kind', [graphStructuredTypeSchema, graphEnumTypeSchema])),
});

export type GraphProperty = z.infer<typeof graphPropertySchema>;
export type GraphNavigation = z.infer<typeof graphNavigationSchema>;
export type GraphStructuredType = z.infer<typeof graphStructuredTypeSchema>;
export type GraphEnumType = z.infer<typeof graphEnumTypeSchema>;
export type GraphType = GraphStructuredType | GraphEnumType;
export type GraphSchemaFile = z.infer<typeof graphSchemaFileSchema>;

/** The JSON Schema keywords the Jira subset keeps; the extractor drops everything else. */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export const JSON_SCHEMA_KEYWORDS = [
  '$ref', 'type', 'format', 'enum', 'nullable', 'items', 'properties', 'additionalProperties', 'allOf', 'anyOf', 'oneOf',
] as const;

const jsonSchemaSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.strictObject({
    $ref: z.string().optional(),
    type: z.string().optional(),
    format: z.string().optional(),
    enum: z.array(z.unknown()).optional(),
    nullable: z.boolean().optional(),
    items: jsonSchemaSchema.optional(),
    properties: z.record(z.string(), jsonSchemaSchema).optional(),
    additionalProperties: z.union([z.boolean(), jsonSchemaSchema]).optional(),
    allOf: z.array(jsonSchemaSchema).optional(),
    anyOf: z.array(jsonSchemaSchema).optional(),
    oneOf: z.array(jsonSchemaSchema).optional(),
  }),
);

const jiraOperationSchema = z.strictObject({ operationId: z.string(), response: jsonSchemaSchema });

const jiraSchemaFileSchema = z.strictObject({
  source: z.string(),
  operations: z.record(z.string(), jiraOperationSchema),
  schemas: z.record(z.string(), jsonSchemaSchema),
});

export type JiraOperation = z.infer<typeof jiraOperationSchema>;
export type JiraSchemaFile = z.infer<typeof jiraSchemaFileSchema>;

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
}

export function loadGraphSchema(version: 'v1.0' | 'beta'): GraphSchemaFile {
  return graphSchemaFileSchema.parse(readJson(version === 'v1.0' ? 'graph-v1.json' : 'graph-beta.json'));
}

export function loadJiraSchema(): JiraSchemaFile {
  return jiraSchemaFileSchema.parse(readJson('jira.json'));
}
