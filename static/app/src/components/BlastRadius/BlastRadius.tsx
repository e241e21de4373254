/**
 * A blast radius drawn: every path from the subject to every resource it reaches, laid out by ELK's layered
 * algorithm left to right, one lane per system. Hops that leave a system are drawn in the discovery colour and
 * named; links known only by correlation are dashed; resources sit in groups by sensitivity, and a group of many
 * starts collapsed into one counted node until opened. A scope drift's new resources and the grants that brought
 * them are marked "new"; a fix being previewed shows the grant it removes. Above the drawing, the same reach in
 * words (counts by sensitivity, names), which is also what assistive technology reads.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import AppIcon from '@atlaskit/icon/core/app';
import AutomationIcon from '@atlaskit/icon/core/automation';
import DatabaseIcon from '@atlaskit/icon/core/database';
import LinkIcon from '@atlaskit/icon/core/link';
import LockLockedIcon from '@atlaskit/icon/core/lock-locked';
import PeopleGroupIcon from '@atlaskit/icon/core/people-group';
import PersonIcon from '@atlaskit/icon/core/person';
import PulseIcon from '@atlaskit/icon/core/pulse';
import ShieldIcon from '@atlaskit/icon/core/shield';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { BlastRadius as Radius, NodeKind, Sensitivity } from '../../api/types';
import { useFormat } from '../../format';
import { KIND_LABEL, SENSITIVITY_LABEL, systemLabel } from '../../labels';
import { AGENT_LABEL, AgentIcon } from '../AgentIcon/AgentIcon';
import { Loading } from '../Loading/Loading';
import { defaultCollapsed, GROUP_PAGE, readLayout, SENSITIVITY_ORDER, toDrawnGraph, toElkGraph, type DrawnEdge, type DrawnGraph, type DrawnNode, type Emphasis, type Laid } from './model';

type IconComponent = typeof AppIcon;

const ICONS: Record<NodeKind, IconComponent> = {
  identity: AppIcon,
  workload: AutomationIcon,
  connection: LinkIcon,
  credential: LockLockedIcon,
  owner: PersonIcon,
  role: PeopleGroupIcon,
  permission: ShieldIcon,
  resource: DatabaseIcon,
  execution_evidence: PulseIcon,
};

const SENSITIVITY_STYLE: Record<Sensitivity, { background: string; border: string; lozenge: 'removed' | 'moved' | 'inprogress' | 'default' }> = {
  restricted: { background: token('color.background.danger'), border: token('color.border.danger'), lozenge: 'removed' },
  confidential: { background: token('color.background.warning'), border: token('color.border.warning'), lozenge: 'moved' },
  internal: { background: token('color.background.information'), border: token('color.border.information'), lozenge: 'inprogress' },
  public: { background: token('color.background.neutral'), border: token('color.border'), lozenge: 'default' },
};

const laneStyles = xcss({ position: 'absolute', borderRadius: 'radius.large', backgroundColor: 'color.background.neutral.subtle', borderWidth: 'border.width', borderStyle: 'solid', borderColor: 'color.border' });
const groupStyles = xcss({ position: 'absolute', borderRadius: 'radius.medium', borderWidth: 'border.width', borderStyle: 'dashed', borderColor: 'color.border.bold' });
const nodeStyles = xcss({ position: 'absolute', boxSizing: 'border-box', borderRadius: 'radius.medium', paddingInline: 'space.100', paddingBlock: 'space.050', overflow: 'hidden', boxShadow: 'elevation.shadow.raised' });
const scrollStyles = xcss({ overflowX: 'auto', overflowY: 'hidden', maxWidth: '100%' });

/** Edge colours: a hop into another system, a grant that brought new reach, a grant a fix removes. */
function strokeOf(edge: DrawnEdge): { color: string; width: number; marker: string } {
  if (edge.isRemoved) return { color: token('color.border.danger'), width: 3, marker: 'removed' };
  if (edge.isCause) return { color: token('color.border.success'), width: 3, marker: 'cause' };
  if (edge.crossSystem) return { color: token('color.border.discovery'), width: 2.5, marker: 'cross' };
  if (edge.isHighlighted) return { color: token('color.border.bold'), width: 2, marker: 'plain' };
  return { color: token('color.border'), width: 1.25, marker: 'faint' };
}

const MARKERS: Array<{ id: string; color: string }> = [
  { id: 'removed', color: token('color.border.danger') },
  { id: 'cause', color: token('color.border.success') },
  { id: 'cross', color: token('color.border.discovery') },
  { id: 'plain', color: token('color.border.bold') },
  { id: 'faint', color: token('color.border') },
];

function NodeCard({ node, box, onToggle }: { node: DrawnNode; box: { x: number; y: number; width: number; height: number }; onToggle?: () => void }) {
  const Icon = ICONS[node.kind] ?? AppIcon;
  const tint = node.kind === 'resource' && node.sensitivity ? SENSITIVITY_STYLE[node.sensitivity] : undefined;
  const border = node.isNew ? token('color.border.success') : node.isHighlighted ? token('color.border.selected') : (tint?.border ?? token('color.border'));
  // An AI agent is named as one (its mark and "AI agent"), whatever kind of node carries it.
  const kindLabel = node.agent ? `${AGENT_LABEL} (${node.agent})` : KIND_LABEL[node.kind];
  const description = `${kindLabel} in ${systemLabel(node.system)}: ${node.merged ? node.merged.join(', ') : node.name}${node.sensitivity ? `, ${node.sensitivity}` : ''}${node.isNew ? ', new since the baseline' : ''}`;
  return (
    <Box
      as="li"
      xcss={nodeStyles}
      style={{ left: box.x, top: box.y, width: box.width, height: box.height, background: tint?.background ?? token('elevation.surface.raised'), border: `${node.isNew || node.isHighlighted ? 2 : 1}px solid ${border}` }}
      testId="blast-node"
      aria-label={description}
      data-kind={node.kind}
      data-agent={node.agent}
      data-system={node.system}
      data-sensitivity={node.sensitivity}
      data-new={node.isNew}
      data-highlight={node.isHighlighted}
      data-count={node.members ?? node.count}
      data-node-id={node.id}
      title={node.merged ? node.merged.join(', ') : node.name}
    >
      <Inline space="space.050" alignBlock="center">
        {node.agent ? <AgentIcon decorative /> : <Icon label="" color={token('color.icon.subtle')} size="small" />}
        <Text size="small" color="color.text.subtle" maxLines={1}>
          {node.members !== undefined ? `${node.sensitivity ? SENSITIVITY_LABEL[node.sensitivity] : ''} · grouped` : node.agent ? AGENT_LABEL : KIND_LABEL[node.kind]}
        </Text>
        {node.isNew && <Lozenge appearance="success">New</Lozenge>}
      </Inline>
      <Inline space="space.050" alignBlock="center" spread="space-between">
        <Text weight="semibold" maxLines={node.members !== undefined || node.merged ? 1 : 2} size="small">
          {node.merged ? node.merged.join(', ') : node.name}
        </Text>
        {onToggle && (
          <Button appearance="subtle" spacing="compact" onClick={onToggle} aria-expanded={false} testId={node.id.startsWith('rest:') ? 'blast-group-more' : 'blast-group-open'} aria-label={node.id.startsWith('rest:') ? `Show more of the ${node.members} ${node.sensitivity ?? ''} resources` : `Show the ${node.members} ${node.sensitivity ?? ''} resources one by one`}>
            {node.id.startsWith('rest:') ? 'Show more' : 'Show'}
          </Button>
        )}
      </Inline>
    </Box>
  );
}

/** The reach in words: counts by sensitivity, and the names of what is drawn one by one. */
function ReachSummary({ graph, radius }: { graph: DrawnGraph; radius: Radius }) {
  const fmt = useFormat();
  const names = (sensitivity: Sensitivity) =>
    radius.nodes.filter((n) => n.kind === 'resource' && n.sensitivity === sensitivity && n.count === undefined && n.depth > 0 && !(n.subtype?.endsWith('_scope') && radius.nodes.some((m) => m.memberOf === n.id))).map((n) => n.name);
  const levels = SENSITIVITY_ORDER.filter((s) => (graph.reached[s] ?? 0) > 0);
  if (levels.length === 0) return <Text as="p">It reaches no resource; what it holds is shown below.</Text>;
  return (
    <Stack space="space.050" testId="reach-summary">
      <Text as="p">
        Reaches {fmt.number(graph.total)} resource{graph.total === 1 ? '' : 's'}
        {radius.summarised > 0 ? ` (${fmt.number(radius.summarised)} counted in groups, not drawn one by one)` : ''}.
      </Text>
      <Box as="ul" xcss={xcss({ margin: 'space.0', paddingInlineStart: 'space.250' })}>
        {levels.map((s) => {
          const listed = names(s);
          return (
            <li key={s} data-sensitivity={s} data-count={graph.reached[s]}>
              <Text weight="semibold">
                {SENSITIVITY_LABEL[s]} ({fmt.number(graph.reached[s] ?? 0)})
              </Text>
              {listed.length > 0 && <Text>: {listed.slice(0, 12).join(', ')}{listed.length > 12 ? ` and ${listed.length - 12} more` : ''}</Text>}
            </li>
          );
        })}
      </Box>
    </Stack>
  );
}

/** Fitting a wide drawing to the width, but never so small that names cannot be read. */
function scaleOf(available: number, needed: number): number {
  return available <= 0 || needed <= available ? 1 : Math.max(0.6, available / needed);
}

let elkInstance: Promise<{ layout: (graph: ReturnType<typeof toElkGraph>) => Promise<ReturnType<typeof toElkGraph>> }> | undefined;
function elk() {
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elkInstance;
}

export function BlastRadius({ radius, emphasis = {}, label }: { radius: Radius; emphasis?: Emphasis; label: string }) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => defaultCollapsed(radius, emphasis));
  const [shown, setShown] = useState<Map<string, number>>(() => new Map());
  const graph = useMemo(() => toDrawnGraph(radius, emphasis, collapsed, shown), [radius, emphasis, collapsed, shown]);
  const [laid, setLaid] = useState<{ layout: Laid; ms: number } | { error: string } | null>(null);
  const [fit, setFit] = useState(true);
  const [width, setWidth] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, [laid]);

  useEffect(() => {
    let live = true;
    void elk()
      .then(async (engine) => {
        // Timed from a ready engine: the layout itself, not loading ELK (once per frame).
        const started = performance.now();
        const result = await engine.layout(toElkGraph(graph));
        return { result, ms: Math.round(performance.now() - started) };
      })
      .then(({ result, ms }) => live && setLaid({ layout: readLayout(result), ms }))
      .catch((error: unknown) => live && setLaid({ error: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
    };
  }, [graph]);

  /** "Show" on a collapsed group opens it; "Show more" on the rest of an open group draws another page. */
  const toggle = (id: string) => {
    if (id.startsWith('rest:')) {
      const group = id.slice('rest:'.length);
      setShown((current) => new Map(current).set(group, (current.get(group) ?? GROUP_PAGE) + GROUP_PAGE));
      return;
    }
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  if (radius.nodes.length === 0) return <Text as="p">Nothing is recorded about what it can reach.</Text>;
  return (
    <Stack space="space.150" testId="blast-radius">
      <ReachSummary graph={graph} radius={radius} />
      {laid === null ? (
        <Loading label="Laying out the blast radius" />
      ) : 'error' in laid ? (
        <Text as="p">The drawing could not be laid out ({laid.error}); the reach above is complete.</Text>
      ) : (
        <Stack space="space.075">
        {width > 0 && laid.layout.width > width && (
          <Inline space="space.100" alignBlock="center">
            <Button spacing="compact" onClick={() => setFit(!fit)} testId="blast-fit" aria-pressed={!fit}>
              {fit ? 'Actual size' : 'Fit to width'}
            </Button>
            <Text size="small" color="color.text.subtle">
              {fit ? `Shown at ${Math.round(scaleOf(width, laid.layout.width) * 100)}%` : 'Scroll sideways to see all of it'}
            </Text>
          </Inline>
        )}
        <div ref={scroller} style={{ width: '100%' }}>
        <Box xcss={scrollStyles} tabIndex={0} role="region" aria-label={`${label}: drawing`} testId="blast-scroll" style={{ height: laid.layout.height * (fit ? scaleOf(width, laid.layout.width) : 1) + 8 }}>
          <figure style={{ position: 'relative', margin: 0, width: laid.layout.width, height: laid.layout.height, transform: fit ? `scale(${scaleOf(width, laid.layout.width)})` : undefined, transformOrigin: '0 0' }} data-testid="blast-drawing" data-layout-ms={laid.ms} aria-label={label}>
            {graph.lanes.map((lane) => {
              const box = laid.layout.boxes.get(lane.id);
              return box ? (
                <Box key={lane.id} xcss={laneStyles} style={{ left: box.x, top: box.y, width: box.width, height: box.height }} testId="blast-lane" data-system={lane.system}>
                  <Box xcss={xcss({ paddingInline: 'space.100', paddingBlock: 'space.075' })}>
                    <Text weight="bold" size="small" color="color.text.subtle">
                      {systemLabel(lane.system)}
                    </Text>
                  </Box>
                </Box>
              ) : null;
            })}
            {graph.groups
              .filter((g) => !g.collapsed)
              .map((group) => {
                const box = laid.layout.boxes.get(group.id);
                return box ? (
                  <Box key={group.id} xcss={groupStyles} style={{ left: box.x, top: box.y, width: box.width, height: box.height }} testId="blast-group" data-sensitivity={group.sensitivity} data-count={group.count}>
                    <Inline spread="space-between" alignBlock="center" xcss={xcss({ paddingInline: 'space.075', paddingBlock: 'space.025' })}>
                      <Text size="small" weight="semibold">
                        {SENSITIVITY_LABEL[group.sensitivity]} · {group.count}
                      </Text>
                      {group.nodeIds.length > 1 && (
                        <Button appearance="subtle" spacing="compact" onClick={() => toggle(group.id)} aria-expanded testId="blast-group-close" aria-label={`Collapse the ${group.count} ${group.sensitivity} resources`}>
                          Collapse
                        </Button>
                      )}
                    </Inline>
                  </Box>
                ) : null;
              })}
            <svg width={laid.layout.width} height={laid.layout.height} style={{ position: 'absolute', inset: 0, overflow: 'visible', pointerEvents: 'none' }} aria-hidden focusable="false">
              <defs>
                {MARKERS.map((m) => (
                  <marker key={m.id} id={`arrow-${m.id}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z" style={{ fill: m.color }} />
                  </marker>
                ))}
              </defs>
              {graph.edges.map((edge) => {
                const d = laid.layout.paths.get(edge.id);
                if (!d) return null;
                const stroke = strokeOf(edge);
                return (
                  <path
                    key={edge.id}
                    d={d}
                    fill="none"
                    style={{ stroke: stroke.color, strokeWidth: stroke.width }}
                    strokeDasharray={edge.unproven ? '6 4' : undefined}
                    markerEnd={`url(#arrow-${stroke.marker})`}
                    data-testid="blast-edge"
                    data-from={edge.from}
                    data-to={edge.to}
                    data-kind={edge.kind}
                    data-cross-system={edge.crossSystem}
                    data-unproven={edge.unproven}
                    data-cause={edge.isCause}
                    data-removed={edge.isRemoved}
                  >
                    {edge.reason && <title>{edge.reason}</title>}
                  </path>
                );
              })}
            </svg>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={`${label}: what is on the paths`}>
              {[...graph.nodes.values()].map((node) => {
                const box = laid.layout.boxes.get(node.id);
                return box ? <NodeCard key={node.id} node={node} box={box} onToggle={node.members !== undefined ? () => toggle(node.id) : undefined} /> : null;
              })}
            </ul>
          </figure>
        </Box>
        </div>
        </Stack>
      )}
      <Legend />
    </Stack>
  );
}

function Legend() {
  const swatch = (color: string, dashed = false) => (
    <svg width="28" height="10" aria-hidden focusable="false">
      <line x1="0" y1="5" x2="28" y2="5" style={{ stroke: color, strokeWidth: 2.5 }} strokeDasharray={dashed ? '6 4' : undefined} />
    </svg>
  );
  return (
    <Inline space="space.200" shouldWrap testId="blast-legend">
      <Inline space="space.050" alignBlock="center">
        {swatch(token('color.border.discovery'))}
        <Text size="small">crosses into another system</Text>
      </Inline>
      <Inline space="space.050" alignBlock="center">
        {swatch(token('color.border.bold'), true)}
        <Text size="small">known only by correlation</Text>
      </Inline>
      <Inline space="space.050" alignBlock="center">
        {swatch(token('color.border.success'))}
        <Text size="small">brought new reach</Text>
      </Inline>
      <Inline space="space.050" alignBlock="center">
        {swatch(token('color.border.danger'))}
        <Text size="small">removed by the selected fix</Text>
      </Inline>
    </Inline>
  );
}
