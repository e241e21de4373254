/**
 * What the last scan saw: identities, workloads, credentials (with expiry) and resources (with sensitivity),
 * searchable, each with links to the findings it appears in. Search and paging happen in the resolver.
 */
import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import { Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import TextField from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { listInventory } from '../../api/listInventory';
import type { Envelope, InventoryItem, InventoryListResponse, InventoryType } from '../../api/types';
import { formatDate, SENSITIVITY_LABEL, systemLabel } from '../../labels';
import { Refusal } from '../Refusal/Refusal';

const TYPES: Array<{ type: InventoryType; label: string }> = [
  { type: 'identities', label: 'Identities' },
  { type: 'workloads', label: 'Workloads' },
  { type: 'credentials', label: 'Credentials' },
  { type: 'resources', label: 'Resources' },
];

const PAGE_SIZE = 50;

function expiry(item: InventoryItem): React.ReactNode {
  if (item.expiresAt === null) return <Lozenge appearance="moved">Never expires</Lozenge>;
  if (item.expiresAt === undefined) return <span style={{ color: token('color.text.subtlest') }}>unknown</span>;
  return formatDate(item.expiresAt);
}

function head(type: InventoryType) {
  return {
    cells: [
      { key: 'name', content: 'Name', width: 28 },
      { key: 'system', content: 'System', width: 12 },
      { key: 'subtype', content: 'Type', width: 14 },
      ...(type === 'credentials' ? [{ key: 'expires', content: 'Expires', width: 12 }] : []),
      ...(type === 'resources' ? [{ key: 'sensitivity', content: 'Sensitivity', width: 12 }] : []),
      { key: 'detail', content: 'Details', width: 24 },
      { key: 'findings', content: 'Findings', width: 14 },
    ],
  };
}

export function InventoryTab({ onOpenFinding }: { onOpenFinding: (id: string) => void }) {
  const [type, setType] = useState<InventoryType>('identities');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const [state, setState] = useState<Envelope<InventoryListResponse> | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search);
      setPage(1);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);
  useEffect(() => {
    let live = true;
    setState((s) => (s?.ok ? s : null));
    void listInventory(type, query, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).then((r) => live && setState(r));
    return () => {
      live = false;
    };
  }, [type, query, page]);
  if (state && !state.ok) return <Refusal error={state.error} />;
  const data = state?.ok ? state.data : undefined;
  return (
    <div data-testid="inventory" style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.200'), alignItems: 'flex-end' }}>
        <div role="group" aria-label="What to list" style={{ display: 'flex', gap: 4 }}>
          {TYPES.map((t) => (
            <Button
              key={t.type}
              isSelected={t.type === type}
              aria-pressed={t.type === type}
              onClick={() => {
                setType(t.type);
                setPage(1);
              }}
              testId={`inventory-type-${t.type}`}
            >
              {t.label}
            </Button>
          ))}
        </div>
        <div style={{ minWidth: 260 }}>
          <Label htmlFor="inventory-search">Search</Label>
          <TextField id="inventory-search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} placeholder="Name, type, system, owner…" isCompact testId="inventory-search" />
        </div>
      </div>
      <p aria-live="polite" style={{ margin: 0, color: token('color.text.subtle') }}>
        {data ? `${data.total} ${TYPES.find((t) => t.type === type)?.label.toLowerCase()}` : 'Loading…'}
      </p>
      <DynamicTableStateless
        label={`Inventory: ${type}`}
        head={head(type)}
        totalRows={data?.total ?? 0}
        rowsPerPage={PAGE_SIZE}
        page={page}
        onSetPage={setPage}
        isLoading={state === null}
        testId="inventory-table"
        rows={(data?.items ?? []).map((item) => ({
          key: item.id,
          testId: 'inventory-row',
          cells: [
            { key: item.name, content: <span style={{ fontWeight: token('font.weight.semibold') }}>{item.name}</span> },
            { key: item.system, content: systemLabel(item.system) },
            { key: item.subtype, content: item.subtype.replaceAll('_', ' ') },
            ...(type === 'credentials' ? [{ key: 'expires', content: expiry(item) }] : []),
            ...(type === 'resources'
              ? [{ key: 'sensitivity', content: item.sensitivity ? <Lozenge appearance={item.sensitivity === 'restricted' ? 'removed' : item.sensitivity === 'confidential' ? 'moved' : 'default'}>{SENSITIVITY_LABEL[item.sensitivity]}</Lozenge> : 'unknown' }]
              : []),
            { key: 'detail', content: <span style={{ color: token('color.text.subtle') }}>{item.detail ?? ''}</span> },
            {
              key: 'findings',
              content:
                item.findingIds.length === 0 ? (
                  <span style={{ color: token('color.text.subtlest') }}>none</span>
                ) : (
                  <ul aria-label={`Findings of ${item.name}`} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {item.findingIds.map((id) => (
                      <li key={id}>
                        <Button appearance="subtle" spacing="compact" onClick={() => onOpenFinding(id)}>
                          {id}
                        </Button>
                      </li>
                    ))}
                  </ul>
                ),
            },
          ],
        }))}
      />
    </div>
  );
}
