/**
 * What a check run detects: a failed check on a subject, with the chain of nodes that shows it. src/findings/ turns
 * detections into findings with an identity and a lifecycle (src/findings/finding.ts).
 */
import type { CheckMetadata, FailResult } from './check';
import type { EdgeBasis, EdgeKind, NodeKind, Sensitivity } from '../model/schema';

export interface FindingSubject {
  id: string;
  kind: NodeKind;
  name: string;
  /** For identities: what justifications and tickets name them by (Entra tenant + appId, or Jira account id). */
  tenantId?: string;
  appId?: string;
  nativeId?: string;
  /** An AI agent (src/model/agents.ts): its type in words. Absent for anything else. */
  agent?: string;
}

export interface ChainNode {
  id: string;
  kind: NodeKind;
  name: string;
  system: string;
  /** Resources: their kind (jira_project, sharepoint_site, mailbox_scope, ...) and, for Jira projects, the key. */
  subtype?: string;
  key?: string;
  /** Resources: their classification, and for tenant-wide scopes the classified members inside. */
  sensitivity?: Sensitivity;
  members?: Array<{ name: string; sensitivity: Sensitivity }>;
  /** An AI agent (src/model/agents.ts): its type in words. Absent for anything else. */
  agent?: string;
  /** The edge from the previous node of the chain: how that hop is known (correlated hops are drawn dashed). */
  via?: { kind: EdgeKind; basis: EdgeBasis; evidenced?: boolean };
}

export interface Detection {
  metadata: CheckMetadata;
  result: FailResult;
  subject: FindingSubject;
  chainNodes: ChainNode[];
}
