/**
 * Entra datasets of one tenant -> graph fragment (docs/graph-mapping.md "Entra"), plus what the build needs besides
 * nodes: the tenant's verified domains and its people (departure, department, e-mail joins for correlate/).
 * A missing dataset (its step was partial or failed) contributes nothing and never stands for "none".
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphNode } from '../../model/schema';
import { agentSponsorsToGraph, withAgents, type AgentIdentity } from './agent-identities';
import { agentBlueprintsToGraph, blueprintAppIds, blueprintAsApplication, blueprintPrincipalAsServicePrincipal, mergeById, type AgentBlueprint, type AgentBlueprintPrincipal } from './agent-blueprints';
import { agentUsersToGraph, isAgentUser, type AgentUser } from './agent-users';
import type { GraphBuilder, GraphContext } from '../source-step';
import { appRoleAssignmentsToGraph, type AppRoleAssignment } from './app-role-assignments';
import { applicationsToGraph, type Application } from './applications';
import { directoryRolesToGraph, type DirectoryRoleRecord } from './directory-roles';
import { deletedUsers, directoryAuditsToGraph, entraAccountEnds, type DirectoryAudit } from './directory-audits';
import { groupsToGraph, type OwnerGroup } from './groups';
import { oauth2PermissionGrantsToGraph, type OAuth2PermissionGrant } from './oauth2-permission-grants';
import { verifiedDomainsOf, type Organization } from './organization';
import { ownersToGraph, type EntraOwner } from './owners';
import { servicePrincipalsToGraph, type ServicePrincipal } from './service-principals';
import { signInActivitiesToGraph, type ServicePrincipalSignInActivity } from './sign-in-activities';
import { entraDatasets } from './extraction-steps';
import { entraDirectoryOf } from './directory';
import { synchronizationJobsToGraph, type SynchronizationJob } from './synchronization-jobs';
import { entraPeople, usersToGraph, type EntraUser } from './users';
import { federatedCredentialsToGraph, type FederatedCredential } from './federated-credentials';
import { credentialSignInsToGraph, type CredentialSignIn } from './credential-sign-ins';

export interface EntraDatasets {
  organization?: Organization[];
  servicePrincipals?: ServicePrincipal[];
  applications?: Application[];
  owners?: EntraOwner[];
  appRoleAssignments?: AppRoleAssignment[];
  oauth2PermissionGrants?: OAuth2PermissionGrant[];
  users?: EntraUser[];
  groups?: OwnerGroup[];
  signInActivities?: ServicePrincipalSignInActivity[];
  directoryAudits?: DirectoryAudit[];
  synchronizationJobs?: SynchronizationJob[];
  directoryRoles?: DirectoryRoleRecord[];
  federatedCredentials?: FederatedCredential[];
  credentialSignIns?: CredentialSignIn[];
  agentIdentities?: AgentIdentity[];
  agentBlueprints?: AgentBlueprint[];
  agentBlueprintPrincipals?: AgentBlueprintPrincipal[];
  agentUsers?: AgentUser[];
}

export interface EntraGraphOptions {
  /** Entra user object ids another system names as a credential holder or connection account: they become identities. */
  referencedUserIds?: ReadonlySet<string>;
}

export function entraToGraph(datasets: EntraDatasets, tenantId: string, context: GraphContext, options: EntraGraphOptions = {}): GraphFragment {
  // An agent identity and a blueprint principal are service principals, a blueprint is an application: every
  // transform sees them as such, and their nodes are typed as agents.
  const agents = datasets.agentIdentities ?? [];
  const blueprints = datasets.agentBlueprints ?? [];
  const principals = datasets.agentBlueprintPrincipals ?? [];
  const agentIds = new Set(agents.map((a) => a.id));
  const blueprintPrincipalIds = new Set(principals.map((p) => p.id));
  // A blueprint principal may come only from the plain list (its typed list refused): its appId still says what it is.
  const blueprintApps = blueprintAppIds(blueprints, principals);
  const agentBlueprint = new Map(agents.flatMap((a) => (a.agentIdentityBlueprintId ? [[a.id, a.agentIdentityBlueprintId] as const] : [])));
  const sponsorsUnread = new Map([...agents, ...principals].filter((a) => a.sponsorsUnread).map((a) => [a.id, a.sponsorsUnread as string]));
  const sps = mergeById(withAgents(datasets.servicePrincipals ?? [], agents), principals.map(blueprintPrincipalAsServicePrincipal));
  // A blueprint whose sponsors were not read leaves its principal's ownership unknown too.
  for (const blueprint of blueprints.filter((b) => b.sponsorsUnread)) {
    const sp = sps.find((s) => s.appId === blueprint.appId);
    if (sp && !sponsorsUnread.has(sp.id)) sponsorsUnread.set(sp.id, blueprint.sponsorsUnread as string);
  }
  const apps = mergeById(datasets.applications ?? [], blueprints.map(blueprintAsApplication));
  const agentUsers = datasets.agentUsers ?? [];
  // Agent users are users too, and may be in the users list: never people, never owners.
  const users = withoutAgentUsers(datasets.users ?? [], agentUsers);
  const fragments = [
    servicePrincipalsToGraph(sps, context, tenantId),
    applicationsToGraph(apps, sps, context, tenantId),
    groupsToGraph(datasets.groups ?? [], users, context, tenantId),
    ownersToGraph(datasets.owners ?? [], { servicePrincipals: sps, applications: apps, users }, context, tenantId),
    appRoleAssignmentsToGraph(datasets.appRoleAssignments ?? [], sps, context, tenantId, datasets.organization ? verifiedDomainsOf(datasets.organization) : undefined),
    oauth2PermissionGrantsToGraph(datasets.oauth2PermissionGrants ?? [], sps, context, tenantId),
    usersToGraph(users, context, tenantId, options.referencedUserIds),
    signInActivitiesToGraph(datasets.signInActivities ?? [], sps, context, tenantId),
    directoryAuditsToGraph(datasets.directoryAudits ?? [], sps, context, tenantId),
    synchronizationJobsToGraph(datasets.synchronizationJobs ?? [], sps, context, tenantId),
    federatedCredentialsToGraph(datasets.federatedCredentials ?? [], apps, sps, tenantId),
    agentSponsorsToGraph(agents, users, context, tenantId),
    // After the application and federated-credential fragments: a blueprint credential's first AUTHENTICATES_AS
    // edge stays its blueprint principal, the holder credential hygiene names.
    agentBlueprintsToGraph(blueprints, principals, sps, agents, datasets.federatedCredentials ?? [], users, context, tenantId),
    agentUsersToGraph(agentUsers, context, tenantId),
  ];
  const credentialIds = new Set(fragments.flatMap((f) => f.nodes).filter((n) => n.kind === 'credential').map((n) => n.id));
  fragments.push(credentialSignInsToGraph(datasets.credentialSignIns ?? [], sps, tenantId, credentialIds));
  const roles = directoryRolesToGraph(datasets.directoryRoles ?? [], sps, context.settings, tenantId, datasets.organization ? verifiedDomainsOf(datasets.organization) : undefined);
  // PIM eligibility is latent: carried on the service principal for people to see, never an edge the checks walk.
  const nodes = fragments.flatMap((f) => f.nodes).map((node): GraphNode => {
    if (node.kind !== 'identity') return node;
    const identity = node as GraphNode<'identity'>;
    const eligible = roles.eligible.get(identity.props.nativeId);
    const native = identity.props.nativeId;
    const entra = identity.system === 'entra';
    const agent = entra && agentIds.has(native);
    const blueprint = entra && !agent && (blueprintPrincipalIds.has(native) || (identity.props.subtype === 'service_principal' && identity.props.appId !== undefined && blueprintApps.has(identity.props.appId)));
    if (!eligible && !agent && !blueprint) return node;
    const unread = agent || blueprint ? sponsorsUnread.get(native) : undefined;
    const blueprintAppId = agent ? agentBlueprint.get(native) : undefined;
    return {
      ...identity,
      props: {
        ...identity.props,
        ...(agent ? { subtype: 'entra_agent_identity' as const } : {}),
        ...(blueprint ? { subtype: 'entra_agent_blueprint' as const } : {}),
        ...(blueprintAppId ? { agentBlueprintAppId: blueprintAppId } : {}),
        ...(unread ? { ownersUnread: unread } : {}),
        ...(eligible ? { eligibleDirectoryRoles: eligible } : {}),
      },
    };
  });
  return { nodes: [...nodes, ...roles.nodes], edges: [...fragments.flatMap((f) => f.edges), ...roles.edges] };
}

/** The users list without agent users (known by their type, their parent, or the agent user list): never people. */
function withoutAgentUsers(users: readonly EntraUser[], agentUsers: readonly AgentUser[]): EntraUser[] {
  const agentUserIds = new Set(agentUsers.map((u) => u.id));
  return users.filter((u) => !agentUserIds.has(u.id) && !isAgentUser(u));
}

/** One Entra tenant's part of the graph: the fragment, its verified domains and its people. */
export function entraGraphBuilder(tenantId: string, options: EntraGraphOptions = {}): GraphBuilder<GraphFragment> {
  const names = entraDatasets(tenantId);
  return {
    system: 'entra',
    async build(read, context) {
      const datasets: EntraDatasets = {
        organization: await read(names.organization),
        servicePrincipals: await read(names.servicePrincipals),
        applications: await read(names.applications),
        owners: await read(names.owners),
        appRoleAssignments: await read(names.appRoleAssignments),
        oauth2PermissionGrants: await read(names.oauth2PermissionGrants),
        users: await read(names.users),
        groups: await read(names.groups),
        signInActivities: await read(names.signInActivities),
        directoryAudits: await read(names.directoryAudits),
        synchronizationJobs: await read(names.synchronizationJobs),
        directoryRoles: await read(names.directoryRoles),
        federatedCredentials: await read(names.federatedCredentials),
        credentialSignIns: await read(names.credentialSignIns),
        agentIdentities: await read(names.agentIdentities),
        agentBlueprints: await read(names.agentBlueprints),
        agentBlueprintPrincipals: await read(names.agentBlueprintPrincipals),
        agentUsers: await read(names.agentUsers),
      };
      const accountEnds = entraAccountEnds(datasets.directoryAudits ?? []);
      return {
        entraDirectory: { tenantId, directory: entraDirectoryOf(datasets.servicePrincipals, datasets.groups) },
        fragment: entraToGraph(datasets, tenantId, context, options),
        accountEnds: () => accountEnds,
        verifiedDomains: verifiedDomainsOf(datasets.organization ?? []),
        // Deleted users are known only from the audit log, and only when the users themselves were read.
        people: entraPeople(withoutAgentUsers(datasets.users ?? [], datasets.agentUsers ?? []), context.observedAt, tenantId, datasets.users ? deletedUsers(datasets.directoryAudits ?? []) : []),
      };
    },
  };
}
