import { invoke } from './bridge';

export interface EntraTenantInput {
  tenantId: string;
  clientId: string;
  displayName?: string;
  /** Write-only; omitted keeps the stored secret. */
  clientSecret?: string;
}

/** admin `settings/entra-tenant/save`. */
export function saveEntraTenant(input: EntraTenantInput) {
  return invoke<{ tenantId: string; hasClientSecret: boolean }>('settings/entra-tenant/save', { ...input });
}
