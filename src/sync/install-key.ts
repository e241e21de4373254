/**
 * The install's own secret for keying finding ids (findings/finding.ts findingId): made once, at random, kept only in
 * the secret store. Finding ids, and so the ticket labels and issue properties that carry them, cannot be worked out
 * from public ids by anyone who does not hold it.
 */
import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../store/key-value-store';
import { FINDING_ID_KEY } from '../store/layout';

export async function findingIdKey(store: KeyValueStore): Promise<string> {
  const existing = await store.getSecret(FINDING_ID_KEY);
  if (existing) return existing;
  const key = randomBytes(32).toString('base64url');
  await store.setSecret(FINDING_ID_KEY, key);
  return key;
}
