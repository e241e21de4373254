/**
 * The project page (jira:projectPage): the findings whose access chain touches this project, for people who may
 * browse it. The project comes from the Forge context; the resolver re-checks the caller's access and refuses
 * anyone else, in which case only the refusal is shown.
 */
import { useCallback, useState } from 'react';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { getProjectFinding } from '../../api/getProjectFinding';
import { listProjectFindings } from '../../api/listProjectFindings';
import { FindingModal } from '../FindingModal/FindingModal';
import { FindingsTable } from '../FindingsTable/FindingsTable';

export function ProjectPage({ projectKey }: { projectKey: string }) {
  const [openId, setOpenId] = useState<string | null>(null);
  const close = useCallback(() => setOpenId(null), []);
  return (
    <div data-testid="project-page" data-project={projectKey}>
      <div style={{ marginBottom: token('space.200') }}>
        <Heading size="large" as="h1">
          {`Identity access in ${projectKey}`}
        </Heading>
        <p style={{ margin: `${token('space.050')} 0 0`, color: token('color.text.subtle') }}>Automations, integrations and app accounts whose access reaches this project, and what is wrong with them.</p>
      </div>
      <FindingsTable load={listProjectFindings} onOpen={setOpenId} label={`Findings touching ${projectKey}`} />
      {openId && <FindingModal id={openId} load={getProjectFinding} onClose={close} />}
    </div>
  );
}
