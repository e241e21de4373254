/**
 * The findings list: filters, sortable columns and pages, all answered by the resolver (findings/list or
 * project/findings), so thousands of findings cost one small page each. Rows are focusable: Enter or Space opens
 * a finding, as a click does.
 */
import { useCallback, useEffect, useState } from 'react';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { RowType } from '@atlaskit/dynamic-table/types';
import { token } from '@atlaskit/tokens';
import type { Envelope, FindingFilters as Filters, FindingListRequest, FindingListResponse, FindingRow, FindingSortField } from '../../api/types';
import { formatDate, KIND_LABEL, systemLabel } from '../../labels';
import { FindingFilters } from '../FindingFilters/FindingFilters';
import { Refusal } from '../Refusal/Refusal';
import { SeverityLozenge } from '../SeverityLozenge/SeverityLozenge';
import { StatusLozenge } from '../StatusLozenge/StatusLozenge';

const SORTABLE: FindingSortField[] = ['severity', 'check', 'subject', 'status', 'lastSeenAt'];

const HEAD = {
  cells: [
    { key: 'severity', content: 'Severity', isSortable: true, width: 10 },
    { key: 'check', content: 'Finding', isSortable: true, width: 38 },
    { key: 'subject', content: 'Subject', isSortable: true, width: 16 },
    { key: 'systems', content: 'Systems', width: 11 },
    { key: 'owners', content: 'Owners', width: 10 },
    { key: 'status', content: 'Status', isSortable: true, width: 9 },
    { key: 'lastSeenAt', content: 'Last seen', isSortable: true, width: 8 },
  ],
};

function toRow(row: FindingRow, index: number, sortSign: number, onOpen: (id: string) => void): RowType {
  // The page arrives sorted; the table re-sorts a page by cell keys, so every sortable cell keys on the position.
  const position = sortSign * index;
  const open = () => onOpen(row.id);
  const dataAttributes = { 'data-finding-id': row.id, 'data-check': row.check, 'data-severity': row.severity } as object;
  return {
    key: row.id,
    testId: 'finding-row',
    tabIndex: 0,
    onClick: open,
    onKeyDown: (event: React.KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    },
    style: { cursor: 'pointer' },
    ...dataAttributes,
    cells: [
      { key: position, content: <SeverityLozenge severity={row.severity} /> },
      {
        key: position,
        content: (
          <div>
            <div style={{ fontWeight: token('font.weight.semibold') }}>{row.title}</div>
            <div style={{ color: token('color.text.subtle'), font: token('font.body.small') }}>{row.summary}</div>
          </div>
        ),
      },
      {
        key: position,
        content: (
          <div>
            <div>{row.subject.name}</div>
            <div style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>{KIND_LABEL[row.subject.kind]}</div>
          </div>
        ),
      },
      { key: 'systems', content: row.systems.map(systemLabel).join(', ') },
      { key: 'owners', content: row.owners.length ? row.owners.join(', ') : <span style={{ color: token('color.text.subtlest') }}>none recorded</span> },
      {
        key: position,
        content: (
          <div>
            <StatusLozenge status={row.status} />
            {row.ticketKey && <div style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>{row.ticketKey}</div>}
          </div>
        ),
      },
      { key: position, content: formatDate(row.lastSeenAt) },
    ],
  };
}

export function FindingsTable({ load, onOpen, reloadToken = 0, pageSize = 25, label = 'Findings', initialFilters = {} }: {
  load: (request: FindingListRequest) => Promise<Envelope<FindingListResponse>>;
  onOpen: (id: string) => void;
  reloadToken?: number;
  pageSize?: number;
  label?: string;
  initialFilters?: Filters;
}) {
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const [sort, setSort] = useState<{ field: FindingSortField; direction: 'asc' | 'desc' }>({ field: 'severity', direction: 'desc' });
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Envelope<FindingListResponse> | null>(null);
  const [loading, setLoading] = useState(true);

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

  if (result && !result.ok) return <Refusal error={result.error} />;
  const data = result?.ok ? result.data : undefined;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const total = data?.total ?? 0;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <div data-testid="findings-table" data-total={data?.total} data-loading={loading}>
      <FindingFilters filters={filters} facets={data?.facets} onChange={changeFilters} />
      <p aria-live="polite" style={{ color: token('color.text.subtle'), margin: `${token('space.200')} 0 ${token('space.100')}` }} data-testid="findings-count">
        {data ? (total === 0 ? 'No finding matches these filters.' : `Showing ${first}–${last} of ${total} finding${total === 1 ? '' : 's'}. Press Enter on a row to open it.`) : 'Loading findings…'}
      </p>
      <DynamicTableStateless
        label={label}
        head={HEAD}
        rows={(data?.rows ?? []).map((row, i) => toRow(row, i, sign, onOpen))}
        totalRows={total}
        rowsPerPage={pageSize}
        page={page}
        onSetPage={setPage}
        sortKey={sort.field}
        sortOrder={sort.direction === 'asc' ? 'ASC' : 'DESC'}
        onSort={(data: { key: string; sortOrder: 'ASC' | 'DESC' }) => {
          if (!SORTABLE.includes(data.key as FindingSortField)) return;
          setSort({ field: data.key as FindingSortField, direction: data.sortOrder === 'ASC' ? 'asc' : 'desc' });
          setPage(1);
        }}
        isLoading={loading}
        loadingLabel="Loading findings"
        emptyView={loading ? undefined : <p>No finding matches these filters.</p>}
        paginationi18n={{ prev: 'Previous page', next: 'Next page', label: 'Findings pages', pageLabel: 'Page' }}
        testId="findings"
      />
    </div>
  );
}
