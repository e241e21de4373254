/**
 * Checks a whole graph.json or jira.json (docs/tenant-format.md): every path key needs a route, every stored object
 * must match its schema. An array value is a paged collection, checked item by item; an object value is the
 * verbatim response body.
 */
import { isPlainObject, type ContractError } from './contract-error';
import { findGraphRoute, findJiraRoute, UNSPECIFIED_JIRA_PREFIXES } from './routes';
import type { GraphSchemaFile, JiraSchemaFile } from './schema-files';
import { validateGraphObject } from './validate-graph';
import { validateJiraValue } from './validate-jira';

export interface LocatedError extends ContractError {
  /** The path key, prefixed with the Entra tenant id for graph.json. */
  key: string;
  /** The item's index in an array value. */
  index?: number;
}

export interface GraphSchemas {
  'v1.0': GraphSchemaFile;
  beta: GraphSchemaFile;
}

export function formatLocatedError(fileLabel: string, error: LocatedError): string {
  const item = error.index === undefined ? '' : `[${error.index}]`;
  return `${fileLabel} ${error.key}${item} #${error.pointer}: ${error.message}`;
}

function locate(errors: ContractError[], key: string, index?: number): LocatedError[] {
  return errors.map((error) => ({ ...error, key, ...(index === undefined ? {} : { index }) }));
}

function noRoute(label: string, key: string, where: string): LocatedError {
  return { key: label, pointer: '', message: `no contract for path ${key}; add a route in ${where}` };
}

export function checkGraphFile(content: unknown, schemas: GraphSchemas): LocatedError[] {
  if (!isPlainObject(content)) return [{ key: '', pointer: '', message: 'expected {"<Entra tenant id>": {"<path>": value}}' }];
  const errors: LocatedError[] = [];
  for (const [tenantId, block] of Object.entries(content)) {
    if (!isPlainObject(block)) {
      errors.push({ key: tenantId, pointer: '', message: 'expected {"<path>": value} for this Entra tenant' });
      continue;
    }
    for (const [key, value] of Object.entries(block)) {
      const label = `${tenantId}${key}`;
      const route = findGraphRoute(key);
      if (route === undefined) errors.push(noRoute(label, key, 'test/contract/routes.ts (GRAPH_ROUTES)'));
      else if (!Array.isArray(value)) errors.push({ key: label, pointer: '', message: `${route.template} is a collection: store its items as an array (the fake server adds the envelope)` });
      else value.forEach((item, index) => errors.push(...locate(validateGraphObject(item, route.elementType, schemas[route.version]), label, index)));
    }
  }
  return errors;
}

export function checkJiraFile(content: unknown, jira: JiraSchemaFile): LocatedError[] {
  if (!isPlainObject(content)) return [{ key: '', pointer: '', message: 'expected {"<path>": value}' }];
  const errors: LocatedError[] = [];
  for (const [key, value] of Object.entries(content)) {
    if (UNSPECIFIED_JIRA_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    const route = findJiraRoute(key, jira);
    if (route === undefined) errors.push(noRoute(key, key, 'dev/tools/schema-extract/jira-openapi.ts (JIRA_GET_TEMPLATES) and regenerate'));
    else if (!Array.isArray(value)) errors.push(...locate(validateJiraValue(value, route.response, jira), key));
    else if (route.element === undefined) errors.push({ key, pointer: '', message: `${route.template} does not page: store its response body verbatim as an object` });
    else {
      const element = route.element;
      value.forEach((item, index) => errors.push(...locate(validateJiraValue(item, element, jira), key, index)));
    }
  }
  return errors;
}
