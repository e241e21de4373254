/**
 * Flow owners from the admin permissions endpoint -> graph: every principal type (User, Group, ServicePrincipal,
 * Tenant) and role (Owner, CanEdit, CanView); principals given as `{id, type}` only, as CLI for Microsoft 365's
 * `flow owner list --asAdmin` reads them (pnp/cli-microsoft365 src/m365/flow/commands/owner/owner-list.spec.ts);
 * owners named with the ids every other source uses; a group co-owner that counts only while it has an active
 * member (its members come from the owner-groups step, by the Entra groups' rule); the groups that step must read.
 *
 * What these tests cannot show: a user known only by Entra object id is a placeholder
 * `people:owner:entra/<tenant>/<objectId>` here; folding it into the person (and so deciding whether that owner left)
 * is correlate/'s join by Entra object id.
 */
import { AccessGraph } from '../../../src/model/graph';
import { ownerState, ownersOf } from '../../../src/checks/definitions';
import { defaultSettings } from '../../../src/settings/settings';
import { groupsToGraph, ownerGroupSchema } from '../../../src/sources/entra/groups';
import { entraUserSchema } from '../../../src/sources/entra/users';
import { flowOwnerGroupIds, flowOwnersToGraph, flowOwnerSchema, ownerForPrincipal } from '../../../src/sources/powerautomate/flow-owners';
import { flowsToGraph, flowSchema } from '../../../src/sources/powerautomate/flows';
import type { GraphEdge } from '../../../src/model/schema';

const context = { settings: defaultSettings(), observedAt: '2026-11-30T05:00:00.000Z' };
const TENANT = '11111111-2222-4333-8444-555555555555';
const ENV = 'env-operations';
const FLOW = 'flow-perm-1';
const WORKLOAD = `powerautomate:workload:${ENV}/${FLOW}`;
const CREATOR = 'aaaaaaaa-0000-4000-8000-000000000001';
const EDITOR = 'aaaaaaaa-0000-4000-8000-000000000002';
const VIEWER = 'aaaaaaaa-0000-4000-8000-000000000003';
const ACTIVE_GROUP = 'gggggggg-0000-4000-8000-000000000001';
const EMPTY_GROUP = 'gggggggg-0000-4000-8000-000000000002';
const APP = 'ssssssss-0000-4000-8000-000000000001';

/** One /permissions item, exactly as the admin endpoint answers: principal {id, type} only. */
const permission = (roleName: string, id: string, type: string, flowName = FLOW) =>
  flowOwnerSchema.parse({
    environmentName: ENV,
    flowName,
    name: id,
    id: `/providers/Microsoft.ProcessSimple/environments/${ENV}/flows/${flowName}/permissions/${id}`,
    type: '/providers/Microsoft.ProcessSimple/environments/flows/permissions',
    properties: { roleName, permissionType: 'Principal', principal: { id, type } },
  });

const permissions = [
  permission('Owner', CREATOR, 'User'),
  permission('CanEdit', EDITOR, 'User'),
  permission('CanEdit', ACTIVE_GROUP, 'Group'),
  permission('CanEdit', APP, 'ServicePrincipal'),
  permission('CanView', VIEWER, 'User'),
  permission('CanView', TENANT, 'Tenant'),
];

const edgesOf = (edges: GraphEdge[], kind: GraphEdge['kind']) => new Set(edges.filter((e) => e.kind === kind).map((e) => `${e.from} -> ${e.to}`));

describe('flow owners from /permissions', () => {
  it('owns the flow through Owner and CanEdit principals of every type, never through CanView or Tenant', () => {
    // Act
    const { edges } = flowOwnersToGraph(permissions, context, TENANT);

    // Assert
    expect(edgesOf(edges, 'OWNED_BY')).toEqual(
      new Set([
        `${WORKLOAD} -> people:owner:entra/${TENANT}/${CREATOR}`,
        `${WORKLOAD} -> people:owner:entra/${TENANT}/${EDITOR}`,
        `${WORKLOAD} -> people:owner:group/${TENANT}/${ACTIVE_GROUP}`,
        `${WORKLOAD} -> people:owner:sp/${TENANT}/${APP}`,
      ]),
    );
    expect(edges.find((e) => e.to.endsWith(EDITOR))?.reason).toBe('User co-owner (CanEdit)');
  });

  it('names a user known only by object id with the Entra owner scheme and decides nothing about them', () => {
    const owner = ownerForPrincipal({ id: CREATOR, type: 'User' }, TENANT);

    // The id src/sources/entra/owners.ts gives an Entra user with no e-mail: correlate/ joins it by object id.
    expect(owner?.id).toBe(`people:owner:entra/${TENANT}/${CREATOR}`);
    expect(owner?.props).toEqual({ subtype: 'person', entraUserIds: [CREATOR], atlassianAccountIds: [], adoUserIds: [] });
    expect(owner?.props).not.toHaveProperty('departed');
  });

  it('keeps the e-mail owner id when an answer carries the principal e-mail (the /owners form)', () => {
    const owner = ownerForPrincipal({ id: CREATOR, type: 'User', email: 'Maker.Person@Corp.example', displayName: 'Maker Person' }, TENANT);

    expect(owner?.id).toBe('people:owner:maker.person@corp.example');
    expect(owner?.props).toMatchObject({ email: 'maker.person@corp.example', entraUserIds: [CREATOR] });
  });

  it('makes a service principal co-owner an owner that never departs, named from the directory', () => {
    const owner = ownerForPrincipal({ id: APP, type: 'ServicePrincipal' }, TENANT, { servicePrincipals: new Map([[APP, 'Dock Runner App']]) });

    expect(owner).toMatchObject({ id: `people:owner:sp/${TENANT}/${APP}`, name: 'Dock Runner App', props: { subtype: 'service_principal', departed: false } });
    expect(owner && ownerState(owner)).toBe('active');
  });

  it('names a group co-owner as the Entra groups do, so the two nodes are one', () => {
    const owner = ownerForPrincipal({ id: ACTIVE_GROUP, type: 'Group' }, TENANT, { groups: new Map([[ACTIVE_GROUP, 'Desk Leads']]) });

    expect(owner).toMatchObject({ id: `people:owner:group/${TENANT}/${ACTIVE_GROUP}`, name: 'Desk Leads', props: { subtype: 'group' } });
  });

  it('gives the owner-groups step the groups that co-own a flow, not those that may only run it', () => {
    const owners = [...permissions, permission('CanEdit', EMPTY_GROUP, 'Group', 'flow-perm-2'), permission('CanView', 'gggggggg-0000-4000-8000-000000000009', 'Group')];

    expect(flowOwnerGroupIds(owners)).toEqual([ACTIVE_GROUP, EMPTY_GROUP]);
  });

  it('counts every principal but the creator as shared with, and links the creator by object id', () => {
    const flow = flowSchema.parse({ environmentName: ENV, name: FLOW, properties: { displayName: 'Shared ops flow', state: 'Started', creator: { objectId: CREATOR, tenantId: TENANT } } });

    const { nodes, edges } = flowsToGraph([flow], permissions, context, TENANT);

    expect(nodes.find((n) => n.id === WORKLOAD)?.props).toMatchObject({ sharedWith: 5 });
    expect(edgesOf(edges, 'CREATED_BY')).toEqual(new Set([`${WORKLOAD} -> people:owner:entra/${TENANT}/${CREATOR}`]));
  });
});

describe('group co-owners and their members', () => {
  const user = (id: string, accountEnabled: boolean, employeeLeaveDateTime?: string) =>
    entraUserSchema.parse({ id, displayName: id, userPrincipalName: `${id}@corp.example`, accountEnabled, ...(employeeLeaveDateTime ? { employeeLeaveDateTime } : {}) });
  const member = (id: string) => ({ '@odata.type': '#microsoft.graph.user', id });
  const users = [user('still-here', true), user('disabled', false), user('leave-passed', true, '2026-11-20T00:00:00Z'), user('leaves-later', true, '2027-01-31T00:00:00Z')];
  const groups = [
    ownerGroupSchema.parse({ id: ACTIVE_GROUP, displayName: 'Desk Leads', members: [member('disabled'), member('leaves-later')] }),
    // Everyone gone: one disabled, one past the leave date although the account is still enabled.
    ownerGroupSchema.parse({ id: EMPTY_GROUP, displayName: 'Old Desk', members: [member('disabled'), member('leave-passed')] }),
  ];

  function ownersOfFlow(groupId: string) {
    const graph = AccessGraph.from(
      groupsToGraph(groups, users, context, TENANT),
      flowOwnersToGraph([permission('CanEdit', groupId, 'Group')], context, TENANT, { groups: new Map(groups.map((g) => [g.id, g.displayName ?? g.id])) }),
      { nodes: [{ id: WORKLOAD, kind: 'workload', system: 'powerautomate', name: 'Flow', props: { subtype: 'power_automate_flow', nativeId: `${ENV}/${FLOW}`, enabled: true, executionMode: 'autonomous' } }], edges: [] },
    );
    return ownersOf(graph, WORKLOAD);
  }

  it('counts a group co-owner while it has an active member (a future leave date is not departure)', () => {
    const [group] = ownersOfFlow(ACTIVE_GROUP);

    expect(group).toMatchObject({ name: 'Desk Leads', props: { subtype: 'group', activeMembers: 1 } });
    expect(group && ownerState(group)).toBe('active');
  });

  it('counts a group co-owner with no active member as gone', () => {
    const [group] = ownersOfFlow(EMPTY_GROUP);

    expect(group).toMatchObject({ name: 'Old Desk', props: { activeMembers: 0 } });
    expect(group && ownerState(group)).toBe('departed');
  });

  it('leaves a group whose members were not read undecided, never gone', () => {
    const graph = AccessGraph.from(flowOwnersToGraph([permission('CanEdit', 'gggggggg-0000-4000-8000-00000000000f', 'Group')], context, TENANT), {
      nodes: [{ id: WORKLOAD, kind: 'workload', system: 'powerautomate', name: 'Flow', props: { subtype: 'power_automate_flow', nativeId: `${ENV}/${FLOW}`, enabled: true, executionMode: 'autonomous' } }],
      edges: [],
    });

    const [group] = ownersOf(graph, WORKLOAD);
    expect(group && ownerState(group)).toBe('unknown');
  });
});
