/**
 * Credential metadata as service principals and applications carry it (passwordCredential, keyCredential).
 * https://learn.microsoft.com/graph/api/resources/passwordcredential, .../keycredential
 * Quirks: secretText and key are always null on read (only metadata comes back); a keyCredential with usage "Sign"
 * is a token-signing key (SAML SSO), not a way to authenticate as the principal, so it is not a credential here.
 */
import { z } from 'zod';
import { effectiveExpiry } from '../../model/definitions';
import type { GraphNode } from '../../model/schema';

export const credentialMetadataSchema = z.looseObject({
  keyId: z.string(),
  displayName: z.string().nullish(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
  /** keyCredential only: AsymmetricX509Cert | Symmetric | X509CertAndPassword. */
  type: z.string().nullish(),
  /** keyCredential only: Verify (authenticates) | Sign (signs tokens). */
  usage: z.string().nullish(),
});
export type CredentialMetadata = z.infer<typeof credentialMetadataSchema>;

export interface CredentialHolder {
  passwordCredentials?: CredentialMetadata[] | null;
  keyCredentials?: CredentialMetadata[] | null;
}

/** The credentials that authenticate as the holder: every password, and every key that is not a signing key. */
export function authenticatingCredentials(holder: CredentialHolder): Array<{ kind: 'password' | 'key'; credential: CredentialMetadata }> {
  return [
    ...(holder.passwordCredentials ?? []).map((credential) => ({ kind: 'password' as const, credential })),
    ...(holder.keyCredentials ?? []).filter((k) => k.usage?.toLowerCase() !== 'sign').map((credential) => ({ kind: 'key' as const, credential })),
  ];
}

export function credentialNode(
  id: string,
  entry: { kind: 'password' | 'key'; credential: CredentialMetadata },
  where: { tenantId: string; nativeId: string; holderName: string; onServicePrincipal: boolean },
): GraphNode<'credential'> {
  const { credential, kind } = entry;
  const subtype = kind === 'password' ? 'client_secret' : credential.type?.toLowerCase() === 'symmetric' ? 'shared_secret' : 'certificate';
  const label = kind === 'password' ? 'Client secret' : subtype === 'certificate' ? 'Certificate' : 'Symmetric key';
  return {
    id,
    kind: 'credential',
    system: 'entra',
    name: `${label} "${credential.displayName ?? credential.keyId}" of ${where.holderName}`,
    props: {
      subtype,
      nativeId: where.nativeId,
      tenantId: where.tenantId,
      ...(credential.startDateTime ? { createdAt: credential.startDateTime } : {}),
      // Graph always returns endDateTime for secrets and certificates; a missing one is unknown, not "never". One
      // decades away (year 2299) is how Entra stores "never expires".
      ...(credential.endDateTime ? { expiresAt: effectiveExpiry(credential.endDateTime, credential.startDateTime) } : {}),
      onServicePrincipal: where.onServicePrincipal,
    },
  };
}
