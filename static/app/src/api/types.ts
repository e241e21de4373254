/**
 * The resolver contract, imported (types only) from the backend so the UI and the resolvers cannot drift apart,
 * and the few types of the UI's own talk with its host. Nothing here exists at run time.
 */
export type {
  Envelope,
  Overview,
  CountedQuery,
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
  InventoryReach,
  AgentListResponse,
  AgentView,
  AgentRunsAs,
  ConnectionTestResult,
  SourceSettingsView,
  SourceConnectionResult,
  ExportFile,
  AutomationUploadResult,
  BlastRadius,
  BlastNode,
  BlastEdge,
  BlastEdgeKind,
  FindingInsight,
  FixAction,
  FixLink,
  ImpactPreview,
  EdgeRef,
  OwnerDetail,
  RootCauseGroup,
  RootCauseGroupView,
  GroupActionResponse,
  HealthItem,
  HealthAction,
  SetupState,
  ServiceDeskOption,
  RequestTypeOption,
  RequestTypeCheck,
  ScheduleEstimate,
  ScheduleEstimateLine,
} from '../../../../src/api/contract';
export type { Severity, Evidence, EvidenceClass, CheckMetadata } from '../../../../src/checks/check';
export type { Finding, FindingStatus, ChainNode } from '../../../../src/findings/finding';
export type { NodeKind, Sensitivity, SystemName } from '../../../../src/model/schema';
import type { Sensitivity } from '../../../../src/model/schema';
import type { FindingDetail } from '../../../../src/api/contract';

/** issue/finding: the finding linked to the issue the panel sits on, or null. */
export interface IssueFindingResponse {
  issueKey: string;
  detail: FindingDetail | null;
}

/** project/findings: the list of the project's findings, plus the project key the resolver authorized. */
export type ProjectFindingsResponse = import('../../../../src/api/contract').FindingListResponse & { projectKey: string };

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
  /** How often scheduled scans run (saved with the rest). */
  scanSchedule: 'daily' | 'hourly';
  /** Read-only: what each schedule would cost a month, measured on the last complete scan. */
  scheduleEstimate: import('../../../../src/api/contract').ScheduleEstimate;
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

/** What a view of the app shown in Jira's dialog is about (the Modal's context, read back as extension.modal). */
export type DialogContext = { view: 'finding'; id: string } | { view: 'reach'; id: string; name: string };

/** What a dialog closes with: whether it changed a finding, a root-cause group to list, a finding to open next. */
export interface DialogResult {
  changed?: boolean;
  openGroup?: string;
  openFinding?: string;
}

/** Where a link goes: a Jira issue, the project page of a project, or an address (a Jira path or a console URL). */
export type RouterTarget = { kind: 'issue'; issueKey: string } | { kind: 'project'; projectKey: string } | { kind: 'url'; url: string };

/** The Forge context fields the UI reads. */
export interface AppContext {
  moduleKey: string;
  extension: {
    type: 'jira:adminPage' | 'jira:projectPage' | 'jira:issuePanel' | string;
    project?: { key: string; id?: string };
    issue?: { key: string; id?: string };
    /** Set in a view opened as a dialog: the context it was opened with. */
    modal?: Partial<DialogContext>;
  };
  theme: 'light' | 'dark';
  locale: string;
  timeZone: string;
  siteUrl?: string;
}
