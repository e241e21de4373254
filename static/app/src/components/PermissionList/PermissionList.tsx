/**
 * The permissions a connection test checked, one per line: granted, missing, or not proven (a read that neither
 * proved nor disproved it), each with why the app needs it. Shared by the Entra tenant form and the sources' forms.
 */
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';

export interface CheckedPermission {
  name: string;
  why: string;
  granted: boolean | 'unknown';
}

const LABEL = { true: 'Granted', false: 'Missing', unknown: 'Not proven' } as const;
const APPEARANCE = { true: 'success', false: 'removed', unknown: 'default' } as const;

export function PermissionList({ permissions, label, testIdPrefix }: { permissions: readonly CheckedPermission[]; label: string; testIdPrefix: string }) {
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={label}>
      {permissions.map((p) => {
        const key = String(p.granted) as keyof typeof LABEL;
        return (
          <li key={p.name} data-testid={`${testIdPrefix}${p.name}`} data-granted={String(p.granted)} style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '2px 0' }}>
            <span style={{ flex: '0 0 auto' }}>
              <Lozenge appearance={APPEARANCE[key]}>{LABEL[key]}</Lozenge>
            </span>
            <code>{p.name}</code>
            <span style={{ color: token('color.text.subtle') }}>{p.why}</span>
          </li>
        );
      })}
    </ul>
  );
}
