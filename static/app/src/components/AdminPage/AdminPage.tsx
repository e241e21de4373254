/**
 * The admin page (jira:adminPage): Overview, Findings, Inventory, Settings, Export, and a finding's detail in a
 * dialog over any of them. A caller the resolvers refuse sees the refusal and nothing else.
 */
import { useCallback, useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { token } from '@atlaskit/tokens';
import { acceptRisk } from '../../api/acceptRisk';
import { acknowledgeFinding } from '../../api/acknowledgeFinding';
import { getFinding } from '../../api/getFinding';
import { getOverview } from '../../api/getOverview';
import { listFindings } from '../../api/listFindings';
import { listInventory } from '../../api/listInventory';
import type { Envelope, Overview } from '../../api/types';
import type { ResourceInfo } from '../AccessChain/AccessChain';
import { ExportTab } from '../ExportTab/ExportTab';
import type { FindingActions } from '../FindingDetail/FindingDetail';
import { FindingModal } from '../FindingModal/FindingModal';
import { FindingsTable } from '../FindingsTable/FindingsTable';
import { InventoryTab } from '../InventoryTab/InventoryTab';
import { Loading } from '../Loading/Loading';
import { OverviewTab } from '../OverviewTab/OverviewTab';
import { Refusal } from '../Refusal/Refusal';
import { SettingsTab } from '../SettingsTab/SettingsTab';

const TABS = ['Overview', 'Findings', 'Inventory', 'Settings', 'Export'] as const;
const ACTIONS: FindingActions = { acknowledge: (id) => acknowledgeFinding(id), acceptRisk };

function Panel({ children }: { children: React.ReactNode }) {
  return (
    <TabPanel>
      <div style={{ paddingTop: token('space.200'), width: '100%' }}>{children}</div>
    </TabPanel>
  );
}

export function AdminPage({ initialTab = 0 }: { initialTab?: number }) {
  const [gate, setGate] = useState<Envelope<Overview> | null>(null);
  const [tab, setTab] = useState(initialTab);
  const [openId, setOpenId] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [resourceInfo, setResourceInfo] = useState<Map<string, ResourceInfo> | undefined>(undefined);

  useEffect(() => {
    void getOverview().then(setGate);
  }, []);
  // Sensitivity and classified members of resources, for colouring chains (read once, when a finding is opened).
  useEffect(() => {
    if (!openId || resourceInfo) return;
    void listInventory('resources', '', { offset: 0, limit: 200 }).then((result) => {
      if (result.ok) setResourceInfo(new Map(result.data.items.map((item) => [item.id, { sensitivity: item.sensitivity, detail: item.detail }])));
    });
  }, [openId, resourceInfo]);
  const close = useCallback(() => setOpenId(null), []);
  const changed = useCallback(() => setReload((n) => n + 1), []);

  if (gate === null) return <Loading label="Checking your access" />;
  if (!gate.ok) return <Refusal error={gate.error} />;
  return (
    <div data-testid="admin-page">
      <div style={{ marginBottom: token('space.200') }}>
        <Heading size="large" as="h1">
          SecurityV0
        </Heading>
        <p style={{ margin: `${token('space.050')} 0 0`, color: token('color.text.subtle') }}>Non-human identities, automations and integrations across Microsoft Entra ID and Jira, and what they can reach.</p>
      </div>
      <Tabs id="sv0-admin-tabs" selected={tab} onChange={setTab}>
        <TabList>
          {TABS.map((name) => (
            <Tab key={name} testId={`tab-${name.toLowerCase()}`}>
              {name}
            </Tab>
          ))}
        </TabList>
        <Panel>
          <OverviewTab refreshToken={reload} />
        </Panel>
        <Panel>
          <FindingsTable load={listFindings} onOpen={setOpenId} reloadToken={reload} />
        </Panel>
        <Panel>
          <InventoryTab onOpenFinding={setOpenId} />
        </Panel>
        <Panel>
          <SettingsTab
            onScanStarted={() => {
              setReload((n) => n + 1);
              setTab(0);
            }}
          />
        </Panel>
        <Panel>
          <ExportTab />
        </Panel>
      </Tabs>
      {openId && <FindingModal id={openId} load={getFinding} onClose={close} actions={ACTIONS} resourceInfo={resourceInfo} onChanged={changed} />}
    </div>
  );
}
