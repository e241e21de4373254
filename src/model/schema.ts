/**
 * The access graph: the only definition of node kinds, edge kinds and their properties. Every extractor emits these,
 * every check reads these, and the UI imports the labels from here.
 *
 * Node ids are deterministic: `<system>:<kind>:<nativeId>`, where Entra-side native ids are prefixed with their
 * Entra tenant (`entra:identity:<tenantId>/<objectId>`). No timestamps or random values take part in identity, so the
 * same object gets the same id in every sync.
 */

export const NODE_KINDS = [
  'identity',
  'workload',
  'connection',
  'credential',
  'owner',
  'role',
  'permission',
  'resource',
  'execution_evidence',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Where a node lives. `m365` holds Exchange and SharePoint resources of an Entra tenant; `external` is anything outside. */
export const SYSTEMS = ['entra', 'jira', 'm365', 'powerautomate', 'azuredevops', 'people', 'external'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/**
 * Edge kinds, source -> target. `path: true` edges are walked when access chains are built (chains/), the others
 * describe ownership and evidence.
 */
export const EDGE_KINDS = {
  RUNS_AS: { from: ['workload'], to: ['identity'], path: true, label: 'runs as' },
  HAS_ROLE: { from: ['identity'], to: ['role'], path: true, label: 'has role' },
  MEMBER_OF: { from: ['identity', 'owner'], to: ['role'], path: true, label: 'member of' },
  GRANTS: { from: ['role'], to: ['permission'], path: true, label: 'grants' },
  APPLIES_TO: { from: ['permission'], to: ['resource'], path: true, label: 'applies to' },
  INVOKES: { from: ['workload'], to: ['connection'], path: true, label: 'invokes' },
  USES: { from: ['connection'], to: ['credential'], path: true, label: 'uses' },
  AUTHENTICATES_AS: { from: ['credential'], to: ['identity'], path: true, label: 'authenticates as' },
  AUTHENTICATES_TO: { from: ['identity'], to: ['identity'], path: true, label: 'authenticates to' },
  SENDS_TO: { from: ['workload'], to: ['connection'], path: false, label: 'sends to' },
  CALLS: { from: ['workload'], to: ['workload'], path: true, label: 'calls' },
  TRIGGERS_ON: { from: ['workload'], to: ['resource'], path: false, label: 'triggers on' },
  OWNED_BY: { from: NODE_KINDS, to: ['owner'], path: false, label: 'owned by' },
  CREATED_BY: { from: NODE_KINDS, to: ['owner'], path: false, label: 'created by' },
  EVIDENCES: { from: ['execution_evidence'], to: NODE_KINDS, path: false, label: 'evidences' },
} as const satisfies Record<string, { from: readonly NodeKind[]; to: readonly NodeKind[]; path: boolean; label: string }>;
export type EdgeKind = keyof typeof EDGE_KINDS;

export type Sensitivity = 'restricted' | 'confidential' | 'internal' | 'public';
export const SENSITIVITY_RANK: Record<Sensitivity, number> = { public: 0, internal: 1, confidential: 2, restricted: 3 };

/** How we know an edge exists. Checks treat anything but `observed` and `declared` as unproven. */
export type EdgeBasis = 'observed' | 'declared' | 'correlated' | 'inferred';

export interface IdentityProps {
  subtype:
    | 'service_principal'
    | 'managed_identity'
    /** An Entra agent identity (Entra Agent ID): a service principal an AI agent signs in as; its sponsors own it. */
    | 'entra_agent_identity'
    /**
     * An Entra agent identity blueprint, as its blueprint principal in the tenant (a service principal): the template
     * its agent identities are made from. Its credentials (the blueprint application's) are what those agents
     * authenticate with; its owners and sponsors own it.
     */
    | 'entra_agent_blueprint'
    /** An Entra agent user: the user account of one agent identity (derivedFrom it), never a person. */
    | 'entra_agent_user'
    | 'entra_user'
    | 'jira_app_user'
    | 'jira_service_account'
    | 'jira_user'
    | 'ado_user'
    | 'atlassian_scim_directory'
    /** An account at another service that a connection signs in as and no source describes (derivedFrom the credential). */
    | 'external_account';
  tenantId?: string;
  nativeId: string;
  appId?: string;
  /** A person's own account (acts for a human), as opposed to a non-human identity. */
  human: boolean;
  enabled: boolean;
  /** first_party = registered by this organisation; third_party = another organisation runs it; microsoft = platform. */
  origin: 'first_party' | 'third_party' | 'microsoft' | 'atlassian' | 'unknown';
  email?: string;
  publisherDomain?: string;
  replyUrlHosts?: string[];
  /** Jira app key (reverse domain) for app users, when known. */
  appKey?: string;
  /** Set on identities that only exist as a hop of another principal (a SCIM directory key): findings go to that principal. */
  derivedFrom?: string;
  /** Directory roles it may activate through PIM but does not hold now: latent privilege, shown and never counted. */
  eligibleDirectoryRoles?: string[];
  /** Some of who answers for it could not be read (an agent's sponsors), and why: its ownership is then unknown. */
  ownersUnread?: string;
  /** An Entra agent identity: the appId of the agent identity blueprint it was made from (agentIdentityBlueprintId). */
  agentBlueprintAppId?: string;
}

export interface WorkloadProps {
  subtype:
    | 'jira_automation_rule'
    | 'power_automate_flow'
    | 'ado_service_hook'
    | 'entra_provisioning_job'
    /** A Copilot Studio agent (Dataverse `bot`): an AI agent that acts through the connections its tools use. */
    | 'copilot_studio_agent'
    /** An AI tool calling the Atlassian Rovo MCP server, seen in the organization audit log. */
    | 'mcp_client';
  nativeId: string;
  enabled: boolean;
  executionMode: 'autonomous' | 'manual';
  trigger?: string;
  /** Jira project ids the rule is scoped to; empty = global. */
  scopeProjectIds?: string[];
  /** How many people may run or edit it besides the owners (shared flows). */
  sharedWith?: number;
  /** Set on workloads that only exist as a part of another principal (a provisioning job of a service principal). */
  derivedFrom?: string;
  /** What it acts through (an agent's tools and their connections) could not be read, and why: who it acts as is unknown. */
  connectionsUnread?: string;
}

export interface ConnectionProps {
  subtype: 'web_request' | 'email' | 'connector' | 'webhook' | 'scim_provisioning' | 'service_endpoint';
  nativeId: string;
  /** Destination host (web requests, webhooks) or recipient domain (e-mail). */
  host?: string;
  /** Scheme, host and path only: query values can carry secrets and are never stored. */
  url?: string;
  method?: string;
  /** Whether the request carries a credential (auth header, signed URL, basic auth). undefined = cannot tell. */
  sendsCredential?: boolean;
  credentialMechanism?: string;
  connectorId?: string;
  /** Filled by classify/: internal (verified domain), sanctioned (settings list) or external. */
  egress?: 'internal' | 'sanctioned' | 'external';
}

export interface CredentialProps {
  subtype: 'client_secret' | 'certificate' | 'bearer_token' | 'oauth_refresh_token' | 'shared_secret' | 'pat' | 'api_token' | 'basic_auth' | 'federated_identity_credential';
  nativeId: string;
  tenantId?: string;
  createdAt?: string;
  /** null = never expires; undefined = unknown. */
  expiresAt?: string | null;
  /** Credential held by a service principal object rather than its application (a persistence signal). */
  onServicePrincipal?: boolean;
  /** The e-mail of the account this credential signs in as, when the source names it (a Power Automate connection). */
  accountEmail?: string;
  /** The Entra application (client) id this credential signs in as, with tenantId, when the source names it. */
  accountAppId?: string;
  /** Workload identity federation: the token issuer and subject this credential presents (never a secret). */
  federatedIssuer?: string;
  federatedSubject?: string;
  scopes?: string[];
}

/**
 * The one empty id list owner nodes share: two empty arrays per person were some 64 bytes a person, 8 MB of the
 * graph at 140,000 people. Frozen (and the lists typed readonly), so nothing can push into the shared one.
 */
export const NO_IDS: readonly string[] = Object.freeze([]);

export interface OwnerProps {
  /** A service principal that owns an app is not a person: it never departs (design.md, "Owners"). */
  subtype: 'person' | 'group' | 'service_principal';
  email?: string;
  department?: string;
  entraUserIds: readonly string[];
  atlassianAccountIds: readonly string[];
  adoUserIds: readonly string[];
  /** true/false once decided; undefined when no system says. */
  departed?: boolean;
  departedReason?: string;
  /** When the person left, when a system records it (an Entra leave date that has passed), ISO 8601. */
  departedAt?: string;
  /** For groups: active members. */
  activeMembers?: number;
}

export interface RoleProps {
  subtype: 'jira_project_role' | 'jira_group' | 'entra_app_role' | 'entra_directory_role' | 'ado_scope' | 'atlassian_provisioning';
  nativeId: string;
  tenantId?: string;
  projectId?: string;
}

export interface PermissionProps {
  subtype: 'jira_project' | 'jira_global' | 'graph_application' | 'graph_delegated' | 'ado' | 'atlassian_directory' | 'jira_app_scope' | 'entra_directory_role';
  key: string;
  highPrivilege: boolean;
  tenantWide: boolean;
  write: boolean;
  /** Impersonation: acts as any user (ACT_AS_USER, full_access_as_app). */
  impersonation: boolean;
}

export interface ResourceMember {
  id: string;
  name: string;
  sensitivity: Sensitivity;
  businessDomain?: string;
}

export interface ResourceProps {
  subtype: 'jira_project' | 'jira_site' | 'sharepoint_site' | 'mailbox' | 'ado_project' | 'mailbox_scope' | 'site_scope' | 'entra_directory' | 'atlassian_directory';
  nativeId: string;
  tenantId?: string;
  key?: string;
  sensitivity: Sensitivity;
  businessDomain?: string;
  /** For tenant-wide scope resources: the members that settings mark sensitive (never one node per mailbox). */
  members?: ResourceMember[];
  /** The members are the named objects a grant was narrowed to (a recorded Exchange scope), not every object. */
  narrowed?: boolean;
  /** Who can see it by design, in people (e.g. project members); compared with a principal's audience. */
  audience?: number;
  /**
   * Jira projects: who the permission scheme lets browse the project without naming them (docs/graph-mapping.md
   * "Permission-scheme holders"): `anyone` (anonymous users, so every account), `logged_in` (every user with access
   * to any product), `product:<key>` (every user with that product's access), `portal_customers` (JSM customers,
   * portal only), `issue:<holder type>[:<field>]` (per issue: reporter, assignee, a user or group picked in a custom
   * field), `other:<holder type>` (a type this version does not know). None of these adds to a principal's reach.
   * [] = the scheme names principals only; undefined = the scheme was not read.
   */
  browseAudiences?: string[];
}

export interface EvidenceProps {
  subtype: 'sign_in' | 'audit_record' | 'flow_run' | 'hook_delivery' | 'provisioning_run' | 'pipeline_execution' | 'agent_conversation';
  /** The last time the subject acted, ISO 8601. */
  lastAt: string;
  /**
   * What authority the activity exercised: app-only (its own application permissions and roles) or delegated (a
   * signed-in user's). Evidence must match the authority (design.md): a delegated sign-in does not show an
   * application permission in use. Absent: the source does not say (counts for any).
   */
  authority?: 'application' | 'delegated';
  count?: number;
  source: string;
}

export interface NodePropsByKind {
  identity: IdentityProps;
  workload: WorkloadProps;
  connection: ConnectionProps;
  credential: CredentialProps;
  owner: OwnerProps;
  role: RoleProps;
  permission: PermissionProps;
  resource: ResourceProps;
  execution_evidence: EvidenceProps;
}

export interface GraphNode<K extends NodeKind = NodeKind> {
  id: string;
  kind: K;
  system: SystemName;
  name: string;
  props: NodePropsByKind[K];
}

export interface GraphEdge {
  kind: EdgeKind;
  from: string;
  to: string;
  basis: EdgeBasis;
  /** 0..1, for correlated and inferred edges. */
  confidence?: number;
  /** Why the edge exists, e.g. "same e-mail maria.garcia@mediapro.tv", "scheme grant BROWSE_PROJECTS to role 10100". */
  reason?: string;
  /** For correlated edges: execution evidence inside the window on either end, so the link is shown in use. */
  evidenced?: boolean;
}

/** A source that could not be read completely, and why. A partial snapshot never reports removals. */
export interface SourceStatus {
  source: string;
  status: 'complete' | 'partial' | 'failed' | 'skipped';
  reason?: string;
  count?: number;
  quarantined?: number;
}

export function nodeId(system: SystemName, kind: NodeKind, ...nativeParts: string[]): string {
  return `${system}:${kind}:${nativeParts.join('/')}`;
}

export function edgeId(edge: Pick<GraphEdge, 'kind' | 'from' | 'to'>): string {
  return `${edge.kind}|${edge.from}|${edge.to}`;
}

export function isNodeOfKind<K extends NodeKind>(node: GraphNode, kind: K): node is GraphNode<K> {
  return node.kind === kind;
}
