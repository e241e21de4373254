/**
 * What a source system tells the rest of the app about itself, in one object per folder (src/sources/<system>/source.ts)
 * listed once in src/sources/registry/registry.ts. The sync plans its steps, builds the graph and judges coverage
 * from these; the Forge adapter (src/forge/sync-sources.ts) only supplies the ports. Adding a source is its folder,
 * its descriptor and one registry line (docs/adding-a-source.md).
 */
import type { z } from 'zod';
import type { SystemName } from '../model/schema';
import type { Settings } from '../model/settings';
import type { EgressFetch, ProductRequest, Sleep } from '../shared/http';
import type { ExtractionStep, GraphBuilder, SourceSystem } from './source-step';

/** One field of a source's settings form; the admin page renders it without knowing the source. */
export interface SourceSettingField {
  key: string;
  label: string;
  /** Under the field: what to enter and where to find it. */
  help: string;
  /**
   * `secret`: write-only, kept in Forge secret storage under `secretKey`, reported to the page only as stored or not
   * and never returned; `text`: kept in the settings slice, validated by the slice's schema.
   */
  kind: 'text' | 'secret';
  secretKey?: string;
  placeholder?: string;
}

/**
 * A source's own settings, kept in `settings.sources[id]` (text fields) and the secret store (secret fields). Off
 * until an admin saves the slice; the descriptor reads it with `readSourceSettings`.
 */
export interface SourceSettingsSlice {
  /** What turning it on reads, what it needs and why it is optional, in a sentence or three. */
  description: string;
  fields: readonly SourceSettingField[];
  /** Validates the text values as saved; an issue's path names the field. */
  schema: z.ZodType<Record<string, string>>;
}

/** What Test connection found: each permission or scope the source needs, granted, missing or not provable. */
export interface SourceConnectionCheck {
  ok: boolean;
  /** What the source could not do, in words an admin can act on; never a secret. */
  error?: string;
  permissions: Array<{ name: string; why: string; granted: boolean | 'unknown' }>;
}

/** What a source may use of the platform, and nothing else: the Forge adapter supplies these, tests supply fakes. */
export interface SourcePorts {
  /** Jira's REST API as the app (no credential of ours). */
  jiraRequest: ProductRequest;
  /** Outbound HTTPS to the hosts the manifest allows (a source's `egress`), each host under its own gate. */
  egressFetch: EgressFetch;
  sleep: Sleep;
  /** A credential from the secret store, read when a request needs it; never logged, stored elsewhere or returned. */
  secret(key: string): Promise<string | undefined>;
  /** Records an admin uploaded outside any sync (an automation export), by dataset name. */
  upload<T>(dataset: string): Promise<T[] | undefined>;
  /** The Jira site's cloud id, for APIs addressed by it; absent when the invocation does not carry one. */
  cloudId?: string;
  /**
   * One value per key for as long as these ports live (one invocation): clients and their token caches, shared by
   * every step of a source and by sources that call the same API (Power Automate reads Entra groups through Graph).
   */
  shared<T>(key: string, create: () => T): T;
}

export interface SourceDescriptor {
  /** The `system` of its steps and graph builders, e.g. "entra". */
  id: SourceSystem;
  /** For people: "Microsoft Entra ID". */
  label: string;
  /**
   * The graph systems whose nodes its steps describe: a partial read of this source holds the findings that rest on
   * those systems (they keep their last state rather than resolve), and its missing evidence makes them unknown.
   */
  describes: readonly SystemName[];
  /**
   * Its steps (by the last part of the step id) whose records prove an aspect a check may rest on: `evidence` (that
   * something ran or signed in: sign-ins, audits, runs, deliveries) and `ownership` (who answers for it, and whether
   * they are still here). Such a step not read completely makes that aspect unknown for the nodes this source
   * describes, rather than absent.
   */
  coverage: { evidence: readonly string[]; ownership: readonly string[] };
  /** Hosts it calls through Forge egress (manifest.yml permissions.external.fetch.backend must list each). */
  egress: readonly string[];
  /** The steps that read it this sync, in the order they run (in one lane per system and tenant); none if unconfigured. */
  extractionSteps(settings: Settings, ports: SourcePorts, observedAt: () => string | undefined): ExtractionStep[];
  /** How its stored datasets become its part of the graph; none if unconfigured. */
  graphBuilders(settings: Settings, site: { host: string }): GraphBuilder[];
  /**
   * Its settings form, for a source whose settings are its own slice (`settings.sources[id]`). The older sources keep
   * theirs as named fields of Settings (entraTenants, powerPlatform, automation) and their own forms; Azure DevOps
   * moved to a slice (src/settings/settings.ts moves what earlier versions saved).
   */
  settings?: SourceSettingsSlice;
  /**
   * What only this source shows, for a source an admin may leave off: while it is off (no step of it planned), each
   * check named answers "unknown" about `what` on the sync's record, and the overview says what is not seen; never
   * "none" from data that was not read.
   */
  unseenWhenOff?: { what: string; checks: readonly string[] };
  /** Test connection: reads the least that proves each permission it needs, with the saved settings and secrets. */
  testConnection?(settings: Settings, ports: SourcePorts): Promise<SourceConnectionCheck>;
}

/** A source's saved slice, parsed by its own schema; undefined when not configured (or no longer valid). */
export function readSourceSettings<T extends Record<string, string>>(settings: Settings, id: SourceSystem, schema: z.ZodType<T>): T | undefined {
  const slice = settings.sources[id];
  if (!slice) return undefined;
  const parsed = schema.safeParse(slice);
  return parsed.success ? parsed.data : undefined;
}
