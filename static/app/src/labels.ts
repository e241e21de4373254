/** Words the UI shows for the model's identifiers (node kinds, systems, statuses, sensitivity). */
import type { BlastEdgeKind, FindingStatus, NodeKind, Sensitivity, Severity } from './api/types';

export const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
export const STATUSES: FindingStatus[] = ['open', 'acknowledged', 'risk_accepted', 'resolved'];

export const SEVERITY_LABEL: Record<Severity, string> = { CRITICAL: 'Critical', HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' };

export const STATUS_LABEL: Record<FindingStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  risk_accepted: 'Risk accepted',
  resolved: 'Resolved',
};

export const KIND_LABEL: Record<NodeKind, string> = {
  identity: 'Identity',
  workload: 'Workload',
  connection: 'Connection',
  credential: 'Credential',
  owner: 'Owner',
  role: 'Role',
  permission: 'Permission',
  resource: 'Resource',
  execution_evidence: 'Execution evidence',
};

const SYSTEM_LABEL: Record<string, string> = {
  entra: 'Entra ID',
  jira: 'Jira',
  m365: 'Microsoft 365',
  powerautomate: 'Power Automate',
  azuredevops: 'Azure DevOps',
  people: 'People',
  external: 'External',
};

export function systemLabel(system: string): string {
  return SYSTEM_LABEL[system] ?? system;
}

export const SENSITIVITY_LABEL: Record<Sensitivity, string> = {
  restricted: 'Restricted',
  confidential: 'Confidential',
  internal: 'Internal',
  public: 'Public',
};

/** Edge kinds as a hop of a chain reads them (the schema's labels, src/model/schema.ts EDGE_KINDS). */
export const EDGE_LABEL: Record<BlastEdgeKind, string> = {
  RUNS_AS: 'runs as',
  HAS_ROLE: 'has role',
  MEMBER_OF: 'member of',
  GRANTS: 'grants',
  APPLIES_TO: 'applies to',
  INVOKES: 'invokes',
  USES: 'uses',
  AUTHENTICATES_AS: 'authenticates as',
  AUTHENTICATES_TO: 'authenticates to',
  SENDS_TO: 'sends to',
  CALLS: 'calls',
  TRIGGERS_ON: 'triggers on',
  OWNED_BY: 'owned by',
  CREATED_BY: 'created by',
  EVIDENCES: 'evidences',
  CONTAINS: 'contains',
};
