/**
 * The lookups other sources make in an Entra tenant's directory (source-step.ts EntraDirectory): made by the Entra
 * builder from the records it reads anyway and handed to the builders after it, or read here by a builder that runs
 * without it.
 */
import type { DatasetReader, EntraDirectory, GraphContext } from '../source-step';
import { entraDatasets } from './extraction-steps';
import type { OwnerGroup } from './groups';
import { servicePrincipalName, type ServicePrincipal } from './service-principals';

export function entraDirectoryOf(servicePrincipals: readonly ServicePrincipal[] | undefined, groups: readonly OwnerGroup[] | undefined): EntraDirectory {
  return {
    ...(servicePrincipals
      ? {
          servicePrincipalNames: new Map(servicePrincipals.map((sp) => [sp.id, servicePrincipalName(sp)] as const)),
          servicePrincipalIdsByAppId: new Map(servicePrincipals.map((sp) => [sp.appId.toLowerCase(), sp.id] as const)),
        }
      : {}),
    groupNames: new Map((groups ?? []).flatMap((g) => (g.displayName ? [[g.id, g.displayName] as const] : []))),
  };
}

/** The tenant's directory as an earlier builder of this build read it, else read from its datasets (groups only if asked). */
export async function entraDirectory(read: DatasetReader, context: GraphContext, tenantId: string, needs: { groups: boolean }): Promise<EntraDirectory> {
  const known = context.entraDirectory?.(tenantId);
  if (known) return known;
  const names = entraDatasets(tenantId);
  return entraDirectoryOf(await read<ServicePrincipal>(names.servicePrincipals), needs.groups ? await read<OwnerGroup>(names.groups) : undefined);
}
