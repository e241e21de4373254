import Lozenge from '@atlaskit/lozenge';
import type { FindingStatus } from '../../api/types';
import { useFormat } from '../../format';
import { STATUS_LABEL } from '../../labels';

const APPEARANCE = { open: 'new', acknowledged: 'inprogress', risk_accepted: 'moved', resolved: 'success' } as const;

/** A finding's lifecycle status; a risk acceptance shows its end date, in the user's locale. */
export function StatusLozenge({ status, until }: { status: FindingStatus; until?: string }) {
  const fmt = useFormat();
  return (
    <Lozenge appearance={APPEARANCE[status]} testId={`status-${status}`}>
      {status === 'risk_accepted' && until ? `${STATUS_LABEL[status]} until ${fmt.date(until)}` : STATUS_LABEL[status]}
    </Lozenge>
  );
}
