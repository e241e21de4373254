/**
 * The findings list's filters: severity, check, system, status, owner and a free-text search. The values offered
 * come from the resolver's facets; the filtering itself happens in the resolver.
 */
import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import { Box, Inline, Text, xcss } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import type { FindingFilters as Filters, FindingListResponse, FindingStatus, Severity } from '../../api/types';
import { SEVERITIES, SEVERITY_LABEL, STATUSES, STATUS_LABEL, systemLabel } from '../../labels';

interface Option<T extends string> {
  label: string;
  value: T;
}

function MultiFilter<T extends string>({ id, label, options, value, onChange }: {
  id: string;
  label: string;
  options: Array<Option<T>>;
  value: T[] | undefined;
  onChange: (value: T[]) => void;
}) {
  return (
    <Box xcss={fieldStyles}>
      <Label htmlFor={id}>{label}</Label>
      <Select<Option<T>, true>
        inputId={id}
        isMulti
        isClearable
        options={options}
        value={options.filter((o) => value?.includes(o.value))}
        onChange={(selected) => onChange(selected.map((o) => o.value))}
        placeholder="Any"
        spacing="compact"
        menuPortalTarget={typeof document !== 'undefined' ? document.body : undefined}
        styles={{ menuPortal: (base) => ({ ...base, zIndex: 600 }) }}
      />
    </Box>
  );
}

const fieldStyles = xcss({ minWidth: '180px', flexGrow: 1, flexShrink: 1, flexBasis: '180px' });
const searchStyles = xcss({ minWidth: '220px', flexGrow: 2, flexShrink: 1, flexBasis: '220px' });

export function FindingFilters({ filters, facets, onChange, groupTitle, onClearGroup }: {
  filters: Filters;
  facets: FindingListResponse['facets'] | undefined;
  onChange: (filters: Filters) => void;
  /** The root-cause group the list is narrowed to, by name. */
  groupTitle?: string;
  onClearGroup?: () => void;
}) {
  const [search, setSearch] = useState(filters.search ?? '');
  // The search box asks the resolver once the person stops typing, not on every key.
  useEffect(() => {
    if ((filters.search ?? '') === search) return;
    const timer = setTimeout(() => onChange({ ...filters, search: search || undefined }), 300);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: Array.isArray(value) && value.length === 0 ? undefined : value });
  const ownerOptions = (facets?.owners ?? []).map((o) => ({ label: o, value: o }));
  return (
    <div role="search" aria-label="Filter findings" data-testid="finding-filters">
      {filters.group && (
        <Inline space="space.100" alignBlock="center" xcss={xcss({ marginBlockEnd: 'space.100' })} testId="group-filter">
          <Text weight="semibold">Root cause: {groupTitle ?? filters.group}</Text>
          <Button spacing="compact" onClick={() => (onClearGroup ? onClearGroup() : onChange({ ...filters, group: undefined }))}>
            Show every finding
          </Button>
        </Inline>
      )}
      <Inline space="space.150" alignBlock="end" shouldWrap>
      <Box xcss={searchStyles}>
        <Label htmlFor="filter-search">Search</Label>
        <TextField id="filter-search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} placeholder="Name, summary, ticket…" isCompact testId="filter-search" />
      </Box>
      <MultiFilter<Severity> id="filter-severity" label="Severity" options={SEVERITIES.map((s) => ({ label: SEVERITY_LABEL[s], value: s }))} value={filters.severity} onChange={(v) => set('severity', v)} />
      <MultiFilter<string> id="filter-check" label="Check" options={(facets?.checks ?? []).map((c) => ({ label: c.title, value: c.id }))} value={filters.check} onChange={(v) => set('check', v)} />
      <MultiFilter<string> id="filter-system" label="System" options={(facets?.systems ?? []).map((s) => ({ label: systemLabel(s), value: s }))} value={filters.system} onChange={(v) => set('system', v)} />
      <MultiFilter<FindingStatus> id="filter-status" label="Status" options={STATUSES.map((s) => ({ label: STATUS_LABEL[s], value: s }))} value={filters.status} onChange={(v) => set('status', v)} />
      <Box xcss={fieldStyles}>
        <Label htmlFor="filter-owner">Owner</Label>
        <Select<{ label: string; value: string }>
          inputId="filter-owner"
          isClearable
          options={ownerOptions}
          value={ownerOptions.find((o) => o.value === filters.owner) ?? null}
          onChange={(selected) => set('owner', selected?.value)}
          placeholder="Anyone"
          spacing="compact"
          menuPortalTarget={typeof document !== 'undefined' ? document.body : undefined}
          styles={{ menuPortal: (base) => ({ ...base, zIndex: 600 }) }}
        />
      </Box>
      </Inline>
    </div>
  );
}
