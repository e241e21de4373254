/**
 * Findings that share a root cause, as one: a person who left and everything they owned, one app with several
 * findings. Each group shows its findings in the list, or acknowledges every open one at once (the same rule as
 * one at a time: resolved, acknowledged or accepted findings are left as they are).
 */
import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { acknowledgeGroup } from '../../api/acknowledgeGroup';
import { listFindingGroups } from '../../api/listFindingGroups';
import type { Envelope, RootCauseGroupView } from '../../api/types';
import { useFormat } from '../../format';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';
import { SeverityLozenge } from '../SeverityLozenge/SeverityLozenge';

const groupStyles = xcss({ backgroundColor: 'elevation.surface.raised', boxShadow: 'elevation.shadow.raised', borderRadius: 'radius.large', padding: 'space.200' });

export function RootCauseGroups({ reloadToken = 0, onShow, onChanged }: { reloadToken?: number; onShow: (group: RootCauseGroupView) => void; onChanged: () => void }) {
  const fmt = useFormat();
  const [state, setState] = useState<Envelope<RootCauseGroupView[]> | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    let live = true;
    void listFindingGroups().then((result) => live && setState(result));
    return () => {
      live = false;
    };
  }, [reloadToken]);
  if (state === null) return <Loading label="Loading root causes" />;
  if (!state.ok) return <Refusal error={state.error} />;
  if (state.data.length === 0) return <Text as="p">No two findings share a root cause in the last scan.</Text>;
  const acknowledge = async (group: RootCauseGroupView) => {
    setBusy(group.id);
    setMessage(null);
    const result = await acknowledgeGroup(group.id);
    setBusy(null);
    if (!result.ok) return setMessage({ ok: false, text: result.error.message });
    setMessage({ ok: true, text: `Acknowledged ${result.data.acknowledged.length} finding${result.data.acknowledged.length === 1 ? '' : 's'} of ${group.title}${result.data.skipped.length ? `; ${result.data.skipped.length} were not open and were left as they are` : ''}.` });
    onChanged();
  };
  return (
    <Stack space="space.150" testId="root-cause-groups">
      {message && (
        <SectionMessage appearance={message.ok ? 'success' : 'error'} testId="group-action-result">
          <p>{message.text}</p>
        </SectionMessage>
      )}
      <Stack as="ul" space="space.150" xcss={xcss({ listStyle: 'none', margin: 'space.0', padding: 'space.0' })}>
        {state.data.map((group) => (
          <Box as="li" key={group.id} xcss={groupStyles} testId="root-cause-group" data-group-id={group.id} data-kind={group.kind}>
            <Stack space="space.100">
              <Inline space="space.100" alignBlock="center" shouldWrap>
                <SeverityLozenge severity={group.severity} />
                <Heading size="xsmall" as="h3">
                  {group.kind === 'owner_left' && group.at ? `${group.title} ${group.atSource === 'first-seen' ? 'by' : 'on'} ${fmt.date(group.at)}` : group.title}
                </Heading>
              </Inline>
              <Text as="p">{group.detail}</Text>
              <Text as="p" color="color.text.subtle">{`${group.open} of ${group.findingIds.length} still open.`}</Text>
              <Inline space="space.100">
                <Button onClick={() => onShow(group)} testId="group-show">
                  Show its findings
                </Button>
                <Button appearance="primary" isDisabled={group.open === 0} isLoading={busy === group.id} onClick={() => void acknowledge(group)} testId="group-acknowledge">
                  {`Acknowledge ${group.open} open`}
                </Button>
              </Inline>
            </Stack>
          </Box>
        ))}
      </Stack>
    </Stack>
  );
}
