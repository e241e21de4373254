/**
 * The findings list: filters, sortable columns and pages, all answered by the resolver (findings/list or
 * project/findings), so thousands of findings cost one small page each. Each row's finding title is a button
 * (Tab reaches it, Enter opens the finding in Jira's dialog); a click anywhere on the row does the same. When the
 * dialog closes, focus returns to the row's button. Owners who left are marked; ticket keys open the ticket.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { RowType } from '@atlaskit/dynamic-table/types';
import { Box, Inline, Pressable, Stack, Text, xcss } from '@atlaskit/primitives';
import type { Envelope, ExportFile, OwnerDetail, FindingFilters as Filters, FindingListRequest, FindingListResponse, FindingRow, FindingSortField } from '../../api/types';
import { useFormat, type Formatter } from '../../format';
import { KIND_LABEL, systemLabel } from '../../labels';
import { AgentIcon } from '../AgentIcon/AgentIcon';
import { ExportButtons } from '../ExportButtons/ExportButtons';
import { FindingFilters } from '../FindingFilters/FindingFilters';
import { OwnerName } from '../OwnerList/OwnerList';
import { Refusal } from '../Refusal/Refusal';
import { RouterLink } from '../RouterLink/RouterLink';
import { SeverityLozenge } from '../SeverityLozenge/SeverityLozenge';
import { StatusLozenge } from '../StatusLozenge/StatusLozenge';

const SORTABLE: FindingSortField[] = ['severity', 'check', 'subject', 'status', 'lastSeenAt'];

const HEAD = {
  cells: [
    { key: 'severity', content: 'Severity', isSortable: true, width: 10 },
    { key: 'check', content: 'Finding', isSortable: true, width: 36 },
    { key: 'subject', content: 'Subject', isSortable: true, width: 16 },
    { key: 'systems', content: 'Systems', width: 11 },
    { key: 'owners', content: 'Owners', width: 12 },
    { key: 'status', content: 'Status', isSortable: true, width: 9 },
    { key: 'lastSeenAt', content: 'Last seen', isSortable: true, width: 8 },
  ],
};

const titleStyles = xcss({
  backgroundColor: 'color.background.neutral.subtle',
  padding: 'space.0',
  textAlign: 'start',
  color: 'color.text',
  font: 'font.body',
  fontWeight: 'font.weight.semibold',
  ':hover': { textDecoration: 'underline' },
});

function toRow(row: FindingRow, index: number, sortSign: number, onOpen: (id: string) => void, fmt: Formatter): RowType {
  // The page arrives sorted; the table re-sorts a page by cell keys, so every sortable cell keys on the position.
  const position = sortSign * index;
  const open = () => onOpen(row.id);
  const dataAttributes = { 'data-finding-id': row.id, 'data-check': row.check, 'data-severity': row.severity, 'data-status': row.status } as object;
  const owners: OwnerDetail[] = row.ownerDetails ?? row.owners.map((name) => ({ name, kind: 'person' as const }));
  return {
    key: row.id,
    testId: 'finding-row',
    onClick: open,
    style: { cursor: 'pointer' },
    ...dataAttributes,
    cells: [
      { key: position, content: <SeverityLozenge severity={row.severity} /> },
      {
        key: position,
        content: (
          <Stack space="space.025">
            <Pressable xcss={titleStyles} onClick={(event) => {
              event.stopPropagation();
              open();
            }} testId="finding-open" aria-label={`${row.title}: ${row.subject.name}`}>
              {row.title}
            </Pressable>
            <Text size="small" color="color.text.subtle">
              {row.summary}
            </Text>
          </Stack>
        ),
      },
      {
        key: position,
        content: (
          <Stack space="space.025">
            {row.subject.agent ? (
              <Inline space="space.050" alignBlock="center" as="span" testId="finding-subject-agent">
                <AgentIcon />
                <Text>{row.subject.name}</Text>
              </Inline>
            ) : (
              <Text>{row.subject.name}</Text>
            )}
            <Text size="small" color="color.text.subtlest">
              {row.subject.agent ?? KIND_LABEL[row.subject.kind]}
            </Text>
          </Stack>
        ),
      },
      { key: 'systems', content: row.systems.map(systemLabel).join(', ') },
      {
        key: 'owners',
        content: owners.length ? (
          <Stack space="space.025">
            {owners.map((o) => (
              <OwnerName key={`${o.name}|${o.email ?? ''}`} owner={o} />
            ))}
          </Stack>
        ) : (
          <Text color="color.text.subtlest">none recorded</Text>
        ),
      },
      {
        key: position,
        content: (
          <Stack space="space.025">
            <StatusLozenge status={row.status} />
            {row.ticketKey && <RouterLink to={{ kind: 'issue', issueKey: row.ticketKey }}>{row.ticketKey}</RouterLink>}
          </Stack>
        ),
      },
      { key: position, content: fmt.date(row.lastSeenAt) },
    ],
  };
}

export function FindingsTable({ load, onOpen, reloadToken = 0, pageSize = 25, label = 'Findings', initialFilters = {}, groupTitle, onClearGroup, exportFiltered }: {
  load: (request: FindingListRequest) => Promise<Envelope<FindingListResponse>>;
  /** Opens a finding; resolves when it is closed again (focus then returns to its row). */
  onOpen: (id: string) => void | Promise<void>;
  reloadToken?: number;
  pageSize?: number;
  label?: string;
  initialFilters?: Filters;
  /** The root-cause group the list is narrowed to, by name. */
  groupTitle?: string;
  onClearGroup?: () => void;
  /** Exports what the filters show (admin page). */
  exportFiltered?: (format: 'csv' | 'json', request: Omit<FindingListRequest, 'page'>) => Promise<Envelope<ExportFile>>;
}) {
  const fmt = useFormat();
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const [sort, setSort] = useState<{ field: FindingSortField; direction: 'asc' | 'desc' }>({ field: 'severity', direction: 'desc' });
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Envelope<FindingListResponse> | null>(null);
  const [loading, setLoading] = useState(true);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    void load({ filters, sort, page: { offset: (page - 1) * pageSize, limit: pageSize } }).then((answer) => {
      if (!live) return;
      setResult(answer);
      setLoading(false);
    });
    return () => {
      live = false;
    };
  }, [load, filters, sort, page, pageSize, reloadToken]);

  const changeFilters = useCallback((next: Filters) => {
    setFilters(next);
    setPage(1);
  }, []);

  const open = useCallback(
    async (id: string) => {
      await onOpen(id);
      const button = container.current?.querySelector<HTMLElement>(`[data-finding-id="${CSS.escape(id)}"] [data-testid="finding-open"]`);
      button?.focus();
    },
    [onOpen],
  );

  if (result && !result.ok) return <Refusal error={result.error} />;
  const data = result?.ok ? result.data : undefined;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const total = data?.total ?? 0;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <div data-testid="findings-table" data-total={data?.total} data-loading={loading} ref={container}>
      <Stack space="space.150">
        <FindingFilters filters={filters} facets={data?.facets} onChange={changeFilters} groupTitle={groupTitle} onClearGroup={onClearGroup} />
        <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
          <Box role="status" testId="findings-count">
            <Text color="color.text.subtle">
              {data ? (total === 0 ? 'No finding matches these filters.' : `Showing ${fmt.number(first)}–${fmt.number(last)} of ${fmt.number(total)} finding${total === 1 ? '' : 's'}.`) : 'Loading findings…'}
            </Text>
          </Box>
          {exportFiltered && <ExportButtons id="filtered" noun="finding" labelPrefix="Export" run={(format) => exportFiltered(format, { filters, sort })} />}
        </Inline>
        <DynamicTableStateless
          label={label}
          head={HEAD}
          rows={(data?.rows ?? []).map((row, i) => toRow(row, i, sign, (id) => void open(id), fmt))}
          totalRows={total}
          rowsPerPage={pageSize}
          page={page}
          onSetPage={setPage}
          sortKey={sort.field}
          sortOrder={sort.direction === 'asc' ? 'ASC' : 'DESC'}
          onSort={(sorted: { key: string; sortOrder: 'ASC' | 'DESC' }) => {
            if (!SORTABLE.includes(sorted.key as FindingSortField)) return;
            setSort({ field: sorted.key as FindingSortField, direction: sorted.sortOrder === 'ASC' ? 'asc' : 'desc' });
            setPage(1);
          }}
          isLoading={loading}
          loadingLabel="Loading findings"
          emptyView={loading ? undefined : <Text as="p">No finding matches these filters.</Text>}
          paginationi18n={{ prev: 'Previous page', next: 'Next page', label: 'Findings pages', pageLabel: 'Page' }}
          testId="findings"
        />
      </Stack>
    </div>
  );
}
