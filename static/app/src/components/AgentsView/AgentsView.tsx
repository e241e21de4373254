/**
 * The inventory's "AI agents" view: every AI agent the last scan saw, with its type, its sponsors and owners (and
 * who of them left), what it runs as, what it reaches in Jira and its findings; an agent also opens what it can
 * reach. Without agents it says what the app reads to find them and which permission makes them visible.
 */
import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { listAgents } from '../../api/listAgents';
import type { AgentListResponse, AgentView, Envelope } from '../../api/types';
import { useFormat } from '../../format';
import { SENSITIVITY_LABEL, systemLabel } from '../../labels';
import { AgentIcon } from '../AgentIcon/AgentIcon';
import { OwnerList } from '../OwnerList/OwnerList';
import { Refusal } from '../Refusal/Refusal';
import { SeverityLozenge } from '../SeverityLozenge/SeverityLozenge';

const PAGE_SIZE = 50;
const listStyle = { listStyle: 'none', margin: 0, padding: 0 } as const;

const HEAD = {
  cells: [
    { key: 'agent', content: 'Agent', width: 22 },
    { key: 'owners', content: 'Sponsors and owners', width: 20 },
    { key: 'runsAs', content: 'Runs as', width: 18 },
    { key: 'jira', content: 'Reaches in Jira', width: 14 },
    { key: 'findings', content: 'Findings', width: 18 },
    { key: 'reach', content: 'Reach', width: 8 },
  ],
};

function Owners({ agent }: { agent: AgentView }) {
  return (
    <Stack space="space.050">
      <OwnerList owners={agent.owners} empty="none recorded" />
      {agent.ownersUnread && (
        <Text size="small" color="color.text.subtle">
          Sponsors not read: {agent.ownersUnread}
        </Text>
      )}
    </Stack>
  );
}

function RunsAs({ agent }: { agent: AgentView }) {
  if (agent.runsAs.length === 0) return <Text color="color.text.subtlest">nothing recorded</Text>;
  return (
    <ul style={listStyle}>
      {agent.runsAs.map((r) => (
        <li key={r.id}>
          <Inline space="space.050" alignBlock="center" shouldWrap as="span">
            <Text>{r.via === 'itself' ? 'Its own identity' : r.name}</Text>
            {r.via !== 'itself' && <Text size="small" color="color.text.subtle">({systemLabel(r.system)}{r.via === 'connection' ? ', through a connection' : ''})</Text>}
            {r.human && <Lozenge appearance="moved">a person’s account</Lozenge>}
          </Inline>
        </li>
      ))}
    </ul>
  );
}

function JiraReach({ agent }: { agent: AgentView }) {
  const fmt = useFormat();
  if (agent.jira.projects === 0) return <Text color="color.text.subtlest">no project</Text>;
  const level = agent.jira.mostSensitive;
  return (
    <Stack space="space.025">
      <Text>
        {fmt.number(agent.jira.projects)} project{agent.jira.projects === 1 ? '' : 's'}
      </Text>
      {level && (
        <Inline space="space.050" alignBlock="center" as="span">
          <Text size="small" color="color.text.subtle">
            most sensitive
          </Text>
          <Lozenge appearance={level === 'restricted' ? 'removed' : level === 'confidential' ? 'moved' : 'default'}>{SENSITIVITY_LABEL[level]}</Lozenge>
        </Inline>
      )}
    </Stack>
  );
}

function Findings({ agent, onOpenFinding }: { agent: AgentView; onOpenFinding: (id: string) => void }) {
  if (agent.findings.length === 0) return <Text color="color.text.subtlest">none</Text>;
  return (
    <ul aria-label={`Findings of ${agent.name}`} style={listStyle}>
      {agent.findings.map((f) => (
        <li key={f.id}>
          <Inline space="space.050" alignBlock="center" as="span">
            <SeverityLozenge severity={f.severity} />
            <Button appearance="subtle" spacing="compact" onClick={() => onOpenFinding(f.id)} aria-label={`Open finding ${f.title} of ${agent.name}`} testId="agent-finding">
              {f.title}
            </Button>
          </Inline>
        </li>
      ))}
    </ul>
  );
}

function NoAgents({ scanned, searched }: { scanned: boolean; searched: boolean }) {
  if (searched) return <Text as="p">No AI agent matches the search.</Text>;
  return (
    <EmptyState
      testId="agents-empty"
      headingLevel={2}
      header={scanned ? 'No AI agents found' : 'No scan has finished yet'}
      description={
        'SecurityV0 finds AI agents in each connected Entra tenant: Entra agent identities (Entra Agent ID, the service principals agents sign in as) and their sponsors, who count as owners. ' +
        'Microsoft Graph lists them to an app granted AgentIdentity.Read.All (or Application.Read.All); their sponsors need AgentIdentity.ReadWrite.All, which the app only reads with. ' +
        'Grant the permission in the Entra app registration, then run a scan; Settings → Entra tenants → Test connection shows what is granted.'
      }
    />
  );
}

export function AgentsView({ search, onOpenFinding, onOpenReach }: { search: string; onOpenFinding: (id: string) => void; onOpenReach?: (id: string, name: string) => void }) {
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const [state, setState] = useState<Envelope<AgentListResponse> | null>(null);
  useEffect(() => setPage(1), [search]);
  useEffect(() => {
    let live = true;
    setState((s) => (s?.ok ? s : null));
    void listAgents(search, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).then((r) => live && setState(r));
    return () => {
      live = false;
    };
  }, [search, page]);
  if (state && !state.ok) return <Refusal error={state.error} />;
  const data = state?.ok ? state.data : undefined;
  if (data && data.total === 0) return <NoAgents scanned={data.scanned} searched={search.trim() !== ''} />;
  return (
    <Stack space="space.150" testId="agents">
      <Box role="status">
        <Text color="color.text.subtle">{data ? `${fmt.number(data.total)} AI agent${data.total === 1 ? '' : 's'}` : 'Loading…'}</Text>
      </Box>
      <DynamicTableStateless
        label="Inventory: AI agents"
        head={HEAD}
        totalRows={data?.total ?? 0}
        rowsPerPage={PAGE_SIZE}
        page={page}
        onSetPage={setPage}
        isLoading={state === null}
        testId="agents-table"
        rows={(data?.items ?? []).map((agent) => ({
          key: agent.id,
          testId: 'agent-row',
          cells: [
            {
              key: agent.name,
              content: (
                <Stack space="space.025">
                  <Inline space="space.050" alignBlock="center" as="span">
                    <AgentIcon />
                    <Text weight="semibold">{agent.name}</Text>
                  </Inline>
                  <Text size="small" color="color.text.subtle">
                    {agent.type} · {systemLabel(agent.system)}
                    {agent.enabled === false ? ' · disabled' : ''}
                  </Text>
                </Stack>
              ),
            },
            { key: 'owners', content: <Owners agent={agent} /> },
            { key: 'runsAs', content: <RunsAs agent={agent} /> },
            { key: 'jira', content: <JiraReach agent={agent} /> },
            { key: 'findings', content: <Findings agent={agent} onOpenFinding={onOpenFinding} /> },
            {
              key: 'reach',
              content: onOpenReach ? (
                <Button spacing="compact" onClick={() => onOpenReach(agent.id, agent.name)} testId="agent-reach" aria-label={`What it reaches: ${agent.name}`}>
                  What it reaches
                </Button>
              ) : null,
            },
          ],
        }))}
      />
    </Stack>
  );
}
