/**
 * What a check is: metadata (Prowler-style: id, severity, risk, remediation, references) beside a pure evaluate()
 * that reads the graph of one sync and returns results. A result either fails (a finding), or is unknown (the data
 * needed to decide is missing: a partial source), never silently passes on missing data.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';
import type { Settings } from '../model/settings';
import type { PrincipalReach } from '../chains/reach';

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
export const SEVERITY_RANK: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export type EvidenceClass = 'observed_execution' | 'observed_absence' | 'correlated_pattern' | 'structural_authority' | 'inferred_capability';

export interface Evidence {
  class: EvidenceClass;
  /** One sentence, naming names. */
  text: string;
  nodeIds?: string[];
  at?: string;
}

export interface CheckMetadata {
  id: string;
  title: string;
  severity: Severity;
  /** What happened, in general terms (the finding's summary names the specifics). */
  description: string;
  /** Why it matters: "Am I exposed". */
  risk: string;
  /** How to fix, as ordered steps. */
  remediation: string[];
  references: string[];
}

export interface FailResult {
  outcome: 'fail';
  subjectId: string;
  /** Beyond check and subject, what makes this finding distinct (a grant name, a credential id). */
  identityFields: string[];
  summary: string;
  chain: string[];
  evidence: Evidence[];
  /** Jira project keys the chain touches, for the project page. */
  projectKeys: string[];
}

export interface UnknownResult {
  outcome: 'unknown';
  subjectId: string;
  reason: string;
}

export type CheckResult = FailResult | UnknownResult;

/** What a check needs to have been read completely to conclude from an absence. */
export type CoverageAspect = 'evidence' | 'ownership';

/** Which sources were read completely in this sync (a partial source makes absence unprovable). */
export interface EvidenceCoverage {
  /** undefined = complete; otherwise why this aspect of this node cannot be trusted to be complete. */
  gapFor(node: GraphNode, aspect?: CoverageAspect): string | undefined;
}

export interface Baselines {
  /** Reach keys of a principal at its baseline, or undefined when first seen now. */
  reachOf(principalId: string): readonly string[] | undefined;
}

export interface CheckContext {
  graph: AccessGraph;
  reach: ReadonlyMap<string, PrincipalReach>;
  settings: Settings;
  /** The sync's clock, ISO. */
  observedAt: string;
  coverage: EvidenceCoverage;
  baselines: Baselines;
}

export interface Check {
  metadata: CheckMetadata;
  evaluate(context: CheckContext): CheckResult[];
}
