/**
 * What a source system tells the rest of the app about itself, in one object per folder (src/sources/<system>/source.ts)
 * listed once in src/sources/registry/registry.ts. The sync plans its steps, builds the graph and judges coverage
 * from these; the Forge adapter (src/forge/sync-sources.ts) only supplies the ports. Adding a source is its folder,
 * its descriptor and one registry line (docs/adding-a-source.md).
 */
import type { SystemName } from '../model/schema';
import type { Settings } from '../model/settings';
import type { EgressFetch, ProductRequest, Sleep } from '../shared/http';
import type { ExtractionStep, GraphBuilder, SourceSystem } from './source-step';

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
}
