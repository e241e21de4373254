/** Every check, in report order: the seven SecurityV0 checks first, then the catalogue extras. */
import type { Check } from './check';
import { orphanedOwnership, ownershipDegraded, ownershipUnknown } from './orphaned-ownership';
import { reachableSensitiveDomain } from './reachable-sensitive-domain';
import { dormantAuthority } from './dormant-authority';
import { scopeDrift } from './scope-drift';
import { externalEgress } from './external-egress';
import { privilegeJustificationGap } from './privilege-justification-gap';
import { unresolvedCrossSystemAuth } from './unresolved-cross-system-auth';
import { humanCredentialAsWorkload } from './human-credential-as-workload';
import { credentialExpired, credentialExpiring, credentialNeverExpires, secretOnServicePrincipal } from './credential-hygiene';

export const CHECKS: readonly Check[] = [
  orphanedOwnership,
  reachableSensitiveDomain,
  dormantAuthority,
  scopeDrift,
  externalEgress,
  privilegeJustificationGap,
  unresolvedCrossSystemAuth,
  humanCredentialAsWorkload,
  ownershipDegraded,
  ownershipUnknown,
  credentialExpired,
  credentialExpiring,
  credentialNeverExpires,
  secretOnServicePrincipal,
];

export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.metadata.id === id);
}
