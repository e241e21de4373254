/**
 * The contract every extractor module fulfils.
 *
 * A sync is a list of ExtractionSteps. Each step reads one dataset (one entity of one source, paging inside), parses
 * it with zod (bad records quarantined, never fatal) and returns the records; the job stores them under the step's
 * dataset name and checkpoints. A later step may read an earlier step's dataset (e.g. owners need the service
 * principal ids). Steps throw AppError: SOURCE_UNAUTHORIZED (401/403) makes the step partial, NOT_FOUND skips.
 *
 * After extraction, the build phase hands each system's datasets to its pure toGraph function, which returns a
 * GraphFragment (src/model/graph.ts) following docs/graph-mapping.md. A dataset that is missing (its step was partial
 * or failed) is `undefined`, never an empty array: the graph must not pretend the source said "nothing".
 */
import type { Settings } from '../model/settings';
import type { GraphFragment, StreamedFragment } from '../model/graph';
import type { AccountAudit, PersonRecord } from '../model/person';
import type { ParsedRecords } from './parse-records';
import type { ConcurrentMap } from '../shared/concurrency';

/** The id of a registered source (src/sources/registry/registry.ts): "jira", "entra", "azuredevops", ... */
export type SourceSystem = string;

export interface StepContext {
  /** Records of an earlier step's dataset in this sync; undefined when that step did not complete. */
  read<T>(dataset: string): Promise<T[] | undefined>;
  /**
   * The same dataset as the last complete sync stored it, for steps that re-read only what changed (a change feed,
   * an edit timestamp); undefined when there is none. Never a reason to trust stale data the API can confirm.
   */
  previous<T>(dataset: string): Promise<T[] | undefined>;
  settings: Settings;
  /**
   * Runs a step's per-object lookups, bounded and in order. In a sync job a long list is worked through across
   * invocations (src/sync/step-work.ts), so the list must be the same each time the step runs.
   */
  map?: ConcurrentMap;
  /** The change-tracking cursor (a Graph deltaLink) this step returned in the last complete sync, if any. */
  previousCursor?: string;
}

/** A step's records, and for steps that track changes the cursor the next sync starts from. */
export type StepOutput = ParsedRecords<unknown> & { cursor?: string };

export interface ExtractionStep {
  /** Unique within a sync, e.g. "entra:<tenantId>:service-principals". */
  id: string;
  system: SourceSystem;
  tenantId?: string;
  /** For people: "Entra service principals (Grup MediaPro)". */
  label: string;
  /** Where the records are stored, e.g. "entra.<tenantId>.servicePrincipals". */
  dataset: string;
  /**
   * objects (default): a directory of things that exist until deleted, whose missing records keep their last known
   * state; events: a log or activity window (audit records, sign-ins, runs), where absence is no news.
   */
  collection?: 'objects' | 'events';
  /** When an empty answer is what a missing permission looks like (so it is never taken as "all deleted"): which. */
  emptyMeansMissingPermission?: string;
  run(context: StepContext): Promise<StepOutput>;
}

/** What every toGraph function receives besides its datasets. */
export interface GraphContext {
  settings: Settings;
  /** The sync's clock (Jira serverTime), ISO 8601. */
  observedAt: string;
  /**
   * An Entra tenant's directory as its builder read it earlier in this build (undefined when no builder of this
   * build read it): later builders look names up here instead of reading the tenant's datasets again.
   */
  entraDirectory?: (tenantId: string) => EntraDirectory | undefined;
}

/**
 * What other sources look up in an Entra tenant's directory: its service principals (as stored; each absent when the
 * dataset was not read) by object id, their names, and by application id in lower case, their object ids; its
 * groups' display names by object id. At 140,000 people the service principals alone were 3.5 MB of compressed
 * records that the Power Automate and Azure DevOps builders each read again for these maps.
 */
export interface EntraDirectory {
  servicePrincipalNames?: ReadonlyMap<string, string>;
  servicePrincipalIdsByAppId?: ReadonlyMap<string, string>;
  groupNames: ReadonlyMap<string, string>;
}

export type DatasetReader = <T>(dataset: string) => Promise<T[] | undefined>;

// PersonRecord is the model's (src/model/person.ts); re-exported for the extractors that produce it.
export type { PersonRecord } from '../model/person';

/** A source's part of the graph as a builder gives it: one fragment, or fragments one after another. */
export type ContributedFragment = GraphFragment | AsyncIterable<GraphFragment | StreamedFragment>;

/** One source system's contribution to the graph, plus facts the build needs from it. */
export interface GraphContribution<F extends ContributedFragment = ContributedFragment> {
  /**
   * The source's part of the graph: one fragment, or several one after another, each made from the datasets it
   * needs when the graph asks for it and garbage once the graph holds it. A large source (Jira at 140,000 people)
   * then never holds every dataset it reads and every edge object it makes at once.
   */
  fragment: F;
  /** Verified domains of the organisation (Entra /domains), for egress classification. */
  verifiedDomains?: string[];
  people?: PersonRecord[];
  /**
   * The source's records that ended an account, from the records it read for its fragment; asked once the fragment
   * has joined the graph. The build step dates departures by them instead of reading the audit logs again (at
   * 140,000 people 7 MB of compressed Jira audit records a sync, and their parse).
   */
  accountEnds?: () => readonly AccountAudit[];
  /** An Entra tenant's directory, for the builders after this one (GraphContext.entraDirectory). */
  entraDirectory?: { tenantId: string; directory: EntraDirectory };
}

/** How a source system turns its stored datasets into its part of the graph (pure apart from reading). */
export interface GraphBuilder<F extends ContributedFragment = ContributedFragment> {
  system: SourceSystem;
  build(read: DatasetReader, context: GraphContext): Promise<GraphContribution<F>>;
}
