import type { JsonSchema } from './schema-files';

export interface JiraSpecDeviation {
  schema: string;
  property: string;
  type: JsonSchema;
  reason: string;
}

/**
 * The only fields real Jira payloads carry that the platform spec's schemas leave out (research/apis.md §B7, found by
 * validating the spec's own 200 examples against its schemas). Each entry hides a field from the contract: keep the
 * list minimal.
 */
export const JIRA_SPEC_DEVIATIONS: readonly JiraSpecDeviation[] = [
  {
    schema: 'RoleActor',
    property: 'user',
    type: { type: 'string' },
    reason: "getProjectRole's own example carries user (the group name) on group actors",
  },
  {
    schema: 'AuditRecordBean',
    property: 'authorAccountId',
    type: { type: 'string' },
    reason: "real audit records carry authorAccountId (the spec's authorKey says to use it), as does getAuditRecords' own example",
  },
];
