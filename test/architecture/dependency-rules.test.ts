/**
 * The layering rules (.dependency-cruiser.cjs, docs/decisions/0001-layering.md) hold for the real tree, and can fail:
 * a small tree under a temporary directory, laid out like src/ and static/, plants one forbidden import per rule and
 * the same config must report each of them (and nothing for the imports that point inward).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  type?: string;
  rule: { name: string; severity: string };
}

/** Runs the CLI as `npm run deps` does; `json` reports the violations in detail (that reporter always exits 0). */
function cruise(cwd: string, paths: string[], json = false): { status: number | null; violations: Violation[]; output: string; error: string } {
  const run = spawnSync(process.execPath, [DEPCRUISE, ...paths, '--config', '.dependency-cruiser.cjs', ...(json ? ['--output-type', 'json'] : [])], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const violations = json && run.stdout ? (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations : [];
  return { status: run.status, violations, output: run.stdout, error: run.stderr };
}

/** Files of the synthetic tree: path -> the modules it imports. */
const TREE: Record<string, string[]> = {
  // Imports that point inward: allowed.
  'src/shared/util.ts': [],
  'src/model/graph.ts': ['../shared/util'],
  'src/sources/jira/read.ts': ['../../model/graph'],
  'src/checks/check.ts': ['../model/graph'],
  'src/findings/finding.ts': ['../checks/check'],
  'src/store/store.ts': ['../findings/finding'],
  'src/settings/settings.ts': ['../store/store'],
  'src/sync/run.ts': ['../sources/jira/read', '../settings/settings'],
  'src/api/contract.ts': ['../findings/finding'],
  'src/use-cases/read.ts': ['../sync/run', '../store/store', '../api/contract'],
  'src/forge/edge.ts': ['../sync/run', '../api/contract', '../use-cases/read'],
  'src/index.ts': ['./forge/edge'],
  'static/app/src/types.ts': ['../../../src/api/contract', '../../../src/model/graph'],
  'dev/tool.ts': [],
  'test/helper.ts': [],
  // One forbidden import per rule.
  'src/model/planted.ts': ['../forge/edge'],
  'src/shared/planted.ts': ['../model/graph'],
  'src/sources/planted.ts': ['../settings/settings'],
  'src/correlate/planted.ts': ['../sources/jira/read'],
  'src/diff/planted.ts': ['../store/store'],
  'src/tickets/planted.ts': ['../forge/edge', '../../test/helper'],
  'src/api/planted.ts': ['../forge/edge', '../use-cases/read'],
  'src/use-cases/planted.ts': ['../forge/edge', '@forge/kvs'],
  'src/settings/planted.ts': ['../use-cases/read'],
  'src/chains/planted.ts': ['../index'],
  'src/store/planted.ts': ['@forge/kvs'],
  'src/sync/cycle-a.ts': ['./cycle-b'],
  'src/sync/cycle-b.ts': ['./cycle-a'],
  'src/checks/loop.ts': ['../findings/finding'],
  'static/app/src/planted.ts': ['../../../src/forge/edge', '../../../dev/tool', '../../../src/use-cases/read'],
};

const PLANTED: Array<[rule: string, from: string, to: string]> = [
  ['model-is-inner', 'src/model/planted.ts', 'src/forge/edge.ts'],
  ['shared-is-innermost', 'src/shared/planted.ts', 'src/model/graph.ts'],
  ['sources-not-outward', 'src/sources/planted.ts', 'src/settings/settings.ts'],
  ['analysis-not-outward', 'src/correlate/planted.ts', 'src/sources/jira/read.ts'],
  ['analysis-not-outward', 'src/diff/planted.ts', 'src/store/store.ts'],
  ['services-not-outward', 'src/tickets/planted.ts', 'src/forge/edge.ts'],
  ['src-not-dev-or-test', 'src/tickets/planted.ts', 'test/helper.ts'],
  ['api-not-outward', 'src/api/planted.ts', 'src/forge/edge.ts'],
  ['api-not-outward', 'src/api/planted.ts', 'src/use-cases/read.ts'],
  ['use-cases-not-outward', 'src/use-cases/planted.ts', 'src/forge/edge.ts'],
  ['forge-sdk-only-in-forge', 'src/use-cases/planted.ts', '@forge/kvs'],
  ['services-not-outward', 'src/settings/planted.ts', 'src/use-cases/read.ts'],
  ['entry-is-outermost', 'src/chains/planted.ts', 'src/index.ts'],
  ['forge-sdk-only-in-forge', 'src/store/planted.ts', '@forge/kvs'],
  ['no-circular', 'src/sync/cycle-a.ts', 'src/sync/cycle-b.ts'],
  ['no-circular-folders', 'src/checks', 'src/findings'],
  ['ui-not-backend-edge', 'static/app/src/planted.ts', 'src/forge/edge.ts'],
  ['ui-not-backend-edge', 'static/app/src/planted.ts', 'dev/tool.ts'],
  ['ui-not-backend-edge', 'static/app/src/planted.ts', 'src/use-cases/read.ts'],
];

const isPlanted = (file: string) => /\/(planted|cycle-a|cycle-b|loop)\.ts$/.test(file);

describe('dependency rules', () => {
  it('hold for src/ and the UI as they are (npm run deps)', () => {
    const { status, output, error } = cruise(ROOT, ['src', 'static/app/src']);
    expect(error).toBe('');
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  describe('on a tree with planted forbidden imports', () => {
    let dir: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
      copyFileSync(CONFIG, join(dir, '.dependency-cruiser.cjs'));
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true } }));
      for (const [file, imports] of Object.entries(TREE)) {
        mkdirSync(join(dir, dirname(file)), { recursive: true });
        writeFileSync(join(dir, file), `${imports.map((from, i) => `import * as m${i} from '${from}';\nvoid m${i};\n`).join('')}export const here = ${JSON.stringify(file)};\n`);
      }
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('fails the check', () => {
      const { status, output } = cruise(dir, ['src', 'static/app/src']);
      expect(output).toMatch(/\d+ dependency violations/);
      expect(status).not.toBe(0);
    });

    it('reports every planted import under its rule', () => {
      const { violations } = cruise(dir, ['src', 'static/app/src'], true);
      for (const [rule, from, to] of PLANTED) {
        const found = violations.filter((v) => v.rule.name === rule && v.from === from);
        // A cycle is reported from its members (`to` is where it continues); other violations name their target.
        expect({ rule, from, reported: found.length > 0 }).toEqual({ rule, from, reported: true });
        if (!rule.startsWith('no-circular')) expect({ rule, from, to: found.map((v) => v.to) }).toEqual({ rule, from, to: expect.arrayContaining([to]) });
      }
    });

    it('reports nothing for the imports that point inward', () => {
      const { status, violations } = cruise(dir, Object.keys(TREE).filter((file) => !isPlanted(file)), true);
      expect(violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
      expect(status).toBe(0);
    });
  });
});
