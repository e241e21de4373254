/**
 * The dependency rules of docs/decisions/0001-layering.md, checked by `npm run deps` (part of `npm test`).
 * src/ is layered inner to outer; an import may only point inward (or sideways inside one layer, without loops):
 *
 *   shared/                     usable by all, imports nothing of src/
 *   model/                      the graph and its schema
 *   sources/<system>/           fetch + pure transforms per source system
 *   analysis: correlate/ classify/ chains/ diff/ checks/ findings/
 *   sync/ tickets/ store/ settings/
 *   api/                        the resolver contract (types), shared with the UI in static/
 *   use-cases/                  what the resolvers do (reads, triage, exports), over ports; answers in api/ types
 *   forge/                      handlers, resolvers, adapters: the only place that imports @forge/*
 *   index.ts                    the manifest's handlers
 *
 * A known violation, if one is ever needed, is a narrow pathNot on the rule it breaks, with its reason beside it.
 */
const ANALYSIS = 'correlate|classify|chains|diff|checks|findings';
const SERVICES = 'sync|tickets|store|settings';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles: a cycle makes the load order decide behaviour and the layers meaningless.',
      from: { path: '^(src|static)/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'No loops between folders either (checks -> findings -> checks): a folder is a unit of the layering.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shared-is-innermost',
      severity: 'error',
      comment: 'src/shared/ is usable by every layer, so it imports nothing else of src/.',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'model-is-inner',
      severity: 'error',
      comment: 'src/model/ (the graph) imports only itself and src/shared/.',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/(model|shared)/' },
    },
    {
      name: 'sources-not-outward',
      severity: 'error',
      comment: 'Extraction (src/sources/) knows the model, not what analyses, stores or serves its output.',
      from: { path: '^src/sources/' },
      to: { path: `^src/((${ANALYSIS}|${SERVICES}|api|use-cases|forge)/|index\\.ts$)` },
    },
    {
      name: 'analysis-not-outward',
      severity: 'error',
      comment: 'Analysis (correlate, classify, chains, diff, checks, findings) is pure over the model: it never ' +
        'imports extraction, storage, sync, tickets, settings persistence or the platform.',
      from: { path: `^src/(${ANALYSIS})/` },
      to: { path: `^src/((sources|${SERVICES}|api|use-cases|forge)/|index\\.ts$)` },
    },
    {
      name: 'services-not-outward',
      severity: 'error',
      comment: 'sync, tickets, store and settings reach the platform through ports, never through src/forge/, and ' +
        'know nothing of the use-cases built on them.',
      from: { path: `^src/(${SERVICES})/` },
      to: { path: '^src/((api|use-cases|forge)/|index\\.ts$)' },
    },
    {
      name: 'api-not-outward',
      severity: 'error',
      comment: 'The resolver contract (src/api/) is types the UI shares: it cannot depend on the use-cases or the Forge edge.',
      from: { path: '^src/api/' },
      to: { path: '^src/((use-cases|forge)/|index\\.ts$)' },
    },
    {
      name: 'use-cases-not-outward',
      severity: 'error',
      comment: 'The use-cases (src/use-cases/) take their ports as parameters: they never import the Forge edge that ' +
        'binds them, so they run in tests over in-memory ports.',
      from: { path: '^src/use-cases/' },
      to: { path: '^src/(forge/|index\\.ts$)' },
    },
    {
      name: 'entry-is-outermost',
      severity: 'error',
      comment: 'src/index.ts (the manifest handlers) is imported by nothing in src/.',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'forge-sdk-only-in-forge',
      severity: 'error',
      comment: 'Only src/forge/ imports @forge/*; the core talks to the platform through ports.',
      from: { path: '^src/', pathNot: '^src/forge/' },
      to: { path: '(^|/)node_modules/@forge/|^@forge/' },
    },
    {
      name: 'ui-not-backend-edge',
      severity: 'error',
      comment: 'The Custom UI (static/) may share types with the core and the contract, never what runs behind the ' +
        'resolvers (use-cases, storage, the sync, the sources), src/forge/ or dev/: it talks to the backend only through invoke.',
      from: { path: '^static/' },
      to: { path: '^(src/(forge|use-cases|store|sync|sources|tickets|settings)/|src/index\\.ts$|dev/)' },
    },
    {
      name: 'src-not-dev-or-test',
      severity: 'error',
      comment: 'The app never imports the local runtime, fakes and tools (dev/) or tests (test/).',
      from: { path: '^src/' },
      to: { path: '^(dev|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the cruiser cannot resolve could hide a forbidden one.',
      from: { path: '^(src|static)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^static/.*/(build|dist)/' },
    // Type-only imports count: a type is as much a dependency of a layer as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'] },
    cache: false,
  },
};
