/** Open findings per scan as stacked bars (critical at the bottom), coloured with severity tokens. */
import { token } from '@atlaskit/tokens';
import type { Severity, TrendPoint } from '../../api/types';
import { useFormat } from '../../format';
import { SEVERITIES, SEVERITY_LABEL } from '../../labels';

const COLOR: Record<Severity, string> = {
  CRITICAL: token('color.chart.danger.bold'),
  HIGH: token('color.chart.warning.bold'),
  MEDIUM: token('color.chart.information.bold'),
  LOW: token('color.chart.neutral'),
};

export function TrendChart({ points, height = 120 }: { points: readonly TrendPoint[]; height?: number }) {
  const fmt = useFormat();
  const formatDate = fmt.date;
  if (points.length === 0) return <p style={{ color: token('color.text.subtle') }}>No scan has finished yet.</p>;
  const max = Math.max(1, ...points.map((p) => p.total));
  const barWidth = 36;
  const gap = 28;
  const width = points.length * (barWidth + gap) + gap;
  const plot = height - 34;
  const summary = points.map((p) => `${formatDate(p.observedAt)}: ${p.total}`).join('; ');
  return (
    <figure style={{ margin: 0 }} data-testid="trend-chart">
      <svg width={width} height={height} role="img" aria-label={`Findings per scan: ${summary}`} style={{ maxWidth: '100%' }}>
        <line x1={0} x2={width} y1={plot + 4} y2={plot + 4} style={{ stroke: token('color.border') }} />
        {points.map((point, i) => {
          const x = gap + i * (barWidth + gap);
          let y = plot + 4;
          return (
            <g key={point.syncId}>
              {SEVERITIES.map((severity) => {
                const n = point.bySeverity[severity] ?? 0;
                if (n === 0) return null;
                const h = (n / max) * (plot - 14);
                y -= h;
                return (
                  <rect key={severity} x={x} y={y} width={barWidth} height={h} style={{ fill: COLOR[severity] }}>
                    <title>{`${SEVERITY_LABEL[severity]}: ${n}`}</title>
                  </rect>
                );
              })}
              <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" style={{ fill: token('color.text') }} fontSize="12">
                {point.total}
              </text>
              <text x={x + barWidth / 2} y={height - 4} textAnchor="middle" style={{ fill: token('color.text.subtle') }} fontSize="11">
                {formatDate(point.observedAt).replace(/,? \d{4}$/, '')}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption style={{ display: 'flex', gap: 12, font: token('font.body.small'), color: token('color.text.subtle') }}>
        {SEVERITIES.map((s) => (
          <span key={s} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <span aria-hidden style={{ width: 10, height: 10, background: COLOR[s], display: 'inline-block', borderRadius: 2 }} />
            {SEVERITY_LABEL[s]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
