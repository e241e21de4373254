import Lozenge from '@atlaskit/lozenge';
import type { FindingStatus } from '../../api/types';
import { STATUS_LABEL } from '../../labels';

const APPEARANCE = { open: 'new', acknowledged: 'inprogress', risk_accepted: 'moved', resolved: 'success' } as const;

/** A finding's lifecycle status; a risk acceptance shows its end date. */
export function StatusLozenge({ status, until }: { status: FindingStatus; until?: string }) {
  return (
    <Lozenge appearance={APPEARANCE[status]} testId={`status-${status}`}>
      {status === 'risk_accepted' && until ? `${STATUS_LABEL[status]} until ${until.slice(0, 10)}` : STATUS_LABEL[status]}
    </Lozenge>
  );
}
