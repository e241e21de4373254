/**
 * Definitions the sources and the checks share (design.md, "Definitions the checks share"), each written once:
 * what counts as a privileged directory role, when a credential "never expires", and how a record an admin keeps in
 * settings names a grant. Checks read the graph these definitions shaped; src/checks/definitions.ts holds the ones
 * only checks need (owners, departure, ownership subjects, evidence). Pure.
 */

/**
 * Built-in Entra roles Microsoft marks privileged (they can grant themselves or others more, or take over accounts),
 * by template id, which is the same in every tenant. https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
 * and .../privileged-roles-permissions.
 */
export const PRIVILEGED_DIRECTORY_ROLES: Readonly<Record<string, string>> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2': 'Hybrid Identity Administrator',
  '3a2c62db-5318-420d-8d74-23affee5d9d5': 'Intune Administrator',
  '9360feb5-f418-4baa-8175-e2a00bac4301': 'Directory Writers',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
  '966707d0-3269-4727-9be2-8c3a10f19b9d': 'Password Administrator',
  'fdd7a751-b60b-444a-984c-02652fe8fa1c': 'Groups Administrator',
  '8329153b-31d0-4727-b945-745eb3bc5f31': 'Domain Name Administrator',
  'be2f45a1-457d-42af-a067-6ec1fa63bc45': 'External Identity Provider Administrator',
  'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8': 'Partner Tier2 Support',
  'd29b2b05-8046-44ba-8758-1e26182fcf32': 'Directory Synchronization Accounts',
  '892c5842-a9a6-463a-8041-72aa08ca3cf6': 'Cloud App Security Administrator',
};

export function isPrivilegedDirectoryRole(templateId: string): boolean {
  return templateId.toLowerCase() in PRIVILEGED_DIRECTORY_ROLES;
}

/**
 * An end date this far after the sync (or after its start) is how a credential made to "never expire" is stored:
 * Entra writes year 2299 (or 9999) for passwords created with no end, and admins pick "100 years" for the same
 * intent. Such a credential is treated as never expiring.
 */
export const NEVER_EXPIRES_AFTER_YEARS = 50;

/** null when the end date means "never" (absent end dates stay unknown: that is the caller's call). */
export function effectiveExpiry(endDateTime: string, startDateTime?: string | null): string | null {
  const end = Date.parse(endDateTime);
  if (Number.isNaN(end)) return endDateTime;
  const from = startDateTime && !Number.isNaN(Date.parse(startDateTime)) ? Date.parse(startDateTime) : Date.UTC(2000, 0, 1);
  if (new Date(end).getUTCFullYear() >= 2200 || end - from >= NEVER_EXPIRES_AFTER_YEARS * 365.25 * 86_400_000) return null;
  return endDateTime;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a grant an admin recorded (a justification's `grant`, a mailbox access scope's `permission`) names this
 * grant key, whatever qualifier surrounds it: "ADMINISTER via group jira-admins" names ADMINISTER, "Mail.Read
 * (application permission)" names Mail.Read but not Mail.ReadWrite, "Global Administrator" names the role. Case is
 * ignored; the key must stand as a whole term (not inside a longer permission name).
 */
export function recordNamesGrant(recorded: string, key: string): boolean {
  const r = recorded.trim().toLowerCase();
  const k = key.trim().toLowerCase();
  if (!k) return false;
  if (r === k) return true;
  // Both patterns need the key inside the record: most records do not hold it, and need no regular expression.
  if (!r.includes(k)) return false;
  return new RegExp(`(^|[^a-z0-9_.:-])${escape(k)}($|[^a-z0-9_.-])`).test(r) || new RegExp(`(^|[^a-z0-9_.:-])${escape(k)}\\.?$`).test(r);
}
