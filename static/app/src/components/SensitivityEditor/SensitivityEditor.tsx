/** Sensitivity of one kind of resource (Jira projects, SharePoint sites, mailboxes): level and business domain. */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import Select from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { Classification, Sensitivity } from '../../api/types';
import { SENSITIVITY_LABEL } from '../../labels';

const LEVELS: Sensitivity[] = ['restricted', 'confidential', 'internal', 'public'];
const OPTIONS = LEVELS.map((l) => ({ label: SENSITIVITY_LABEL[l], value: l }));

export function SensitivityEditor({ id, title, keyLabel, entries, onChange }: {
  id: string;
  title: string;
  keyLabel: string;
  entries: Record<string, Classification>;
  onChange: (next: Record<string, Classification>) => void;
}) {
  const [newKey, setNewKey] = useState('');
  const [newLevel, setNewLevel] = useState<Sensitivity>('confidential');
  const update = (key: string, change: Partial<Classification>) => onChange({ ...entries, [key]: { ...(entries[key] as Classification), ...change } });
  const remove = (key: string) => {
    const { [key]: _removed, ...rest } = entries;
    onChange(rest);
  };
  const add = () => {
    const key = newKey.trim();
    if (!key || entries[key]) return;
    onChange({ ...entries, [key]: { level: newLevel } });
    setNewKey('');
  };
  return (
    <section aria-label={title} data-testid={`sensitivity-${id}`}>
      <h3 style={{ margin: `${token('space.150')} 0 ${token('space.050')}`, font: token('font.heading.xsmall'), color: token('color.text') }}>{title}</h3>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr style={{ textAlign: 'left', color: token('color.text.subtle'), font: token('font.body.small') }}>
            <th style={{ padding: 4 }}>{keyLabel}</th>
            <th style={{ padding: 4, width: 180 }}>Sensitivity</th>
            <th style={{ padding: 4 }}>Business domain</th>
            <th style={{ padding: 4, width: 90 }}>
              <span className="sv0-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(entries).map(([key, value], i) => (
            <tr key={key} style={{ borderTop: `1px solid ${token('color.border')}` }}>
              <td style={{ padding: 4, overflowWrap: 'anywhere' }}>{value.displayName ? `${value.displayName} (${key})` : key}</td>
              <td style={{ padding: 4 }}>
                <Select<{ label: string; value: Sensitivity }>
                  inputId={`${id}-level-${i}`}
                  aria-label={`Sensitivity of ${key}`}
                  options={OPTIONS}
                  value={OPTIONS.find((o) => o.value === value.level)}
                  onChange={(o) => o && update(key, { level: o.value })}
                  spacing="compact"
                  menuPortalTarget={typeof document !== 'undefined' ? document.body : undefined}
                  styles={{ menuPortal: (base) => ({ ...base, zIndex: 600 }) }}
                />
              </td>
              <td style={{ padding: 4 }}>
                <TextField aria-label={`Business domain of ${key}`} value={value.businessDomain ?? ''} onChange={(e) => update(key, { businessDomain: e.currentTarget.value || undefined })} isCompact />
              </td>
              <td style={{ padding: 4 }}>
                <Button appearance="subtle" spacing="compact" onClick={() => remove(key)} aria-label={`Remove ${key}`}>
                  Remove
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-end', marginTop: token('space.100') }}>
        <div style={{ flex: 1 }}>
          <Label htmlFor={`${id}-new-key`}>{`Add ${keyLabel.toLowerCase()}`}</Label>
          <TextField id={`${id}-new-key`} value={newKey} onChange={(e) => setNewKey(e.currentTarget.value)} isCompact />
        </div>
        <div style={{ width: 180 }}>
          <Label htmlFor={`${id}-new-level`}>Sensitivity</Label>
          <Select<{ label: string; value: Sensitivity }>
            inputId={`${id}-new-level`}
            options={OPTIONS}
            value={OPTIONS.find((o) => o.value === newLevel)}
            onChange={(o) => o && setNewLevel(o.value)}
            spacing="compact"
            menuPortalTarget={typeof document !== 'undefined' ? document.body : undefined}
            styles={{ menuPortal: (base) => ({ ...base, zIndex: 600 }) }}
          />
        </div>
        <Button onClick={add} isDisabled={!newKey.trim() || Boolean(entries[newKey.trim()])}>
          Add
        </Button>
      </div>
    </section>
  );
}
