/**
 * The resolver API between the Custom UI (static/) and the backend (src/forge/resolvers/), one place for both.
 * Every resolver answers `Envelope<T>`: `{ ok: true, data }` or `{ ok: false, error: { code, message } }`.
 * Keys are verb-first within a noun: `findings/list`, `findings/acknowledge`.
 */
import type { CheckMetadata, Severity } from '../../checks/check';
import type { Finding } from '../../findings/finding';
import type { InventoryItem } from '../../sync/read-models';

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

/** admin: overview/get */
export interface Overview {
  /** One sentence, e.g. "5 critical and 7 high findings need an owner's attention; the last scan was partial." */
  verdict: string;
  bySeverity: Partial<Record<Severity, number>>;
  byCheck: Array<{ check: string; title: string; severity: Severity; count: number }>;
  lastSync: SyncView | null;
  running: (SyncView & { done: number; total: number; current?: string }) | null;
  trend: TrendPoint[];
  /** Findings waiting for a ticket because of the per-scan cap (ticketing). */
  ticketsWaiting: number;
}

export type { FindingRow, FindingFilters, FindingSortField, FindingListRequest, FindingListResponse } from '../../findings/query';

/** admin: findings/get {id}; project: project/finding {id}; issue: issue/finding (no payload) answers {issueKey, detail: FindingDetail | null} */
export interface FindingDetail {
  finding: Finding;
  check: CheckMetadata;
  /** The fixed sections of the detail view. */
  sections: { whatHappened: string; amIExposed: string; whoOwnsIt: string; howToFix: string[] };
  owners: Array<{ name: string; email?: string; departed?: boolean }>;
}

/** admin: findings/acknowledge {id, note?}; findings/accept-risk {id, until (YYYY-MM-DD), justification} */
export interface FindingActionResponse {
  finding: Finding;
}

export type { InventoryType, InventoryItem } from '../../sync/read-models';

/** admin: inventory/list {type, search?, page?} */
export interface InventoryListResponse {
  total: number;
  items: InventoryItem[];
}

/** admin: settings/entra-tenant/test {tenantId} */
export interface ConnectionTestResult {
  tenantId: string;
  ok: boolean;
  /** Each Graph application permission the app needs, and whether the tenant granted it. */
  permissions: Array<{ name: string; why: string; granted: boolean }>;
  error?: string;
}

/** admin: export/findings {format}; export/access-review {format} */
export interface ExportFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** admin: automation/upload {fileName, content} */
export interface AutomationUploadResult {
  rules: number;
  uploadedAt: string;
}
