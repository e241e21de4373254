/**
 * One finding, in the fixed sections every finding has (What happened / Am I exposed / Who owns it / How to fix),
 * then its blast radius (every path from its subject to everything it reaches) and its evidence. How to fix names
 * each fix with links to where it happens and what it would change; a scope drift says what is new and which
 * grant brought it. Where the caller may triage (admin page, or an admin on the issue panel) it carries the
 * actions, acknowledge and accept risk.
 */
import { useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import type { BlastRadius as Radius, Envelope, Finding, FindingActionResponse, FindingDetail as Detail, FixAction } from '../../api/types';
import { useFormat } from '../../format';
import { EDGE_LABEL, KIND_LABEL, SENSITIVITY_LABEL } from '../../labels';
import { AGENT_LABEL, AgentIcon } from '../AgentIcon/AgentIcon';
import { AcceptRiskForm, type AcceptRiskValues } from '../AcceptRiskForm/AcceptRiskForm';
import { BlastRadius } from '../BlastRadius/BlastRadius';
import type { Emphasis } from '../BlastRadius/model';
import { OwnerList } from '../OwnerList/OwnerList';
import { RouterLink } from '../RouterLink/RouterLink';
import { SeverityLozenge } from '../SeverityLozenge/SeverityLozenge';
import { StatusLozenge } from '../StatusLozenge/StatusLozenge';

const EVIDENCE_LABEL: Record<string, string> = {
  observed_execution: 'Observed execution',
  observed_absence: 'Observed absence',
  correlated_pattern: 'Correlated',
  structural_authority: 'Structural',
  inferred_capability: 'Inferred',
};

export interface FindingActions {
  acknowledge: (id: string) => Promise<Envelope<FindingActionResponse>>;
  acceptRisk: (id: string, until: string, justification: string) => Promise<Envelope<FindingActionResponse>>;
}

const listStyles = xcss({ margin: 'space.0', paddingInlineStart: 'space.250' });
const fixStyles = xcss({ borderColor: 'color.border', borderWidth: 'border.width', borderStyle: 'solid', borderRadius: 'radius.medium', padding: 'space.150' });

function Section({ title, children, testId, level = 'h2' }: { title: string; children: React.ReactNode; testId: string; level?: 'h2' | 'h3' }) {
  return (
    <Box as="section" aria-label={title} testId={testId} xcss={xcss({ marginBlockStart: 'space.250' })}>
      <Stack space="space.075">
        <Heading size="small" as={level}>
          {title}
        </Heading>
        <div>{children}</div>
      </Stack>
    </Box>
  );
}

/** A radius drawn from the chain alone, for a finding stored before blast radii (or with no principal). */
export function radiusFromChain(finding: Finding): Radius {
  const nodes = finding.chainNodes.map((n, depth) => ({ id: n.id, kind: n.kind, system: n.system as Radius['nodes'][number]['system'], name: n.name, depth, ...(n.sensitivity ? { sensitivity: n.sensitivity } : {}), ...(n.agent ? { agent: n.agent } : {}) }));
  const edges = finding.chainNodes.slice(1).map((n, i) => {
    const from = finding.chainNodes[i];
    const crossSystem = Boolean(from && from.system !== n.system && from.system !== 'people' && n.system !== 'people');
    return { from: from?.id ?? '', to: n.id, kind: n.via?.kind ?? 'APPLIES_TO', basis: n.via?.basis ?? 'observed', crossSystem };
  });
  const reached: Radius['reached'] = {};
  for (const n of nodes) if (n.kind === 'resource' && n.sensitivity && n.depth > 0) reached[n.sensitivity] = (reached[n.sensitivity] ?? 0) + 1;
  return { principalId: nodes[0]?.id ?? '', nodes, edges, reached, summarised: 0 };
}

/**
 * A chain that starts at an AI agent, hop by hop: the agent first, named as one, then each hop by its edge ("runs
 * as", "has role", ... "owned by"). Shown only for agents, whose point is who acts as whom; other chains are read in
 * the blast radius.
 */
function AgentPath({ finding }: { finding: Finding }) {
  const [first, ...rest] = finding.chainNodes;
  if (!first?.agent) return null;
  return (
    <Box as="ol" aria-label="Access chain" testId="agent-path" xcss={xcss({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 'space.075', marginBlockStart: 'space.0', marginInline: 'space.0', marginBlockEnd: 'space.150', padding: 'space.0', listStyle: 'none' })}>
      <Inline as="li" space="space.050" alignBlock="center" testId="agent-path-hop" data-agent={first.agent}>
        <AgentIcon decorative />
        <Text weight="semibold">
          {AGENT_LABEL} {first.name}
        </Text>
        <Text size="small" color="color.text.subtle">
          ({first.agent})
        </Text>
      </Inline>
      {rest.map((n) => (
        <Inline as="li" key={n.id} space="space.075" alignBlock="center" testId="agent-path-hop">
          <Text color="color.text.subtle">→ {n.via ? `${EDGE_LABEL[n.via.kind]} →` : ''}</Text>
          {n.agent && <AgentIcon />}
          <Text>{n.name}</Text>
        </Inline>
      ))}
    </Box>
  );
}

function Fix({ fix, previewing, onPreview, index }: { fix: FixAction; previewing: boolean; onPreview: () => void; index: number }) {
  const fmt = useFormat();
  return (
    <Box as="li" xcss={fixStyles} testId="fix">
      <Stack space="space.100">
        <Text weight="semibold">{fix.label}</Text>
        {fix.impact && (
          <Stack space="space.050">
            <Text testId="fix-impact">{fix.impact.text}</Text>
            {fix.impact.closes.length > 0 && (
              <Text size="small" color="color.text.subtle">
                Closes: {fix.impact.closes.map((c) => `${c.title} (${c.subject})`).join('; ')}
              </Text>
            )}
            {fix.impact.cutCount > fix.impact.cuts.length && (
              <Text size="small" color="color.text.subtle">
                {fmt.number(fix.impact.cutCount)} resources in all.
              </Text>
            )}
          </Stack>
        )}
        <Inline space="space.150" shouldWrap alignBlock="center">
          {fix.links.map((link) => (
            <RouterLink key={link.url} to={{ kind: 'url', url: link.url }} testId="fix-link">
              {link.label}
            </RouterLink>
          ))}
          {fix.removes && (
            <Button appearance="subtle" spacing="compact" isSelected={previewing} onClick={onPreview} testId={`fix-preview-${index}`}>
              {previewing ? 'Hide on the drawing' : 'Show on the drawing'}
            </Button>
          )}
        </Inline>
      </Stack>
    </Box>
  );
}

function ActionBar({ finding, actions, onChanged }: { finding: Finding; actions: FindingActions; onChanged: (f: Finding) => void }) {
  const fmt = useFormat();
  const [mode, setMode] = useState<'idle' | 'accepting'>('idle');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (call: () => Promise<Envelope<FindingActionResponse>>, done: (f: Finding) => string) => {
    setBusy(true);
    setMessage(null);
    const result = await call();
    setBusy(false);
    if (result.ok) {
      onChanged(result.data.finding);
      setMode('idle');
      setMessage({ ok: true, text: done(result.data.finding) });
    } else setMessage({ ok: false, text: result.error.message });
  };
  const open = finding.status === 'open';
  return (
    <Box as="section" aria-label="Triage" testId="finding-actions" xcss={xcss({ marginBlockStart: 'space.300' })}>
      <Stack space="space.150">
        {message && (
          <SectionMessage appearance={message.ok ? 'success' : 'error'} testId="finding-action-result">
            <p>{message.text}</p>
          </SectionMessage>
        )}
        {mode === 'accepting' ? (
          <AcceptRiskForm
            busy={busy}
            onCancel={() => setMode('idle')}
            onSubmit={(values: AcceptRiskValues) => void run(() => actions.acceptRisk(finding.id, values.until, values.justification), (f) => `Risk accepted until ${fmt.date(f.riskAcceptedUntil)}.`)}
          />
        ) : (
          <Inline space="space.100">
            <Button appearance="primary" isDisabled={!open || busy} onClick={() => void run(() => actions.acknowledge(finding.id), () => (finding.check === 'scope_drift' ? 'Acknowledged: the new reach is now the baseline.' : 'Acknowledged.'))} testId="acknowledge">
              Acknowledge
            </Button>
            <Button isDisabled={finding.status === 'resolved' || busy} onClick={() => setMode('accepting')} testId="accept-risk">
              Accept risk…
            </Button>
          </Inline>
        )}
      </Stack>
    </Box>
  );
}

export function FindingDetail({ detail, actions, onChanged, onOpenGroup, showTitle = true }: {
  detail: Detail;
  actions?: FindingActions;
  onChanged?: (finding: Finding) => void;
  /** Shows a root-cause group's findings in the list (the admin page). */
  onOpenGroup?: (groupId: string) => void;
  showTitle?: boolean;
}) {
  const fmt = useFormat();
  const [finding, setFinding] = useState<Finding>(detail.finding);
  const [previewing, setPreviewing] = useState<number | null>(null);
  const changed = (f: Finding) => {
    setFinding(f);
    onChanged?.(f);
  };
  const insight = detail.insight;
  const radius = useMemo(() => detail.blast ?? radiusFromChain(detail.finding), [detail.blast, detail.finding]);
  const emphasis: Emphasis = useMemo(
    () => ({
      highlight: insight?.highlight ?? detail.finding.chain,
      ...(insight?.added ? { added: insight.added } : {}),
      ...(insight?.causes ? { causes: insight.causes } : {}),
      ...(previewing !== null && insight?.fixes[previewing]?.removes ? { removes: insight.fixes[previewing]?.removes } : {}),
    }),
    [insight, detail.finding.chain, previewing],
  );
  // A finding stored before agents were marked still knows its subject is one from the radius of this sync.
  const subjectAgent = finding.subject.agent ?? radius.nodes.find((n) => n.id === finding.subject.id)?.agent;
  const addedNames = (insight?.added ?? []).map((id) => radius.nodes.find((n) => n.id === id)).filter((n) => n !== undefined);
  return (
    <Box as="article" aria-label={`Finding: ${detail.check.title}`} testId="finding-detail" data-check={finding.check} data-finding-id={finding.id}>
      {showTitle && (
        <Heading size="medium" as="h2">
          {detail.check.title}
        </Heading>
      )}
      <Inline space="space.100" alignBlock="center" shouldWrap xcss={xcss({ marginBlockStart: 'space.100' })}>
        <SeverityLozenge severity={finding.severity} />
        <StatusLozenge status={finding.status} until={finding.riskAcceptedUntil} />
        {subjectAgent ? (
          <Inline space="space.050" alignBlock="center" as="span" testId="finding-subject-agent" data-agent={subjectAgent}>
            <AgentIcon decorative />
            <Lozenge appearance="new">{AGENT_LABEL}</Lozenge>
          </Inline>
        ) : (
          <Lozenge>{KIND_LABEL[finding.subject.kind]}</Lozenge>
        )}
        <Text weight="semibold">{finding.subject.name}</Text>
        {finding.ticketKey && (
          <Inline space="space.050" as="span">
            <Text color="color.text.subtle">Ticket</Text>
            <RouterLink to={{ kind: 'issue', issueKey: finding.ticketKey }} testId="ticket-link">
              {finding.ticketKey}
            </RouterLink>
            {finding.ticketStatus && <Text color="color.text.subtle">({finding.ticketStatus})</Text>}
          </Inline>
        )}
        <Text color="color.text.subtle" testId="finding-dates">
          First seen {fmt.date(finding.firstSeenAt)}, last seen {fmt.dateTime(finding.lastSeenAt)}
        </Text>
      </Inline>
      {finding.status === 'risk_accepted' && finding.justification && (
        <Box xcss={xcss({ marginBlockStart: 'space.100' })}>
          <Text as="p">
            Accepted until {fmt.date(finding.riskAcceptedUntil)}: {finding.justification}
          </Text>
        </Box>
      )}
      {detail.groups && detail.groups.length > 0 && (
        <Inline space="space.100" alignBlock="center" shouldWrap xcss={xcss({ marginBlockStart: 'space.100' })} testId="finding-groups">
          <Text color="color.text.subtle">Same root cause:</Text>
          {detail.groups.map((g) =>
            onOpenGroup ? (
              <Button key={g.id} appearance="subtle" spacing="compact" onClick={() => onOpenGroup(g.id)} testId="finding-group">
                {`${g.title} (${g.size} findings)`}
              </Button>
            ) : (
              <Lozenge key={g.id}>{`${g.title}: ${g.size} findings`}</Lozenge>
            ),
          )}
        </Inline>
      )}
      <Section title="What happened" testId="section-what-happened">
        <Text as="p">{detail.sections.whatHappened}</Text>
      </Section>
      {insight?.added && insight.added.length > 0 && (
        <Box xcss={xcss({ marginBlockStart: 'space.200' })}>
          <SectionMessage appearance="discovery" title="New since the baseline" testId="drift-callout">
            <Stack space="space.075">
              <Text as="p">
                {addedNames.length > 0 ? addedNames.map((n) => `${n.name}${n.sensitivity ? ` (${SENSITIVITY_LABEL[n.sensitivity].toLowerCase()})` : ''}`).join(', ') : `${insight.added.length} resources`}
              </Text>
              {insight.causes && insight.causes.length > 0 && <Text as="p">Brought by: {insight.causes.map((c) => c.text).join('; ')}.</Text>}
            </Stack>
          </SectionMessage>
        </Box>
      )}
      <Section title="Am I exposed" testId="section-am-i-exposed">
        <Text as="p">{detail.check.risk}</Text>
      </Section>
      <Section title="Who owns it" testId="section-who-owns-it">
        {detail.owners.length > 0 ? <OwnerList owners={detail.owners} showReason /> : <Text as="p">{detail.sections.whoOwnsIt}</Text>}
      </Section>
      <Section title="How to fix" testId="section-how-to-fix">
        <Stack space="space.150">
          {insight && insight.fixes.length > 0 && (
            <Stack as="ol" space="space.100" xcss={xcss({ margin: 'space.0', padding: 'space.0', listStyle: 'none' })} testId="fix-list">
              {insight.fixes.map((fix, i) => (
                <Fix key={`${fix.label}-${i}`} fix={fix} index={i} previewing={previewing === i} onPreview={() => setPreviewing(previewing === i ? null : i)} />
              ))}
            </Stack>
          )}
          <Box as="ol" xcss={listStyles} testId="remediation-steps">
            {detail.sections.howToFix.map((step) => (
              <li key={step}>
                <Text>{step}</Text>
              </li>
            ))}
          </Box>
        </Stack>
      </Section>
      <Section title="Blast radius" testId="section-blast-radius">
        <AgentPath finding={finding} />
        <BlastRadius radius={radius} emphasis={emphasis} label={`Everything ${finding.subject.name} can reach, and through what`} />
      </Section>
      <Section title="Evidence" testId="section-evidence">
        {finding.evidence.length === 0 ? (
          <Text as="p">No evidence was recorded.</Text>
        ) : (
          <Stack as="ul" space="space.075" xcss={xcss({ margin: 'space.0', padding: 'space.0', listStyle: 'none' })} testId="evidence-list">
            {finding.evidence.map((item, i) => (
              <Inline as="li" key={i} space="space.100" alignBlock="baseline">
                <Box xcss={xcss({ flexShrink: 0 })}>
                  <Lozenge appearance={item.class === 'observed_execution' ? 'success' : item.class === 'inferred_capability' || item.class === 'correlated_pattern' ? 'moved' : 'default'}>
                    {EVIDENCE_LABEL[item.class] ?? item.class}
                  </Lozenge>
                </Box>
                <Text>
                  {item.text}
                  {item.at ? ` (${fmt.dateTime(item.at)})` : ''}
                </Text>
              </Inline>
            ))}
          </Stack>
        )}
      </Section>
      {actions && <ActionBar finding={finding} actions={actions} onChanged={changed} />}
    </Box>
  );
}
