/** Owners, each marked as left (with the date, in the user's locale) when they have gone. */
import Lozenge from '@atlaskit/lozenge';
import { Inline, Text } from '@atlaskit/primitives';
import type { OwnerDetail } from '../../api/types';
import { useFormat } from '../../format';

export function leftText(owner: OwnerDetail, date: (iso: string) => string): string {
  if (!owner.departed) return '';
  if (owner.kind === 'group') return 'no active member';
  if (!owner.leftAt) return 'left';
  return owner.leftAtSource === 'first-seen' ? `left by ${date(owner.leftAt)}` : `left ${date(owner.leftAt)}`;
}

export function OwnerName({ owner, showReason = false }: { owner: OwnerDetail; showReason?: boolean }) {
  const fmt = useFormat();
  return (
    <Inline space="space.050" alignBlock="center" shouldWrap testId="owner" as="span">
      <Text>{owner.name}</Text>
      {/* An app registration owned by another app: nobody leaves, but a person should answer for the owning app. */}
      {owner.kind === 'service_principal' && <Lozenge testId="owner-app">app</Lozenge>}
      {owner.departed && (
        <Lozenge appearance="removed" testId="owner-left">
          {leftText(owner, fmt.date)}
        </Lozenge>
      )}
      {showReason && owner.departed && owner.reason && (
        <Text size="small" color="color.text.subtle">
          ({owner.reason})
        </Text>
      )}
    </Inline>
  );
}

export function OwnerList({ owners, empty = 'none recorded', showReason = false }: { owners: readonly OwnerDetail[]; empty?: string; showReason?: boolean }) {
  if (owners.length === 0) return <Text color="color.text.subtlest">{empty}</Text>;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="owner-list">
      {owners.map((owner) => (
        <li key={`${owner.name}|${owner.email ?? ''}`}>
          <OwnerName owner={owner} showReason={showReason} />
        </li>
      ))}
    </ul>
  );
}
