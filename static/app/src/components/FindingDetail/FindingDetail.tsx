/**
 * One finding, in the fixed sections every finding has (What happened / Am I exposed / Who owns it / How to fix),
 * then its access chain and its evidence. On the admin page it also carries the actions (acknowledge, accept risk).
 */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { DrawnChainNode, Envelope, Finding, FindingActionResponse, FindingDetail as Detail } from '../../api/types';
import { formatDate, formatDateTime, KIND_LABEL } from '../../labels';
import { AcceptRiskForm, type AcceptRiskValues } from '../AcceptRiskForm/AcceptRiskForm';
import { AccessChain, type ResourceInfo } from '../AccessChain/AccessChain';
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

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <section aria-label={title} data-testid={testId} style={{ marginTop: token('space.250') }}>
      <Heading size="small" as="h3">
        {title}
      </Heading>
      <div style={{ marginTop: token('space.075'), color: token('color.text') }}>{children}</div>
    </section>
  );
}

function ActionBar({ finding, actions, onChanged }: { finding: Finding; actions: FindingActions; onChanged: (f: Finding) => void }) {
  const [mode, setMode] = useState<'idle' | 'accepting'>('idle');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (call: () => Promise<Envelope<FindingActionResponse>>, done: string) => {
    setBusy(true);
    setMessage(null);
    const result = await call();
    setBusy(false);
    if (result.ok) {
      onChanged(result.data.finding);
      setMode('idle');
      setMessage({ ok: true, text: done });
    } else setMessage({ ok: false, text: result.error.message });
  };
  const open = finding.status === 'open';
  return (
    <section aria-label="Actions" style={{ marginTop: token('space.300') }} data-testid="finding-actions">
      {message && (
        <div style={{ marginBottom: token('space.150') }}>
          <SectionMessage appearance={message.ok ? 'success' : 'error'} testId="finding-action-result">
            <p>{message.text}</p>
          </SectionMessage>
        </div>
      )}
      {mode === 'accepting' ? (
        <AcceptRiskForm
          busy={busy}
          onCancel={() => setMode('idle')}
          onSubmit={(values: AcceptRiskValues) => void run(() => actions.acceptRisk(finding.id, values.until, values.justification), `Risk accepted until ${values.until}.`)}
        />
      ) : (
        <div style={{ display: 'flex', gap: token('space.100') }}>
          <Button appearance="primary" isDisabled={!open || busy} onClick={() => void run(() => actions.acknowledge(finding.id), finding.check === 'scope_drift' ? 'Acknowledged: the new reach is now the baseline.' : 'Acknowledged.')} testId="acknowledge">
            Acknowledge
          </Button>
          <Button isDisabled={finding.status === 'resolved' || busy} onClick={() => setMode('accepting')} testId="accept-risk">
            Accept risk…
          </Button>
        </div>
      )}
    </section>
  );
}

export function FindingDetail({ detail, actions, resourceInfo, onChanged, showTitle = true }: {
  detail: Detail;
  actions?: FindingActions;
  resourceInfo?: ReadonlyMap<string, ResourceInfo>;
  onChanged?: (finding: Finding) => void;
  showTitle?: boolean;
}) {
  const [finding, setFinding] = useState<Finding>(detail.finding);
  const changed = (f: Finding) => {
    setFinding(f);
    onChanged?.(f);
  };
  return (
    <article aria-label={`Finding: ${detail.check.title}`} data-testid="finding-detail" data-check={finding.check}>
      {showTitle && (
        <Heading size="medium" as="h2">
          {detail.check.title}
        </Heading>
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: token('space.100'), marginTop: token('space.100'), color: token('color.text.subtle') }}>
        <SeverityLozenge severity={finding.severity} />
        <StatusLozenge status={finding.status} until={finding.riskAcceptedUntil} />
        <Lozenge>{KIND_LABEL[finding.subject.kind]}</Lozenge>
        <span style={{ color: token('color.text'), fontWeight: token('font.weight.semibold') }}>{finding.subject.name}</span>
        {finding.ticketKey && <span>Ticket {finding.ticketKey}{finding.ticketStatus ? ` (${finding.ticketStatus})` : ''}</span>}
        <span>
          First seen {formatDate(finding.firstSeenAt)}, last seen {formatDateTime(finding.lastSeenAt)}
        </span>
      </div>
      {finding.status === 'risk_accepted' && finding.justification && (
        <p style={{ marginTop: token('space.100') }}>
          Accepted until {formatDate(finding.riskAcceptedUntil)}: {finding.justification}
        </p>
      )}
      <Section title="What happened" testId="section-what-happened">
        <p style={{ margin: 0 }}>{detail.sections.whatHappened}</p>
      </Section>
      <Section title="Am I exposed" testId="section-am-i-exposed">
        <p style={{ margin: 0 }}>{detail.sections.amIExposed}</p>
      </Section>
      <Section title="Who owns it" testId="section-who-owns-it">
        {detail.owners.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {detail.owners.map((owner) => (
              <li key={`${owner.name}-${owner.email ?? ''}`}>
                {owner.name}
                {owner.email ? ` (${owner.email})` : ''} {owner.departed ? <Lozenge appearance="removed">Left</Lozenge> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p style={{ margin: 0 }}>{detail.sections.whoOwnsIt}</p>
        )}
      </Section>
      <Section title="How to fix" testId="section-how-to-fix">
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {detail.sections.howToFix.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </Section>
      <Section title="Access chain" testId="section-access-chain">
        <AccessChain nodes={finding.chainNodes as DrawnChainNode[]} resourceInfo={resourceInfo} />
      </Section>
      <Section title="Evidence" testId="section-evidence">
        {finding.evidence.length === 0 ? (
          <p style={{ margin: 0 }}>No evidence was recorded.</p>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: token('space.075') }} data-testid="evidence-list">
            {finding.evidence.map((item, i) => (
              <li key={i} style={{ display: 'flex', gap: token('space.100'), alignItems: 'baseline' }}>
                <span style={{ flex: '0 0 auto' }}>
                  <Lozenge appearance={item.class === 'observed_execution' ? 'success' : item.class === 'inferred_capability' || item.class === 'correlated_pattern' ? 'moved' : 'default'}>
                    {EVIDENCE_LABEL[item.class] ?? item.class}
                  </Lozenge>
                </span>
                <span>
                  {item.text}
                  {item.at ? ` (${formatDateTime(item.at)})` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {actions && <ActionBar finding={finding} actions={actions} onChanged={changed} />}
    </article>
  );
}
