/**
 * Posture at a glance: the verdict in one sentence, open findings by severity and by check, the last scan with
 * each source's status, the trend across scans, and the live progress of a running scan (polled every 2 s).
 */
import { useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { getOverview } from '../../api/getOverview';
import type { Envelope, Overview, Severity, SyncStepView } from '../../api/types';
import { formatDateTime, SEVERITIES, SEVERITY_LABEL } from '../../labels';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';
import { SeverityLozenge } from '../SeverityLozenge/SeverityLozenge';
import { TrendChart } from '../TrendChart/TrendChart';

const POLL_MS = 2000;

const SEVERITY_BORDER: Record<Severity, string> = {
  CRITICAL: token('color.border.danger'),
  HIGH: token('color.border.warning'),
  MEDIUM: token('color.border.information'),
  LOW: token('color.border'),
};

const STEP_APPEARANCE: Record<SyncStepView['status'], 'success' | 'moved' | 'removed' | 'default' | 'inprogress'> = {
  done: 'success',
  partial: 'moved',
  failed: 'removed',
  skipped: 'default',
  pending: 'inprogress',
};

function Card({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <section data-testid={testId} style={{ background: token('elevation.surface.raised'), boxShadow: token('elevation.shadow.raised'), borderRadius: 8, padding: token('space.200'), color: token('color.text') }}>
      {children}
    </section>
  );
}

export function OverviewTab({ refreshToken = 0 }: { refreshToken?: number }) {
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
  const { verdict, bySeverity, byCheck, lastSync, running, trend, ticketsWaiting } = state.data;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }} data-testid="overview">
      <Heading size="medium" as="h2">
        <span data-testid="verdict">{verdict}</span>
      </Heading>
      {running && (
        <SectionMessage appearance="information" title="A scan is running" testId="scan-progress">
          <p>
            Step {Math.min(running.done + 1, running.total)} of {running.total}
            {running.current ? `: ${running.current}` : ''}. Requested {formatDateTime(running.requestedAt)}.
          </p>
          <ProgressBar value={running.total ? running.done / running.total : 0} ariaLabel={`Scan progress: ${running.done} of ${running.total} steps`} />
        </SectionMessage>
      )}
      {ticketsWaiting > 0 && (
        <SectionMessage appearance="warning">
          <p>{ticketsWaiting} findings wait for a ticket: the per-scan ticket limit was reached. The next scan opens them.</p>
        </SectionMessage>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))', gap: token('space.150') }} data-testid="severity-counts">
        {SEVERITIES.map((severity) => (
          <div key={severity} data-testid={`count-${severity}`} style={{ borderLeft: `4px solid ${SEVERITY_BORDER[severity]}`, background: token('elevation.surface.raised'), boxShadow: token('elevation.shadow.raised'), borderRadius: 4, padding: token('space.150') }}>
            <div style={{ font: token('font.heading.xlarge'), color: token('color.text') }}>{bySeverity[severity] ?? 0}</div>
            <div style={{ color: token('color.text.subtle') }}>{SEVERITY_LABEL[severity]}</div>
          </div>
        ))}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(340px, 1fr))', gap: token('space.200') }}>
        <Card testId="by-check">
          <Heading size="small" as="h3">
            Open findings by check
          </Heading>
          <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: token('space.100') }}>
            <tbody>
              {byCheck.map((c) => (
                <tr key={c.check} data-check={c.check} style={{ borderTop: `1px solid ${token('color.border')}` }}>
                  <td style={{ padding: '6px 4px' }}>
                    <SeverityLozenge severity={c.severity} />
                  </td>
                  <td style={{ padding: '6px 4px' }}>{c.title}</td>
                  <td style={{ padding: '6px 4px', textAlign: 'right', fontWeight: token('font.weight.bold') }}>{c.count}</td>
                </tr>
              ))}
              {byCheck.length === 0 && (
                <tr>
                  <td>No open finding.</td>
                </tr>
              )}
            </tbody>
          </table>
        </Card>
        <Card testId="last-scan">
          <Heading size="small" as="h3">
            Last scan
          </Heading>
          {lastSync ? (
            <>
              <p style={{ margin: `${token('space.100')} 0` }}>
                <Lozenge appearance={lastSync.status === 'complete' ? 'success' : lastSync.status === 'partial' ? 'moved' : 'removed'}>{lastSync.status}</Lozenge>{' '}
                {lastSync.trigger === 'manual' ? 'Manual scan' : 'Scheduled scan'} finished {formatDateTime(lastSync.finishedAt)}; data as of {formatDateTime(lastSync.observedAt)}.
              </p>
              <ul style={{ listStyle: 'none', margin: 0, padding: 0, columns: '2 260px', columnGap: token('space.200'), font: token('font.body.small') }} aria-label="Sources read by the last scan">
                {lastSync.steps.map((step) => (
                  <li key={step.id} style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '2px 0', breakInside: 'avoid' }} data-step={step.id}>
                    <span style={{ flex: '0 0 auto' }}>
                      <Lozenge appearance={STEP_APPEARANCE[step.status]}>{step.status}</Lozenge>
                    </span>
                    <span>
                      {step.label}
                      {step.count !== undefined ? `: ${step.count}` : ''}
                      {step.reason ? <span style={{ color: token('color.text.subtle') }}> ({step.reason})</span> : null}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No scan has finished yet.</p>
          )}
        </Card>
      </div>
      <Card testId="trend">
        <Heading size="small" as="h3">
          Trend across scans
        </Heading>
        <div style={{ marginTop: token('space.100') }}>
          <TrendChart points={trend} />
        </div>
      </Card>
    </div>
  );
}
