/**
 * The storage layout has one owner (src/store/layout.ts): no module outside src/store/ spells a key or a dataset
 * name in a store call, and no two names share a value (two writers could not then collide by accident).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as layout from '../../src/store/layout';

const SRC = path.resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** A store call whose key or dataset name is a string written in place: `store.get('x')`, `readDataset(store, scope, 'x')`. */
const LITERAL_KEY = [
  /\bstore\.(get|set|delete|getSecret|setSecret|deleteSecret)(<[^>]*>)?\(\s*['"`]/,
  /\b(readDataset|writeDataset|appendDataset|deleteDataset)(<[^>]*>)?\(\s*[^,()]+,\s*['"`]/,
  /\b(readDataset|writeDataset|appendDataset|deleteDataset)(<[^>]*>)?\(\s*[^,()]+,\s*[^,()]+,\s*['"`]/,
];

export function literalKeyUses(files: readonly string[], read: (file: string) => string): string[] {
  return files.flatMap((file) =>
    read(file)
      .split('\n')
      .flatMap((line, i) => (LITERAL_KEY.some((re) => re.test(line)) ? [`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

it('no module outside src/store/ spells a storage key or dataset name in a store call', () => {
  const outside = sourceFiles(SRC).filter((file) => !file.startsWith(path.join(SRC, 'store') + path.sep));
  expect(literalKeyUses(outside, (file) => fs.readFileSync(file, 'utf8'))).toEqual([]);
});

it('finds a planted literal key (the rule can fail)', () => {
  const planted = ["const x = await store.get<string>('sync:latest');", "await writeDataset(store, syncId, 'finding-rows', rows);", "await readDataset(ports.store, STATE_SCOPE, 'inventory');"];
  expect(literalKeyUses(['planted.ts'], () => planted.join('\n'))).toHaveLength(3);
});

it('gives every fixed key and dataset its own value', () => {
  const values = Object.entries(layout)
    .filter(([name, value]) => typeof value === 'string' && name !== 'STATE_SCOPE' && name !== 'UPLOAD_SCOPE')
    .map(([, value]) => value as string);
  expect(new Set(values).size).toBe(values.length);
  // Keyed families are distinct prefixes of one another's keys.
  const families = [layout.historyKey('s'), layout.stepWorkKey('s', 'w'), layout.ticketIntentKey('f'), layout.entraProbeKey('t'), layout.blastDataset(1), layout.insightDataset(1), layout.projectReachDataset(1)];
  expect(new Set(families.map((k) => k.replace(/[^:.]+$/, ''))).size).toBe(families.length);
});
