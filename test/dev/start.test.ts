/** `npm start` as a person runs it: it syncs, prints what it read, keeps serving, and Ctrl-C stops it cleanly. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { writeTestTenant } from '../support/tenant-builder';

const APP_DIR = path.resolve(__dirname, '../..');

it('runs the demo sync, prints what it read, and exits 0 on SIGINT', async () => {
  const tenantDir = writeTestTenant({ servicePrincipals: 4, projects: 2 });
  const child = spawn(process.execPath, [path.join(APP_DIR, 'node_modules/tsx/dist/cli.mjs'), 'dev/start.ts'], {
    cwd: APP_DIR,
    env: { ...process.env, TENANT: tenantDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const deadline = Date.now() + 45_000;
  while (!output.includes('Press Ctrl-C to stop') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGINT');
  const code = await exited;

  expect(output).toContain('Sync 01-only (source clock 2026-11-20T06:00:00.000Z): complete');
  expect(output).toContain('Jira projects: 2');
  expect(output).toContain('Entra service principals (Test Entra): 4');
  expect(output).toMatch(/No critical or high finding is open|finding/);
  expect(output).toContain('Stopping: closing the fake cloud');
  expect(code).toBe(0);
});

it('exits 2 with a clear message for a tenant directory that does not exist', async () => {
  const child = spawn(process.execPath, [path.join(APP_DIR, 'node_modules/tsx/dist/cli.mjs'), 'dev/start.ts'], {
    cwd: APP_DIR,
    env: { ...process.env, TENANT: '/nonexistent/tenant' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(2);
  expect(stderr).toContain('/nonexistent/tenant: no such tenant directory');
});
