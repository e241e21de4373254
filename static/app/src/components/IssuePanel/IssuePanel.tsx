/**
 * The issue panel (jira:issuePanel) on the ticket the app opened for a finding: a glance that fits the panel's real
 * width (320-400 px) — severity and status, the finding in one line, who owns it (and whether they left), the next
 * step — and a button that opens the whole finding in Jira's dialog. Jira administrators can acknowledge it here,
 * by the admin page's rules; accepting a risk (a date and a reason) happens in the dialog.
 */
import { useCallback, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { acknowledgeIssueFinding } from '../../api/acknowledgeIssueFinding';
import { emitChange, onChange, openDialog } from '../../api/bridge';
import { getIssueFinding } from '../../api/getIssueFinding';
import { getIssuePermissions } from '../../api/getIssuePermissions';
import type { Envelope, IssueFindingResponse } from '../../api/types';
import { Loading } from '../Loading/Loading';
import { OwnerName } from '../OwnerList/OwnerList';
import { Refusal } from '../Refusal/Refusal';
import { SeverityLozenge } from '../SeverityLozenge/SeverityLozenge';
import { StatusLozenge } from '../StatusLozenge/StatusLozenge';

const wrapStyles = xcss({ overflowWrap: 'anywhere', minWidth: '0' });

export function IssuePanel() {
  const [state, setState] = useState<Envelope<IssueFindingResponse> | null>(null);
  const [canTriage, setCanTriage] = useState(false);
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const refresh = useCallback(() => setReload((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    void getIssueFinding().then((result) => live && setState(result));
    void getIssuePermissions().then((result) => live && setCanTriage(result.ok && result.data.canTriage));
    return () => {
      live = false;
    };
  }, [reload]);
  useEffect(() => {
    let stop: (() => void) | undefined;
    void onChange(refresh).then((unsubscribe) => (stop = unsubscribe));
    return () => stop?.();
  }, [refresh]);

  if (state === null) return <Loading label="Loading the linked finding" />;
  if (!state.ok) return <Refusal error={state.error} />;
  const detail = state.data.detail;
  if (!detail) {
    return (
      <Text as="p" color="color.text.subtle" testId="issue-no-finding">
        No SecurityV0 finding is linked to this issue.
      </Text>
    );
  }
  const { finding } = detail;
  const next = detail.insight?.fixes[0]?.label ?? detail.sections.howToFix[0];
  const acknowledge = async () => {
    setBusy(true);
    setMessage(null);
    const result = await acknowledgeIssueFinding(finding.id);
    setBusy(false);
    if (!result.ok) return setMessage({ ok: false, text: result.error.message });
    setMessage({ ok: true, text: 'Acknowledged.' });
    void emitChange();
    refresh();
  };
  const openFull = () =>
    void openDialog({ view: 'finding', id: finding.id }, (result) => {
      if (result?.changed) refresh();
    }).then((opened) => !opened.ok && setMessage({ ok: false, text: opened.error.message }));
  return (
    <Stack space="space.100" testId="issue-panel" xcss={wrapStyles}>
      <Inline space="space.075" alignBlock="center" shouldWrap>
        <SeverityLozenge severity={finding.severity} />
        <StatusLozenge status={finding.status} until={finding.riskAcceptedUntil} />
      </Inline>
      <Text weight="semibold" testId="issue-title">
        {detail.check.title}
      </Text>
      <Text as="p" testId="issue-story" maxLines={3}>
        {finding.summary}
      </Text>
      <Box testId="issue-owner">
        <Text size="small" color="color.text.subtle">
          Owner
        </Text>
        {detail.owners.length === 0 ? (
          <Text as="p">None recorded</Text>
        ) : (
          <Stack space="space.025">
            {detail.owners.slice(0, 2).map((owner) => (
              <OwnerName key={`${owner.name}|${owner.email ?? ''}`} owner={owner} />
            ))}
            {detail.owners.length > 2 && <Text size="small">{`and ${detail.owners.length - 2} more`}</Text>}
          </Stack>
        )}
      </Box>
      {next && (
        <Box testId="issue-next-step">
          <Text size="small" color="color.text.subtle">
            Next step
          </Text>
          <Text as="p">{next}</Text>
        </Box>
      )}
      {message && (
        <SectionMessage appearance={message.ok ? 'success' : 'error'} testId="issue-action-result">
          <p>{message.text}</p>
        </SectionMessage>
      )}
      <Inline space="space.100" shouldWrap>
        <Button appearance="primary" onClick={openFull} testId="issue-open-finding">
          Open the finding
        </Button>
        {canTriage && finding.status === 'open' && (
          <Button onClick={() => void acknowledge()} isLoading={busy} testId="issue-acknowledge">
            Acknowledge
          </Button>
        )}
      </Inline>
    </Stack>
  );
}
