/** What the Power Automate builder reads of the Entra tenant's datasets: the users only when a co-owning group needs them. */
import { defaultSettings } from '../../../src/settings/settings';
import { entraDatasets } from '../../../src/sources/entra/extraction-steps';
import { POWER_AUTOMATE_DATASETS } from '../../../src/sources/powerautomate/extraction-steps';
import { powerAutomateGraphBuilder } from '../../../src/sources/powerautomate/to-graph';

const TENANT = '11111111-2222-4333-8444-555555555555';
const GROUP = 'aaaaaaaa-0000-4000-8000-000000000001';
const USER = 'bbbbbbbb-0000-4000-8000-000000000002';

async function build(members: unknown[]) {
  const asked: string[] = [];
  const datasets = new Map<string, unknown[]>([
    [POWER_AUTOMATE_DATASETS.ownerGroups, [{ id: GROUP, displayName: 'Ops group', members }]],
    // The user's leave date has passed: the group has no active member left.
    [entraDatasets(TENANT).users, [{ id: USER, displayName: 'Leaver', userPrincipalName: 'leaver@test.example', accountEnabled: true, employeeLeaveDateTime: '2026-11-01T00:00:00Z' }]],
  ]);
  const { fragment } = await powerAutomateGraphBuilder(TENANT).build(
    async <T>(name: string) => {
      asked.push(name);
      return datasets.get(name) as T[] | undefined;
    },
    { settings: defaultSettings(), observedAt: '2026-11-20T06:00:00.000Z' },
  );
  const group = fragment.nodes.find((n) => n.id === `people:owner:group/${TENANT}/${GROUP}`);
  return { readUsers: asked.includes(entraDatasets(TENANT).users), group };
}

it('reads the Entra users when a co-owning group has a user member, whose leave date decides it', async () => {
  const { readUsers, group } = await build([{ '@odata.type': '#microsoft.graph.user', id: USER, accountEnabled: true }]);
  expect(readUsers).toBe(true);
  expect(group?.props).toMatchObject({ subtype: 'group', activeMembers: 0 });
});

it('does not read the Entra users when no co-owning group has a user member', async () => {
  const { readUsers, group } = await build([{ '@odata.type': '#microsoft.graph.servicePrincipal', id: 'cccccccc-0000-4000-8000-000000000003' }]);
  expect(readUsers).toBe(false);
  expect(group?.props).toMatchObject({ subtype: 'group', activeMembers: 0 });
});
