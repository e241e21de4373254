/**
 * The resolver contract, imported (types only) from the backend so the UI and the resolvers cannot drift apart.
 * Nothing here exists at run time.
 */
export type {
  Envelope,
  Overview,
  SyncView,
  SyncStepView,
  TrendPoint,
  FindingDetail,
  FindingActionResponse,
  FindingRow,
  FindingFilters,
  FindingSortField,
  FindingListRequest,
  FindingListResponse,
  InventoryType,
  InventoryItem,
  InventoryListResponse,
  ConnectionTestResult,
  ExportFile,
  AutomationUploadResult,
} from '../../../../src/forge/api/contract';
export type { Severity, Evidence, EvidenceClass, CheckMetadata } from '../../../../src/checks/check';
export type { Finding, FindingStatus, ChainNode } from '../../../../src/findings/finding';
export type { NodeKind, Sensitivity, SystemName } from '../../../../src/model/schema';
import type { Sensitivity } from '../../../../src/model/schema';
import type { ChainNode } from '../../../../src/findings/finding';
import type { FindingDetail } from '../../../../src/forge/api/contract';

/**
 * A chain node as drawn. Read when the resolver sends them, and drawn without them otherwise: `sensitivity`
 * (resources), `members` (the classified members of a tenant-wide scope such as "every mailbox"), and `via`, the
 * edge from the previous node (its kind and how it is known: observed, declared, correlated or inferred).
 */
export type DrawnChainNode = ChainNode & {
  sensitivity?: Sensitivity;
  members?: Array<{ name: string; sensitivity?: Sensitivity }>;
  via?: { kind?: string; basis?: 'observed' | 'declared' | 'correlated' | 'inferred' };
};

/** issue/finding: the finding linked to the issue the panel sits on, or null. */
export interface IssueFindingResponse {
  issueKey: string;
  detail: FindingDetail | null;
}

/** project/findings: the list of the project's findings, plus the project key the resolver authorized. */
export type ProjectFindingsResponse = import('../../../../src/forge/api/contract').FindingListResponse & { projectKey: string };

/** settings/get: the stored settings with secrets reported only as present or not. */
export interface SettingsView {
  entraTenants: Array<{ tenantId: string; clientId: string; displayName?: string; hasClientSecret: boolean }>;
  dormancyWindowDays: number;
  credentialExpiryWarningDays: number;
  defaultSensitivity: Sensitivity;
  sensitivity: {
    jiraProjects: Record<string, Classification>;
    sharePointSites: Record<string, Classification>;
    mailboxes: Record<string, Classification>;
    adoProjects: Record<string, Classification>;
  };
  egress: { sanctionedDestinations: string[] };
  ticketing: {
    enabled: boolean;
    serviceDeskId?: string;
    requestTypeId?: string;
    minimumSeverity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
    maxNewPerScan: number;
    [more: string]: unknown;
  };
  automation: { source: 'upload' | 'api'; adminEmail?: string };
  automationUpload: { fileName: string; uploadedAt: string; rules: number; problems?: string[] } | null;
  hasAutomationToken: boolean;
  hasAzureDevOpsPat: boolean;
  [more: string]: unknown;
}

export interface Classification {
  level: Sensitivity;
  businessDomain?: string;
  displayName?: string;
  owner?: string;
}

/** sync/start */
export interface ScanStartResult {
  syncId: string;
  started: boolean;
}

/** The Forge context fields the UI reads. */
export interface AppContext {
  moduleKey: string;
  extension: {
    type: 'jira:adminPage' | 'jira:projectPage' | 'jira:issuePanel' | string;
    project?: { key: string; id?: string };
    issue?: { key: string; id?: string };
  };
  theme: 'light' | 'dark';
}
