/**
 * The storage layout, in one place: every key and dataset name the app keeps in Forge's key-value store, what it
 * holds, and the one module that writes it. Readers import the name from here, never spell the string; a test
 * (test/store/layout.test.ts) keeps string keys out of store calls elsewhere. Secrets are named by the sources
 * that own them (entraSecretKey, AUTOMATION_TOKEN_KEY, ...) and kept in Forge secret storage, not here.
 *
 * Datasets are (scope, name) pairs written through src/store/dataset-store.ts: a scope is a sync id (what one sync
 * read and derived, retained with that sync) or one of the fixed scopes below (state that outlives syncs).
 */

// --- Settings and what the admin put in outside a sync (writer: src/settings/settings.ts, src/use-cases/settings.ts)
/** The admin's settings, one value (src/model/settings.ts is its shape). */
export const SETTINGS_KEY = 'settings';
/** Scope of what an admin uploaded outside any sync (the automation export); the automation source reads it. */
export const UPLOAD_SCOPE = 'uploads';
/** What the admin page shows of the last upload: its name, when, how many rules, what could not be read. */
export const UPLOAD_SUMMARY_KEY = 'automation:upload';

// --- The sync job (writer: src/sync/run-sync.ts)
export const CURRENT_JOB_KEY = 'sync:current';
export const LAST_COMPLETE_KEY = 'sync:last-complete';
/** The latest finished sync, complete or partial: what the pages show. */
export const LATEST_FINISHED_KEY = 'sync:latest';
export const historyKey = (syncId: string) => `sync:history:${syncId}`;
/** The last finished syncs, newest last: the trend on the overview. */
export const HISTORY_INDEX_KEY = 'sync:history-index';
/** When the last scheduled sync started (ISO): the hourly trigger starts the next one only when it is due. */
export const LAST_SCHEDULED_KEY = 'sync:last-scheduled';
/** A sliced step's answers so far (writer: src/sync/step-work.ts). */
export const stepWorkKey = (syncId: string, work: string) => `stepwork:${syncId}:${work}`;

// --- State the evaluation keeps between syncs, scope STATE_SCOPE (writer: src/sync/evaluate-sync.ts)
export const STATE_SCOPE = 'state';
/** Per principal, what it could reach at the last complete sync: scope_drift compares with it. */
export const BASELINE_DATASET = 'baselines';
/** Per sync scope: the graph's nodes as evaluated, and each principal's reach. */
export const SNAPSHOT_DATASET = 'snapshot.nodes';
export const REACH_DATASET = 'reach';
/** Per sync scope: when each departed owner left ({ownerId, at, source, reason}), from the build step for the publish step. */
export const DEPARTURES_DATASET = 'departures';
/** The install's key for finding ids (HMAC), in secret storage (writer: src/sync/install-key.ts). */
export const FINDING_ID_KEY = 'secret:finding-id-key';

// --- Read models the pages read, scope STATE_SCOPE (writer: src/sync/read-models.ts, src/sync/surface-models.ts)
/** One row per finding: what the lists, overview and exports read. Written by read-models.ts only. */
export const ROWS_DATASET = 'finding-rows';
export const INVENTORY_DATASET = 'inventory';
/** Ids of the findings the last evaluation detected, and when (SEEN_AT_KEY). */
export const SEEN_DATASET = 'findings-seen';
export const SEEN_AT_KEY = 'findings:seen-at';
/** Every finding as the last build step left it, scope STATE_SCOPE, and when it was taken (writer: src/store/finding-state.ts). */
export const FINDING_STATE_DATASET = 'findings.state';
export const FINDING_STATE_KEY = 'findings:state';
export const RESOURCE_NAMES_DATASET = 'resource-names';
export const ACCESS_REVIEW_DATASET = 'access-review';
/** Per sync scope: the AI agents the graph holds, for the inventory's agents view (writer: src/sync/agent-inventory.ts's caller, evaluate-sync.ts). */
export const AGENTS_DATASET = 'agents';
export const ROOT_CAUSES_DATASET = 'root-causes';
/** Before the dataset below: one value, which outgrew a KVS value at 140,000 people. Read once, then deleted. */
export const DEPARTURES_FIRST_SEEN_KEY = 'departures:first-seen';
/** When each departed owner was first seen departed ({ownerId, at}), scope STATE_SCOPE: grows with the estate, so chunked. */
export const DEPARTURES_FIRST_SEEN_DATASET = 'departures.first-seen';
export const blastDataset = (bucket: number) => `blast.${bucket}`;
export const insightDataset = (bucket: number) => `insights.${bucket}`;
export const projectReachDataset = (bucket: number) => `project-reach.${bucket}`;

// --- Tickets (writer: src/tickets/ticket-sync.ts, src/sync/run-step.ts)
/** How many findings wait for a ticket (the per-scan cap), for the overview. */
export const TICKETS_WAITING_KEY = 'tickets:waiting';
/** A ticket being created for a finding: found again by its intent if the invocation dies mid-way. */
export const ticketIntentKey = (findingId: string) => `tickets:intent:${findingId}`;
/**
 * Justifications people recorded by moving a finding's ticket to a "justified" status, scope STATE_SCOPE: an output
 * of ticketing kept apart from the admin's settings (which ticketing never writes), read beside them by the checks.
 */
export const RECORDED_JUSTIFICATIONS_DATASET = 'justifications.recorded';

// --- Health (writer: src/use-cases/entra-health.ts)
/** The last Entra connection probe of a tenant. */
export const entraProbeKey = (tenantId: string) => `health:entra:${tenantId}`;
