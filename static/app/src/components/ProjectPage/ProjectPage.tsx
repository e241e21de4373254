/**
 * The project page (jira:projectPage): every finding whose subject can reach this project (an orphaned rule scoped
 * to it, a flow that reaches it through a person's membership, an app that impersonates anyone), for people who may
 * browse it. The project comes from the Forge context; the resolver re-checks the caller's access and refuses anyone
 * else, in which case only the refusal is shown. A finding opens in Jira's dialog.
 */
import { useCallback, useEffect, useState } from 'react';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives';
import { onChange, openDialog } from '../../api/bridge';
import { listProjectFindings } from '../../api/listProjectFindings';
import type { Envelope, FindingListRequest, ProjectFindingsResponse } from '../../api/types';
import { FindingsTable } from '../FindingsTable/FindingsTable';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';

export function ProjectPage({ projectKey }: { projectKey: string }) {
  const [reload, setReload] = useState(0);
  const [first, setFirst] = useState<Envelope<ProjectFindingsResponse> | null>(null);
  const changed = useCallback(() => setReload((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    void listProjectFindings({ filters: { status: ['open', 'acknowledged', 'risk_accepted'] }, page: { offset: 0, limit: 1 } }).then((result) => live && setFirst(result));
    return () => {
      live = false;
    };
  }, [reload]);
  useEffect(() => {
    let stop: (() => void) | undefined;
    void onChange(changed).then((unsubscribe) => (stop = unsubscribe));
    return () => stop?.();
  }, [changed]);
  const load = useCallback((request: FindingListRequest) => listProjectFindings(request), []);
  const open = useCallback(
    (id: string): Promise<void> =>
      new Promise((resolve) => {
        void openDialog({ view: 'finding', id }, (result) => {
          if (result?.changed) changed();
          resolve();
        }).then((opened) => !opened.ok && resolve());
      }),
    [changed],
  );
  const header = (
    <Stack space="space.050">
      <Heading size="large" as="h1">
        {`Identity access in ${projectKey}`}
      </Heading>
      <Text as="p" color="color.text.subtle">
        Automations, integrations and app accounts whose access reaches this project, and what is wrong with them.
      </Text>
    </Stack>
  );
  if (first === null) return <Loading label={`Loading what reaches ${projectKey}`} />;
  if (!first.ok) return <Refusal error={first.error} />;
  return (
    <Stack space="space.200" testId="project-page">
      <div data-project={projectKey}>{header}</div>
      {first.data.total === 0 ? (
        <div data-testid="project-empty">
          <EmptyState
            header={`Nothing risky reaches ${projectKey}`}
            headingLevel={2}
            description={`The last scan found no automation, integration or app account with a finding that can reach ${projectKey}. Scans run every day; a new one that reaches it will show here.`}
          />
        </div>
      ) : (
        <FindingsTable load={load} onOpen={open} reloadToken={reload} label={`Findings that reach ${projectKey}`} />
      )}
    </Stack>
  );
}
