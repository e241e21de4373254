/**
 * The admin page (jira:adminPage): Overview, Findings (as a list or by root cause), Inventory, Settings, Export. A
 * finding opens in Jira's dialog; whatever a dialog changes (an acknowledgement, an accepted risk) reloads every
 * view here at once, and the other frames of the app hear of it too. A caller the resolvers refuse sees the refusal
 * and nothing else.
 */
import { useCallback, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { navigate, onChange, openDialog } from '../../api/bridge';
import { exportFindings } from '../../api/exportFindings';
import { getOverview } from '../../api/getOverview';
import { listFindings } from '../../api/listFindings';
import { startScan } from '../../api/startScan';
import type { DialogResult, Envelope, FindingFilters, HealthAction, Overview } from '../../api/types';
import { ExportTab } from '../ExportTab/ExportTab';
import { FindingsTable } from '../FindingsTable/FindingsTable';
import { InventoryTab } from '../InventoryTab/InventoryTab';
import { Loading } from '../Loading/Loading';
import { OverviewTab } from '../OverviewTab/OverviewTab';
import { Refusal } from '../Refusal/Refusal';
import { RootCauseGroups } from '../RootCauseGroups/RootCauseGroups';
import { SettingsTab, type SettingsFocus } from '../SettingsTab/SettingsTab';

const TABS = ['Overview', 'Findings', 'Inventory', 'Settings', 'Export'] as const;
const FINDINGS = 1;
const SETTINGS = 3;

function Panel({ children }: { children: React.ReactNode }) {
  return (
    <TabPanel>
      <Box xcss={xcss({ paddingBlockStart: 'space.200', width: '100%' })}>{children}</Box>
    </TabPanel>
  );
}

export function AdminPage({ initialTab = 0 }: { initialTab?: number }) {
  const [gate, setGate] = useState<Envelope<Overview> | null>(null);
  const [tab, setTab] = useState(initialTab);
  const [reload, setReload] = useState(0);
  const [view, setView] = useState<'list' | 'groups'>('list');
  const [list, setList] = useState<{ filters: FindingFilters; version: number; groupTitle?: string }>({ filters: {}, version: 0 });
  const [focus, setFocus] = useState<SettingsFocus | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void getOverview().then(setGate);
  }, []);
  const changed = useCallback(() => setReload((n) => n + 1), []);
  // A change made in a dialog or another frame of the app (the issue panel) reloads every view here.
  useEffect(() => {
    let stop: (() => void) | undefined;
    let live = true;
    void onChange(changed).then((unsubscribe) => {
      if (live) stop = unsubscribe;
      else unsubscribe();
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [changed]);

  const showList = useCallback((filters: FindingFilters, groupTitle?: string) => {
    setList((current) => ({ filters, version: current.version + 1, ...(groupTitle ? { groupTitle } : {}) }));
    setView('list');
    setTab(FINDINGS);
  }, []);

  const openFinding = useCallback(
    (id: string): Promise<void> =>
      new Promise((resolve) => {
        const closed = (result: DialogResult | undefined) => {
          if (result?.changed) changed();
          if (result?.openGroup) showList({ group: result.openGroup });
          resolve();
          if (result?.openFinding) void openFinding(result.openFinding);
        };
        void openDialog({ view: 'finding', id }, closed).then((opened) => {
          if (!opened.ok) {
            setNotice(opened.error.message);
            resolve();
          }
        });
      }),
    [changed, showList],
  );

  const openReach = useCallback(
    (id: string, name: string) => {
      void openDialog({ view: 'reach', id, name }, (result) => {
        if (result?.openFinding) void openFinding(result.openFinding);
      }).then((opened) => !opened.ok && setNotice(opened.error.message));
    },
    [openFinding],
  );

  const healthAction = useCallback(
    async (action: HealthAction) => {
      if (action.kind === 'link' && action.url) return navigate({ kind: 'url', url: action.url }, true);
      if (action.kind === 'scan') {
        const started = await startScan();
        setNotice(started.ok ? (started.data.started ? 'Scan started: its progress shows below.' : 'A scan is already running.') : started.error.message);
        changed();
        return;
      }
      setFocus((current) => ({ section: action.section ?? 'entra', ...(action.tenantId ? { tenantId: action.tenantId } : {}), test: action.kind === 'test-connection', version: (current?.version ?? 0) + 1 }));
      setTab(SETTINGS);
    },
    [changed],
  );

  if (gate === null) return <Loading label="Checking your access" />;
  if (!gate.ok) return <Refusal error={gate.error} />;
  return (
    <Stack space="space.200" testId="admin-page">
      <Stack space="space.050">
        <Heading size="large" as="h1">
          SecurityV0
        </Heading>
        <Text as="p" color="color.text.subtle">
          Non-human identities, automations and integrations across Microsoft Entra ID and Jira, and what they can reach.
        </Text>
      </Stack>
      {notice && (
        <SectionMessage appearance="information" testId="admin-notice" actions={[]}>
          <Inline spread="space-between" alignBlock="center">
            <Text>{notice}</Text>
            <Button appearance="subtle" spacing="compact" onClick={() => setNotice(null)}>
              Dismiss
            </Button>
          </Inline>
        </SectionMessage>
      )}
      <Tabs id="sv0-admin-tabs" selected={tab} onChange={setTab}>
        <TabList>
          {TABS.map((name) => (
            <Tab key={name} testId={`tab-${name.toLowerCase()}`}>
              {name}
            </Tab>
          ))}
        </TabList>
        <Panel>
          <OverviewTab refreshToken={reload} onOpenList={(filters) => showList(filters)} onHealthAction={(action) => void healthAction(action)} />
        </Panel>
        <Panel>
          <Stack space="space.150">
            <Inline space="space.050" role="group" aria-label="How to show the findings">
              <Button isSelected={view === 'list'} aria-pressed={view === 'list'} onClick={() => setView('list')} testId="view-list">
                List
              </Button>
              <Button isSelected={view === 'groups'} aria-pressed={view === 'groups'} onClick={() => setView('groups')} testId="view-groups">
                By root cause
              </Button>
            </Inline>
            {view === 'list' ? (
              <FindingsTable
                key={list.version}
                load={listFindings}
                onOpen={openFinding}
                reloadToken={reload}
                initialFilters={list.filters}
                groupTitle={list.groupTitle}
                onClearGroup={() => showList({})}
                exportFiltered={exportFindings}
              />
            ) : (
              <RootCauseGroups reloadToken={reload} onShow={(group) => showList({ group: group.id }, group.title)} onChanged={changed} />
            )}
          </Stack>
        </Panel>
        <Panel>
          <InventoryTab onOpenFinding={(id) => void openFinding(id)} onOpenReach={openReach} />
        </Panel>
        <Panel>
          <SettingsTab focus={focus} onScanStarted={() => {
            changed();
            setTab(0);
          }} />
        </Panel>
        <Panel>
          <ExportTab />
        </Panel>
      </Tabs>
    </Stack>
  );
}
