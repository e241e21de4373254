/**
 * Writes the schema subsets the contract test (test/contract/) checks tenant fixtures against, so the test runs from
 * a plain clone without the shared specs:
 *
 *   npx tsx dev/tools/extract-schemas.ts [--shared ../shared]
 *
 * Reads <shared>/specs/: msgraph-schemas_v1.0-Prod.csdl, msgraph-beta-entity-types.json,
 * msgraph-beta-complex-types.json, jira-platform-swagger-v3.v3.json. Writes test/contract/schemas/graph-v1.json,
 * graph-beta.json and jira.json (sorted keys, so regeneration is deterministic).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCHEMA_DIR, type GraphSchemaFile, type GraphType } from '../../test/contract/schema-files';
import { readBetaListings, selectBetaTypes } from './schema-extract/graph-beta';
import { readCsdlTypes } from './schema-extract/graph-csdl';
import { extractJira } from './schema-extract/jira-openapi';
import { selectReachableTypes } from './schema-extract/select-graph-types';
import { writeSortedJson } from './schema-extract/write-json';

/** The v1.0 types the app reads; routes.ts maps each Graph path to one of them. */
const GRAPH_V1_ROOTS = [
  'organization', 'domain', 'servicePrincipal', 'appRoleAssignment', 'application', 'oAuth2PermissionGrant', 'user', 'group',
  'directoryObject', 'directoryAudit', 'synchronizationJob', 'signIn', 'unifiedRoleDefinition', 'unifiedRoleAssignment',
  'unifiedRoleEligibilityScheduleInstance', 'federatedIdentityCredential', 'agentIdentity',
  'agentIdentityBlueprint', 'agentIdentityBlueprintPrincipal', 'agentUser',
].map((name) => `microsoft.graph.${name}`);

const GRAPH_BETA_ROOTS = ['microsoft.graph.servicePrincipalSignInActivity', 'microsoft.graph.appCredentialSignInActivity'];

const CSDL_FILE = 'msgraph-schemas_v1.0-Prod.csdl';
const BETA_ENTITY_FILE = 'msgraph-beta-entity-types.json';
const BETA_COMPLEX_FILE = 'msgraph-beta-complex-types.json';
const JIRA_FILE = 'jira-platform-swagger-v3.v3.json';

function readSharedDirectory(argv: readonly string[]): string {
  const flag = argv.indexOf('--shared');
  const given = flag === -1 ? undefined : argv[flag + 1];
  if (flag !== -1 && given === undefined) throw new Error('--shared needs a directory');
  return given === undefined ? path.resolve(__dirname, '../../../shared') : path.resolve(given);
}

function readJsonFile(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function toSchemaFile(source: string, version: GraphSchemaFile['version'], roots: string[], types: Map<string, GraphType>): GraphSchemaFile {
  return { source, version, roots, types: Object.fromEntries(types) };
}

function main(): void {
  const specs = path.join(readSharedDirectory(process.argv.slice(2)), 'specs');
  const v1Types = readCsdlTypes(fs.readFileSync(path.join(specs, CSDL_FILE), 'utf8'));
  const betaListings = readBetaListings(readJsonFile(path.join(specs, BETA_ENTITY_FILE)), readJsonFile(path.join(specs, BETA_COMPLEX_FILE)));
  const outputs: Array<[string, unknown]> = [
    ['graph-v1.json', toSchemaFile(CSDL_FILE, 'v1.0', GRAPH_V1_ROOTS, selectReachableTypes(v1Types, GRAPH_V1_ROOTS))],
    [
      'graph-beta.json',
      toSchemaFile(`${BETA_ENTITY_FILE}, ${BETA_COMPLEX_FILE}; types from ${CSDL_FILE} and the beta reference`, 'beta', GRAPH_BETA_ROOTS,
        selectBetaTypes(GRAPH_BETA_ROOTS, betaListings, v1Types)),
    ],
    ['jira.json', extractJira(readJsonFile(path.join(specs, JIRA_FILE)), JIRA_FILE)],
  ];
  fs.mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [name, content] of outputs) {
    const bytes = writeSortedJson(path.join(SCHEMA_DIR, name), content);
    console.log(`${path.relative(process.cwd(), path.join(SCHEMA_DIR, name))}: ${bytes} bytes`);
  }
}

main();
