/**
 * A finding's access chain drawn left to right, principal first: one card per node with an icon for its kind,
 * resources tinted by sensitivity, and the hops between them. A hop where the system changes is marked as a
 * cross-system hop; a hop between two identities of different systems is a correlated link (drawn dashed), since
 * nothing but a correlation (same e-mail, same publisher) joins two directories.
 */
import type { ReactElement } from 'react';
import AppIcon from '@atlaskit/icon/core/app';
import AutomationIcon from '@atlaskit/icon/core/automation';
import DatabaseIcon from '@atlaskit/icon/core/database';
import LinkIcon from '@atlaskit/icon/core/link';
import LockLockedIcon from '@atlaskit/icon/core/lock-locked';
import PeopleGroupIcon from '@atlaskit/icon/core/people-group';
import PersonIcon from '@atlaskit/icon/core/person';
import PulseIcon from '@atlaskit/icon/core/pulse';
import ShieldIcon from '@atlaskit/icon/core/shield';
import { token } from '@atlaskit/tokens';
import type { DrawnChainNode, NodeKind, Sensitivity } from '../../api/types';
import { KIND_LABEL, SENSITIVITY_LABEL, systemLabel } from '../../labels';

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

const SENSITIVITY_COLORS = {
  restricted: { background: token('color.background.danger'), border: token('color.border.danger'), text: token('color.text.danger'), icon: token('color.icon.danger') },
  confidential: { background: token('color.background.warning'), border: token('color.border.warning'), text: token('color.text.warning'), icon: token('color.icon.warning') },
  internal: { background: token('color.background.information'), border: token('color.border.information'), text: token('color.text.information'), icon: token('color.icon.information') },
  public: { background: token('color.background.neutral'), border: token('color.border'), text: token('color.text.subtle'), icon: token('color.icon.subtle') },
} satisfies Record<Sensitivity, { background: string; border: string; text: string; icon: string }>;

/** What is known about a resource beyond the chain node (the admin page reads it from the inventory). */
export interface ResourceInfo {
  sensitivity?: Sensitivity;
  detail?: string;
}

export interface Hop {
  crossSystem: boolean;
  inferred: boolean;
  from: string;
  to: string;
}

/**
 * The hop between two consecutive nodes. `people` (owners) is not a system an access path crosses. A hop is drawn as
 * unproven when the edge says it is correlated or inferred; without that, an identity-to-identity hop across
 * systems is taken as correlated, since only a correlation joins two directories.
 */
export function describeHop(from: DrawnChainNode, to: DrawnChainNode): Hop {
  const crossSystem = from.system !== to.system && from.system !== 'people' && to.system !== 'people';
  const basis = to.via?.basis;
  const inferred = basis ? basis === 'correlated' || basis === 'inferred' : crossSystem && from.kind === 'identity' && to.kind === 'identity';
  return { crossSystem, inferred, from: from.system, to: to.system };
}

function Edge({ hop }: { hop: Hop }) {
  const width = hop.crossSystem ? 84 : 44;
  const stroke = hop.crossSystem ? token('color.border.discovery') : token('color.border.bold');
  const label = hop.crossSystem
    ? `${hop.inferred ? 'correlated ' : ''}cross-system hop from ${systemLabel(hop.from)} to ${systemLabel(hop.to)}`
    : hop.inferred
      ? 'then, by an inferred link'
      : 'then';
  return (
    <li
      data-testid="chain-edge"
      data-cross-system={hop.crossSystem}
      data-inferred={hop.inferred}
      aria-label={label}
      style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', width, flex: '0 0 auto' }}
    >
      {(hop.crossSystem || hop.inferred) && (
        <span style={{ font: token('font.body.small'), color: token('color.text.discovery'), whiteSpace: 'nowrap', marginBottom: 2 }} aria-hidden>
          {hop.inferred ? (hop.crossSystem ? 'correlated' : 'inferred') : 'cross-system'}
        </span>
      )}
      <svg width={width} height="16" viewBox={`0 0 ${width} 16`} aria-hidden focusable="false">
        <line x1="4" y1="8" x2={width - 12} y2="8" stroke={stroke} strokeWidth={hop.crossSystem ? 2.5 : 1.5} strokeDasharray={hop.inferred ? '5 4' : undefined} />
        <path d={`M${width - 13} 3 L${width - 4} 8 L${width - 13} 13 Z`} fill={stroke} />
      </svg>
    </li>
  );
}

function NodeCard({ node, info }: { node: DrawnChainNode; info?: ResourceInfo }) {
  const Icon = ICONS[node.kind] ?? AppIcon;
  const sensitivity = node.sensitivity ?? info?.sensitivity;
  const colors = node.kind === 'resource' && sensitivity ? SENSITIVITY_COLORS[sensitivity] : undefined;
  const members = node.members ?? [];
  return (
    <li
      data-testid="chain-node"
      data-kind={node.kind}
      data-system={node.system}
      data-sensitivity={sensitivity}
      style={{
        flex: '0 0 auto',
        width: 150,
        boxSizing: 'border-box',
        padding: token('space.100'),
        borderRadius: token('radius.large', '8px'),
        border: `${colors ? 2 : 1}px solid ${colors?.border ?? token('color.border')}`,
        background: colors?.background ?? token('elevation.surface.raised'),
        boxShadow: token('elevation.shadow.raised'),
        color: token('color.text'),
      }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, color: token('color.text.subtle'), font: token('font.body.small') }}>
        <Icon label="" color={colors?.icon ?? token('color.icon')} />
        <span>{KIND_LABEL[node.kind] ?? node.kind}</span>
      </div>
      <div style={{ font: token('font.body.small'), color: token('color.text.subtlest') }}>{systemLabel(node.system)}</div>
      <div style={{ font: token('font.body'), fontWeight: token('font.weight.semibold'), marginTop: 4, overflowWrap: 'anywhere' }}>{node.name}</div>
      {colors && sensitivity && (
        <div style={{ font: token('font.body.small'), color: colors.text, fontWeight: token('font.weight.semibold'), marginTop: 4 }}>{SENSITIVITY_LABEL[sensitivity]}</div>
      )}
      {members.length > 0 && (
        <ul aria-label={`Sensitive members of ${node.name}`} style={{ margin: '4px 0 0', paddingLeft: 16, font: token('font.body.small') }}>
          {members.map((m) => (
            <li key={m.name}>
              {m.name}
              {m.sensitivity ? ` (${m.sensitivity})` : ''}
            </li>
          ))}
        </ul>
      )}
      {members.length === 0 && node.kind === 'resource' && info?.detail && (
        <div style={{ font: token('font.body.small'), color: token('color.text.subtle'), marginTop: 4, overflowWrap: 'anywhere' }}>{info.detail}</div>
      )}
    </li>
  );
}

export function AccessChain({ nodes, resourceInfo }: { nodes: readonly DrawnChainNode[]; resourceInfo?: ReadonlyMap<string, ResourceInfo> }) {
  if (nodes.length === 0) return <p style={{ color: token('color.text.subtle') }}>No access chain was recorded for this finding.</p>;
  const items: ReactElement[] = [];
  nodes.forEach((node, i) => {
    const previous = nodes[i - 1];
    if (previous) items.push(<Edge key={`edge-${i}`} hop={describeHop(previous, node)} />);
    items.push(<NodeCard key={`${node.id}-${i}`} node={node} info={resourceInfo?.get(node.id)} />);
  });
  return (
    <div style={{ paddingBottom: token('space.100') }} data-testid="access-chain">
      {/* Left to right, wrapping onto the next line when the chain is longer than the space: reading order is the chain. */}
      <ol aria-label="Access chain, from the principal to what it reaches" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'stretch', rowGap: token('space.150'), listStyle: 'none', margin: 0, padding: 4 }}>
        {items}
      </ol>
    </div>
  );
}
