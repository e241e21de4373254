/**
 * The resolver API between the Custom UI (static/) and the backend (src/forge/resolvers/), one place for both.
 * Every resolver answers `Envelope<T>`: `{ ok: true, data }` or `{ ok: false, error: { code, message } }`.
 * Keys are verb-first within a noun: `findings/list`, `findings/acknowledge`.
 * Types only, outside src/forge/ so the UI imports the contract and never the Forge edge (docs/decisions/0001).
 */
import type { CheckMetadata, Severity } from '../checks/check';
import type { BlastRadius } from '../chains/blast-radius';
import type { Finding, FindingStatus } from '../findings/finding';
import type { FindingInsight } from '../findings/insights';
import type { OwnerDetail } from '../findings/owner-detail';
import type { FindingFilters, FindingRow } from '../findings/query';
import type { RootCauseGroup } from '../findings/root-causes';
import type { AgentRecord } from '../sync/agent-inventory';
import type { InventoryItem } from '../sync/read-models';
import type { HealthItem, SetupState } from '../sync/health';
import type { RequestTypeCheckResult } from '../settings/request-type-check';

export type { BlastRadius, BlastNode, BlastEdge, BlastEdgeKind } from '../chains/blast-radius';
export type { FindingInsight, FixAction, FixLink, ImpactPreview, EdgeRef } from '../findings/insights';
export type { OwnerDetail } from '../findings/owner-detail';
export type { RootCauseGroup } from '../findings/root-causes';
export type { HealthItem, HealthAction, SetupState } from '../sync/health';
/** settings/get `scheduleEstimate`: a month of each scan schedule, measured on the last complete scan. */
export type { ScheduleEstimate, ScheduleEstimateLine } from '../sync/cost-model';

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface SyncStepView {
  id: string;
  label: string;
  status: 'pending' | 'done' | 'partial' | 'failed' | 'skipped';
  count?: number;
  reason?: string;
}

export interface SyncView {
  syncId: string;
  status: 'running' | 'complete' | 'partial' | 'failed';
  trigger: 'scheduled' | 'manual';
  requestedAt: string;
  observedAt?: string;
  finishedAt?: string;
  steps: SyncStepView[];
  /** The scan was picked up again after the run advancing it died: how often, and when last. */
  resumed?: { count: number; lastAt: string };
  /** Ticketing could not run as configured in this scan (JSM refused the request type): what to fix. */
  ticketingProblem?: string;
}

export interface TrendPoint {
  syncId: string;
  observedAt: string;
  total: number;
  bySeverity: Partial<Record<Severity, number>>;
}

/**
 * A count on a page and the list it stands for: `count` is the `total` of findings/list with exactly `filters`, so
 * the number and the list it opens cannot disagree.
 */
export interface CountedQuery {
  count: number;
  filters: FindingFilters;
}

/** admin: overview/get */
export interface Overview {
  /** One sentence, e.g. "5 critical and 7 high findings need an owner's attention; the last scan was partial." */
  verdict: string;
  /** Open findings (status open) by severity: what needs attention. */
  bySeverity: Partial<Record<Severity, number>>;
  /** The same counts with the query each stands for. */
  severityCounts: Array<CountedQuery & { severity: Severity }>;
  byCheck: Array<CountedQuery & { check: string; title: string; severity: Severity }>;
  /** Triaged findings: acknowledged, and accepted risk (still counted, no longer "needs attention"). */
  triaged: Array<CountedQuery & { status: Extract<FindingStatus, 'acknowledged' | 'risk_accepted'> }>;
  /** The app's own health and what fixes each item; first-run steps included. */
  health: HealthItem[];
  setup: SetupState;
  lastSync: SyncView | null;
  running: (SyncView & { done: number; total: number; current?: string }) | null;
  trend: TrendPoint[];
  /** Findings waiting for a ticket because of the per-scan cap (ticketing). */
  ticketsWaiting: number;
}

export type { FindingRow, FindingFilters, FindingSortField, FindingListRequest, FindingListResponse } from '../findings/query';

/** admin: findings/get {id}; project: project/finding {id}; issue: issue/finding (no payload) answers {issueKey, detail: FindingDetail | null} */
export interface FindingDetail {
  finding: Finding;
  check: CheckMetadata;
  /** The fixed sections of the detail view. */
  sections: { whatHappened: string; amIExposed: string; whoOwnsIt: string; howToFix: string[] };
  /** Owners of its subject, each with whether and when they left. */
  owners: OwnerDetail[];
  /** What the last scan worked out about it: fixes with links and impact, drift, highlighted nodes. */
  insight?: FindingInsight;
  /** Every path from its principal to every resource it reaches (bounded). */
  blast?: BlastRadius;
  /** Root-cause groups it belongs to. */
  groups?: Array<Pick<RootCauseGroup, 'id' | 'kind' | 'title'> & { size: number }>;
}

/** admin: findings/groups */
export interface RootCauseGroupView extends RootCauseGroup {
  /** How many of its findings are open now (the rest acknowledged, accepted or resolved since the scan). */
  open: number;
}

/** admin: findings/acknowledge-group {groupId, note?} */
export interface GroupActionResponse {
  acknowledged: string[];
  skipped: string[];
}

/** admin: inventory/reach {id}: what an identity or workload can reach, and through what. */
export interface InventoryReach {
  id: string;
  name: string;
  blast: BlastRadius | null;
  findingIds: string[];
}

/** admin: jsm/service-desks, jsm/request-types {serviceDeskId}, jsm/request-type-fields {serviceDeskId, requestTypeId} */
export interface ServiceDeskOption {
  id: string;
  projectKey: string;
  projectName: string;
}
export interface RequestTypeOption {
  id: string;
  name: string;
  description?: string;
}
/** What a JSM request type accepts, as src/settings/request-type-check.ts works it out. */
export type RequestTypeCheck = RequestTypeCheckResult;

/** admin: findings/acknowledge {id, note?}; findings/accept-risk {id, until (YYYY-MM-DD), justification} */
export interface FindingActionResponse {
  finding: Finding;
}

export type { InventoryType, InventoryItem } from '../sync/read-models';

/** admin: inventory/list {type, search?, page?} */
export interface InventoryListResponse {
  total: number;
  items: InventoryItem[];
}

export type { AgentRecord, AgentRunsAs } from '../sync/agent-inventory';

/** An AI agent as the inventory's "AI agents" view shows it: the sync's record and its findings not resolved. */
export interface AgentView extends AgentRecord {
  findings: Array<Pick<FindingRow, 'id' | 'check' | 'title' | 'severity' | 'status'>>;
}

/** admin: inventory/agents {search?, page?} */
export interface AgentListResponse {
  total: number;
  items: AgentView[];
  /** Whether a scan has finished: without one, no agent can have been read yet. */
  scanned: boolean;
}

/** admin: settings/entra-tenant/test {tenantId} */
export interface ConnectionTestResult {
  tenantId: string;
  ok: boolean;
  /** Each Graph application permission the app needs, and whether the tenant granted it. */
  permissions: Array<{ name: string; why: string; granted: boolean }>;
  error?: string;
  /** When the client secret in use expires (null: never), when the app registration could be read. */
  secretExpiresAt?: string | null;
}

/** admin: settings/sources/get: one form per source that keeps its own settings (a descriptor's `settings`). */
export interface SourceSettingsView {
  id: string;
  label: string;
  description: string;
  /** Its slice has been saved (the source runs in the next sync). */
  configured: boolean;
  /** Text fields carry their saved value; secret fields only whether one is stored. */
  fields: Array<{ key: string; label: string; help: string; kind: 'text' | 'secret'; placeholder?: string; value?: string; stored?: boolean }>;
  canTest: boolean;
}

/** admin: settings/sources/test {id} */
export interface SourceConnectionResult {
  id: string;
  ok: boolean;
  error?: string;
  permissions: Array<{ name: string; why: string; granted: boolean | 'unknown' }>;
}

/** admin: export/findings {format, filters?, sort?}; export/access-review {format} */
export interface ExportFile {
  fileName: string;
  mimeType: string;
  content: string;
  /** How many records it holds (findings or review rows). */
  records: number;
}

/** admin: automation/upload {fileName, content} */
export interface AutomationUploadResult {
  rules: number;
  uploadedAt: string;
}
