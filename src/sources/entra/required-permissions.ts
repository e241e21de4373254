/**
 * The Microsoft Graph application permissions the scanner needs in each Entra tenant, and why (README
 * "Microsoft Graph application permissions" mirrors this list). All read-only.
 */
export const REQUIRED_GRAPH_PERMISSIONS: ReadonlyArray<{ name: string; why: string; alternatives?: string[] }> = [
  { name: 'Application.Read.All', why: 'service principals, app registrations, credential metadata, owners, app-role assignments', alternatives: ['Directory.Read.All'] },
  { name: 'Directory.Read.All', why: 'delegated permission grants and verified domains' },
  { name: 'User.Read.All', why: 'whether each owner is still here (accountEnabled, mail)', alternatives: ['Directory.Read.All'] },
  { name: 'User-LifeCycleInfo.Read.All', why: 'leave dates (employeeLeaveDateTime); without it a departure shows only once the account is disabled' },
  { name: 'AuditLog.Read.All', why: 'sign-in activity and directory audits: the execution evidence behind dormancy' },
  { name: 'GroupMember.Read.All', why: 'members of groups that own apps and flows', alternatives: ['Group.Read.All', 'Directory.Read.All'] },
  { name: 'Synchronization.Read.All', why: 'when SCIM provisioning jobs last ran' },
  { name: 'AgentIdentity.Read.All', why: 'Entra agent identities (Entra Agent ID)', alternatives: ['Application.Read.All'] },
  // The list pages name the ReadWrite permission above the Read one; the get pages name Application.Read.All.
  { name: 'AgentIdentityBlueprint.Read.All', why: 'Entra agent identity blueprints and their credentials, which their agents authenticate with', alternatives: ['AgentIdentityBlueprint.ReadWrite.All', 'Application.Read.All'] },
  { name: 'AgentIdentityBlueprintPrincipal.Read.All', why: 'Entra agent identity blueprint principals (the blueprints in this tenant)', alternatives: ['AgentIdentityBlueprintPrincipal.ReadWrite.All', 'Application.Read.All'] },
  { name: 'RoleManagement.Read.Directory', why: 'directory roles held by apps (Global Administrator, Application Administrator, ...) and PIM eligibility', alternatives: ['Directory.Read.All'] },
];

/** The `roles` claim of an app-only access token (a JWT). Only our own token is decoded; its signature is Entra's business. */
export function rolesInAccessToken(token: string): string[] | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return undefined;
  }
}

export function checkGrantedPermissions(roles: readonly string[]): Array<{ name: string; why: string; granted: boolean }> {
  // A documented alternative (a higher-privileged permission that also opens the same reads) counts as granted.
  return REQUIRED_GRAPH_PERMISSIONS.map((p) => ({ name: p.name, why: p.why, granted: [p.name, ...(p.alternatives ?? [])].some((name) => roles.includes(name)) }));
}
