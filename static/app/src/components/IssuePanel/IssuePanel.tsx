/**
 * The issue panel (jira:issuePanel) on a ticket the app opened: that finding's live state, chain and evidence, or a
 * quiet line when no finding is linked to the issue.
 */
import { useEffect, useState } from 'react';
import { token } from '@atlaskit/tokens';
import { getIssueFinding } from '../../api/getIssueFinding';
import type { Envelope, IssueFindingResponse } from '../../api/types';
import { FindingDetail } from '../FindingDetail/FindingDetail';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';

export function IssuePanel() {
  const [state, setState] = useState<Envelope<IssueFindingResponse> | null>(null);
  useEffect(() => {
    void getIssueFinding().then(setState);
  }, []);
  if (state === null) return <Loading label="Loading the linked finding" />;
  if (!state.ok) return <Refusal error={state.error} />;
  if (!state.data.detail) {
    return (
      <p data-testid="issue-no-finding" style={{ color: token('color.text.subtle'), margin: 0 }}>
        No SecurityV0 finding is linked to this issue.
      </p>
    );
  }
  return (
    <div data-testid="issue-panel">
      <FindingDetail detail={state.data.detail} />
    </div>
  );
}
