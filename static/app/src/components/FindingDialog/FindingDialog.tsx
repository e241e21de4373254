/**
 * A finding shown in Jira's dialog (a bridge Modal): the view the dialog's frame renders. It loads the finding
 * through the resolver its module may use (admin: findings/get; project page: project/finding; issue panel:
 * issue/finding, the ticket's own finding), carries the triage actions where the caller may triage, and closes
 * telling the page behind it whether anything changed. Escape closes it too (Jira's dialog does that).
 */
import { useCallback, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, xcss } from '@atlaskit/primitives';
import { acceptIssueRisk } from '../../api/acceptIssueRisk';
import { acceptRisk } from '../../api/acceptRisk';
import { acknowledgeFinding } from '../../api/acknowledgeFinding';
import { acknowledgeIssueFinding } from '../../api/acknowledgeIssueFinding';
import { closeDialog, emitChange } from '../../api/bridge';
import { getFinding } from '../../api/getFinding';
import { getIssueFinding } from '../../api/getIssueFinding';
import { getIssuePermissions } from '../../api/getIssuePermissions';
import { getProjectFinding } from '../../api/getProjectFinding';
import type { Envelope, FindingDetail as Detail } from '../../api/types';
import { FindingDetail, type FindingActions } from '../FindingDetail/FindingDetail';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';

export type Surface = 'admin' | 'project' | 'issue';

const ADMIN_ACTIONS: FindingActions = { acknowledge: (id) => acknowledgeFinding(id), acceptRisk };
const ISSUE_ACTIONS: FindingActions = { acknowledge: acknowledgeIssueFinding, acceptRisk: acceptIssueRisk };

async function loadDetail(surface: Surface, id: string): Promise<Envelope<Detail>> {
  if (surface === 'admin') return getFinding(id);
  if (surface === 'project') return getProjectFinding(id);
  const linked = await getIssueFinding();
  if (!linked.ok) return linked;
  return linked.data.detail ? { ok: true, data: linked.data.detail } : { ok: false, error: { code: 'NOT_FOUND', message: 'No SecurityV0 finding is linked to this issue.' } };
}

export function FindingDialog({ id, surface }: { id: string; surface: Surface }) {
  const [state, setState] = useState<Envelope<Detail> | null>(null);
  const [canTriage, setCanTriage] = useState(surface === 'admin');
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    let live = true;
    void loadDetail(surface, id).then((result) => live && setState(result));
    if (surface === 'issue') void getIssuePermissions().then((result) => live && setCanTriage(result.ok && result.data.canTriage));
    return () => {
      live = false;
    };
  }, [id, surface]);
  const close = useCallback(() => void closeDialog({ changed }), [changed]);
  const title = state?.ok ? state.data.check.title : 'Finding';
  const actions = surface === 'admin' ? ADMIN_ACTIONS : surface === 'issue' && canTriage ? ISSUE_ACTIONS : undefined;
  return (
    <Box xcss={xcss({ padding: 'space.300' })} testId="finding-dialog">
      <Stack space="space.100">
        <Inline spread="space-between" alignBlock="start" space="space.200">
          <Heading size="large" as="h1" id="dialog-title">
            {title}
          </Heading>
          <Button appearance="subtle" onClick={close} testId="dialog-close">
            Close
          </Button>
        </Inline>
        {state === null ? (
          <Loading label="Loading the finding" />
        ) : state.ok ? (
          <FindingDetail
            detail={state.data}
            actions={actions}
            showTitle={false}
            onChanged={() => {
              setChanged(true);
              void emitChange();
            }}
            onOpenGroup={surface === 'admin' ? (groupId) => void closeDialog({ changed, openGroup: groupId }) : undefined}
          />
        ) : (
          <Refusal error={state.error} />
        )}
      </Stack>
    </Box>
  );
}
