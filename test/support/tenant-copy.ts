/**
 * A copy of a tenant directory for a test that changes it: edit a sync's files, or add a sync made from the last one
 * with some changes. The copy lives in a temporary directory; the fixture itself is never touched.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type SystemFile = 'graph' | 'jira' | 'automation' | 'powerautomate' | 'azuredevops';
export type Edit = (data: Record<string, unknown>) => void;

export class TenantCopy {
  readonly dir: string;

  constructor(source: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sv0-tenant-'));
    fs.cpSync(source, this.dir, { recursive: true });
  }

  syncNames(): string[] {
    return fs.readdirSync(path.join(this.dir, 'syncs')).sort();
  }

  /** Changes one system file of a sync, as parsed JSON. */
  edit(sync: string, system: SystemFile, edit: Edit): this {
    const file = path.join(this.dir, 'syncs', sync, `${system}.json`);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    edit(data);
    fs.writeFileSync(file, JSON.stringify(data, null, 2));
    return this;
  }

  /** Changes one system file of a sync as text (every occurrence of `from` becomes `to`). */
  replace(sync: string, system: SystemFile, from: string, to: string): this {
    const file = path.join(this.dir, 'syncs', sync, `${system}.json`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll(from, to));
    return this;
  }

  /** A new last sync, a copy of the current last one at `at`. Returns its name. */
  addSync(name: string, at: string): string {
    const last = this.syncNames().at(-1) as string;
    fs.cpSync(path.join(this.dir, 'syncs', last), path.join(this.dir, 'syncs', name), { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'syncs', name, 'sync.json'), JSON.stringify({ at }));
    return name;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
