import Lozenge from '@atlaskit/lozenge';
import type { Severity } from '../../api/types';
import { SEVERITY_LABEL } from '../../labels';

const APPEARANCE = { CRITICAL: 'removed', HIGH: 'moved', MEDIUM: 'inprogress', LOW: 'default' } as const;

/** A finding's severity as a lozenge: critical red, high orange, medium blue, low grey. */
export function SeverityLozenge({ severity }: { severity: Severity }) {
  return (
    <Lozenge appearance={APPEARANCE[severity]} isBold={severity === 'CRITICAL' || severity === 'HIGH'} testId={`severity-${severity}`}>
      {SEVERITY_LABEL[severity]}
    </Lozenge>
  );
}
