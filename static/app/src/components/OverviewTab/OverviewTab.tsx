/**
 * Posture at a glance: the verdict in one sentence, the app's own health (what stops it seeing everything, each
 * with the action that fixes it; on first run, what to connect), open findings by severity and by check, triaged
 * findings, the last scan with each source's status, the trend across scans, and a running scan's progress (polled
 * every 2 s). Every count is the total of the list it opens: a click shows exactly those findings.
 */
import { useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Grid, Inline, Pressable, Stack, Text, xcss } from '@atlaskit/primitives';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { getOverview } from '../../api/getOverview';
import type { Envelope, FindingFilters, HealthAction, HealthItem, Overview, Severity, SyncStepView } from '../../api/types';
import { useFormat } from '../../format';
import { SEVERITY_LABEL, STATUS_LABEL } from '../../labels';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';
import { SeverityLozenge } from '../SeverityLozenge/SeverityLozenge';
import { TrendChart } from '../TrendChart/TrendChart';

const POLL_MS = 2000;

const SEVERITY_BORDER: Record<Severity, 'color.border.danger' | 'color.border.warning' | 'color.border.information' | 'color.border'> = {
  CRITICAL: 'color.border.danger',
  HIGH: 'color.border.warning',
  MEDIUM: 'color.border.information',
  LOW: 'color.border',
};

const STEP_APPEARANCE: Record<SyncStepView['status'], 'success' | 'moved' | 'removed' | 'default' | 'inprogress'> = {
  done: 'success',
  partial: 'moved',
  failed: 'removed',
  skipped: 'default',
  pending: 'inprogress',
};

const cardStyles = xcss({ backgroundColor: 'elevation.surface.raised', boxShadow: 'elevation.shadow.raised', borderRadius: 'radius.large', padding: 'space.200' });
const countStyles = xcss({
  backgroundColor: 'elevation.surface.raised',
  boxShadow: 'elevation.shadow.raised',
  borderRadius: 'radius.medium',
  padding: 'space.150',
  borderInlineStartWidth: 'border.width.selected',
  borderInlineStartStyle: 'solid',
  textAlign: 'start',
  width: '100%',
  ':hover': { backgroundColor: 'elevation.surface.hovered' },
});
const rowButtonStyles = xcss({ backgroundColor: 'color.background.neutral.subtle', padding: 'space.0', color: 'color.link', textAlign: 'start', font: 'font.body', ':hover': { textDecoration: 'underline' } });
const cellStyles = { paddingBlock: token('space.075'), paddingInline: token('space.050'), borderTop: `${token('border.width')} solid ${token('color.border')}` } as const;

const HEALTH_APPEARANCE = { error: 'error', warning: 'warning', info: 'information' } as const;

function HealthList({ items, onAction, title, testId }: { items: HealthItem[]; onAction: (action: HealthAction) => void; title: string; testId: string }) {
  const fmt = useFormat();
  if (items.length === 0) return null;
  const dated = (text: string, at: string | undefined) => (at ? text.replaceAll('{date}', fmt.date(at)) : text);
  return (
    <Box as="section" aria-labelledby={`${testId}-title`} testId={testId}>
      <Stack space="space.100">
        <Heading size="small" as="h2" id={`${testId}-title`}>
          {title}
        </Heading>
        {items.map((item) => (
          <SectionMessage
            key={item.id}
            appearance={HEALTH_APPEARANCE[item.level]}
            title={dated(item.title, item.at)}
            testId={`health-${item.id}`}
            actions={item.actions.map((action) => (
              <SectionMessageAction key={`${action.kind}-${action.label}`} onClick={() => onAction(action)} testId={`health-action-${action.kind}`}>
                {action.kind === 'link' ? `${action.label} ↗` : action.label}
              </SectionMessageAction>
            ))}
          >
            <p>{dated(item.detail, item.at)}</p>
          </SectionMessage>
        ))}
      </Stack>
    </Box>
  );
}

export function OverviewTab({ refreshToken = 0, onOpenList, onHealthAction }: { refreshToken?: number; onOpenList?: (filters: FindingFilters) => void; onHealthAction?: (action: HealthAction) => void }) {
  const fmt = useFormat();
  const [state, setState] = useState<Envelope<Overview> | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await getOverview();
      if (!live) return;
      setState(result);
      if (result.ok && result.data.running) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [refreshToken]);

  if (state === null) return <Loading label="Loading the overview" />;
  if (!state.ok) return <Refusal error={state.error} />;
  const { verdict, severityCounts, byCheck, triaged, health, lastSync, running, trend } = state.data;
  const open = (filters: FindingFilters) => onOpenList?.(filters);
  const act = (action: HealthAction) => onHealthAction?.(action);
  const setup = health.filter((h) => h.id.startsWith('setup-'));
  const rest = health.filter((h) => !h.id.startsWith('setup-'));
  return (
    <Stack space="space.200" testId="overview">
      <Heading size="medium" as="h2">
        <span data-testid="verdict">{verdict}</span>
      </Heading>
      {running && (
        <SectionMessage appearance="information" title="A scan is running" testId="scan-progress">
          <Stack space="space.100">
            <Text as="p">
              Step {Math.min(running.done + 1, running.total)} of {running.total}
              {running.current ? `: ${running.current}` : ''}. Requested {fmt.dateTime(running.requestedAt)}.
            </Text>
            <ProgressBar value={running.total ? running.done / running.total : 0} ariaLabel={`Scan progress: ${running.done} of ${running.total} steps`} />
          </Stack>
        </SectionMessage>
      )}
      <HealthList items={setup} onAction={act} title="Get started" testId="setup" />
      <HealthList items={rest} onAction={act} title="App health" testId="health" />
      <Box as="section" aria-labelledby="open-by-severity">
        <Stack space="space.100">
          <Heading size="small" as="h2" id="open-by-severity">
            Open findings by severity
          </Heading>
          <Grid templateColumns="repeat(auto-fit, minmax(140px, 1fr))" gap="space.150" testId="severity-counts">
            {severityCounts.map((c) => (
              <Pressable
                key={c.severity}
                xcss={countStyles}
                style={{ borderInlineStartColor: token(SEVERITY_BORDER[c.severity]) }}
                onClick={() => open(c.filters)}
                testId={`count-${c.severity}`}
                data-count={c.count}
              >
                <Stack space="space.025">
                  <Text size="large" weight="bold">
                    {fmt.number(c.count)}
                  </Text>
                  <Text color="color.text.subtle">
                    {SEVERITY_LABEL[c.severity]}
                    <span className="sv0-visually-hidden"> open: show them</span>
                  </Text>
                </Stack>
              </Pressable>
            ))}
          </Grid>
          <Inline space="space.200" testId="triaged-counts">
            {triaged.map((t) => (
              <Pressable key={t.status} xcss={rowButtonStyles} onClick={() => open(t.filters)} testId={`count-${t.status}`} data-count={t.count}>
                {`${fmt.number(t.count)} ${STATUS_LABEL[t.status].toLowerCase()}`}
              </Pressable>
            ))}
          </Inline>
        </Stack>
      </Box>
      <Grid templateColumns="repeat(auto-fit, minmax(340px, 1fr))" gap="space.200">
        <Box as="section" xcss={cardStyles} testId="by-check" aria-labelledby="by-check-title">
          <Heading size="small" as="h2" id="by-check-title">
            Open findings by check
          </Heading>
          {byCheck.length === 0 ? (
            <Text as="p">No open finding.</Text>
          ) : (
            <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: token('space.100') }}>
              <caption className="sv0-visually-hidden">Open findings by check; a check opens its findings</caption>
              <thead>
                <tr>
                  <th scope="col" style={{ ...cellStyles, borderTop: 'none', textAlign: 'start' }}>
                    <Text size="small" color="color.text.subtle">Severity</Text>
                  </th>
                  <th scope="col" style={{ ...cellStyles, borderTop: 'none', textAlign: 'start' }}>
                    <Text size="small" color="color.text.subtle">Check</Text>
                  </th>
                  <th scope="col" style={{ ...cellStyles, borderTop: 'none', textAlign: 'end' }}>
                    <Text size="small" color="color.text.subtle">Open</Text>
                  </th>
                </tr>
              </thead>
              <tbody>
                {byCheck.map((c) => (
                  <tr key={c.check} data-check={c.check} data-count={c.count}>
                    <td style={cellStyles}>
                      <SeverityLozenge severity={c.severity} />
                    </td>
                    <th scope="row" style={{ ...cellStyles, textAlign: 'start', fontWeight: 'inherit' }}>
                      <Pressable xcss={rowButtonStyles} onClick={() => open(c.filters)} testId={`check-${c.check}`}>
                        {c.title}
                      </Pressable>
                    </th>
                    <td style={{ ...cellStyles, textAlign: 'end' }}>
                      <Text weight="bold">{fmt.number(c.count)}</Text>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Box>
        <Box as="section" xcss={cardStyles} testId="last-scan" aria-labelledby="last-scan-title">
          <Stack space="space.100">
            <Heading size="small" as="h2" id="last-scan-title">
              Last scan
            </Heading>
            {lastSync ? (
              <>
                <Text as="p">
                  <Lozenge appearance={lastSync.status === 'complete' ? 'success' : lastSync.status === 'partial' ? 'moved' : 'removed'}>{lastSync.status}</Lozenge>{' '}
                  {lastSync.trigger === 'manual' ? 'Manual scan' : 'Scheduled scan'} finished {fmt.dateTime(lastSync.finishedAt)}; data as of {fmt.dateTime(lastSync.observedAt)}.
                </Text>
                <ul style={{ listStyle: 'none', margin: 0, padding: 0, columns: '2 260px', columnGap: token('space.200') }} aria-label="Sources read by the last scan">
                  {lastSync.steps.map((step) => (
                    <li key={step.id} style={{ breakInside: 'avoid', paddingBlock: token('space.025') }} data-step={step.id}>
                      <Inline space="space.100" alignBlock="baseline">
                        <Box xcss={xcss({ flexShrink: 0 })}>
                          <Lozenge appearance={STEP_APPEARANCE[step.status]}>{step.status}</Lozenge>
                        </Box>
                        <Text size="small">
                          {step.label}
                          {step.count !== undefined ? `: ${fmt.number(step.count)}` : ''}
                          {step.reason ? ` (${step.reason})` : ''}
                        </Text>
                      </Inline>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <Text as="p">No scan has finished yet.</Text>
            )}
          </Stack>
        </Box>
      </Grid>
      <Box as="section" xcss={cardStyles} testId="trend" aria-labelledby="trend-title">
        <Stack space="space.100">
          <Heading size="small" as="h2" id="trend-title">
            Trend across scans
          </Heading>
          <TrendChart points={trend} />
        </Stack>
      </Box>
    </Stack>
  );
}
