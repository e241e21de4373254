/**
 * Who operates a Jira app user: the organisation itself (an in-house app), Atlassian, or another organisation (a
 * vendor). Jira's user record says only `accountType: app`; the app behind it is named by the admin's scope
 * declaration (settings.jiraAppScopeDeclarations[].appKey).
 *
 * An app key is, by the convention Atlassian's examples follow, the vendor's domain reversed plus the app's name
 * (Connect descriptor `key`, e.g. com.example.myapp, https://developer.atlassian.com/cloud/jira/platform/connect-app-descriptor/);
 * the key here is one an admin recorded for that app user, not one the app claims. Its registrable domain (the Public Suffix List decides where
 * that ends) is compared with the organisation's verified domains, the same boundary egress is judged by (Entra
 * /organization verifiedDomains, src/sources/entra/organization.ts):
 *   - inside a verified domain (equal or a subdomain)          -> first_party: the organisation's own app;
 *   - atlassian.com                                            -> atlassian: run by the platform;
 *   - a verified domain is a subdomain of it (parent company)  -> unknown: the key names a wider organisation;
 *   - anything else, when every configured tenant's domains
 *     were read                                                 -> third_party: a vendor operates it;
 *   - otherwise (no key, no Entra tenant, a tenant unread)      -> unknown: absence from an incomplete list proves nothing.
 */
import { getDomain } from 'tldts';
import type { IdentityProps } from '../../model/schema';
import type { Settings } from '../../model/settings';
import type { DatasetReader } from '../source-step';
import { entraDatasets } from '../entra/extraction-steps';
import { verifiedDomainsOf, type Organization } from '../entra/organization';

export interface OrganisationDomains {
  /** Verified domains of every configured Entra tenant, lower-case. */
  domains: readonly string[];
  /** false when a configured tenant's domains were not read, or no tenant is configured. */
  complete: boolean;
}

/** The vendor domain behind a reverse-domain app key: io.portlink.jira-cargo -> portlink.io; uk.co.acme.x -> acme.co.uk. */
export function appKeyVendorDomain(appKey: string): string | undefined {
  const parts = appKey.trim().toLowerCase().split('.').filter(Boolean);
  if (parts.length < 2) return undefined;
  return getDomain([...parts].reverse().join('.')) ?? undefined;
}

const within = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** Atlassian's own apps carry keys under its domain (com.atlassian.*). */
const ATLASSIAN_DOMAINS = ['atlassian.com'];

export function appUserOrigin(appKey: string | undefined, organisation: OrganisationDomains | undefined): IdentityProps['origin'] {
  const vendor = appKey ? appKeyVendorDomain(appKey) : undefined;
  if (!vendor) return 'unknown';
  if (ATLASSIAN_DOMAINS.some((d) => within(vendor, d))) return 'atlassian';
  const domains = (organisation?.domains ?? []).map((d) => d.trim().toLowerCase());
  if (domains.some((d) => within(vendor, d))) return 'first_party';
  if (domains.some((d) => within(d, vendor))) return 'unknown';
  return organisation?.complete ? 'third_party' : 'unknown';
}

/**
 * The verified domains of the Entra tenants the admin configured, as their organization datasets of this sync hold
 * them (the same datasets the Entra builder hands to egress classification).
 */
export async function readOrganisationDomains(read: DatasetReader, settings: Pick<Settings, 'entraTenants'>): Promise<OrganisationDomains> {
  const domains = new Set<string>();
  let complete = settings.entraTenants.length > 0;
  for (const tenant of settings.entraTenants) {
    const organization = await read<Organization>(entraDatasets(tenant.tenantId).organization);
    const verified = verifiedDomainsOf(organization ?? []);
    if (verified.length === 0) complete = false;
    for (const domain of verified) domains.add(domain);
  }
  return { domains: [...domains].sort(), complete };
}
