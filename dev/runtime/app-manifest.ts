/**
 * Reads manifest.yml the way the local runtime needs it: functions with their handlers and limits, which
 * module calls which function, egress hosts and storage entities. The manifest is the single source of truth:
 * a host missing there is refused here too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export interface FunctionDeclaration {
  key: string;
  /** Module file under src/ (without extension) and export name, from `handler: file.export`. */
  file: string;
  exportName: string;
  timeoutSeconds: number;
  memoryMB: number;
}

export interface EntityDeclaration {
  name: string;
  attributes: Record<string, { type: string }>;
  indexes: Array<string | { name: string; partition?: string[]; range: string[] }>;
}

export interface AppManifest {
  appId: string;
  functions: Map<string, FunctionDeclaration>;
  /** queue key -> function key */
  consumers: Map<string, string>;
  /** scheduled trigger module key -> function key */
  scheduledTriggers: Map<string, string>;
  /** UI module key -> { type, resolver function key } */
  uiModules: Map<string, { type: string; functionKey: string }>;
  egress: string[];
  scopes: string[];
  entities: EntityDeclaration[];
}

/** Forge's default timeout for functions without timeoutSeconds (resolvers are fixed at 25 s). */
export const DEFAULT_TIMEOUT_SECONDS = 25;
const DEFAULT_MEMORY_MB = 512;

interface RawManifest {
  app: { id: string; runtime?: { memoryMB?: number }; storage?: { entities?: EntityDeclaration[] } };
  modules: Record<string, Array<Record<string, unknown>>>;
  permissions?: { scopes?: string[]; external?: { fetch?: { backend?: Array<string | { address: string }> } } };
}

export function loadAppManifest(appDir: string): AppManifest {
  const file = path.join(appDir, 'manifest.yml');
  const raw = parse(fs.readFileSync(file, 'utf8')) as RawManifest;
  const appMemory = raw.app.runtime?.memoryMB ?? DEFAULT_MEMORY_MB;
  const functions = new Map<string, FunctionDeclaration>();
  for (const fn of raw.modules.function ?? []) {
    const handler = String(fn.handler);
    const dot = handler.lastIndexOf('.');
    const runtime = fn.runtime as { memoryMB?: number } | undefined;
    functions.set(String(fn.key), {
      key: String(fn.key),
      file: handler.slice(0, dot),
      exportName: handler.slice(dot + 1),
      timeoutSeconds: Number(fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      memoryMB: Number(runtime?.memoryMB ?? appMemory),
    });
  }
  const consumers = new Map((raw.modules.consumer ?? []).map((m) => [String(m.queue), String(m.function)]));
  const scheduledTriggers = new Map((raw.modules.scheduledTrigger ?? []).map((m) => [String(m.key), String(m.function)]));
  const uiModules = new Map<string, { type: string; functionKey: string }>();
  for (const type of ['jira:adminPage', 'jira:projectPage', 'jira:issuePanel']) {
    for (const module of raw.modules[type] ?? []) {
      const resolver = module.resolver as { function?: string } | undefined;
      if (resolver?.function) uiModules.set(String(module.key), { type, functionKey: resolver.function });
    }
  }
  const egress = (raw.permissions?.external?.fetch?.backend ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.address));
  return {
    appId: raw.app.id,
    functions,
    consumers,
    scheduledTriggers,
    uiModules,
    egress,
    scopes: raw.permissions?.scopes ?? [],
    entities: raw.app.storage?.entities ?? [],
  };
}
