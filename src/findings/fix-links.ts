/**
 * Where a fix happens: deep links into the admin consoles of each system, built from the ids the graph already
 * holds. Pure. Jira links are site-relative paths (`/jira/settings/...`) that the page opens through Forge's router
 * on the site it runs on; everything else is an absolute https URL.
 *
 * Consoles and their URL forms:
 * - Entra (Azure portal, `#@<tenant>` selects the directory): app registration blades
 *   `Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/{Credentials|CallAnAPI|Owners}/appId/<appId>`; enterprise
 *   application blades `Microsoft_AAD_IAM/ManagedAppMenuBlade/~/{Permissions|Owners|ProvisioningManagement}/objectId/<sp>/appId/<appId>`.
 * - Power Automate: https://make.powerautomate.com/environments/<env>/flows/<flow>/details, .../connections.
 * - Azure DevOps: https://dev.azure.com/<org>/<project>/_settings/serviceHooks, .../adminservices?resourceId=<id>,
 *   https://dev.azure.com/<org>/_usersSettings/tokens.
 * - Jira: /jira/settings/automation#/rule/<uuid>, /plugins/servlet/project-config/<KEY>/people,
 *   /secure/admin/GlobalPermissions!default.jspa, /plugins/servlet/upm; accounts and groups at admin.atlassian.com.
 */
import type { AccessGraph } from '../model/graph';
import type { GraphNode } from '../model/schema';

export interface FixLink {
  label: string;
  /** An absolute https URL, or a path on the Jira site starting with `/`. */
  url: string;
}

export type FixPurpose = 'permissions' | 'credentials' | 'owners' | 'edit' | 'membership';

const PORTAL = 'https://portal.azure.com';
const POWER_AUTOMATE = 'https://make.powerautomate.com';
const COPILOT_STUDIO = 'https://copilotstudio.microsoft.com';
const ADO = 'https://dev.azure.com';
const ATLASSIAN_ADMIN = 'https://admin.atlassian.com/';

const enc = encodeURIComponent;

/** The native parts after `<system>:<kind>:` of a node id. */
function nativeParts(id: string): string[] {
  return id.split(':').slice(2).join(':').split('/');
}

function entraApp(node: GraphNode<'identity'>, purpose: FixPurpose): FixLink[] {
  const { tenantId, appId, nativeId, origin } = node.props;
  if (!tenantId || !appId) return [];
  const registered = origin === 'first_party';
  const app = (blade: string) => `${PORTAL}/#@${enc(tenantId)}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${blade}/appId/${enc(appId)}`;
  const enterprise = (blade: string) => `${PORTAL}/#@${enc(tenantId)}/view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/${blade}/objectId/${enc(nativeId)}/appId/${enc(appId)}`;
  if (purpose === 'credentials') return registered ? [{ label: `Certificates & secrets of ${node.name} (Entra)`, url: app('Credentials') }] : [{ label: `${node.name} in Entra enterprise applications`, url: enterprise('Overview') }];
  if (purpose === 'owners') return [{ label: `Owners of ${node.name} (Entra)`, url: registered ? app('Owners') : enterprise('Owners') }];
  const links = [{ label: `Permissions of ${node.name} (Entra enterprise application)`, url: enterprise('Permissions') }];
  if (registered) links.push({ label: `API permissions of the ${node.name} app registration`, url: app('CallAnAPI') });
  return links;
}

function workloadLinks(graph: AccessGraph, node: GraphNode<'workload'>): FixLink[] {
  const { subtype, nativeId } = node.props;
  if (subtype === 'jira_automation_rule') return [{ label: `Automation rule "${node.name}" (Jira)`, url: `/jira/settings/automation#/rule/${enc(nativeId)}` }];
  if (subtype === 'power_automate_flow') {
    const [environment, flowName] = nativeId.split('/');
    if (environment && flowName) return [{ label: `Flow "${node.name}" (Power Automate)`, url: `${POWER_AUTOMATE}/environments/${enc(environment)}/flows/${enc(flowName)}/details` }];
  }
  if (subtype === 'copilot_studio_agent') {
    const [environment, botId] = nativeId.split('/');
    if (environment && botId) return [{ label: `Agent "${node.name}" (Copilot Studio)`, url: `${COPILOT_STUDIO}/environments/${enc(environment)}/bots/${enc(botId)}/overview` }];
  }
  if (subtype === 'ado_service_hook') {
    const organization = nativeParts(node.id)[0];
    const project = graph.out(node.id, 'TRIGGERS_ON').map((e) => graph.node(e.to)).find((n) => n?.kind === 'resource');
    if (organization) return [{ label: `Service hooks of ${project?.name ?? organization} (Azure DevOps)`, url: project ? `${ADO}/${enc(organization)}/${enc(project.name)}/_settings/serviceHooks` : `${ADO}/${enc(organization)}/_settings/` }];
  }
  if (subtype === 'entra_provisioning_job' && node.props.derivedFrom) {
    const parent = graph.node(node.props.derivedFrom);
    if (parent?.kind === 'identity') {
      const p = (parent as GraphNode<'identity'>).props;
      if (p.tenantId && p.appId) return [{ label: `Provisioning of ${parent.name} (Entra)`, url: `${PORTAL}/#@${enc(p.tenantId)}/view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/objectId/${enc(p.nativeId)}/appId/${enc(p.appId)}` }];
    }
  }
  return [];
}

function identityLinks(graph: AccessGraph, node: GraphNode<'identity'>, purpose: FixPurpose, seen: Set<string>): FixLink[] {
  const p = node.props;
  if (p.subtype === 'service_principal' || p.subtype === 'managed_identity' || p.subtype === 'entra_agent_identity' || p.subtype === 'entra_agent_blueprint') return entraApp(node, purpose);
  if (p.subtype === 'jira_app_user') return [{ label: `Manage apps (${node.name}) in Jira`, url: '/plugins/servlet/upm' }];
  if (p.subtype === 'jira_service_account' || p.subtype === 'jira_user') {
    if (purpose === 'credentials') return [{ label: 'API tokens of the account (Atlassian account settings)', url: 'https://id.atlassian.com/manage-profile/security/api-tokens' }];
    return [{ label: `${node.name} in Atlassian Administration`, url: ATLASSIAN_ADMIN }];
  }
  if (p.subtype === 'atlassian_scim_directory') return [{ label: 'User provisioning (Atlassian Administration)', url: ATLASSIAN_ADMIN }];
  if (p.subtype === 'ado_user') {
    const organization = nativeParts(node.id)[0];
    if (organization) return [{ label: `Users of ${organization} (Azure DevOps)`, url: `${ADO}/${enc(organization)}/_settings/users` }];
  }
  if (p.derivedFrom) {
    const parent = graph.node(p.derivedFrom);
    if (parent) return linksForNode(graph, parent, purpose, seen);
  }
  return [];
}

function credentialLinks(graph: AccessGraph, node: GraphNode<'credential'>, seen: Set<string>): FixLink[] {
  const p = node.props;
  if (p.subtype === 'pat') {
    const organization = nativeParts(node.id)[0];
    if (organization) return [{ label: `Personal access tokens (${organization}, Azure DevOps)`, url: `${ADO}/${enc(organization)}/_usersSettings/tokens` }];
  }
  if (node.system === 'powerautomate') {
    const environment = nativeParts(node.id)[0];
    if (environment) return [{ label: 'Connections of the environment (Power Automate)', url: `${POWER_AUTOMATE}/environments/${enc(environment)}/connections` }];
  }
  // A credential of an app or account: fixed where its holder keeps its credentials.
  const holder = graph.out(node.id, 'AUTHENTICATES_AS').map((e) => graph.node(e.to)).find((n): n is GraphNode<'identity'> => n?.kind === 'identity' && !(n.props as GraphNode<'identity'>['props']).human);
  if (holder && !seen.has(holder.id)) return linksForNode(graph, holder, 'credentials', seen);
  if (node.system === 'entra') {
    const [tenantId, side, objectId] = nativeParts(node.id);
    const sp = side === 'sp' && tenantId && objectId ? graph.node(`entra:identity:${tenantId}/${objectId}`) : undefined;
    if (sp?.kind === 'identity') return entraApp(sp as GraphNode<'identity'>, 'credentials');
  }
  return [];
}

function connectionLinks(graph: AccessGraph, node: GraphNode<'connection'>): FixLink[] {
  if (node.props.subtype === 'service_endpoint') {
    const organization = nativeParts(node.id)[0];
    const [projectName, endpointId] = node.props.nativeId.split('/');
    if (organization && projectName && endpointId) return [{ label: `Service connection ${node.name} (Azure DevOps)`, url: `${ADO}/${enc(organization)}/${enc(projectName)}/_settings/adminservices?resourceId=${enc(endpointId)}` }];
  }
  // A request or webhook is changed in the workload that sends it.
  const senders = [...graph.in(node.id, 'SENDS_TO'), ...graph.in(node.id, 'INVOKES')].map((e) => graph.node(e.from)).filter((n): n is GraphNode<'workload'> => n?.kind === 'workload');
  return senders.flatMap((w) => workloadLinks(graph, w));
}

/** Links to where `node` is changed for `purpose` (edit it, its permissions, its credentials, its owners). */
export function linksForNode(graph: AccessGraph, node: GraphNode, purpose: FixPurpose, seen: Set<string> = new Set()): FixLink[] {
  // An identity derived from a credential whose holder is that identity (a PAT's or connection's account) would
  // otherwise send the search round in a circle.
  if (seen.has(node.id)) return [];
  seen.add(node.id);
  switch (node.kind) {
    case 'workload':
      return workloadLinks(graph, node as GraphNode<'workload'>);
    case 'identity':
      return identityLinks(graph, node as GraphNode<'identity'>, purpose, seen);
    case 'credential':
      return credentialLinks(graph, node as GraphNode<'credential'>, seen);
    case 'connection':
      return connectionLinks(graph, node as GraphNode<'connection'>);
    default:
      return [];
  }
}

/**
 * Where a grant (an identity's role) is removed: the Entra app's permissions, the project's people, Jira's global
 * permissions, the app's scopes, the group in Atlassian Administration, the PAT's scopes.
 */
export function linksForGrant(graph: AccessGraph, holder: GraphNode, role: GraphNode<'role'>, projectKey: string | undefined): FixLink[] {
  const p = role.props;
  if (p.subtype === 'entra_app_role' || p.subtype === 'entra_directory_role') {
    if (holder.kind === 'identity') {
      const links = linksForNode(graph, holder, 'permissions');
      if (p.subtype === 'entra_directory_role' && (holder.props as GraphNode<'identity'>['props']).tenantId) {
        links.push({ label: 'Directory roles (Entra)', url: `${PORTAL}/#@${enc((holder.props as GraphNode<'identity'>['props']).tenantId ?? '')}/view/Microsoft_AAD_IAM/RolesManagementMenuBlade/~/AllRoles` });
      }
      return links;
    }
    return [];
  }
  if (p.subtype === 'jira_project_role') return projectKey ? [{ label: `People and roles of ${projectKey} (Jira project settings)`, url: `/plugins/servlet/project-config/${enc(projectKey)}/people` }] : [];
  if (p.subtype === 'jira_group') return [{ label: `Group ${role.name} (Atlassian Administration)`, url: ATLASSIAN_ADMIN }];
  if (p.subtype === 'atlassian_provisioning') return [{ label: 'User provisioning (Atlassian Administration)', url: ATLASSIAN_ADMIN }];
  if (p.subtype === 'ado_scope') {
    const organization = nativeParts(role.id)[0];
    return organization ? [{ label: `Personal access tokens (${organization}, Azure DevOps)`, url: `${ADO}/${enc(organization)}/_usersSettings/tokens` }] : [];
  }
  // Jira app scopes (ACT_AS_USER) and global permissions.
  if (role.system === 'jira') return [{ label: holder.kind === 'identity' && (holder.props as GraphNode<'identity'>['props']).subtype === 'jira_app_user' ? 'Manage apps (Jira)' : 'Global permissions (Jira)', url: holder.kind === 'identity' && (holder.props as GraphNode<'identity'>['props']).subtype === 'jira_app_user' ? '/plugins/servlet/upm' : '/secure/admin/GlobalPermissions!default.jspa' }];
  return [];
}
