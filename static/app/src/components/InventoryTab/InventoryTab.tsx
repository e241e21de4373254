/**
 * What the last scan saw: identities, workloads, credentials (with expiry) and resources (with sensitivity),
 * searchable, each with links to the findings it appears in; an identity or workload also opens what it can reach,
 * and through what (its blast radius). AI agents have a view of their own (AgentsView) and their mark wherever they
 * are listed. Search and paging happen in the resolver.
 */
import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import { Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import TextField from '@atlaskit/textfield';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { listInventory } from '../../api/listInventory';
import type { Envelope, InventoryItem, InventoryListResponse, InventoryType } from '../../api/types';
import { useFormat, type Formatter } from '../../format';
import { SENSITIVITY_LABEL, systemLabel } from '../../labels';
import { AgentIcon } from '../AgentIcon/AgentIcon';
import { AgentsView } from '../AgentsView/AgentsView';
import { Refusal } from '../Refusal/Refusal';

/** What the segmented control lists: a type of the inventory, or the AI agents among identities and workloads. */
type View = InventoryType | 'agents';

const TYPES: Array<{ type: View; label: string }> = [
  { type: 'identities', label: 'Identities' },
  { type: 'workloads', label: 'Workloads' },
  { type: 'credentials', label: 'Credentials' },
  { type: 'resources', label: 'Resources' },
  { type: 'agents', label: 'AI agents' },
];

const PAGE_SIZE = 50;

function expiry(item: InventoryItem, fmt: Formatter): React.ReactNode {
  if (item.expiresAt === null) return <Lozenge appearance="moved">Never expires</Lozenge>;
  if (item.expiresAt === undefined) return <Text color="color.text.subtlest">unknown</Text>;
  return fmt.date(item.expiresAt);
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
      ...(type === 'identities' || type === 'workloads' ? [{ key: 'reach', content: 'Reach', width: 10 }] : []),
    ],
  };
}

export function InventoryTab({ onOpenFinding, onOpenReach }: { onOpenFinding: (id: string) => void; onOpenReach?: (id: string, name: string) => void }) {
  const fmt = useFormat();
  const [view, setView] = useState<View>('identities');
  const type: InventoryType = view === 'agents' ? 'identities' : view;
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
    if (view === 'agents') return;
    let live = true;
    setState((s) => (s?.ok ? s : null));
    void listInventory(type, query, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).then((r) => live && setState(r));
    return () => {
      live = false;
    };
  }, [view, type, query, page]);
  if (view !== 'agents' && state && !state.ok) return <Refusal error={state.error} />;
  const data = state?.ok ? state.data : undefined;
  return (
    <Stack space="space.150" testId="inventory">
      <Inline space="space.200" alignBlock="end" shouldWrap>
        <Inline space="space.050" role="group" aria-label="What to list">
          {TYPES.map((t) => (
            <Button
              key={t.type}
              isSelected={t.type === view}
              aria-pressed={t.type === view}
              iconBefore={t.type === 'agents' ? () => <AgentIcon decorative /> : undefined}
              onClick={() => {
                setView(t.type);
                setPage(1);
              }}
              testId={`inventory-type-${t.type}`}
            >
              {t.label}
            </Button>
          ))}
        </Inline>
        <Box xcss={xcss({ minWidth: '260px' })}>
          <Label htmlFor="inventory-search">Search</Label>
          <TextField id="inventory-search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} placeholder="Name, type, system, owner…" isCompact testId="inventory-search" />
        </Box>
      </Inline>
      {view === 'agents' ? (
        <AgentsView search={query} onOpenFinding={onOpenFinding} onOpenReach={onOpenReach} />
      ) : (
      <>
      <Box role="status">
        <Text color="color.text.subtle">{data ? `${fmt.number(data.total)} ${TYPES.find((t) => t.type === type)?.label.toLowerCase()}` : 'Loading…'}</Text>
      </Box>
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
            {
              key: item.name,
              content: item.agent ? (
                <Inline space="space.050" alignBlock="center" as="span">
                  <AgentIcon />
                  <Text weight="semibold">{item.name}</Text>
                </Inline>
              ) : (
                <Text weight="semibold">{item.name}</Text>
              ),
            },
            { key: item.system, content: systemLabel(item.system) },
            { key: item.subtype, content: item.agent ?? item.subtype.replaceAll('_', ' ') },
            ...(type === 'credentials' ? [{ key: 'expires', content: expiry(item, fmt) }] : []),
            ...(type === 'resources'
              ? [{ key: 'sensitivity', content: item.sensitivity ? <Lozenge appearance={item.sensitivity === 'restricted' ? 'removed' : item.sensitivity === 'confidential' ? 'moved' : 'default'}>{SENSITIVITY_LABEL[item.sensitivity]}</Lozenge> : 'unknown' }]
              : []),
            { key: 'detail', content: <Text color="color.text.subtle">{item.detail ?? ''}</Text> },
            {
              key: 'findings',
              content:
                item.findingIds.length === 0 ? (
                  <Text color="color.text.subtlest">none</Text>
                ) : (
                  <ul aria-label={`Findings of ${item.name}`} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {item.findingIds.map((id) => (
                      <li key={id}>
                        <Button appearance="subtle" spacing="compact" onClick={() => onOpenFinding(id)} aria-label={`Open finding ${id} of ${item.name}`}>
                          {id}
                        </Button>
                      </li>
                    ))}
                  </ul>
                ),
            },
            ...(type === 'identities' || type === 'workloads'
              ? [
                  {
                    key: 'reach',
                    content: onOpenReach ? (
                      <Button spacing="compact" onClick={() => onOpenReach(item.id, item.name)} testId="inventory-reach" aria-label={`What it reaches: ${item.name}`}>
                        What it reaches
                      </Button>
                    ) : null,
                  },
                ]
              : []),
          ],
        }))}
      />
      </>
      )}
    </Stack>
  );
}
